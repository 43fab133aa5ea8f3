/**
 * JQL-linked key results: progress is the average over the union of direct links and the
 * JQL's matches, each issue once; created and changed issues join or leave as they happen
 * (one jql/match call for all the site's queries); removing the JQL keeps direct links;
 * the daily check corrects what events missed.
 */
import { issueCreatedEvent, issueUpdatedEvent } from '../../../dev/platform/jira/forge-events';
import { loadAggregate, loadLink } from '../../../src/adapters/key-result-store';
import { buildPanelView } from '../../../src/services/issue-panel-view';
import { loadSettings } from '../../../src/adapters/settings-store';
import { linkIssueToKeyResult, unlinkIssueFromKeyResult } from '../../../src/services/link-issue';
import { callWebTrigger } from '../../support/call-web-trigger';
import { SEED_ACTOR, useConnectedPlatform } from '../../support/connected-platform';
import { USER_ID } from '../../support/test-site';

const env = useConnectedPlatform(6);
const call = async (action: string, data: Record<string, unknown>) => {
  const answer = await callWebTrigger(env().platform, { body: { action, data }, secret: env().inboundSecret });
  await env().platform.drain();
  return answer;
};
const progressOf = (keyResultId: string) =>
  env()
    .receiver.verifiedOfType('key_result.progress_updated')
    .map((e) => e.parsed.data)
    .filter((d) => d['keyResultId'] === keyResultId)
    // Receivers order by sequence (docs/webhooks.md), not by arrival.
    .sort((a, b) => (a['sequence'] as number) - (b['sequence'] as number));
const link = (keyResultId: string, index: number) => linkIssueToKeyResult({ keyResultId, issueId: env().issues[index]!.id, cloudId: env().site.cloudId, actor: SEED_ACTOR });
const transition = async (index: number, statusId: string) => {
  const { issue, changelog } = env().site.transitionIssue(env().issues[index]!.id, statusId, USER_ID);
  await env().platform.fireProductEvent(issueUpdatedEvent(env().site, issue, changelog));
  await env().platform.drain();
};
const labelIssues = (label: string, ...indexes: number[]) => {
  for (const i of indexes) env().issues[i]!.labels = [label];
};

describe('a key result linked directly and by JQL', () => {
  it('counts the union, each issue once, and the panel says how each issue counts', async () => {
    labelIssues('q3', 2, 3, 4);
    for (const i of [0, 1, 2]) await link('kr-u', i);
    await env().platform.drain();
    expect((await call('jql.register', { keyResultId: 'kr-u', jql: 'labels = q3' })).status).toBe(202);
    const aggregate = await loadAggregate('kr-u');
    expect(aggregate.counts).toEqual({ new: 5, indeterminate: 0, done: 0 });
    expect(progressOf('kr-u').at(-1)).toMatchObject({ issueCount: 5, cause: { kind: 'jql_changed' } });

    const settings = await loadSettings();
    const viaOf = async (i: number) => (await buildPanelView(settings, USER_ID, env().issues[i]!.id, { canLink: true })).keyResults[0]?.linkedVia;
    expect([await viaOf(0), await viaOf(2), await viaOf(3)]).toEqual(['direct', 'direct-and-jql', 'jql']);

    // Unlinking an issue the JQL still matches keeps it, counted once; another leaves.
    await unlinkIssueFromKeyResult({ keyResultId: 'kr-u', issueId: env().issues[2]!.id, cloudId: env().site.cloudId, actor: SEED_ACTOR });
    await unlinkIssueFromKeyResult({ keyResultId: 'kr-u', issueId: env().issues[0]!.id, cloudId: env().site.cloudId, actor: SEED_ACTOR });
    await env().platform.drain();
    expect((await loadAggregate('kr-u')).counts).toEqual({ new: 4, indeterminate: 0, done: 0 });
    expect(await loadLink('kr-u', env().issues[2]!.id)).toMatchObject({ direct: false, viaJql: true });

    // Linking an issue the JQL already counts adds nothing to the totals.
    const sequence = (await loadAggregate('kr-u')).sequence;
    await link('kr-u', 3);
    expect(await loadAggregate('kr-u')).toMatchObject({ counts: { new: 4, indeterminate: 0, done: 0 }, sequence });
  });

  it('follows a JQL-matched issue’s transitions and sends its status change', async () => {
    labelIssues('q3', 0, 1);
    await call('jql.register', { keyResultId: 'kr-t', jql: 'labels = q3' });
    await transition(0, '10003');
    expect((await loadAggregate('kr-t')).counts).toEqual({ new: 1, indeterminate: 0, done: 1 });
    expect(progressOf('kr-t').at(-1)).toMatchObject({ cause: { kind: 'issue_status_changed', issueId: env().issues[0]!.id } });
    expect(env().receiver.verifiedOfType('issue.status_changed').map((e) => (e.parsed.data['issue'] as { id: string }).id)).toEqual([env().issues[0]!.id]);
  });

  it('lets issues join and leave as they change, with one jql/match call per event for 3 queries', async () => {
    await call('jql.register', { keyResultId: 'kr-active', jql: 'project = OKR AND statusCategory = indeterminate' });
    await call('jql.register', { keyResultId: 'kr-done', jql: 'project = OKR AND statusCategory = done' });
    await call('jql.register', { keyResultId: 'kr-other', jql: 'project = HR' });
    expect((await loadAggregate('kr-active')).counts).toEqual({ new: 0, indeterminate: 0, done: 0 });

    const before = env().platform.jira.exchanges.length;
    await transition(5, '3');
    const calls = env().platform.jira.exchanges.slice(before).map((e) => e.url.split('?')[0]);
    expect(calls.filter((u) => u === '/rest/api/3/jql/match')).toHaveLength(1);
    expect((await loadAggregate('kr-active')).counts).toEqual({ new: 0, indeterminate: 1, done: 0 });
    expect(progressOf('kr-active').at(-1)).toMatchObject({ cause: { kind: 'jql_matched', issueId: env().issues[5]!.id } });
    // The new match's version is the issue's newest changelog id: an older event cannot move it back.
    expect((await loadLink('kr-active', env().issues[5]!.id))?.version).toBe(env().site.findIssue(env().issues[5]!.id)!.changelogs.at(-1)!.id);

    await transition(5, '10003');
    expect((await loadAggregate('kr-active')).counts).toEqual({ new: 0, indeterminate: 0, done: 0 });
    expect((await loadAggregate('kr-done')).counts).toEqual({ new: 0, indeterminate: 0, done: 1 });
    expect(progressOf('kr-active').at(-1)).toMatchObject({ progress: null, cause: { kind: 'jql_unmatched' } });
    expect((await loadAggregate('kr-other')).sequence).toBe(1);
  });

  it('counts an issue created into a JQL’s match', async () => {
    await call('jql.register', { keyResultId: 'kr-new', jql: 'labels = launch' });
    const issue = env().site.createIssue({ projectKey: 'OKR', summary: 'Launch page', reporterId: USER_ID, labels: ['launch'] });
    await env().platform.fireProductEvent(issueCreatedEvent(env().site, issue));
    await env().platform.drain();
    expect((await loadAggregate('kr-new')).counts).toEqual({ new: 1, indeterminate: 0, done: 0 });
  });

  it('removing the JQL keeps the direct links only, and says so', async () => {
    labelIssues('q3', 1, 2);
    await link('kr-r', 0);
    await link('kr-r', 1);
    await call('jql.register', { keyResultId: 'kr-r', jql: 'labels = q3' });
    expect((await loadAggregate('kr-r')).counts.new).toBe(3);
    expect(await call('jql.remove', { keyResultId: 'kr-r' })).toEqual({ status: 202, body: { keyResultId: 'kr-r', removed: true } });
    expect((await loadAggregate('kr-r')).counts.new).toBe(2);
    expect(await loadLink('kr-r', env().issues[2]!.id)).toBeUndefined();
    expect(await loadLink('kr-r', env().issues[1]!.id)).toMatchObject({ viaJql: false });
    expect(progressOf('kr-r').at(-1)).toMatchObject({ issueCount: 2, cause: { kind: 'jql_changed' } });
    expect((await call('jql.remove', { keyResultId: 'kr-r' })).body).toEqual({ keyResultId: 'kr-r', removed: false });
  });

  it('replacing a JQL moves the matches to the new query', async () => {
    labelIssues('a', 0, 1);
    labelIssues('b', 2);
    await call('jql.register', { keyResultId: 'kr-x', jql: 'labels = a' });
    await call('jql.register', { keyResultId: 'kr-x', jql: 'labels = b' });
    expect((await loadAggregate('kr-x')).counts.new).toBe(1);
    expect(await loadLink('kr-x', env().issues[2]!.id)).toBeDefined();
  });

  it('the daily check corrects JQL matches changed without events, in one progress update', async () => {
    labelIssues('q3', 0, 1, 2);
    await call('jql.register', { keyResultId: 'kr-d', jql: 'labels = q3' });
    const sent = progressOf('kr-d').length;
    // Label edits and a transition whose events never arrived.
    labelIssues('q3', 3, 4);
    env().issues[0]!.labels = [];
    env().site.transitionIssue(env().issues[1]!.id, '10003', USER_ID);
    await env().platform.runScheduledTrigger('reconcile-key-results-daily');
    await env().platform.drain();
    expect((await loadAggregate('kr-d')).counts).toEqual({ new: 3, indeterminate: 0, done: 1 });
    expect(progressOf('kr-d').slice(sent)).toEqual([expect.objectContaining({ issueCount: 4, cause: { kind: 'reconciled_in_bulk' } })]);
  });

  it('keeps a JQL’s matches when Jira refuses the query (a field it names was deleted), rather than zeroing the key result', async () => {
    labelIssues('q3', 0, 1);
    await call('jql.register', { keyResultId: 'kr-f', jql: 'labels = q3' });
    expect((await loadAggregate('kr-f')).counts.new).toBe(2);
    env().platform.jira.injectFault((method, path) => path === '/rest/api/3/search/jql', { status: 400, body: { errorMessages: ["Field 'labels' does not exist or you do not have permission to view it."] } }, 10);
    await env().platform.runScheduledTrigger('reconcile-key-results-daily');
    await env().platform.drain();
    expect((await loadAggregate('kr-f')).counts.new).toBe(2);
  });

  it('answers a resync request for one key result or all, checking against Jira first', async () => {
    await link('kr-1', 0);
    await link('kr-2', 1);
    await env().platform.drain();
    env().site.transitionIssue(env().issues[0]!.id, '3', USER_ID); // event lost
    expect(await call('resync.request', { keyResultId: 'kr-1' })).toEqual({ status: 202, body: { queued: 1 } });
    expect(progressOf('kr-1').at(-1)).toMatchObject({ counts: { new: 0, indeterminate: 1, done: 0 }, cause: { kind: 'resync_requested' } });
    expect(await call('resync.request', {})).toEqual({ status: 202, body: { queued: 2 } });
    expect(progressOf('kr-2').at(-1)).toMatchObject({ cause: { kind: 'resync_requested' } });
    // A key result the app never counted is answered too: "no progress yet".
    await call('resync.request', { keyResultId: 'kr-unknown' });
    expect(progressOf('kr-unknown').at(-1)).toMatchObject({ progress: null, issueCount: 0 });
  });
});
