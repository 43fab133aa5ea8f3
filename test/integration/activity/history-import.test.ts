/**
 * The 30-day history import on the first Connect, over the simulated site's REST history
 * (search/jql, changelog/bulkfetch, comment pages, worklog/updated + list + deleted): it
 * counts exactly what Jira recorded in the window, agrees with live events where the two
 * overlap (whichever comes first), survives 429s without retrying earlier than told,
 * duplicate queue events and a Jira that refuses, and shows its progress.
 */
import { issueCommentedEvent, issueUpdatedEvent, worklogEvent } from '../../../dev/platform/jira/forge-events';
import type { JiraSite } from '../../../dev/platform/jira/site-model';
import { loadActivityDays } from '../../../src/adapters/activity-store';
import { loadHistoryImportProgress } from '../../../src/adapters/history-import-store';
import { type KindCounts, lastDays } from '../../../src/domain/activity-day';
import { type AdminPlatform, ADMIN, MEMBER, createDirectorySite, startAdminPlatform } from '../../support/admin-platform';
import { seededRandom } from '../../support/test-site';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const APP_ACCOUNT = '557058:app-automation';
type Counts = Record<string, Record<string, KindCounts>>;

/**
 * Builds history on the site: `issues` issues created or changed over the last 35 days
 * (some before the window), with transitions, comments (some edited by someone else, a few
 * issues with long threads), worklogs (some edited, some deleted) by the site's people, and
 * a few by an app account.
 */
function seedSiteHistory(site: JiraSite, issues: number, seed = 7): void {
  const random = seededRandom(seed);
  const people = site.data.users.filter((u) => u.accountType === 'atlassian' && u.active).map((u) => u.accountId);
  const pick = () => people[Math.floor(random() * people.length)]!;
  const ago = (maxDays: number) => new Date(Date.now() - 60_000 - random() * maxDays * DAY);
  for (let n = 0; n < issues; n += 1) {
    const createdAt = ago(35);
    const issue = site.createIssue({ projectKey: 'OKR', summary: `History ${n}`, reporterId: pick(), creatorId: pick(), at: createdAt });
    const later = () => new Date(createdAt.getTime() + random() * (Date.now() - 60_000 - createdAt.getTime()));
    const moments = Array.from({ length: 6 }, later).sort((a, b) => a.getTime() - b.getTime());
    site.transitionIssue(issue.id, '3', n % 17 === 0 ? APP_ACCOUNT : pick(), moments[0]);
    if (n % 2 === 0) site.transitionIssue(issue.id, '10003', pick(), moments[1]);
    const comment = site.addComment(issue.id, { authorId: pick(), body: 'first', at: moments[2] });
    if (n % 3 === 0) site.editComment(comment.id, { authorId: pick(), body: 'edited', at: moments[4] });
    if (n % 4 === 0) site.addComment(issue.id, { authorId: pick(), body: 'second', at: moments[3] });
    // A few long discussions: more comments than a search result carries, so they are paged.
    if (n % 25 === 0) for (let c = 0; c < 24; c += 1) site.addComment(issue.id, { authorId: pick(), body: `thread ${c}`, at: later() });
    const worklog = site.addWorklog(issue.id, { authorId: pick(), timeSpentSeconds: 900, comment: '', at: moments[3] });
    if (n % 5 === 0) site.editWorklog(worklog.id, { authorId: pick(), timeSpentSeconds: 1800, at: moments[5] });
    if (n % 7 === 0) site.deleteWorklog(site.addWorklog(issue.id, { authorId: pick(), timeSpentSeconds: 60, comment: '', at: moments[1] }).id, moments[5]);
  }
}

/** What Jira's history says, computed from the site's data (the oracle the import must equal). */
function expectedCounts(site: JiraSite, windowFrom: string, until = new Date().toISOString()): Counts {
  const counts: Counts = {};
  const human = (id: string) => site.user(id)?.accountType === 'atlassian';
  const add = (at: string, accountId: string, kind: keyof KindCounts) => {
    const iso = new Date(at).toISOString();
    if (iso < windowFrom || iso > until || !human(accountId)) return;
    const user = ((counts[iso.slice(0, 10)] ??= {})[accountId] ??= {});
    user[kind] = (user[kind] ?? 0) + 1;
  };
  for (const issue of site.data.issues) {
    add(issue.created, issue.creatorId, 'issue');
    for (const changelog of issue.changelogs) if (changelog.items.length > 0) add(changelog.created, changelog.authorId, 'history');
  }
  for (const c of site.data.comments) {
    add(c.created, c.authorId, 'comment');
    if (c.updated !== c.created) add(c.updated, c.updateAuthorId, 'comment');
  }
  for (const w of site.data.worklogs) {
    add(w.created, w.authorId, 'worklog');
    if (w.updated !== w.created) add(w.updated, w.updateAuthorId, 'worklog');
  }
  return counts;
}

async function storedCounts(): Promise<Counts> {
  const days = lastDays(new Date().toISOString().slice(0, 10), 31);
  const stored = await loadActivityDays(days);
  const counts: Counts = {};
  for (const [day, users] of stored) if (users.size > 0) counts[day] = Object.fromEntries(users);
  return counts;
}

const windowFromOf = async () => (await loadHistoryImportProgress())!.windowFrom;

let env: AdminPlatform;
afterEach(() => env?.stop());

async function start(issues: number, options: Parameters<typeof startAdminPlatform>[0] = {}, extraPeople = 0): Promise<void> {
  const site = createDirectorySite(extraPeople);
  seedSiteHistory(site, issues);
  env = await startAdminPlatform({ site, ...options });
}

describe('the 30-day history import', () => {
  it('counts on the first Connect exactly what Jira recorded in the window, in several chunks, and reports it', async () => {
    // Enough people that the counts fill more than one part (about 1,000 day × person entries each).
    await start(400, {}, 80);
    expect((await env.connect()).ok).toBe(true);
    await env.platform.settle(3600);
    const progress = (await loadHistoryImportProgress())!;
    expect(progress).toMatchObject({ state: 'done', failure: null, issuesDone: progress.issuesTotal });
    expect(progress.issuesTotal).toBeGreaterThan(200);
    // Deleted worklogs count toward nobody (Jira keeps no author), and are shown as such.
    expect(progress.unattributedDeletions).toBeGreaterThan(0);
    expect(await storedCounts()).toEqual(expectedCounts(env.site, progress.windowFrom));
    expect(env.platform.queue.stats.pushedByKind['import-history']).toBeGreaterThan(3);
    // A second Connect imports nothing again.
    expect((await env.connect()).ok).toBe(true);
    await env.platform.settle(600);
    expect((await loadHistoryImportProgress())!.importId).toBe(progress.importId);
    expect(await storedCounts()).toEqual(expectedCounts(env.site, progress.windowFrom));
    // The backend got a usage report with the imported days.
    const { events } = (await (await fetch(`${env.backend.url}/api/events`)).json()) as { events: Array<{ type: string; payload?: { data: { reportId: string; users: Array<{ accountId: string; activeDays: number }> } } }> };
    const reports = events.filter((e) => e.type === 'usage.report').map((e) => e.payload!.data);
    const latest = reports.map((r) => r.reportId).sort().at(-1);
    const reported = reports.filter((r) => r.reportId === latest).flatMap((r) => r.users);
    const activeDays = (id: string) => Object.values(expectedCounts(env.site, progress.windowFrom)).filter((users) => users[id]).length;
    expect(reported.find((u) => u.accountId === MEMBER.accountId)?.activeDays).toBe(activeDays(MEMBER.accountId));
  });

  it('agrees with live events where they overlap: the same changes count once, whichever arrives first', async () => {
    await start(30);
    const { site, platform } = env;
    const issue = site.data.issues[0]!;
    // A change made just before the Connect, whose event arrives after it (a platform retry).
    const beforeConnect = issueCommentedEvent(site, issue, site.addComment(issue.id, { authorId: MEMBER.accountId, body: 'just before', at: new Date(Date.now() - 5_000) }));
    expect((await env.connect()).ok).toBe(true);
    await platform.fireProductEvent(beforeConnect);
    // Before the import runs: live events of new changes.
    const liveFirst = [
      issueCommentedEvent(site, issue, site.addComment(issue.id, { authorId: MEMBER.accountId, body: 'live first' })),
      worklogEvent('avi:jira:created:worklog', site.addWorklog(issue.id, { authorId: ADMIN.accountId, timeSpentSeconds: 600, comment: '' })),
    ];
    for (const event of liveFirst) await platform.fireProductEvent(event);
    // Changes whose events are late: the import finds them first.
    const { issue: moved, changelog } = site.transitionIssue(issue.id, '10002', MEMBER.accountId);
    const lateEvents = [issueUpdatedEvent(site, moved, changelog), issueCommentedEvent(site, issue, site.addComment(issue.id, { authorId: ADMIN.accountId, body: 'late event' }))];
    await platform.settle(3600);
    expect((await loadHistoryImportProgress())!.state).toBe('done');
    for (const event of lateEvents) await platform.fireProductEvent(event);
    // And one live event repeated after the import, as a platform retry would.
    await platform.fireProductEvent(liveFirst[0]!);
    await platform.drain();
    expect(await storedCounts()).toEqual(expectedCounts(site, await windowFromOf()));
  });

  it('counts exactly once when the queue delivers each chunk twice and in bursts', async () => {
    await start(120, { platform: { queue: { duplicateRate: 1 } } });
    expect((await env.connect()).ok).toBe(true);
    await env.platform.settle(3600);
    expect((await loadHistoryImportProgress())!.state).toBe('done');
    expect(await storedCounts()).toEqual(expectedCounts(env.site, await windowFromOf()));
  });

  it('waits as long as a 429 says (Retry-After, else X-RateLimit-Reset, else backoff), never less, and still counts right', async () => {
    await start(150);
    const { platform } = env;
    const isApp = (principal: { kind: string }) => principal.kind === 'app';
    platform.jira.injectFault((method, path, principal) => isApp(principal) && path.endsWith('/comment'), { status: 429, headers: { 'Retry-After': '120' }, body: { errorMessages: ['Rate limit exceeded.'] } }, 2);
    const reset = () => new Date(Date.now() + 300_000).toISOString();
    platform.jira.injectFault((method, path, principal) => isApp(principal) && path === '/rest/api/3/changelog/bulkfetch', { status: 429, headers: { 'X-RateLimit-Reset': reset() }, body: { errorMessages: ['Rate limit exceeded.'] } }, 1);
    platform.jira.injectFault((method, path, principal) => isApp(principal) && path === '/rest/api/3/worklog/list', { status: 429, body: { errorMessages: ['Rate limit exceeded.'] } }, 3);
    expect((await env.connect()).ok).toBe(true);
    await platform.settle(6 * 3600);
    const progress = (await loadHistoryImportProgress())!;
    expect(progress.state).toBe('done');
    expect(await storedCounts()).toEqual(expectedCounts(env.site, progress.windowFrom));
    const appCalls = platform.jira.exchanges.filter((e) => e.principal === 'app');
    const limited = appCalls.filter((e) => e.status === 429);
    expect(limited).toHaveLength(6);
    for (const refused of limited) {
      const told = refused.responseHeaders?.['retry-after'] ?? refused.responseHeaders?.['Retry-After'];
      const resetAt = refused.responseHeaders?.['x-ratelimit-reset'] ?? refused.responseHeaders?.['X-RateLimit-Reset'];
      const earliest = told ? refused.at + Number(told) * 1000 : resetAt ? Date.parse(String(resetAt)) : refused.at + 5_000;
      const next = appCalls.find((e) => e.at > refused.at && e.url.split('?')[0] === refused.url.split('?')[0]);
      expect(next).toBeDefined();
      expect(next!.at).toBeGreaterThanOrEqual(earliest - 1_000);
    }
  });

  it('stops and says why when Jira refuses its search, changing no counts', async () => {
    await start(20);
    env.platform.jira.injectFault((method, path, principal) => principal.kind === 'app' && path === '/rest/api/3/search/jql', { status: 400, body: { errorMessages: ['The JQL query is invalid.'] } }, 1);
    expect((await env.connect()).ok).toBe(true);
    await env.platform.settle(600);
    const progress = (await loadHistoryImportProgress())!;
    expect(progress.state).toBe('failed');
    expect(progress.failure).toMatch(/Jira refused a request of the history import/);
    expect(await storedCounts()).toEqual({});
  });

  it('goes on from its cursor when the hourly redrive finds it standing still (a chunk event was lost)', async () => {
    await start(150);
    const { platform } = env;
    // Lose the chain's next event while the import waits on a 429.
    platform.jira.injectFault((method, path, principal) => principal.kind === 'app' && path.endsWith('/comment'), { status: 429, headers: { 'Retry-After': '60' }, body: { errorMessages: ['Rate limit exceeded.'] } }, 1);
    expect((await env.connect()).ok).toBe(true);
    await platform.drain();
    expect((await loadHistoryImportProgress())!.state).toBe('waiting');
    expect(platform.queue.discard((body) => body['kind'] === 'import-history')).toBeGreaterThan(0);
    await platform.settle(3600);
    expect((await loadHistoryImportProgress())!.state).not.toBe('done');
    await platform.advance(40 * 60);
    await platform.runScheduledTrigger('redrive-outbox-every-5-minutes');
    await platform.settle(3600);
    const progress = (await loadHistoryImportProgress())!;
    expect(progress.state).toBe('done');
    expect(await storedCounts()).toEqual(expectedCounts(env.site, progress.windowFrom));
  });
});
