/**
 * A linked issue deleted in Jira leaves its key results at once: the totals drop it, the
 * backend gets the unlink and the new progress (cause issue_deleted), and a repeated
 * event changes nothing. While paused, the totals still follow; nothing is sent.
 */
import { issueDeletedEvent, issueUpdatedEvent } from '../../dev/platform/jira/forge-events';
import { loadAggregate, loadLink } from '../../src/adapters/key-result-store';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { startConnectedPlatform } from '../support/connected-platform';
import { USER_ID } from '../support/test-site';

type Env = Awaited<ReturnType<typeof startConnectedPlatform>>;
let env: Env;
beforeEach(async () => {
  env = await startConnectedPlatform({ issueCount: 3 });
  for (const issue of env.issues) await linkIssueToKeyResult({ keyResultId: 'kr-a', issueId: issue.id, cloudId: env.site.cloudId, actor: { kind: 'system', reason: 'seed' } });
  await linkIssueToKeyResult({ keyResultId: 'kr-b', issueId: env.issues[0]!.id, cloudId: env.site.cloudId, actor: { kind: 'system', reason: 'seed' } });
  const done = env.site.transitionIssue(env.issues[0]!.id, '10003', USER_ID);
  await env.platform.fireProductEvent(issueUpdatedEvent(env.site, done.issue, done.changelog));
  await env.platform.drain();
  expect((await loadAggregate('kr-a')).counts).toEqual({ new: 2, indeterminate: 0, done: 1 });
});
afterEach(() => env.stop());

const deleteInJira = async (index: number) => {
  const issue = env.site.deleteIssue(env.issues[index]!.id);
  const event = issueDeletedEvent(env.site, issue, USER_ID);
  await env.platform.fireProductEvent(event);
  await env.platform.drain();
  return { issue, event };
};

it('removes the issue from every key result it counted toward, and says so to the backend', async () => {
  const before = env.receiver.received.length;
  const { issue, event } = await deleteInJira(0);
  expect((await loadAggregate('kr-a')).counts).toEqual({ new: 2, indeterminate: 0, done: 0 });
  expect((await loadAggregate('kr-b')).counts).toEqual({ new: 0, indeterminate: 0, done: 0 });
  expect(await loadLink('kr-a', issue.id)).toBeUndefined();

  const sent = env.receiver.received.slice(before).map((r) => r.parsed as { type: string; data: Record<string, unknown> });
  const progress = sent.filter((e) => e.type === 'key_result.progress_updated').map((e) => [e.data['keyResultId'], e.data['progress'], e.data['cause']]);
  expect(progress.sort()).toEqual([
    ['kr-a', 0, { kind: 'issue_deleted', issueId: issue.id, issueKey: issue.key }], // the Done issue left: two To Do remain
    ['kr-b', null, { kind: 'issue_deleted', issueId: issue.id, issueKey: issue.key }],
  ]);
  expect(sent.filter((e) => e.type === 'key_result.issue_unlinked').map((e) => e.data['actorAccountId'])).toEqual([null, null]);
  expect(env.receiver.received.slice(before).every((r) => r.verified)).toBe(true);

  // The platform delivers the event again: nothing left to remove, nothing sent.
  const again = env.receiver.received.length;
  await env.platform.fireProductEvent(event);
  await env.platform.drain();
  expect(env.receiver.received.length).toBe(again);
  // No call to Jira about the deleted issue's property (it is gone).
  expect(env.platform.jira.exchanges.filter((e) => e.url.includes(`/issue/${issue.id}/properties`) && e.method === 'DELETE')).toEqual([]);
});

it('while paused, the totals still drop the deleted issue and nothing is sent', async () => {
  await env.setEnabled(false);
  const before = env.receiver.received.length;
  await deleteInJira(1);
  expect((await loadAggregate('kr-a')).counts).toEqual({ new: 1, indeterminate: 0, done: 1 });
  expect(env.receiver.received.length).toBe(before);
});

it('an unlinked issue deleted costs one storage query and sends nothing', async () => {
  const issue = env.site.createIssue({ projectKey: 'OKR', summary: 'Never linked', reporterId: USER_ID });
  const before = env.receiver.received.length;
  const pushed = env.platform.queue.stats.pushed;
  env.site.deleteIssue(issue.id);
  await env.platform.fireProductEvent(issueDeletedEvent(env.site, issue, USER_ID));
  await env.platform.drain();
  expect(env.receiver.received.length).toBe(before);
  expect(env.platform.queue.stats.pushed).toBe(pushed);
});
