/**
 * The admin page's Usage section in a real browser against the sandbox (built Custom UI
 * under Forge's CSP, the real bridge code, the app's resolvers over the local platform):
 * a comment made through the sandbox's site actions and earlier activity show in the chart
 * and the table after the usage sync; the table sorts (keyboard too) and pages; the
 * "licensed but inactive for N days" count follows N and lists its users; axe finds nothing
 * serious; a screenshot is kept in artifacts/admin-usage.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/launch-browser';
import { ensureAdminBuilt, prepareAdminPage, seriousViolations } from '../support/admin-browser';
import { DEMO_PEOPLE } from '../../dev/demo/demo-directory';
import { runInvocation } from '../../dev/platform/forge-globals';
import { ADMIN_MODULE_KEY } from '../../dev/sandbox/admin-page';
import { type RunningSandbox, startSandbox } from '../../dev/sandbox/sandbox';
import { countActivity } from '../../src/adapters/activity-store';
import { lastDays } from '../../src/domain/activity-day';
import type { UsageOverview, UsageOverviewPayload } from '../../src/resolvers/admin-api';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'artifacts/admin-usage');

const admin = DEMO_PEOPLE.find((p) => p.siteAdmin)!;
/** Licensed people added for the test, so the table has three pages; only the first does anything (one comment). */
const EXTRA = Array.from({ length: 26 }, (_, i) => ({ accountId: `557058:usage-extra-${String(i + 1).padStart(2, '0')}`, displayName: `Usage Extra ${String(i + 1).padStart(2, '0')}` }));
const commenter = EXTRA[0]!;

jest.setTimeout(120_000);

describe('the Usage section in a browser, against the sandbox', () => {
  let sandbox: RunningSandbox;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  /** What the resolver answers the admin directly, to compare the page with. */
  const asked = async (payload: UsageOverviewPayload): Promise<UsageOverview> => {
    const answer = (await sandbox.platform.invokeResolver(ADMIN_MODULE_KEY, 'admin.usageOverview', payload, admin.accountId)) as { ok: boolean; data: UsageOverview };
    if (!answer.ok) throw new Error('admin.usageOverview failed');
    return answer.data;
  };
  const section = () => page.getByTestId('section-usage');
  const rangeShows = (text: string) => section().getByTestId('usage-range').getByText(text, { exact: false }).waitFor();
  const firstRowName = async () => (await section().locator('tbody tr').first().locator('td').first().textContent()) ?? '';

  beforeAll(async () => {
    ensureAdminBuilt();
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'okr-admin-usage-'));
    sandbox = await startSandbox({ port: 0, dataDir, fresh: true, connected: true, quiet: true });
    const { site } = sandbox.platform;
    for (const person of EXTRA) {
      site.addUser(person);
      site.giveProductAccess(person.accountId, 'jira-software');
    }
    // A comment made through the sandbox's site actions, as on its page: counted live, today.
    const response = await fetch(`${sandbox.url}/api/issues/ONB-3/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actorId: commenter.accountId, body: 'Usage check' }) });
    expect(response.status).toBe(201);
    // Earlier days' activity of a few people, counted as live events would count it.
    const window = lastDays(new Date().toISOString().slice(0, 10), 30);
    const earlier: Array<[number, string]> = [[2, 'Chen Wei'], [9, 'Chen Wei'], [9, 'Farah Haddad'], [16, 'Ivan Petrov'], [20, 'Farah Haddad'], [26, 'Lena Fischer']];
    await runInvocation({ functionKey: 'on-activity-event', moduleKey: 'activity-event-trigger', accountId: undefined, timeoutMillis: 25_000 }, async () => {
      for (const [i, name] of earlier) {
        const accountId = DEMO_PEOPLE.find((p) => p.displayName === name)!.accountId;
        await countActivity({ seenKey: `test:usage:${i}:${accountId}`, day: window[i]!, accountId, kind: 'worklog' });
      }
    });
    await sandbox.platform.drain();
    await sandbox.platform.runScheduledTrigger('sync-usage-daily');
    await sandbox.platform.drain();

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await prepareAdminPage(page, sandbox.url, problems);
    await page.goto(`${sandbox.url}/app/admin/?as=${encodeURIComponent(admin.accountId)}#manage`);
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows 30 days of daily active users as a chart with a name, a description and a table of the numbers', async () => {
    // The section loads when opened (with the keyboard here).
    await page.getByTestId('usage-open').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('usage-heading');
    const chart = page.getByRole('img', { name: 'Daily active users, last 30 days' });
    await chart.waitFor();
    expect(await chart.locator('[data-testid="dau-bar"]').count()).toBe(30);
    const expected = (await asked({})).dailyActiveUsers;
    expect(expected.at(-1)!.users).toBeGreaterThanOrEqual(1);
    expect(await chart.locator('desc').textContent()).toContain(`today so far ${expected.at(-1)!.users}`);

    await page.getByTestId('dau-table-toggle').click();
    const table = page.getByRole('table', { name: 'Daily active users, last 30 days (UTC)' });
    expect(await table.locator('tbody tr').count()).toBe(30);
    expect((await table.locator('tbody tr').last().locator('td').textContent())?.trim()).toBe(String(expected.at(-1)!.users));
    await page.getByTestId('dau-table-toggle').click();
    await table.waitFor({ state: 'detached' });
  });

  it('lists the people of the usage sync; the sandbox comment shows as today’s activity', async () => {
    await section().getByTestId('usage-sync-note').getByText('Users and licences as of the daily usage sync', { exact: false }).waitFor();
    const total = (await asked({})).users.total;
    expect(total).toBeGreaterThan(40);
    await rangeShows(`1–20 of ${total} users`);

    await page.getByLabel('Search users').fill(commenter.displayName);
    await rangeShows('1–1 of 1 user');
    const row = section().getByTestId(`usage-row-${commenter.accountId}`);
    const cells = await row.locator('td').allTextContents();
    const [expected] = (await asked({ search: commenter.displayName })).users.rows;
    expect(expected).toMatchObject({ activeDays: 1, lastActiveDay: new Date().toISOString().slice(0, 10), counts: { comment: 1 } });
    expect(cells[0]).toContain(expected!.email!);
    expect(cells[1]).toBe('Jira Software');
    expect(cells[2]).not.toBe('Not in the last 30 days');
    // Active days, and what they were made of.
    await row.locator('td').nth(3).getByText('1', { exact: true }).waitFor();
    await row.locator('td').nth(3).getByText('1 comment', { exact: true }).waitFor();
    // Another action on the sandbox page shows after Refresh, not a day later.
    const again = await fetch(`${sandbox.url}/api/issues/ONB-3/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actorId: commenter.accountId, body: 'Usage check, again' }) });
    expect(again.status).toBeLessThan(300);
    await page.getByTestId('usage-refresh').click();
    await row.locator('td').nth(3).getByText('2 comments', { exact: true }).waitFor();
    await page.getByLabel('Search users').fill('');
    await rangeShows(`1–20 of ${total} users`);
  });

  it('sorts by a column (with the keyboard too) and goes to page 2', async () => {
    const lastActive = section().getByRole('columnheader', { name: 'Last active' });
    await lastActive.getByRole('button').click();
    await section().locator('th[aria-sort="ascending"]').getByText('Last active').waitFor();
    // Ascending: never active in the window first, as the server sorted them.
    const nameOf = (row: UsageOverview['users']['rows'][number]) => row.displayName ?? row.accountId;
    const [neverActive] = (await asked({ sortKey: 'lastActive', sortOrder: 'ASC' })).users.rows;
    expect(neverActive!.lastActiveDay).toBeNull();
    await section().locator('tbody tr').first().getByText(nameOf(neverActive!)).waitFor();
    expect(await section().locator('tbody tr').first().textContent()).toContain('Not in the last 30 days');

    await lastActive.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await section().locator('th[aria-sort="descending"]').getByText('Last active').waitFor();
    // The keyboard stays on the sorted column, so Enter sorts the other way at once.
    type Focusable = { closest(selector: string): { textContent: string | null } | null };
    const focusedHeading = () => page.evaluate(() => (globalThis as unknown as { document: { activeElement: Focusable | null } }).document.activeElement?.closest('th')?.textContent ?? null);
    for (let tries = 0; tries < 50 && !(await focusedHeading())?.includes('Last active'); tries += 1) await page.waitForTimeout(100);
    expect(await focusedHeading()).toContain('Last active');
    const [latest] = (await asked({ sortKey: 'lastActive', sortOrder: 'DESC' })).users.rows;
    expect(latest!.lastActiveDay).toBe(new Date().toISOString().slice(0, 10));
    await section().locator('tbody tr').first().getByText(nameOf(latest!)).waitFor();

    const total = (await asked({})).users.total;
    const firstOfPage1 = await firstRowName();
    await section().getByTestId('usage-pages').getByRole('button', { name: 'page 2' }).click();
    await rangeShows(`21–40 of ${total} users`);
    expect(await firstRowName()).not.toBe(firstOfPage1);
    const expectedPage2 = (await asked({ sortKey: 'lastActive', sortOrder: 'DESC', page: 2 })).users.rows[0]!;
    expect(await firstRowName()).toContain(nameOf(expectedPage2));
  });

  it('counts the licensed but inactive for N days, checks N before asking, and lists only those users', async () => {
    const count = section().getByTestId('licensed-inactive-count');
    const days = page.getByLabel('Licensed but inactive for (days)');
    await days.fill('40');
    await section().getByTestId('usage-inactive-days-error').getByText('from 1 to 30', { exact: false }).waitFor();
    await days.fill('7');
    const expected = (await asked({ inactiveDays: 7 })).licensedInactive.users;
    // At least the extra people who never did anything; not the commenter (today) nor Lena Fischer (3 days ago).
    expect(expected).toBeGreaterThanOrEqual(EXTRA.length - 1);
    await count.getByText(`licensed users with no activity in the last 7 days`).waitFor();
    expect((await count.textContent())?.startsWith(String(expected))).toBe(true);

    await page.getByTestId('usage-only-inactive--hidden-checkbox').check();
    await rangeShows(`of ${expected} users`);
    await page.getByLabel('Search users').fill(commenter.displayName);
    await section().getByText(`No users match “${commenter.displayName}”.`).waitFor();
    await page.getByLabel('Search users').fill('Usage Extra 02');
    await rangeShows('1–1 of 1 user');
    await page.getByLabel('Search users').fill('');
    await rangeShows(`of ${expected} users`);
  });

  it('has no serious accessibility problems, and a screenshot is kept', async () => {
    await page.getByTestId('dau-table-toggle').click();
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    await page.getByTestId('dau-table-toggle').click();
    await page.getByTestId('usage-only-inactive--hidden-checkbox').uncheck();
    await page.getByLabel('Licensed but inactive for (days)').fill('14');
    await rangeShows('1–20 of');
    expect(await seriousViolations(page, sandbox.url)).toEqual([]);
    // No focus ring or hover left over from the steps above in the kept picture.
    await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur?: () => void } | null } }).document.activeElement?.blur?.());
    await page.mouse.move(0, 0);
    await section().screenshot({ path: path.join(SHOTS, 'usage-section.png'), animations: 'disabled' });
    expect(problems).toEqual([]);
  });
});
