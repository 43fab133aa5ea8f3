/**
 * The admin page's Usage section over the local platform: the usage sync keeps the people
 * it reported (chunked, replaced whole), admin.usageOverview joins them with the window's
 * activity, counts "licensed but inactive for N days", and searches, sorts and pages on the
 * server within a small read budget. Admins only; a bad payload changes nothing.
 */
import { issueCommentedEvent } from '../../../dev/platform/jira/forge-events';
import { DEMO_PEOPLE } from '../../../dev/demo/demo-directory';
import { countActivity } from '../../../src/adapters/activity-store';
import { loadHistoryImportProgress } from '../../../src/adapters/history-import-store';
import type { UsageOverview, UsageOverviewPayload } from '../../../src/resolvers/admin-api';
import { type AdminPlatform, ADMIN, MEMBER, createDirectorySite, startAdminPlatform, storageState } from '../../support/admin-platform';

const EXTRA_PEOPLE = 30;
/** Demo people with a product (Quinn Taylor has none); the extra people and the deactivated one have none either. */
const LICENSED = DEMO_PEOPLE.filter((p) => p.products.length > 0).length;
const DAY_SECONDS = 86_400;

let env: AdminPlatform;
afterEach(() => env.stop());

async function overview(payload: UsageOverviewPayload = {}, accountId = ADMIN.accountId): Promise<UsageOverview> {
  const answer = await env.call('admin.usageOverview', payload, accountId);
  if (!answer.ok) throw new Error(`admin.usageOverview failed: ${answer.error.message}`);
  return answer.data;
}
const runSync = async () => {
  await env.platform.runScheduledTrigger('sync-usage-daily');
  await env.platform.drain();
};
async function comment(authorId: string, body = 'Looks good') {
  const issue = env.site.findIssue('OKR-1') ?? env.site.createIssue({ projectKey: 'OKR', summary: 'Usage', reporterId: ADMIN.accountId });
  await env.platform.fireProductEvent(issueCommentedEvent(env.site, issue, env.site.addComment(issue.id, { authorId, body })));
  await env.platform.drain();
}
/** Past the hour the summary of the window's past days is kept. */
const afterTheSummaryExpires = () => env.platform.advance(60 * 60 + 1);

describe('before the first usage sync', () => {
  beforeEach(async () => {
    env = await startAdminPlatform({ site: createDirectorySite() });
  });

  it('says there are no users and licences yet, but shows the activity', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await countActivity({ seenKey: 'test:one', day: today, accountId: MEMBER.accountId, kind: 'comment' });
    const answer = await overview();
    expect(answer.lastSync).toBeNull();
    expect(answer.dailyActiveUsers).toHaveLength(30);
    expect(answer.dailyActiveUsers.at(-1)).toEqual({ day: today, users: 1 });
    expect(answer.window.to).toBe(today);
    expect(answer.users.rows).toEqual([expect.objectContaining({ accountId: MEMBER.accountId, displayName: null, activeDays: 1, lastActiveDay: today })]);
    expect(answer.licensedInactive.users).toBe(0);
    expect(answer.historyImport).toBeNull();
  });
});

describe('after the usage sync', () => {
  beforeEach(async () => {
    env = await startAdminPlatform({ site: createDirectorySite(EXTRA_PEOPLE) });
    expect((await env.connect()).ok).toBe(true);
    await env.platform.drain();
  });

  it('lists the people the sync reported, with their licences, as of the sync', async () => {
    const answer = await overview({ pageSize: 100 });
    const everyone = DEMO_PEOPLE.length + EXTRA_PEOPLE + 1;
    expect(answer.lastSync).toEqual({ syncedAt: expect.any(String), users: everyone });
    expect(answer.users.total).toBe(everyone);
    const ids = answer.users.rows.map((r) => r.accountId);
    expect(ids).not.toContain('557058:app-automation');
    expect(answer.users.rows.find((r) => r.accountId === '557058:gone-0001')).toMatchObject({ active: false });
    const product = DEMO_PEOPLE.find((p) => p.products.includes('jira-software') && p.products.includes('jira-product-discovery'))!;
    expect(answer.users.rows.find((r) => r.accountId === product.accountId)!.licences.map((l) => l.productKey)).toEqual(['jira-product-discovery', 'jira-software']);
  });

  it('never stores an email a user hid unless the option is on, and shows it only while it is', async () => {
    const hidden = DEMO_PEOPLE.find((p) => p.emailHidden)!;
    const row = async () => (await overview({ search: hidden.displayName })).users.rows[0];
    const snapshotKeys = () => env.platform.kvs.keys('usage-snapshot');
    const stored = () => JSON.stringify(snapshotKeys().map((key) => env.platform.kvs.peek(key)));
    expect(stored()).toContain(hidden.displayName);
    expect(stored()).not.toContain(hidden.email);
    expect(await row()).toMatchObject({ displayName: hidden.displayName, email: null });

    expect(await env.call('admin.setIncludeHiddenEmails', { enabled: true })).toMatchObject({ ok: true });
    await runSync();
    expect(stored()).toContain(hidden.email);
    expect(await row()).toMatchObject({ email: hidden.email });
    // Turned off again: hidden from the page at once, and from storage at the next sync.
    expect(await env.call('admin.setIncludeHiddenEmails', { enabled: false })).toMatchObject({ ok: true });
    expect(await row()).toMatchObject({ email: null });
    await runSync();
    expect(stored()).not.toContain(hidden.email);
  });

  it('counts the licensed but inactive for N days, and lists only them when asked', async () => {
    const [first, second] = DEMO_PEOPLE.filter((p) => p.products.length > 0 && !p.siteAdmin);
    await comment(first!.accountId);
    await comment(second!.accountId);
    expect((await overview({ inactiveDays: 14 })).licensedInactive).toEqual({ days: 14, users: LICENSED - 2 });

    // Fifteen days later the two comments are still in the window, but not in the last 14 days.
    await env.platform.advance(15 * DAY_SECONDS);
    expect((await overview({ inactiveDays: 14 })).licensedInactive).toEqual({ days: 14, users: LICENSED });
    expect((await overview({ inactiveDays: 30 })).licensedInactive).toEqual({ days: 30, users: LICENSED - 2 });

    const only = await overview({ inactiveDays: 30, onlyInactive: true, pageSize: 100 });
    expect(only.users.total).toBe(LICENSED - 2);
    expect(only.users.rows.map((r) => r.accountId)).not.toContain(first!.accountId);
    expect(only.users.rows.every((r) => r.licences.length > 0 && r.active)).toBe(true);
  });

  it('searches, sorts and pages on the server, 20 a page by default', async () => {
    await comment(MEMBER.accountId);
    await comment(MEMBER.accountId, 'again');
    const firstPage = await overview();
    expect(firstPage.users).toMatchObject({ page: 1, pageSize: 20, pageCount: 3, total: DEMO_PEOPLE.length + EXTRA_PEOPLE + 1 });
    expect(firstPage.users.rows).toHaveLength(20);
    expect(firstPage.users.rows[0]!.displayName).toBe('Ada Admin');
    const secondPage = await overview({ page: 2 });
    expect(secondPage.users.rows.map((r) => r.accountId)).not.toContain(firstPage.users.rows[19]!.accountId);

    const mostActive = (await overview({ sortKey: 'activeDays', sortOrder: 'DESC' })).users.rows[0]!;
    expect(mostActive).toMatchObject({ accountId: MEMBER.accountId, activeDays: 1, counts: { comment: 2, worklog: 0, issue: 0, history: 0 } });
    expect((await overview({ sortKey: 'lastActive', sortOrder: 'DESC' })).users.rows[0]!.accountId).toBe(MEMBER.accountId);
    expect((await overview({ search: 'EXTRA PERSON 00001' })).users.rows.map((r) => r.displayName)).toEqual(['Extra Person 00001']);
    expect((await overview({ search: 'uma.user@' })).users.total).toBe(1);
  });

  it('reads the past days’ buckets at most once an hour and today’s on every view, so an action shows at once', async () => {
    const reads = async (payload: UsageOverviewPayload) => {
      const before = env.platform.kvs.counters.reads;
      await overview(payload);
      return env.platform.kvs.counters.reads - before;
    };
    expect(await reads({})).toBeGreaterThanOrEqual(30 * 64);
    // Today's 64 buckets, settings, history import, the people's header and part, the summary's header and part.
    expect(await reads({ sortKey: 'lastActive' })).toBeLessThanOrEqual(64 + 8);
    expect(await reads({ page: 2 })).toBeLessThanOrEqual(64 + 8);

    // Today's action shows on the next view; an app's does not count (it is no user of the report).
    await comment(MEMBER.accountId);
    await comment('557058:app-automation');
    expect((await overview()).dailyActiveUsers.at(-1)!.users).toBe(1);
    expect((await overview({ search: 'Automation' })).users.total).toBe(0);
    // After midnight, a late event of a past day shows once the kept summary has expired.
    const midnight = Math.ceil(Date.now() / 86_400_000) * 86_400_000;
    await env.platform.advance((midnight - Date.now()) / 1000 + 3600);
    const yesterday = new Date(midnight - 60_000);
    await overview();
    const issue = env.site.findIssue('OKR-1')!;
    await env.platform.fireProductEvent(issueCommentedEvent(env.site, issue, env.site.addComment(issue.id, { authorId: ADMIN.accountId, body: 'late', at: yesterday })));
    await env.platform.drain();
    const yesterdayUsers = async () => (await overview()).dailyActiveUsers.find((d) => d.day === yesterday.toISOString().slice(0, 10))!.users;
    const before = await yesterdayUsers();
    await afterTheSummaryExpires();
    expect(await yesterdayUsers()).toBe(before + 1);
  });

  it('answers the history import’s progress as the import stores it', async () => {
    const progress = await loadHistoryImportProgress();
    const answer = (await overview()).historyImport;
    if (progress === null) expect(answer).toBeNull();
    else expect(answer).toEqual({ state: progress.state, issuesDone: progress.issuesDone, issuesTotal: progress.issuesTotal, activitiesCounted: progress.activitiesCounted, resumesAt: progress.resumesAt, failure: progress.failure });
  });

  it('refuses a bad payload with the field it is about, and writes nothing', async () => {
    for (const [payload, field] of [
      [{ pageSize: 500 }, 'pageSize'],
      [{ inactiveDays: 0 }, 'inactiveDays'],
      [{ sortKey: 'email' }, 'sortKey'],
      [{ everyone: true }, 'everyone'],
      ['all', 'payload'],
    ] as const) {
      const before = storageState(env.platform);
      const answer = await env.call('admin.usageOverview', payload);
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field } });
      expect(storageState(env.platform)).toBe(before);
    }
  });

  it('refuses someone who is not a Jira administrator', async () => {
    expect(await env.call('admin.usageOverview', {}, MEMBER.accountId)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can use this page.' } });
  });
});

describe('the people of the last sync in storage', () => {
  beforeEach(async () => {
    env = await startAdminPlatform({ site: createDirectorySite(1_200) });
    expect((await env.connect()).ok).toBe(true);
    await env.platform.drain();
  });

  it('are kept in parts well under the 240 KiB a value may hold, and a new sync replaces them all', async () => {
    const parts = () => env.platform.kvs.keys('usage-snapshot-part:');
    const first = parts();
    expect(first).toHaveLength(3);
    for (const key of first) expect(Buffer.byteLength(JSON.stringify(env.platform.kvs.peek(key)))).toBeLessThan(120 * 1024);

    await runSync();
    const second = parts();
    expect(second).toHaveLength(3);
    expect(second.filter((key) => first.includes(key))).toEqual([]);
    const answer = await overview({ search: 'Extra Person 01200' });
    expect(answer.lastSync?.users).toBe(DEMO_PEOPLE.length + 1_200 + 1);
    expect(answer.users.rows.map((r) => r.accountId)).toEqual(['557058:extra-01200']);
  });
});
