/**
 * Acceptance of the sandbox, end to end, as a newcomer meets it: `npm start` in a child
 * process, the page in the chromium that npm install brings, one transition, and the key result's new
 * progress on the reference backend's own page within seconds. Screenshots are kept in
 * artifacts/sandbox-e2e/.
 *
 * Test hooks of the sandbox page (data-testid):
 *   issue-row-<KEY>            the issue's table row (data-category = its status category key)
 *   status-<KEY>               its status cell
 *   transition-<KEY>           the "Move to…" status <select>
 *   transition-button-<KEY>    the Transition button
 *   open-<KEY>                 opens the issue: its key results panel (kr-panel-section, see sandbox-issue-panel.test.ts)
 *                              and its comments and work log (issue-details)
 *   comment-new, comment-add, comment-<id>-body|-save|-delete     (forms comment-new-form, comment-<id>-form)
 *   worklog-new-time, worklog-new-comment, worklog-add, worklog-<id>-time|-comment|-save|-delete
 *                                                                  (forms worklog-new-form, worklog-<id>-form)
 *   comment-new-error, comment-<id>-error, worklog-new-error, worklog-<id>-error
 *                              a form's own error (role="alert", inside that form)
 *   activity-note              what comments and worklogs reach in the app (and that they send no webhook yet)
 *   acting-as                  the "acting as" user <select>
 *   action-result / action-error   the live regions saying what an action did (action-error: actions outside the forms)
 *   deliveries                 the deliveries table body; rows delivery-<webhookId> with data-verdict,
 *                              delivery-subject-<webhookId> (issue key or key result, and time),
 *                              payload-toggle-<webhookId> (aria-expanded) opening the row payload-<webhookId>
 *   kr-app-<krId>              the app's own view of a key result (data-progress)
 *   backend-progress / backend-kr-<krId>   the backend's progress (data-progress) when its page cannot be framed
 *   backend-frame              the backend's page in an iframe when it allows framing
 *   backend-link               link to the backend's page
 *   admin-frame                the app's admin page (Custom UI) in an iframe; admin-not-built when unbuilt
 * The reference backend's page: kr-row-<krId> with data-progress.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/launch-browser';
import { PROJECT_ROOT, type SpawnedSandbox, spawnSandbox } from '../dev/sandbox/spawn-sandbox';
import { tempDataDir } from '../dev/sandbox/sandbox-client';

jest.setTimeout(120_000);

const ARTIFACTS = path.join(PROJECT_ROOT, 'artifacts/sandbox-e2e');
const KEY_RESULT = 'kr-checkout-conversion';
const ISSUE = 'CHK-2';

/** The few browser globals the page.evaluate callbacks touch (the project's TypeScript has no DOM lib). */
interface BrowserGlobals {
  document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> };
}

interface SiteView {
  backendUrl: string;
  app: { weights: { todo: number; inProgress: number; done: number } };
  issues: Array<{ key: string; categoryKey: 'new' | 'indeterminate' | 'done'; linkedKeyResults: string[] }>;
}

/** The key result's progress if `key` were Done: the average weight of its linked issues' categories. */
function progressAfterDone(site: SiteView, key: string): number {
  const weight = { new: site.app.weights.todo, indeterminate: site.app.weights.inProgress, done: site.app.weights.done };
  const linked = site.issues.filter((i) => i.linkedKeyResults.includes(KEY_RESULT));
  const sum = linked.reduce((total, issue) => total + weight[issue.key === key ? 'done' : issue.categoryKey], 0);
  return Math.round((sum * 100) / linked.length) / 100;
}

describe('sandbox, end to end in a browser', () => {
  let sandbox: SpawnedSandbox;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sandbox = await spawnSandbox('npm', ['start', '--', '--port', '0', '--data-dir', tempDataDir()], 90_000);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('transitions a linked issue on the sandbox page and the backend page shows the new progress within seconds', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${sandbox.url}/`);
    const row = page.getByTestId(`issue-row-${ISSUE}`);
    await row.waitFor();
    expect(await row.getAttribute('data-category')).toBe('indeterminate');

    const site = (await (await page.request.get(`${sandbox.url}/api/site`)).json()) as SiteView;
    const expected = progressAfterDone(site, ISSUE);
    expect(site.issues.find((i) => i.key === ISSUE)!.linkedKeyResults).toContain(KEY_RESULT);
    await page.screenshot({ path: path.join(ARTIFACTS, '01-sandbox-page.png'), fullPage: true });

    await page.getByTestId(`transition-${ISSUE}`).selectOption({ label: 'Done' });
    const clickedAt = Date.now();
    await page.getByTestId(`transition-button-${ISSUE}`).click();
    await page.getByTestId('action-result').filter({ hasText: `${ISSUE} moved to Done. Fired avi:jira:updated:issue → issue-event-trigger.` }).waitFor();
    await page.getByTestId(`status-${ISSUE}`).filter({ hasText: 'Done' }).waitFor();
    await page.locator(`[data-testid^="delivery-"][data-verdict="accepted"]`).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '02-after-transition.png'), fullPage: true });

    const backend = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await backend.goto(`${site.backendUrl}/`);
    const krRow = backend.getByTestId(`kr-row-${KEY_RESULT}`);
    await backend.waitForFunction(
      ([selector, value]) => (globalThis as unknown as BrowserGlobals).document.querySelector(selector!)?.getAttribute('data-progress') === value,
      [`[data-testid="kr-row-${KEY_RESULT}"]`, String(expected)],
      { timeout: 10_000 },
    );
    const seconds = (Date.now() - clickedAt) / 1000;
    expect(Number(await krRow.getAttribute('data-progress'))).toBe(expected);
    expect(seconds).toBeLessThan(10);
    await backend.screenshot({ path: path.join(ARTIFACTS, '03-backend-page.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(['01-sandbox-page.png', '02-after-transition.png', '03-backend-page.png'].every((f) => existsSync(path.join(ARTIFACTS, f)))).toBe(true);
  });

  it('has no accessibility violations axe can find on the sandbox page', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${sandbox.url}/`);
    await page.getByTestId('issue-row-CHK-1').waitFor();
    await page.getByTestId('open-CHK-4').click();
    await page.getByTestId('comment-new').waitFor();
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const { axe, document } = globalThis as unknown as BrowserGlobals;
      const result = await axe.run(document, { iframes: false });
      return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
    });
    await page.screenshot({ path: path.join(ARTIFACTS, '04-issue-details.png'), fullPage: true });
    expect(violations).toEqual([]);
  });

  it('is driven from the keyboard: comment on an issue without a mouse', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${sandbox.url}/`);
    await page.getByTestId('open-ONB-3').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('comment-new').focus();
    await page.keyboard.type('Typed with the keyboard only');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('action-result')
      .filter({ hasText: "Comment added to ONB-3. Fired avi:jira:commented:issue → activity-event-trigger. It reached the app's activity-event-trigger, which sends activity.recorded webhooks: see Deliveries." })
      .waitFor();
    // The page says so first, then redraws the issue with the new comment.
    const comments = () => page.getByTestId('comments').locator('textarea').evaluateAll((areas) => areas.map((a) => (a as unknown as { value: string }).value));
    for (let tries = 0; tries < 50 && !(await comments()).includes('Typed with the keyboard only'); tries += 1) await page.waitForTimeout(100);
    expect(await comments()).toContain('Typed with the keyboard only');
  });

  it("says in the Comments and work log section that activity reaches the app's trigger, and a worklog shows up as an activity.recorded delivery", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${sandbox.url}/`);
    await page.getByTestId('open-CHK-9').click();
    const note = page.getByTestId('activity-note');
    await note.filter({ hasText: 'activity-event-trigger' }).waitFor();
    expect(await note.textContent()).toBe("Comments and worklogs reach the app's activity-event-trigger, which sends activity.recorded webhooks.");
    const before = (await deliveriesOf(page)).length;
    await page.getByTestId('worklog-new-time').fill('2h');
    await page.getByTestId('worklog-add').click();
    await page.getByTestId('action-result').filter({ hasText: 'Work logged on CHK-9. Fired avi:jira:created:worklog → activity-event-trigger.' }).waitFor();
    expect(await page.getByTestId('action-result').textContent()).toContain('which sends activity.recorded webhooks: see Deliveries.');
    // Within a few queue cycles and page polls, the delivery is listed.
    for (let tries = 0; tries < 40 && (await deliveriesOf(page)).length <= before; tries += 1) await page.waitForTimeout(250);
    expect((await deliveriesOf(page)).length).toBe(before + 1);
  });

  it("shows a form's error inside that form, with the bound in words, and keeps the top banner for other actions", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${sandbox.url}/`);
    await page.getByTestId('open-CHK-5').click();
    const worklogForm = page.getByTestId('worklog-new-form');
    const worklogsBefore = await page.getByTestId('worklogs').locator('li').count();
    await page.getByTestId('worklog-new-time').fill('9999w');
    await page.getByTestId('worklog-add').click();
    const error = worklogForm.getByRole('alert');
    await error.filter({ hasText: 'between' }).waitFor();
    expect(await error.textContent()).toBe('Time spent must be between 1m and 1w (you entered 9999w). Jira counts 1w as 5d and 1d as 8h.');
    expect(await error.getAttribute('data-testid')).toBe('worklog-new-error');
    expect(await page.getByTestId('action-error').textContent()).toBe('');
    expect(await page.getByTestId('worklogs').locator('li').count()).toBe(worklogsBefore);
    // The error is next to the form, in view, not in the banner far above it.
    const box = (await error.boundingBox())!;
    const button = (await page.getByTestId('worklog-add').boundingBox())!;
    expect(box.y - (button.y + button.height)).toBeLessThan(40);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    await page.screenshot({ path: path.join(ARTIFACTS, '05-inline-form-error.png') });

    const commentForm = page.getByTestId('comment-new-form');
    await page.getByTestId('comment-add').click();
    await commentForm.getByRole('alert').filter({ hasText: 'The comment must not be empty.' }).waitFor();
    expect(await worklogForm.getByRole('alert').textContent()).toBe('Time spent must be between 1m and 1w (you entered 9999w). Jira counts 1w as 5d and 1d as 8h.');

    // A good worklog clears the form's error; an edit to 0m says so in that worklog's own form.
    const countBeforeAdd = await page.getByTestId('worklogs').locator('li').count();
    await page.getByTestId('worklog-new-time').fill('1w');
    await page.getByTestId('worklog-add').click();
    await page.getByTestId('action-result').filter({ hasText: 'Work logged on CHK-5.' }).waitFor();
    expect(await page.getByTestId('worklog-new-error').textContent()).toBe('');
    // The page says so first, then redraws the issue with the new worklog last.
    await page.getByTestId('worklogs').locator('li').nth(countBeforeAdd).waitFor();
    const item = page.getByTestId('worklogs').locator('li').last();
    const id = (await item.getAttribute('data-testid'))!.replace('worklog-', '');
    await page.getByTestId(`worklog-${id}-time`).fill('0m');
    await page.getByTestId(`worklog-${id}-save`).click();
    await page.getByTestId(`worklog-${id}-form`).getByRole('alert').filter({ hasText: 'Time spent must be between 1m and 1w (you entered 0m).' }).waitFor();
    expect(await page.getByTestId('action-error').textContent()).toBe('');

    // Actions outside the forms keep the banner at the top.
    await page.getByTestId('transition-button-CHK-5').click();
    await page.getByTestId('action-error').filter({ hasText: 'Choose the status to move CHK-5 to first.' }).waitFor();
  });

  it('keeps the header in step with the admin page: pausing there shows "paused" without any delivery', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${sandbox.url}/`);
    const summary = page.locator('#site-summary');
    await summary.filter({ hasText: 'progress updates on' }).waitFor();
    const admin = page.frameLocator('[data-testid="admin-frame"]');
    await admin.getByTestId('progress-toggle').click();
    await admin.getByTestId('pause-confirm').click();
    await admin.locator('[data-testid="progress-toggle--input"]:not(:checked)').waitFor();
    const before = await deliveriesOf(page);
    const pausedAt = Date.now();
    await summary.filter({ hasText: 'progress updates paused' }).waitFor({ timeout: 3000 });
    expect(Date.now() - pausedAt).toBeLessThan(3000);
    expect((await deliveriesOf(page)).length).toBe(before.length);
    await page.locator('header.top').screenshot({ path: path.join(ARTIFACTS, '06-header-paused.png') });

    await admin.getByTestId('progress-toggle').click();
    await admin.locator('[data-testid="progress-toggle--input"]:checked').waitFor();
    await summary.filter({ hasText: 'progress updates on' }).waitFor({ timeout: 3000 });
  });

  it('reads at 1280x800: the backend frame shows every updated key result, the deliveries fit, name the issue and open their payload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    const site = (await (await page.request.get(`${sandbox.url}/api/site`)).json()) as SiteView;
    const plat = site.issues.find((i) => i.key === 'PLAT-2')!;
    const target = plat.categoryKey === 'done' ? '3' : '10003';
    expect((await page.request.post(`${sandbox.url}/api/issues/PLAT-2/transition`, { data: { statusId: target, actorId: '557058:demo-0002' } })).status()).toBe(200);
    await page.goto(`${sandbox.url}/`);
    const statusRow = await waitForDelivery(page, (d) => d.type === 'issue.status_changed' && d.payload?.data?.issue?.key === 'PLAT-2' && d.backend.verdict === 'accepted');

    // The reference backend's frame: the four linked key results, every column, no sideways scrolling.
    const linked = [...new Set(site.issues.flatMap((i) => i.linkedKeyResults))];
    expect(linked).toHaveLength(4);
    const frameElement = page.getByTestId('backend-frame');
    await frameElement.scrollIntoViewIfNeeded();
    const frame = (await (await frameElement.elementHandle())!.contentFrame())!;
    await frame.waitForFunction(`${JSON.stringify(linked)}.every((id) => document.querySelector('[data-testid="kr-row-' + id + '"]')?.getAttribute('data-progress'))`);
    const layout = await frame.evaluate<{ rows: Array<{ id: string; top: number; bottom: number; right: number; cells: number; hidden: number }>; width: number; height: number; overflow: number[] }>(`(() => {
      const rows = ${JSON.stringify(linked)}.map((id) => {
        const row = document.querySelector('[data-testid="kr-row-' + id + '"]');
        const box = row.getBoundingClientRect();
        const cells = [...row.children];
        return { id, top: box.top, bottom: box.bottom, right: Math.max(...cells.map((c) => c.getBoundingClientRect().right)), cells: cells.length, hidden: cells.filter((c) => c.getBoundingClientRect().width === 0).length };
      });
      const overflow = [document.documentElement, ...document.querySelectorAll('.scroll')].map((e) => e.scrollWidth - e.clientWidth);
      return { rows, width: document.documentElement.clientWidth, height: window.innerHeight, overflow };
    })()`);
    for (const row of layout.rows) {
      expect({ id: row.id, inView: row.top >= 0 && row.bottom <= layout.height && row.right <= layout.width, cells: row.cells, hidden: row.hidden }).toEqual({ id: row.id, inView: true, cells: 8, hidden: 0 });
    }
    expect(layout.overflow.every((px) => px <= 0)).toBe(true);
    await page.getByRole('region', { name: 'Reference OKR backend', exact: true }).screenshot({ path: path.join(ARTIFACTS, '07-backend-frame-1280.png') });

    // The deliveries table fits its panel: its last column ends inside the scroll box and the viewport.
    const wrap = page.getByRole('region', { name: 'Deliveries table, scrollable', exact: true });
    const fit = await wrap.evaluate((node) => {
      const e = node as unknown as { scrollWidth: number; clientWidth: number; getBoundingClientRect(): { right: number }; querySelector(s: string): { getBoundingClientRect(): { right: number } } };
      return { scrollWidth: e.scrollWidth, clientWidth: e.clientWidth, right: e.getBoundingClientRect().right, lastHeader: e.querySelector('thead th:last-child').getBoundingClientRect().right };
    });
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
    expect(fit.lastHeader).toBeLessThanOrEqual(fit.right);
    expect(fit.right).toBeLessThanOrEqual(1280);

    // issue.status_changed names its issue; its payload opens from the keyboard, as JSON text.
    expect(await page.getByTestId(`delivery-subject-${statusRow.webhookId}`).textContent()).toContain('PLAT-2');
    const toggle = page.getByTestId(`payload-toggle-${statusRow.webhookId}`);
    const payload = page.getByTestId(`payload-${statusRow.webhookId}`);
    expect(await payload.isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await payload.waitFor({ state: 'visible' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const json = JSON.parse((await payload.locator('pre').textContent())!) as { id: string; type: string; data: { issue: { key: string } } };
    expect(json).toMatchObject({ id: statusRow.webhookId, type: 'issue.status_changed', data: { issue: { key: 'PLAT-2' } } });
    expect(await payload.locator('pre').evaluate((node) => (node as unknown as { children: { length: number } }).children.length)).toBe(0);
    // It stays open while the table refreshes (a new delivery re-renders the rows).
    const statusId = target === '3' ? '10003' : '3';
    await page.request.post(`${sandbox.url}/api/issues/PLAT-2/transition`, { data: { statusId, actorId: '557058:demo-0002' } });
    await waitForDelivery(page, (d) => d.type === 'issue.status_changed' && d.webhookId !== statusRow.webhookId && d.payload?.data?.issue?.key === 'PLAT-2');
    await page.getByTestId('deliveries').locator(`[data-testid="delivery-subject-${statusRow.webhookId}"]`).waitFor();
    await page.waitForTimeout(1600);
    expect(await payload.isVisible()).toBe(true);
    const scrollBox = await wrap.evaluate((node) => {
      const e = node as unknown as { scrollWidth: number; clientWidth: number };
      return e.scrollWidth - e.clientWidth;
    });
    expect(scrollBox).toBeLessThanOrEqual(0);
    await page.getByRole('region', { name: 'Deliveries', exact: true }).screenshot({ path: path.join(ARTIFACTS, '08-deliveries-payload-1280.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, '09-sandbox-1280x800.png') });
    expect(problems).toEqual([]);
  });
});

interface DeliveryView {
  webhookId: string;
  type: string | null;
  backend: { verdict: string };
  payload: { data?: { issue?: { key?: string | null } } } | null;
}

async function deliveriesOf(page: Page): Promise<DeliveryView[]> {
  const answer = (await (await page.request.get(`${page.url().replace(/\/[^/]*$/, '')}/api/deliveries`)).json()) as { deliveries: DeliveryView[] };
  return answer.deliveries;
}

/** Waits until /api/deliveries has a delivery matching `match` and the page shows its row. */
async function waitForDelivery(page: Page, match: (d: DeliveryView) => boolean): Promise<DeliveryView> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await deliveriesOf(page)).find(match);
    if (found) {
      await page.getByTestId(`delivery-${found.webhookId}`).waitFor();
      return found;
    }
    if (Date.now() > deadline) throw new Error('No matching delivery within 10 s');
    await page.waitForTimeout(200);
  }
}
