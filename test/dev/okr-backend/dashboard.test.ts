import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/launch-browser';
import { DEMO_KEY_RESULTS } from '../../../dev/demo/demo-directory';
import { buildWebhookExample } from '../../../dev/webhook-examples';
import { type TestBackend, connectDemo, signedRequest, startTestBackend } from './backend-support';

const ARTIFACTS = path.resolve(__dirname, '../../../artifacts');

let t: TestBackend;
let browser: Browser;
let page: Page;
let secret: string;
let webhookUrl: string;

const eventRowsAre = (n: number) => `document.querySelectorAll('[data-testid="event-row"]').length === ${n}`;
const send = (request: { body: string; headers: Record<string, string> }) => fetch(webhookUrl, { method: 'POST', headers: request.headers, body: request.body });

beforeAll(async () => {
  t = await startTestBackend();
  ({ signingSecret: secret, webhookUrl } = await connectDemo(t.backend.url, { siteUrl: 'https://acme.atlassian.net' }));
  browser = await launchBrowser();
  // bypassCSP only so that axe can be injected; the page itself runs under its CSP.
  page = await (await browser.newContext({ bypassCSP: true })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await t.stop();
});

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
