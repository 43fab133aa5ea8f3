import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/launch-browser';
import { DEMO_KEY_RESULTS } from '../../../dev/demo/demo-directory';
import { buildWebhookExample } from '../../../dev/webhook-examples';
import { type TestBackend, connectDemo, signedRequest, startTestBackend } from './backend-support';
import { type FakeAnswer, FakeWebTrigger, type ReceivedCall, jsonAnswer, verifiesWith } from './fake-web-trigger';
import { loadOkrBackendOpenApi } from './okr-backend-openapi';

const ARTIFACTS = path.resolve(__dirname, '../../../artifacts');

let t: TestBackend;
let browser: Browser;
let page: Page;
let secret: string;
let webhookUrl: string;
let trigger: FakeWebTrigger;

const eventRowsAre = (n: number) => `document.querySelectorAll('[data-testid="event-row"]').length === ${n}`;
const send = (request: { body: string; headers: Record<string, string> }) => fetch(webhookUrl, { method: 'POST', headers: request.headers, body: request.body });

beforeAll(async () => {
  t = await startTestBackend();
  ({ signingSecret: secret, webhookUrl } = await connectDemo(t.backend.url, { siteUrl: 'https://acme.atlassian.net' }));
  trigger = new FakeWebTrigger();
  await trigger.start();
  browser = await launchBrowser();
  // bypassCSP only so that axe can be injected; the page itself runs under its CSP.
  page = await (await browser.newContext({ bypassCSP: true })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await trigger.stop();
  await t.stop();
});

const registered = new Set<string>();

/** Answers as the app's web trigger does (the appCall webhook in docs/okr-backend.openapi.yaml). */
function answerLikeTheApp(call: ReceivedCall): FakeAnswer {
  if (call.verifyError) return jsonAnswer(401, { error: { code: 'invalid_signature', message: 'Signature missing, invalid or too old.' } });
  const { action, data = {} } = call.verified as { action: string; data?: { keyResultId?: string; jql?: string } };
  const keyResultId = data.keyResultId ?? '';
  if (action === 'jql.register') {
    if (!data.jql?.trim()) return jsonAnswer(400, { error: { code: 'invalid_request', message: 'data.jql must be a non-empty JQL query, such as "project = OKR AND labels = q3".', field: 'data.jql' } });
    if (data.jql.includes('((')) {
      const jqlErrors = ["Error in the JQL Query: Expecting ')' before the end of the query.", '<img src=x onerror="window.__pwned=2">'];
      return jsonAnswer(422, { error: { code: 'invalid_jql', message: 'Jira could not parse the JQL.', jqlErrors } });
    }
    registered.add(keyResultId);
    return jsonAnswer(202, { keyResultId, jql: data.jql.trim(), reconciling: true });
  }
  if (action === 'jql.remove') return jsonAnswer(202, { keyResultId, removed: registered.delete(keyResultId) });
  if (action === 'resync.request') return jsonAnswer(202, { queued: data.keyResultId ? 1 : DEMO_KEY_RESULTS.length });
  return jsonAnswer(404, { error: { code: 'unknown_action', message: `Unknown action ${JSON.stringify(action)}.` } });
}

const OUTCOME = '[data-testid="app-call-result"]';

/** Does `act` on the page and waits until the answer to the call it made is shown; returns the outcome's text. */
async function callAndWait(act: () => Promise<void>): Promise<{ outcome: string | null; status: string | null; text: string }> {
  await page.evaluate(`document.querySelector('${OUTCOME} p').setAttribute('data-old', '')`);
  await act();
  await page.waitForFunction(`!document.querySelector('${OUTCOME} p[data-old]') && document.querySelector('${OUTCOME}').getAttribute('data-outcome') !== 'pending'`);
  const box = page.locator(OUTCOME);
  return { outcome: await box.getAttribute('data-outcome'), status: await box.getAttribute('data-status'), text: (await box.textContent()) ?? '' };
}

describe('the dashboard at GET /', () => {
  it('lists every seeded key result with empty progress before any event', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${t.backend.url}/`);
    for (const kr of DEMO_KEY_RESULTS) {
      await page.locator(`[data-testid="kr-row-${kr.id}"]`).waitFor();
      expect(await page.getAttribute(`[data-testid="kr-row-${kr.id}"]`, 'data-progress')).toBe('');
    }
    await expect(page.locator('#site').textContent()).resolves.toBe('https://acme.atlassian.net');
    expect(errors).toEqual([]);
  });

  it('updates live when webhooks arrive: progress, and events newest first with their verification', async () => {
    const kr = DEMO_KEY_RESULTS[2]!.id;
    await send(signedRequest(secret, buildWebhookExample('key_result.progress_updated', { keyResultId: kr, sequence: 4 })));
    const row = page.locator(`[data-testid="kr-row-${kr}"]`);
    await page.waitForFunction(`document.querySelector('[data-testid="kr-row-${kr}"]')?.getAttribute('data-progress') === '41.67'`);
    expect(await row.textContent()).toContain('41.67 %');

    const forged = signedRequest(secret, buildWebhookExample('issue.status_changed', { sequence: 9 }));
    forged.body = forged.body.replace('In Progress', 'Done');
    await send(forged);
    await page.waitForFunction(eventRowsAre(2));
    const verifications = await page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid="event-row"]')].map((r) => r.getAttribute('data-verification'))`);
    expect(verifications).toEqual(['rejected', 'verified']);
    await expect(page.locator('#live').textContent()).resolves.toMatch(/issue\.status_changed: rejected/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'okr-backend-dashboard.png'), fullPage: true });
  });

  it('shows payload text as text, never as markup', async () => {
    const event = buildWebhookExample('issue.status_changed', { sequence: 10 });
    if (event.type !== 'issue.status_changed') throw new Error('expected an issue.status_changed example');
    const hostile = { ...event, data: { ...event.data, to: { ...event.data.to, name: '<img src=x onerror="window.__pwned=1">' } } };
    await send(signedRequest(secret, hostile));
    await page.waitForFunction(eventRowsAre(3));
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
  });

  it('renders a "Call the app" section: every key result of the workspace, a labelled JQL field and the four buttons', async () => {
    const html = await (await fetch(`${t.backend.url}/`)).text();
    expect(html).toContain('<h2 id="call-heading">Call the app</h2>');
    expect(html).toContain('<label for="call-kr">Key result</label>');
    expect(html).toContain('<label for="call-jql">JQL</label>');
    expect(html).toMatch(/<input id="call-jql"[^>]*aria-describedby="call-jql-hint"/);
    for (const kr of DEMO_KEY_RESULTS) expect(html).toContain(`<option value="${kr.id}">${kr.title} (${kr.id})</option>`);
    expect(html).toContain(`<optgroup label="${DEMO_KEY_RESULTS[0]!.objective}">`);
    for (const label of ['Register JQL', 'Remove JQL', 'Resync this KR', 'Resync everything']) expect(html).toMatch(new RegExp(`<button type="submit"[^>]*>${label}</button>`));
    expect(html).toMatch(/data-testid="app-call-result"[^>]*role="status"/);
    expect(html).not.toContain('whsec_');
  });

  it('says why it cannot call the app while no web trigger URL is registered (409 no_web_trigger)', async () => {
    await expect(page.locator('#call-target').textContent()).resolves.toContain('No web trigger URL is registered yet');
    const shown = await callAndWait(async () => {
      await page.focus('button[value="resync.all"]');
      await page.keyboard.press('Enter');
    });
    expect(shown).toMatchObject({ outcome: 'failed', status: '409' });
    expect(shown.text).toContain('Not sent (409 no_web_trigger).');
    expect(shown.text).toContain('No web trigger URL is registered');
    expect(trigger.calls).toHaveLength(0);
  });

  it('calls the app from the keyboard with the chosen key result, signed with the inbound secret, and says what the app answered', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const connected = await connectDemo(t.backend.url, { siteUrl: 'https://acme.atlassian.net', webTriggerUrl: trigger.url });
    trigger.secret = connected.inboundSigningSecret;
    trigger.answer = answerLikeTheApp;
    // The connect arrives over the event stream; the section then names where calls go.
    await page.waitForFunction(`document.getElementById('call-target').textContent.includes('${new URL(trigger.url).origin}')`);

    await page.selectOption('#call-kr', 'kr-checkout-latency');
    await page.focus('#call-jql');
    await page.keyboard.type('project = CHK AND labels = perf');
    const shown: string[] = [];
    const step = async (keys: string[]) => {
      const answer = await callAndWait(async () => {
        for (const key of keys) await page.keyboard.press(key);
      });
      expect(answer).toMatchObject({ outcome: 'ok', status: '202' });
      shown.push(answer.text);
    };
    await step(['Enter']); // in the JQL field: Register JQL
    await step(['Tab', 'Tab', 'Space']); // Remove JQL
    await step(['Space']); // Remove JQL again: nothing left to remove
    await step(['Tab', 'Enter']); // Resync this KR
    await step(['Tab', 'Enter']); // Resync everything
    expect(shown).toEqual([
      'The app answered 202.Registered the JQL of kr-checkout-latency; the app is reconciling its issues.',
      'The app answered 202.Removed the JQL of kr-checkout-latency.',
      'The app answered 202.kr-checkout-latency had no JQL to remove.',
      'The app answered 202.The app queued 1 key result for a resync.',
      `The app answered 202.The app queued ${DEMO_KEY_RESULTS.length} key results for a resync.`,
    ]);
    expect(await page.locator('#call-raw pre').textContent()).toBe(JSON.stringify({ queued: DEMO_KEY_RESULTS.length }, null, 2));

    const calls = trigger.calls.slice(-5);
    expect(calls.map((call) => call.verified)).toEqual([
      { action: 'jql.register', data: { keyResultId: 'kr-checkout-latency', jql: 'project = CHK AND labels = perf' } },
      { action: 'jql.remove', data: { keyResultId: 'kr-checkout-latency' } },
      { action: 'jql.remove', data: { keyResultId: 'kr-checkout-latency' } },
      { action: 'resync.request', data: { keyResultId: 'kr-checkout-latency' } },
      { action: 'resync.request', data: {} },
    ]);
    const api = loadOkrBackendOpenApi();
    for (const call of calls) {
      expect(verifiesWith(connected.inboundSigningSecret, call)).toBe(true);
      expect(verifiesWith(connected.signingSecret, call)).toBe(false);
      expect(api.checkValue('/components/schemas/AppCall', call.verified)).toEqual([]);
    }
    expect(errors).toEqual([]);
  });

  it('shows the app\'s refusals as text: its message, the field at fault and Jira\'s JQL errors', async () => {
    await page.fill('#call-jql', '   ');
    const empty = await callAndWait(() => page.click('button[value="jql.register"]'));
    expect(empty).toMatchObject({ outcome: 'failed', status: '400' });
    expect(empty.text).toContain('The app answered 400 invalid_request.');
    expect(empty.text).toContain('data.jql must be a non-empty JQL query');
    expect(empty.text).toContain('Field: data.jql');
    expect(await page.getAttribute('#call-jql', 'aria-invalid')).toBe('true');

    await page.fill('#call-jql', 'project = CHK AND ((');
    const broken = await callAndWait(() => page.click('button[value="jql.register"]'));
    expect(broken).toMatchObject({ outcome: 'failed', status: '422' });
    expect(broken.text).toContain('The app answered 422 invalid_jql.Jira could not parse the JQL.');
    const items = await page.locator(`${OUTCOME} li`).allTextContents();
    expect(items).toEqual(["Error in the JQL Query: Expecting ')' before the end of the query.", '<img src=x onerror="window.__pwned=2">']);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.getAttribute('#call-jql', 'aria-invalid')).toBe('true');

    // The next call clears the mark.
    const resync = await callAndWait(() => page.click('button[value="resync.one"]'));
    expect(resync.outcome).toBe('ok');
    expect(await page.getAttribute('#call-jql', 'aria-invalid')).toBeNull();
    await page.fill('#call-jql', 'project = CHK AND ((');
    await callAndWait(() => page.click('button[value="jql.register"]'));
  });

  it('reads in a narrow frame (the sandbox shows it about 450 px wide): every column of every row fits, nothing scrolls sideways', async () => {
    // bypassCSP only for the string predicates below, as for the main page.
    const narrow = await (await browser.newContext({ bypassCSP: true, viewport: { width: 450, height: 900 } })).newPage();
    await narrow.goto(`${t.backend.url}/`);
    const updated = DEMO_KEY_RESULTS[2]!.id;
    await narrow.waitForFunction(`document.querySelector('[data-testid="kr-row-${updated}"]')?.getAttribute('data-progress') === '41.67'`);
    await narrow.waitForFunction(eventRowsAre(3));
    const layout = await narrow.evaluate<{ overflow: number[]; width: number; krCells: Array<{ text: string; width: number; right: number }>; eventCells: Array<{ right: number }>; widestRow: number }>(`(() => {
      const box = (e) => e.getBoundingClientRect();
      const row = document.querySelector('[data-testid="kr-row-${updated}"]');
      return {
        overflow: [document.documentElement, ...document.querySelectorAll('.scroll')].map((e) => e.scrollWidth - e.clientWidth),
        width: document.documentElement.clientWidth,
        krCells: [...row.children].map((c) => ({ text: c.textContent, width: box(c).width, right: box(c).right })),
        eventCells: [...document.querySelectorAll('[data-testid="event-row"] > *')].map((c) => ({ right: box(c).right })),
        widestRow: Math.max(...[...document.querySelectorAll('tbody tr')].map((r) => box(r).right)),
      };
    })()`);
    expect(layout.overflow.every((px) => px <= 0)).toBe(true);
    expect(layout.widestRow).toBeLessThanOrEqual(layout.width);
    // All eight columns of an updated key result are shown, labelled, inside the page.
    expect(layout.krCells).toHaveLength(8);
    for (const cell of layout.krCells) {
      expect(cell.width).toBeGreaterThan(0);
      expect(cell.right).toBeLessThanOrEqual(layout.width);
    }
    expect(await narrow.locator(`[data-testid="kr-row-${updated}"] td[data-label="Sequence"]`).textContent()).toBe('4');
    expect(layout.eventCells.every((c) => c.right <= layout.width)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await narrow.screenshot({ path: path.join(ARTIFACTS, 'okr-backend-dashboard-narrow.png'), fullPage: true });
    await narrow.close();
  });

  it('has no axe violations, and keyboard focus is visible', async () => {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    // Page functions are written as strings: this project's TypeScript has no DOM types.
    const violations = await page.evaluate<string[]>(`axe.run(document).then((r) => r.violations.map((v) => v.id + ' (' + v.nodes.length + ')'))`);
    expect(violations).toEqual([]);
    await page.keyboard.press('Tab');
    const outline = await page.evaluate<{ tag: string; outline: string }>(`({ tag: document.activeElement.tagName, outline: getComputedStyle(document.activeElement).outlineStyle })`);
    expect(outline.tag).not.toBe('BODY');
    expect(outline.outline).toBe('solid');
  });
});
