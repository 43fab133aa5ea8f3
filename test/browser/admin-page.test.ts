/**
 * The admin page in a real browser (Debian's Chromium via playwright-core) against the
 * sandbox: the built Custom UI, the real @forge/bridge code through the sandbox's bridge
 * shim, the app's real resolvers over the local platform, the reference OKR backend.
 * The page is served with Forge's Custom UI CSP (no inline scripts), so a build that needs
 * one fails here. One admin walks through the page in order, like issue 5 describes it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/launch-browser';
import { ensureAdminBuilt, prepareAdminPage, sectionScreenshot, seriousViolations } from '../support/admin-browser';
import { DEMO_KEY_RESULTS, DEMO_PEOPLE, DEMO_WORKSPACE } from '../../dev/demo/demo-directory';
import { runInvocation } from '../../dev/platform/forge-globals';
import { ADMIN_MODULE_KEY } from '../../dev/sandbox/admin-page';
import { DEMO_LINKS } from '../../dev/sandbox/demo-site';
import { type RunningSandbox, startSandbox } from '../../dev/sandbox/sandbox';
import type { AdminSettingsView, ProgressRulesPayload } from '../../src/resolvers/admin-api';
import { linkIssueToKeyResult } from '../../src/services/link-issue';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'artifacts/admin-page');

const admin = DEMO_PEOPLE.find((p) => p.siteAdmin)!;
const person = (name: string) => DEMO_PEOPLE.find((p) => p.displayName === name)!;

jest.setTimeout(90_000);

interface BridgeTraffic {
  calls: string[];
  /** What each call sent, in order (the sandbox's bridge posts { functionKey, payload }). */
  sent: Array<{ key: string; payload: unknown }>;
  answers: string[];
}

/** Opens the admin page as `accountId`, with the Forge CSP, recording every resolver call and answer. */
async function openAdminPage(context: BrowserContext, sandbox: RunningSandbox, accountId: string): Promise<{ page: Page; traffic: BridgeTraffic; problems: string[] }> {
  const page = await context.newPage();
  // Fail in seconds with Playwright's message rather than at Jest's timeout.
  page.setDefaultTimeout(10_000);
  const traffic: BridgeTraffic = { calls: [], sent: [], answers: [] };
  const problems: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(sandbox.url)) problems.push(`request outside the sandbox: ${request.url()}`);
    if (!request.url().endsWith('/api/bridge/invoke')) return;
    const body = JSON.parse(request.postData() ?? '{}') as { functionKey?: string; payload?: unknown };
    traffic.calls.push(String(body.functionKey));
    traffic.sent.push({ key: String(body.functionKey), payload: body.payload });
  });
  page.on('response', (response) => {
    if (response.url().endsWith('/api/bridge/invoke')) void response.text().then((text) => traffic.answers.push(text));
  });
  await prepareAdminPage(page, sandbox.url, problems);
  await page.goto(`${sandbox.url}/app/admin/?as=${encodeURIComponent(accountId)}`);
  return { page, traffic, problems };
}

/** A screenshot with animations settled; full page only without a dialog (its blanket covers just the viewport). */
/**
 * The few browser globals the page.evaluate callbacks touch, typed here because the test
 * tsconfig has no DOM lib (adding it would leak browser types into src/).
 */
interface BrowserElement {
  id: string;
  outerHTML: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): BrowserElement | null;
}
interface BrowserGlobals {
  document: {
    activeElement: BrowserElement | null;
    body: { append(node: unknown): void };
    createElement(tag: string): { textContent: string };
    getAnimations(): Array<{ finished: Promise<unknown> }>;
  };
  axe: { run(context: unknown): Promise<{ violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown[] }> }> }> };
}

/** Waits until the progress toggle shows on (or off). */
const toggleShows = (page: Page, on: boolean) => page.locator(`[data-testid="progress-toggle--input"]${on ? ':checked' : ':not(:checked)'}`).waitFor();

const shot = async (page: Page, name: string) => {
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: !dialogOpen, animations: 'disabled' });
};

/** One part of the page with a margin around it (focus rings included), wherever it is scrolled to. */
const sectionShot = (page: Page, testId: string, name: string) => sectionScreenshot(page, testId, path.join(SHOTS, `${name}.png`));

/** Whether the focused element is `target`: its test id, accessible label or id. */
const isFocused = (page: Page, target: string) =>
  page.evaluate((t) => {
    const el = (globalThis as unknown as BrowserGlobals).document.activeElement;
    return el !== null && [el.getAttribute('data-testid'), el.getAttribute('aria-label'), el.id].includes(t);
  }, target);

const describeFocus = (page: Page) => page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing');

/** Presses Tab until `target` (test id, aria-label or id) has the focus; keyboard only. */
async function tabTo(page: Page, target: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await isFocused(page, target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target} (focus is on ${await describeFocus(page)})`);
}

/** The demo site's statuses the progress rules tests use (dev/platform/jira/site-model.ts DEFAULT_STATUSES). */
const WONT_DO = { id: '10004', name: "Won't Do" };
const IN_REVIEW = { id: '10002', name: 'In Review' };
const CONVERSION = DEMO_KEY_RESULTS.find((kr) => kr.id === 'kr-checkout-conversion')!;

const focusIsInDialog = (page: Page) => page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.closest('[role="dialog"]') != null);

describe('admin page in a browser, against the sandbox', () => {
  let sandbox: RunningSandbox;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: BridgeTraffic;
  let problems: string[];

  /** A category weight's box, by role: the demo site's statuses To Do, In Progress and Done name radio groups too. */
  const weightBox = (label: 'To Do' | 'In Progress' | 'Done') => page.getByRole('spinbutton', { name: label, exact: true });
  const statusRadio = (status: string, choice: string) => page.getByRole('radio', { name: `${status}: ${choice}`, exact: true });
  const lastSent = (key: string): ProgressRulesPayload | undefined => traffic.sent.filter((s) => s.key === key).at(-1)?.payload as ProgressRulesPayload | undefined;

  const settingsAsStored = async (): Promise<AdminSettingsView> => {
    const answer = (await sandbox.platform.invokeResolver(ADMIN_MODULE_KEY, 'admin.getSettings', {}, admin.accountId)) as { ok: boolean; data: AdminSettingsView };
    if (!answer.ok) throw new Error('admin.getSettings failed');
    return answer.data;
  };

  /** Links a demo issue as `accountId` through the app's own service, the way the issue panel does. */
  const linkAs = (accountId: string, issueKey = 'CHK-10', keyResultId = 'kr-onboarding-activation') => {
    const issue = sandbox.platform.site.findIssue(issueKey) ?? sandbox.platform.site.findIssue(DEMO_LINKS[0]!.issueKeys[0]!)!;
    return runInvocation({ functionKey: 'issue-panel-resolver', moduleKey: 'okr-key-results-panel', accountId, timeoutMillis: 25_000 }, () =>
      linkIssueToKeyResult({ keyResultId, issueId: issue.id, cloudId: sandbox.platform.cloudId, actor: { kind: 'user', accountId } }),
    );
  };

  beforeAll(async () => {
    ensureAdminBuilt();
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'okr-admin-page-'));
    sandbox = await startSandbox({ port: 0, dataDir, fresh: true, connected: false, quiet: true });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce' });
    ({ page, traffic, problems } = await openAdminPage(context, sandbox, admin.accountId));
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lands with the progress toggle off, explained, and no connection', async () => {
    await page.getByTestId('progress-toggle').waitFor();
    expect(await page.getByTestId('progress-toggle--input').isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Turn on progress update using Jira' }).count()).toBe(1);
    await expect(page.getByText('updated from the number of Jira issues in each status category').isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('manage-integration-link').count()).toBe(0);
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot(page, '01-landing');
  });

  it('turning it on opens "Integrate with Jira"; Escape (keyboard only) leaves it off and stores nothing', async () => {
    await page.locator('body').focus();
    await tabTo(page, 'progress-toggle--input');
    await page.keyboard.press('Space');
    await page.getByRole('dialog', { name: 'Integrate with Jira' }).waitFor();
    expect(await isFocused(page, 'connect-email')).toBe(true);
    // The focus stays in the dialog however far the admin tabs.
    for (let i = 0; i < 8; i += 1) {
      await page.keyboard.press('Tab');
      expect(await focusIsInDialog(page)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.getByTestId('progress-toggle--input').isChecked()).toBe(false);
    expect((await settingsAsStored()).connection).toBeNull();
    expect(traffic.calls).not.toContain('admin.connect');
  });

  it('checks the fields before any request, each with its own message', async () => {
    await page.getByTestId('progress-toggle').click();
    await page.getByTestId('connect-modal').waitFor();
    await page.getByTestId('connect-submit').click();
    for (const field of ['connect-email', 'connect-server', 'connect-token']) await expect(page.getByTestId(`${field}-error`).isVisible()).resolves.toBe(true);
    await page.getByLabel('Email address').fill('ada.admin@');
    await page.getByLabel('Server').fill('ftp://acme.okr.example.com');
    await page.getByLabel('API token').fill('x');
    await page.getByTestId('connect-submit').click();
    expect(await page.getByTestId('connect-email-error').textContent()).toMatch(/valid email address/);
    expect(await page.getByTestId('connect-server-error').textContent()).toMatch(/https:\/\//);
    expect(await page.getByTestId('connect-token-error').count()).toBe(0);
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    expect(traffic.calls).not.toContain('admin.connect');
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot(page, '02-connect-checks');
    await page.getByTestId('connect-cancel').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.getByTestId('progress-toggle--input').isChecked()).toBe(false);
  });

  it('a server-side field error shows under its field; a wrong token says "Invalid email or API token"; the demo token connects (keyboard only)', async () => {
    await page.locator('body').focus();
    await tabTo(page, 'progress-toggle--input');
    await page.keyboard.press('Space');
    await page.getByTestId('connect-modal').waitFor();
    await page.keyboard.type(DEMO_WORKSPACE.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('https://admin:pw@acme.okr-backend.example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong-token');
    await page.keyboard.press('Enter');
    await page.getByTestId('connect-server-error').waitFor();
    expect(await page.getByTestId('connect-server-error').textContent()).toMatch(/user name or password/);

    await page.getByLabel('Server').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(sandbox.backendUrl);
    await page.keyboard.press('Enter');
    await page.getByTestId('connect-error').waitFor();
    expect((await page.getByTestId('connect-error').textContent())?.trim()).toBe('Invalid email or API token');
    await shot(page, '03-connect-auth-failed');

    await page.getByLabel('API token').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(DEMO_WORKSPACE.apiToken);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('connection-status').waitFor();
    expect(await page.getByTestId('connection-status').textContent()).toBe(`Connected to ${DEMO_WORKSPACE.name}`);
    await toggleShows(page, true);
    const stored = await settingsAsStored();
    expect(stored.progressUpdatesEnabled).toBe(true);
    expect(stored.connection?.workspaceName).toBe(DEMO_WORKSPACE.name);
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot(page, '04-connected');
  });

  it('turning it off asks first (Keep on keeps it), Pause pauses, and on again needs no credentials', async () => {
    await page.getByTestId('progress-toggle').click();
    await page.getByRole('dialog', { name: 'Pause progress updates?' }).waitFor();
    await shot(page, '05-pause-confirmation');
    await page.getByTestId('pause-keep-on').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await settingsAsStored()).progressUpdatesEnabled).toBe(true);

    await page.getByTestId('progress-toggle').click();
    await page.getByTestId('pause-confirm').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await toggleShows(page, false);
    expect((await settingsAsStored()).progressUpdatesEnabled).toBe(false);

    const connectsBefore = traffic.calls.filter((c) => c === 'admin.connect').length;
    await page.getByTestId('progress-toggle').click();
    await toggleShows(page, true);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(traffic.calls.filter((c) => c === 'admin.connect').length).toBe(connectsBefore);
    expect((await settingsAsStored()).progressUpdatesEnabled).toBe(true);
  });

  it('Manage Integration shows the credentials without the token; a blank token keeps the stored one', async () => {
    await page.getByTestId('manage-integration-link').click();
    await page.getByRole('heading', { level: 1, name: 'Manage Integration' }).waitFor();
    for (const title of ['Credentials', 'Progress Calculation Settings', 'User Access Control']) expect(await page.getByRole('heading', { level: 2, name: title }).count()).toBe(1);
    expect(await page.getByTestId('credentials-email').inputValue()).toBe(DEMO_WORKSPACE.email);
    expect(await page.getByTestId('credentials-server').inputValue()).toBe(sandbox.backendUrl);
    expect(await page.getByTestId('credentials-token').inputValue()).toBe('');
    expect(await page.getByTestId('credentials-token').getAttribute('placeholder')).toBe('•••••• (stored)');

    await page.getByTestId('credentials-connect').click();
    await page.getByTestId('credentials-status').getByText(`Connected to ${DEMO_WORKSPACE.name}.`).waitFor();
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot(page, '06-manage-integration');
  });

  it("the site's statuses load with the section (a failed load says so and offers Retry) and are listed by category, each on its category weight", async () => {
    // The first admin.listStatuses is held (the loading state shows), then the bridge fails
    // as a dropped connection would; Retry goes through to the real resolver.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let failedOnce = false;
    await page.route(`${sandbox.url}/api/bridge/invoke`, async (route) => {
      const key = (JSON.parse(route.request().postData() ?? '{}') as { functionKey?: string }).functionKey;
      if (key !== 'admin.listStatuses' || failedOnce) return route.continue();
      failedOnce = true;
      await held;
      return route.fulfill({ json: { ok: false, error: 'The connection to Jira dropped.' } });
    });
    await page.getByTestId('back-link').click();
    await page.getByTestId('manage-integration-link').click();
    await page.getByTestId('statuses-loading').waitFor();
    expect(await page.getByTestId('statuses-loading').getByText("Loading the site's statuses").count()).toBe(1);
    release();
    await page.getByTestId('statuses-error').waitFor();
    expect(await page.getByTestId('statuses-error').textContent()).toContain('Could not reach the app. Check your connection and try again.');
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot(page, '07a-statuses-failed');

    await page.getByTestId('statuses-retry').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('status-group-done').waitFor();
    await page.unroute(`${sandbox.url}/api/bridge/invoke`);
    expect(traffic.calls.filter((c) => c === 'admin.listStatuses').length).toBeGreaterThanOrEqual(2);
    const names = (category: string) => page.getByTestId(`status-group-${category}`).locator('[data-testid$="-row"] [id$="-name"]').allTextContents();
    expect(await page.getByTestId('status-rules').getByRole('heading', { level: 4 }).allTextContents()).toEqual(['To Do statuses', 'In Progress statuses', 'Done statuses']);
    expect(await names('new')).toEqual(['To Do', 'Backlog']);
    expect(await names('indeterminate')).toEqual(['In Progress', 'In Review']);
    expect(await names('done')).toEqual(['Done', WONT_DO.name]);
    // Every control is named with its status; the default is the category's weight.
    expect(await statusRadio(WONT_DO.name, 'Category weight (100%)').isChecked()).toBe(true);
    expect(await statusRadio(IN_REVIEW.name, 'Category weight (50%)').isChecked()).toBe(true);
    expect(await statusRadio('Backlog', 'Category weight (0%)').isChecked()).toBe(true);
    expect(await page.getByRole('radiogroup', { name: WONT_DO.name }).getByRole('radio').count()).toBe(3);
  });

  it('weights 50 / 50 / 100 cannot be saved; 10 / 40 / 90 can, and saving them recalculates every key result', async () => {
    const saveCalls = () => traffic.calls.filter((c) => c === 'admin.saveProgressRules' || c === 'admin.saveWeights').length;
    expect(await weightBox('To Do').inputValue()).toBe('0');
    expect(await weightBox('In Progress').inputValue()).toBe('50');
    expect(await weightBox('Done').inputValue()).toBe('100');

    await weightBox('To Do').fill('50');
    await page.getByTestId('weights-save').click();
    expect(await page.getByTestId('weights-order-error').textContent()).toBe('To Do must be less than In Progress, and In Progress less than Done.');
    expect(saveCalls()).toBe(0);
    expect((await settingsAsStored()).weights).toEqual({ todo: 0, inProgress: 50, done: 100 });
    // The preview is refused by the same checks, before any request.
    await page.getByTestId('rules-preview').click();
    expect(traffic.calls).not.toContain('admin.previewProgressRules');
    await shot(page, '07-weights-refused');

    await weightBox('To Do').fill('10');
    await weightBox('In Progress').fill('40');
    await weightBox('Done').fill('90');
    // The status rows name the category weight as typed.
    expect(await statusRadio(WONT_DO.name, 'Category weight (90%)').isChecked()).toBe(true);
    await weightBox('Done').press('Enter');
    await page.getByTestId('recompute-result').waitFor();
    expect(await page.getByTestId('weights-order-error').count()).toBe(0);
    expect(lastSent('admin.saveProgressRules')).toEqual({ weights: { todo: 10, inProgress: 40, done: 90 }, statusRules: [] });
    expect((await settingsAsStored()).weights).toEqual({ todo: 10, inProgress: 40, done: 90 });
    // Saving recalculated them already: no second step, no separate button.
    expect(await page.getByTestId('recompute-result').textContent()).toMatch(new RegExp(`^Recalculating ${DEMO_LINKS.length} key results with the new rules`));
    expect(await page.getByTestId('weights-saved').textContent()).toContain('Progress counts To Do / In Progress / Done as 10% / 40% / 90%.');
    expect(await page.getByTestId('recompute-all').count()).toBe(0);
    expect(traffic.calls).not.toContain('admin.recomputeAll');
    await shot(page, '08-weights-saved');
  });

  it(`keyboard only: ${WONT_DO.name} left out of progress, and Preview shows its key result before → after`, async () => {
    // A Won't Do issue linked to a key result counts as Done (90%) until it is left out.
    const wontDo = sandbox.platform.site.data.issues.find((i) => i.statusId === WONT_DO.id && i.key.startsWith('CHK-'))!;
    await linkAs(admin.accountId, wontDo.key, CONVERSION.id);

    await weightBox('Done').focus();
    await tabTo(page, `${WONT_DO.name}: Category weight (90%)`);
    await page.keyboard.press('ArrowRight');
    expect(await isFocused(page, `${WONT_DO.name}: Leave out of progress`)).toBe(true);
    expect(await statusRadio(WONT_DO.name, 'Leave out of progress').isChecked()).toBe(true);
    await tabTo(page, 'rules-preview');
    await page.keyboard.press('Enter');
    await page.getByTestId('rules-preview-headline').waitFor();

    expect(lastSent('admin.previewProgressRules')).toEqual({ weights: { todo: 10, inProgress: 40, done: 90 }, statusRules: [{ statusId: WONT_DO.id, weight: null }] });
    expect(await page.getByTestId('rules-preview-headline').textContent()).toBe(`1 of ${DEMO_LINKS.length} key results would change`);
    expect(await page.getByRole('table', { name: 'Key results that would change' }).locator('thead th').allTextContents()).toEqual(['Key result', 'Progress now → after', 'Issues counted now → after']);
    // Done, In Progress, In Review, To Do, To Do and Won't Do at 10 / 40 / 90: 280 / 6 now, 190 / 5 without Won't Do.
    expect(await page.getByTestId(`rules-preview-row-${CONVERSION.id}`).locator('td').allTextContents()).toEqual([CONVERSION.title, '46.67% → 38%', '6 → 5']);
    expect(await page.getByTestId('rules-preview-stale').count()).toBe(0);
    // A preview stores nothing.
    expect((await settingsAsStored()).statusRules).toEqual([]);
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    // The section alone, at a common laptop width.
    await page.setViewportSize({ width: 1280, height: 900 });
    await sectionShot(page, 'section-weights', '08b-rules-preview');
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it(`keyboard only: an own weight for ${IN_REVIEW.name} marks the preview out of date, is checked before any request, and a status gone from Jira is refused at its row`, async () => {
    const saveCalls = () => traffic.calls.filter((c) => c === 'admin.saveProgressRules').length;
    const savesBefore = saveCalls();
    await weightBox('Done').focus();
    await tabTo(page, `${IN_REVIEW.name}: Category weight (40%)`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await statusRadio(IN_REVIEW.name, 'Own weight').isChecked()).toBe(true);
    // The own weight starts from the category's, and the preview on screen is now out of date.
    const ownWeight = page.getByRole('spinbutton', { name: `${IN_REVIEW.name}: own weight in percent` });
    expect(await ownWeight.inputValue()).toBe('40');
    expect(await page.getByTestId('rules-preview-stale').textContent()).toContain('Out of date');
    await page.keyboard.press('Tab');
    expect(await isFocused(page, `status-${IN_REVIEW.id}-weight`)).toBe(true);

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('150');
    await page.keyboard.press('Enter');
    await page.getByTestId(`status-${IN_REVIEW.id}-error`).waitFor();
    expect(await page.getByTestId(`status-${IN_REVIEW.id}-error`).textContent()).toBe('Enter a whole number from 0 to 100.');
    expect(await ownWeight.getAttribute('aria-invalid')).toBe('true');
    expect(saveCalls()).toBe(savesBefore);

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('70');
    expect(await page.getByTestId(`status-${IN_REVIEW.id}-error`).count()).toBe(0);
    // An admin deletes In Review in Jira while the page is open: the server refuses the rule, named at its row.
    const statuses = sandbox.platform.site.data.statuses;
    const at = statuses.findIndex((s) => s.id === IN_REVIEW.id);
    const [inReview] = statuses.splice(at, 1);
    try {
      await page.keyboard.press('Enter');
      await page.getByTestId(`status-${IN_REVIEW.id}-error`).waitFor();
    } finally {
      statuses.splice(at, 0, inReview!);
    }
    expect(saveCalls()).toBe(savesBefore + 1);
    expect(await page.getByTestId(`status-${IN_REVIEW.id}-error`).textContent()).toBe(
      `Status "${IN_REVIEW.id}" is not one of this Jira site's statuses; reload the page to see the current list.`,
    );
    expect(await page.getByTestId('weights-error').count()).toBe(0);
    expect(await page.getByTestId('weights-saved').count()).toBe(0);
    expect((await settingsAsStored()).statusRules).toEqual([]);
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot(page, '08c-rules-refused');
  });

  it('Save sends the weights and the status rules together and says how many key results are being recalculated', async () => {
    await page.getByTestId('weights-save').click();
    await page.getByTestId('recompute-result').waitFor();
    expect(lastSent('admin.saveProgressRules')).toEqual({
      weights: { todo: 10, inProgress: 40, done: 90 },
      statusRules: [
        { statusId: IN_REVIEW.id, weight: 70 },
        { statusId: WONT_DO.id, weight: null },
      ],
    });
    expect(await page.getByTestId(`status-${IN_REVIEW.id}-error`).count()).toBe(0);
    expect(await page.getByTestId('recompute-result').textContent()).toBe(
      `Recalculating ${DEMO_LINKS.length} key results with the new rules; their progress is sent to the OKR workspace in the next moments.`,
    );
    expect(await page.getByTestId('weights-saved').textContent()).toContain(`${IN_REVIEW.name} counts as 70%; ${WONT_DO.name} is left out of progress.`);
    const stored = await settingsAsStored();
    expect(stored.weights).toEqual({ todo: 10, inProgress: 40, done: 90 });
    expect(stored.statusRules).toEqual([
      { statusId: IN_REVIEW.id, weight: 70 },
      { statusId: WONT_DO.id, weight: null },
    ]);
    // The preview measured the old rules: it is gone. A new one compares against what was saved.
    expect(await page.getByTestId('rules-preview-result').count()).toBe(0);
    await page.getByTestId('rules-preview').click();
    await page.getByTestId('rules-preview-headline').getByText(`No key result would change (${DEMO_LINKS.length} key results compared).`).waitFor();
    expect(await page.getByRole('table', { name: 'Key results that would change' }).count()).toBe(0);
    await shot(page, '08d-rules-saved');

    // The same settings again: saved, and nothing to recalculate.
    await page.getByTestId('weights-save').click();
    await page.getByTestId('recompute-result').getByText('Nothing changed, so no key result needs recalculating.').waitFor();
  });

  it('Allow selected users: search, page and select across pages with the keyboard only, save; others cannot link', async () => {
    const chosen: string[] = [];
    const rowNames = () => page.locator('[data-testid^="user-row-"] td:nth-child(2)').allTextContents();
    const checkboxOf = (name: string) => page.getByRole('checkbox', { name: `Select ${name}` });

    // The radio group: arrow keys move the choice, as in any native radio group.
    await page.getByTestId('credentials-connect').focus();
    await tabTo(page, 'access-all--radio-input');
    await page.keyboard.press('ArrowDown');
    await page.getByRole('dialog', { name: 'Edit Jira Users' }).waitFor();
    await page.getByTestId('users-page').getByText('Page 1').waitFor();
    await page.locator('[data-testid^="user-row-"]').first().waitFor();
    expect(await page.getByRole('dialog', { name: 'Edit Jira Users' }).locator('thead th').allTextContents()).toEqual(['Select', 'Name', 'Designation', 'Organizational Unit']);
    expect(await page.locator('[data-testid^="user-row-"]').count()).toBe(10);

    // Saving an empty selection would leave no one able to link: refused, nothing sent.
    await tabTo(page, 'users-save');
    await page.keyboard.press('Enter');
    await page.getByTestId('users-save-error').getByText('Select at least one user').waitFor();
    expect(traffic.calls.filter((c) => c === 'admin.saveSelection' || c === 'admin.setAccessMode')).toEqual([]);

    // Page 1: someone other than the admin.
    const first = (await rowNames()).find((n) => n !== admin.displayName && n !== 'Bruno Costa')!;
    chosen.push(first);
    await tabTo(page, `Select ${first}`);
    await page.keyboard.press('Space');
    expect(await checkboxOf(first).isChecked()).toBe(true);

    await tabTo(page, 'users-next');
    await page.keyboard.press('Enter');
    await page.getByTestId('users-page').getByText('Page 2').waitFor();
    await page.getByTestId('user-row-' + person(first).accountId).waitFor({ state: 'detached' });
    const second = (await rowNames()).find((n) => n !== 'Bruno Costa')!;
    chosen.push(second);
    await tabTo(page, `Select ${second}`);
    await page.keyboard.press('Space');
    await shot(page, '09-users-page-2');

    // Back to page 1: the tick made there survived paging.
    await tabTo(page, 'users-prev');
    await page.keyboard.press('Enter');
    await page.getByTestId('users-page').getByText('Page 1').waitFor();
    await checkboxOf(first).waitFor();
    expect(await checkboxOf(first).isChecked()).toBe(true);

    // Search: someone the OKR directory does not know gets dashes…
    const quinn = person('Quinn Taylor');
    await tabTo(page, 'users-search');
    await page.keyboard.type('Quinn');
    await page.getByTestId(`user-row-${quinn.accountId}`).waitFor();
    expect(await page.getByTestId(`user-row-${quinn.accountId}`).locator('td').allTextContents()).toEqual(['', quinn.displayName, '—', '—']);

    // …and a user whose email is hidden in Jira still gets the directory's designation.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Bruno');
    const bruno = person('Bruno Costa');
    await page.getByTestId(`user-row-${bruno.accountId}`).waitFor();
    expect(await page.locator('[data-testid^="user-row-"]').count()).toBe(1);
    expect(await page.getByTestId(`user-row-${bruno.accountId}`).locator('td').allTextContents()).toEqual(['', 'Bruno Costa', bruno.designation, bruno.organizationalUnit]);
    await tabTo(page, 'Select Bruno Costa');
    await page.keyboard.press('Space');
    chosen.push('Bruno Costa');

    // A search the server refuses says why in the words on the page, and lists no stale rows.
    await tabTo(page, 'users-search');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('b'.repeat(101));
    await page.getByTestId('users-error').getByText('Search users is too long: at most 100 characters (this one has 101).').waitFor();
    expect(await page.locator('[data-testid^="user-row-"]').count()).toBe(0);
    await shot(page, '10a-users-search-refused');

    // Clearing the search: every tick is still there.
    await tabTo(page, 'users-search');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await checkboxOf(first).waitFor();
    expect(await checkboxOf(first).isChecked()).toBe(true);
    expect(await page.getByTestId('selection-changes').textContent()).toBe('3 changes: 3 added');
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await shot(page, '10-users-selected');

    await tabTo(page, 'users-save');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('access-summary').getByText('3 users are allowed to link issues.').waitFor();
    const stored = await settingsAsStored();
    expect(stored.access).toEqual({ mode: 'selected', selectedCount: 3 });
    await shot(page, '11-access-selected');

    const allowed = person(chosen[0]!);
    const refused = DEMO_PEOPLE.find((p) => !chosen.includes(p.displayName) && !p.siteAdmin)!;
    await expect(linkAs(allowed.accountId)).resolves.toBeDefined();
    await expect(linkAs(refused.accountId)).rejects.toThrow('only selected users');
  });

  it('Cancel in "Edit Jira Users" discards the ticks; "Allow all users" keeps the selection for later', async () => {
    await page.getByTestId('edit-users').click();
    await page.getByRole('dialog', { name: 'Edit Jira Users' }).waitFor();
    const row = page.locator('[data-testid^="user-row-"]').first();
    await row.waitFor();
    await row.getByRole('checkbox').click();
    await page.getByTestId('users-cancel').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await settingsAsStored()).access).toEqual({ mode: 'selected', selectedCount: 3 });

    await page.getByTestId('access-all--radio-label').click();
    await page.getByTestId('access-summary').getByText('Your selection of 3 users is kept for later.').waitFor();
    expect((await settingsAsStored()).access).toEqual({ mode: 'all', selectedCount: 3 });
    const anyone = DEMO_PEOPLE.find((p) => p.displayName === 'Sam Carter')!;
    await expect(linkAs(anyone.accountId)).resolves.toBeDefined();
  });

  it('Usage Reports: "Include emails that users hid" is off, explained, and toggles with the keyboard, stored at once', async () => {
    const box = page.getByTestId('include-hidden-emails--hidden-checkbox');
    expect(await box.isChecked()).toBe(false);
    await page.getByTestId('hidden-emails-summary').getByText('Emails people hid are not sent.').waitFor();
    await box.focus();
    await page.keyboard.press('Space');
    await page.getByTestId('hidden-emails-summary').getByText('The next usage reports include the emails of people who hid them.', { exact: false }).waitFor();
    expect((await settingsAsStored()).includeHiddenEmails).toBe(true);
    await page.getByTestId('section-usage-privacy').screenshot({ path: path.join(SHOTS, '09-usage-reports.png') });
    await page.keyboard.press('Space');
    await page.getByTestId('hidden-emails-summary').getByText('Emails people hid are not sent.').waitFor();
    expect((await settingsAsStored()).includeHiddenEmails).toBe(false);
  });

  it('Back returns to the landing view; nothing secret ever reached the browser', async () => {
    await page.getByTestId('back-link').click();
    await page.getByTestId('progress-toggle').waitFor();
    expect(await isFocused(page, 'landing-heading')).toBe(true);
    const everything = [await page.content(), ...traffic.answers].join('\n');
    expect(everything).not.toContain(DEMO_WORKSPACE.apiToken);
    expect(everything).not.toMatch(/whsec_|signingSecret|"apiToken"/);
    expect(problems).toEqual([]);
  });

  it('a user who is not a Jira administrator sees only "Only Jira administrators can use this page." (and the page runs under the Custom UI CSP)', async () => {
    const other = await openAdminPage(context, sandbox, person('Uma User').accountId);
    await other.page.getByTestId('page-forbidden').waitFor();
    expect(await other.page.getByTestId('page-forbidden').textContent()).toContain('Only Jira administrators can use this page.');
    expect(await other.page.getByTestId('progress-toggle').count()).toBe(0);
    // The page rendered although the CSP refuses inline scripts: the bundle loads from its file.
    const inlineRan = await other.page.evaluate(() => {
      const browser = globalThis as unknown as BrowserGlobals & { inlineScriptRan?: boolean };
      const script = browser.document.createElement('script');
      script.textContent = 'globalThis.inlineScriptRan = true';
      browser.document.body.append(script);
      return browser.inlineScriptRan === true;
    });
    expect(inlineRan).toBe(false);
    await shot(other.page, '12-forbidden');
    await other.page.close();
  });
});
