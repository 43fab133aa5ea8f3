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
