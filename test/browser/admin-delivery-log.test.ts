/**
 * The admin page's Delivery log in a real browser against the sandbox (built Custom UI under
 * Forge's CSP, the real bridge code, the app's resolvers over the local platform). The app's
 * webhooks go to a programmable receiver on 127.0.0.1 (signed with the secret Connect
 * stored): it refuses one key result's progress with 422, so a dead letter exists. The
 * landing view warns and leads to the log; the log shows the dead letter with the backend's
 * words; with the receiver taking events again, Redeliver (keyboard only) sends it and the
 * summary turns healthy; Send test event shows the backend's answer; a 401 shows "Reconnect
 * needed" with the way to Credentials. axe finds nothing serious; screenshots are kept in
 * artifacts/admin-delivery-log.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/launch-browser';
import { ensureAdminBuilt, prepareAdminPage, sectionScreenshot, seriousViolations } from '../support/admin-browser';
import { deadLetterMarkers } from '../support/outbox';
import { DEMO_PEOPLE, DEMO_WORKSPACE } from '../../dev/demo/demo-directory';
import { runInvocation } from '../../dev/platform/forge-globals';
import { type Answer, WebhookReceiver } from '../../dev/receiver/webhook-receiver';
import { ADMIN_MODULE_KEY } from '../../dev/sandbox/admin-page';
import { type RunningSandbox, startSandbox } from '../../dev/sandbox/sandbox';
import { loadSigningSecret, updateSettings } from '../../src/adapters/settings-store';
import type { AdminResolverKey, AdminResolvers, DeliveryHealthView, DeliveryLogView } from '../../src/resolvers/admin-api';
import type { ResolverResponse } from '../../src/resolvers/resolver-response';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'artifacts/admin-delivery-log');

const admin = DEMO_PEOPLE.find((p) => p.siteAdmin)!;
/** A key result the demo site links issues to; the receiver says it does not know it. */
const REFUSED_KR = 'kr-onboarding-docs';
const REFUSAL = `{"error":{"code":"unknown_key_result","message":"no key result ${REFUSED_KR} in this workspace"}}`;

jest.setTimeout(180_000);

/** The browser globals page.evaluate touches (the test tsconfig has no DOM lib). */
interface BrowserElement {
  id: string;
  outerHTML: string;
  getAttribute(name: string): string | null;
  blur?: () => void;
}
interface BrowserGlobals {
  location: { hash: string };
  scrollY: number;
  document: { activeElement: BrowserElement | null; getAnimations(): Array<{ finished: Promise<unknown> }> };
  axe: { run(context: unknown): Promise<{ violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown[] }> }> }> };
}

/** Polls `check` until it holds (the sandbox delivers on its own timers, in real time). */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMillis = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the Delivery log in a browser, against the sandbox', () => {
  let sandbox: RunningSandbox;
  let dataDir: string;
  let receiver: WebhookReceiver;
  let browser: Browser;
  let page: Page;
  let deadId: string;
  const problems: string[] = [];

  /**
   * The test's own storage traffic (its setup, its look at what a resolver answers) is kept
   * out of the installation's rate budget: the sandbox's own work (the history import
   * Connect started) can use all of it, and only the page's calls are the app's traffic.
   */
  const unmetered = <T>(work: () => Promise<T>) => sandbox.platform.kvs.meter.unmetered(work);
  /** App code run as the admin resolver's invocation (storage needs one). */
  const inApp = <T>(fn: () => Promise<T>) => unmetered(() => runInvocation({ functionKey: 'admin-resolver', moduleKey: ADMIN_MODULE_KEY, accountId: admin.accountId, timeoutMillis: 25_000 }, fn));
  /** What a resolver answers the admin directly, to compare the page with. */
  const asked = async <K extends AdminResolverKey>(key: K, payload: AdminResolvers[K][0]): Promise<AdminResolvers[K][1]> => {
    const answer = (await unmetered(() => sandbox.platform.invokeResolver(ADMIN_MODULE_KEY, key, payload, admin.accountId))) as ResolverResponse<AdminResolvers[K][1]>;
    if (!answer.ok) throw new Error(`${key} failed: ${answer.error.message}`);
    return answer.data;
  };
  const health = (): Promise<DeliveryHealthView> => asked('admin.deliveryHealth', {});
  const answerWith = (answer: (keyResultId: string | undefined) => Answer) => {
    receiver.responder = ({ parsed }) => answer((parsed as { data?: { keyResultId?: string } }).data?.keyResultId);
  };

  const section = () => page.getByTestId('section-delivery-log');
  /** The recent deliveries' table, opened with the keyboard if it is not open yet (the focus stays on its toggle). */
  const recentTable = async () => {
    const toggle = section().getByTestId('recent-deliveries-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.focus();
      await page.keyboard.press('Enter');
      await toggle.and(page.locator('[aria-expanded="true"]')).waitFor();
      expect(await isFocused('recent-deliveries-toggle')).toBe(true);
    }
    return section().getByTestId('recent-deliveries');
  };
  const summary = () => section().getByTestId('delivery-health-summary');
  const state = () => section().getByTestId('delivery-health-state');

  const focused = () =>
    page.evaluate(() => {
      const el = (globalThis as unknown as BrowserGlobals).document.activeElement;
      return el === null ? null : { id: el.id, testId: el.getAttribute('data-testid'), html: el.outerHTML.slice(0, 160) };
    });
  const isFocused = async (target: string) => {
    const el = await focused();
    return el !== null && (el.testId === target || el.id === target);
  };
  /** Presses Tab until `target` (test id or id) has the focus; keyboard only. */
  async function tabTo(target: string, max = 40): Promise<void> {
    for (let i = 0; i < max; i += 1) {
      if (await isFocused(target)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target} (focus is on ${(await focused())?.html ?? 'nothing'})`);
  }
  const hash = () => page.evaluate(() => (globalThis as unknown as BrowserGlobals).location.hash);
  /** The next answer of `key` the page gets, as the page got it. */
  const nextAnswer = <K extends AdminResolverKey>(key: K) =>
    page
      .waitForResponse((response) => response.url().endsWith('/api/bridge/invoke') && (response.request().postData() ?? '').includes(`"${key}"`))
      // The sandbox's bridge answers { ok, result }, the result being the resolver's envelope.
      .then(async (response) => ((await response.json()) as { result: ResolverResponse<AdminResolvers[K][1]> }).result);

  /** One part of the page with a margin around it, no focus ring or hover left from the steps before. */
  async function shot(testId: string, name: string): Promise<void> {
    await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.blur?.());
    await page.mouse.move(0, 0);
    await sectionScreenshot(page, testId, path.join(SHOTS, `${name}.png`));
  }

  beforeAll(async () => {
    ensureAdminBuilt();
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'okr-admin-delivery-'));
    sandbox = await startSandbox({ port: 0, dataDir, fresh: true, connected: true, quiet: true });
    // The sandbox's own start-up work first (the history import and usage sync Connect began):
    // what the log shows after that is this test's doing.
    await until('the sandbox has done its start-up work', () => sandbox.platform.queue.size === 0, 90_000);
    // The app's webhooks go to a receiver the test programs, signed with the secret Connect stored.
    const secret = await inApp(loadSigningSecret);
    if (!secret) throw new Error('the sandbox did not connect');
    receiver = new WebhookReceiver(secret);
    await receiver.start();
    await inApp(() => updateSettings((current) => ({ ...current, connection: { ...current.connection!, webhookUrl: receiver.url } })));
    answerWith((kr) => (kr === REFUSED_KR ? { status: 422, headers: { 'content-type': 'application/json' }, body: REFUSAL } : { status: 200 }));
    // Every key result's progress, sent again: one of them is refused for good.
    expect(await asked('admin.recomputeAll', {})).toMatchObject({ keyResults: expect.any(Number) });
    await until('the refused event is a dead letter', () => deadLetterMarkers(sandbox.platform).length === 1);
    await until('everything else is delivered', async () => (await health()).backlog === 0);
    const log: DeliveryLogView = await asked('admin.deliveryLog', {});
    expect(log.deadLetters).toHaveLength(1);
    deadId = log.deadLetters[0]!.id;

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await prepareAdminPage(page, sandbox.url, problems);
    await page.goto(`${sandbox.url}/app/admin/?as=${encodeURIComponent(admin.accountId)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.stop();
    await sandbox?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the landing view warns of the dead letter and leads to the delivery log (keyboard only)', async () => {
    const banner = page.getByTestId('delivery-health-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('1 dead letter: an event the backend refused');
    expect(await banner.textContent()).toContain('Deliveries to your OKR workspace need attention');
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot('delivery-health-banner', 'landing-warning');
    await page.screenshot({ path: path.join(SHOTS, 'landing.png'), fullPage: true, animations: 'disabled' });

    await page.locator('body').focus();
    await tabTo('delivery-log-link');
    await page.keyboard.press('Enter');
    await section().getByTestId('delivery-health').waitFor();
    expect(await hash()).toBe('#manage/delivery-log');
    // The keyboard goes on from the section it was sent to, not from the top of the view.
    await until('the log’s heading has the focus', () => isFocused('delivery-log-heading'), 5_000);
  });

  it('shows the dead letter with what the backend said, the attempt in the recent deliveries, and the summary', async () => {
    await state().getByText('Needs attention').waitFor();
    expect(await summary().textContent()).toMatch(/^Last delivered (just now|\d+ minutes? ago)\. Nothing waiting\. 1 dead letter\.$/);
    expect(await section().getByTestId('delivery-problems').textContent()).toContain('1 dead letter: an event the backend refused, or could not take within 72 hours');
    // A refusal is the event's fault, not the backend's: it is no "last failure" of the backend.
    expect(await section().getByTestId('delivery-last-failure').count()).toBe(0);

    const row = section().getByTestId(`dead-letter-${deadId}`);
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe(`key_result.progress_updatedKey result ${REFUSED_KR}`);
    expect(cells[2]).toBe('1');
    expect(cells[3]).toBe('HTTP 422');
    expect(cells[4]).toContain('HTTP 422: the backend refused the event');
    expect(cells[4]).toContain(`no key result ${REFUSED_KR} in this workspace`);
    expect(await row.getByRole('button').getAttribute('aria-label')).toMatch(new RegExp(`^Redeliver key_result.progress_updated of key result ${REFUSED_KR}, created `));
    expect(await section().getByTestId('delivery-redeliver-all').textContent()).toBe('Redeliver all (1)');

    // Summed up first; the table on demand.
    expect(await section().getByTestId('recent-deliveries-summary').textContent()).toMatch(/^The latest \d+ attempts: \d+ delivered, 1 dead letter\.$/);
    expect(await section().getByTestId('recent-deliveries').count()).toBe(0);
    const attempt = (await recentTable()).getByTestId(`recent-delivery-${deadId}`);
    expect(await attempt.locator('td').nth(5).textContent()).toMatch(/^Dead letterHTTP 422: the backend refused the event/);
    expect(await attempt.locator('td').nth(3).textContent()).toBe('HTTP 422');
    expect(await attempt.locator('td').nth(4).textContent()).toMatch(/^\d+ ms$/);
    // The other key results' progress went through.
    const delivered = await (await recentTable()).locator('tbody tr').filter({ hasText: 'Delivered' }).count();
    expect(delivered).toBeGreaterThanOrEqual(3);

    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot('section-delivery-log', 'delivery-log-dead-letter');
  });

  it('with the backend taking events again, Redeliver (keyboard only) sends the dead letter: the row goes, the summary turns healthy', async () => {
    answerWith(() => ({ status: 200 }));
    await tabTo(`redeliver-${deadId}`);
    await page.keyboard.press('Enter');
    await section().getByTestId('dead-letters-empty').waitFor();
    expect(await section().getByTestId(`dead-letter-${deadId}`).count()).toBe(0);
    expect(await section().getByTestId('delivery-redeliver-all').count()).toBe(0);
    expect(await section().getByTestId('delivery-notice').textContent()).toBe('1 dead letter is being sent again.');
    // The button went with its row: the focus is on what happened, not lost to the page.
    expect(await isFocused('delivery-notice')).toBe(true);
    await state().getByText('Healthy').waitFor();
    expect(await summary().textContent()).toContain('No dead letters.');
    expect(await section().getByTestId('delivery-problems').count()).toBe(0);

    // The page reads the log again while the event waits: it shows delivered without Refresh.
    await until('the receiver took the redelivered event', () => receiver.effects.some((e) => e.id === deadId));
    await (await recentTable()).getByTestId(`recent-delivery-${deadId}`).first().getByText('Delivered', { exact: true }).waitFor();
    await summary().getByText('Nothing waiting.', { exact: false }).waitFor();
    expect(await health()).toMatchObject({ healthy: true, deadLetters: 0, backlog: 0 });

    // The landing view has nothing to warn of any more.
    const healthRead = nextAnswer('admin.deliveryHealth');
    await page.getByTestId('back-link').click();
    expect(await healthRead).toMatchObject({ ok: true, data: { healthy: true } });
    await page.getByTestId('progress-toggle').waitFor();
    expect(await page.getByTestId('delivery-health-banner').count()).toBe(0);
    await page.getByTestId('manage-integration-link').click();
    await section().getByTestId('delivery-health').waitFor();
  });

  it('Send test event shows what the backend answered, success or refusal; the focus stays on the button', async () => {
    await page.getByTestId('delivery-send-test').focus();
    const answered = nextAnswer('admin.sendTestEvent');
    await page.keyboard.press('Enter');
    const answer = await answered;
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data).toMatchObject({ delivered: true, status: 200 });
    const notice = section().getByTestId('delivery-notice');
    await notice.getByText(answer.data.message, { exact: true }).waitFor();
    expect(answer.data.message).toMatch(/^The backend answered 200 in \d+ ms\.$/);
    expect(await isFocused('delivery-send-test')).toBe(true);
    expect(receiver.verifiedOfType('ping')).toHaveLength(1);
    const newest = (await recentTable()).locator('tbody tr').first();
    expect(await newest.locator('td').allTextContents()).toEqual(expect.arrayContaining(['ping', '1', 'HTTP 200', 'Test delivered']));
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot('section-delivery-log', 'delivery-log-healthy');

    answerWith(() => ({ status: 500, body: 'database unavailable' }));
    // The screenshot took the focus away; the button is pressed again with the keyboard.
    await page.getByTestId('delivery-send-test').focus();
    const refused = nextAnswer('admin.sendTestEvent');
    await page.keyboard.press('Enter');
    const refusal = await refused;
    if (!refusal.ok) throw new Error(refusal.error.message);
    expect(refusal.data).toMatchObject({ delivered: false, status: 500 });
    await notice.getByText(refusal.data.message, { exact: true }).waitFor();
    expect(refusal.data.message).toMatch(/^The backend did not take the test event: HTTP 500/);
    expect(await isFocused('delivery-send-test')).toBe(true);
    expect(await newest.locator('td').nth(5).textContent()).toBe('Test refusedHTTP 500');
    answerWith(() => ({ status: 200 }));
  });

  it('a backend refusing the credentials shows "Reconnect needed" with the way to Credentials; connecting again clears it', async () => {
    answerWith(() => ({ status: 401, body: 'unknown signing key' }));
    await asked('admin.recomputeAll', {});
    await until('the delivery is paused for a reconnect', async () => (await health()).reconnectNeeded);

    await page.getByTestId('delivery-refresh').focus();
    await page.keyboard.press('Enter');
    await section().getByTestId('delivery-problems').getByText('Reconnect needed', { exact: false }).waitFor();
    expect(await isFocused('delivery-refresh')).toBe(true);
    await state().getByText('Needs attention').waitFor();
    expect(await summary().textContent()).toMatch(/events? waiting/);
    await (await recentTable()).locator('tbody tr').first().getByText('Paused', { exact: true }).waitFor();
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot('section-delivery-log', 'delivery-log-reconnect');

    await tabTo('delivery-go-credentials');
    await page.keyboard.press('Enter');
    await until('the Credentials heading has the focus', () => isFocused('credentials-heading'), 5_000);
    expect(await hash()).toBe('#manage/credentials');

    // Connect again (the stored token) to the reference backend: deliveries go on there.
    await page.getByTestId('credentials-connect').click();
    await page.getByTestId('credentials-status').getByText(`Connected to ${DEMO_WORKSPACE.name}.`).waitFor();
    await until('deliveries are no longer paused', async () => !(await health()).reconnectNeeded);
    await page.getByTestId('delivery-refresh').click();
    await state().getByText('Healthy').waitFor();
    expect(await section().getByTestId('delivery-problems').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
