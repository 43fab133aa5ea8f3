/**
 * Atlassian does not document how KVS judges a transaction's condition on a record that
 * does not exist (every first write of a key result, a day bucket, a counted activity, the
 * settings, the JQL registry and the history import expects "no record yet"). The app must
 * be right either way: the same flows run under both answers, with the same results.
 */
import { DEMO_KEY_RESULTS } from '../../dev/demo/demo-directory';
import { issueCommentedEvent, issueUpdatedEvent } from '../../dev/platform/jira/forge-events';
import { loadActivityDays } from '../../src/adapters/activity-store';
import { loadHistoryImportProgress } from '../../src/adapters/history-import-store';
import { loadJqlRegistry } from '../../src/adapters/jql-registry-store';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { answerBackendCall } from '../../src/services/answer-backend-call';
import { runInvocation } from '../../dev/platform/forge-globals';
import { type AdminPlatform, MEMBER, createDirectorySite, startAdminPlatform } from '../support/admin-platform';

jest.setTimeout(60_000);
/** A key result the reference workspace knows (it rejects updates of others). */
const KEY_RESULT = DEMO_KEY_RESULTS[0]!.id;

describe.each([['evaluated (NOT_EXISTS passes)', 'evaluate' as const], ['refused whatever it says', 'fail' as const]])('a condition on a missing record %s', (_name, conditionOnMissingRecord) => {
  let env: AdminPlatform;
  beforeEach(async () => {
    const site = createDirectorySite();
    for (let i = 1; i <= 3; i += 1) site.createIssue({ projectKey: 'OKR', summary: `Task ${i}`, reporterId: MEMBER.accountId, at: new Date(Date.now() - i * 86_400_000) });
    env = await startAdminPlatform({ site, platform: { runtime: { conditionOnMissingRecord } } });
  });
  afterEach(() => env.stop());

  it('connects (settings, history import), links and moves an issue, counts activity once, and registers a JQL', async () => {
    const { platform, site } = env;
    expect((await env.connect()).ok).toBe(true);
    await platform.settle(3600);
    expect(await env.call('admin.getSettings', {})).toMatchObject({ ok: true, data: { progressUpdatesEnabled: true } });
    expect((await loadHistoryImportProgress())?.state).toBe('done');
    // A new key result: its first commit expects no record.
    const issue = site.data.issues[0]!;
    const linked = await linkIssueToKeyResult({ keyResultId: KEY_RESULT, issueId: issue.id, cloudId: site.cloudId, actor: { kind: 'system', reason: 'test seed' } });
    expect(linked).toMatchObject({ kind: 'progress-changed' });
    const { issue: moved, changelog } = site.transitionIssue(issue.id, '10003', MEMBER.accountId);
    await platform.fireProductEvent(issueUpdatedEvent(site, moved, changelog));
    // A comment on a new day bucket, twice: counted once.
    const event = issueCommentedEvent(site, issue, site.addComment(issue.id, { authorId: MEMBER.accountId, body: 'once' }));
    await platform.fireProductEvent(event);
    await platform.fireProductEvent(event);
    await platform.settle(3600);
    const { events } = (await (await fetch(`${env.backend.url}/api/events?limit=1000`)).json()) as { events: Array<{ type: string; payload?: { data: { keyResultId?: string; progress?: number } } }> };
    const progress = events.filter((e) => e.type === 'key_result.progress_updated' && e.payload?.data.keyResultId === KEY_RESULT).map((e) => e.payload!.data.progress);
    expect(progress).toContain(100);
    const today = new Date().toISOString().slice(0, 10);
    expect((await loadActivityDays([today])).get(today)!.get(MEMBER.accountId)).toMatchObject({ comment: 1, history: 1 });
    // The first JQL registration (as the web trigger hands it on, once its signature checked out): no registry record yet.
    const answer = await runInvocation({ functionKey: 'on-backend-request', moduleKey: 'okr-backend-inbound', accountId: undefined, timeoutMillis: 55_000 }, () => answerBackendCall({ action: 'jql.register', keyResultId: 'kr-jql', jql: 'project = OKR' }));
    expect(answer.status).toBeLessThan(300);
    expect((await loadJqlRegistry()).links.map((l) => l.keyResultId)).toEqual(['kr-jql']);
  });
});
