/**
 * Reconciliation of a big key result is split into queue messages that each stay well
 * inside the consumer's time limit, goes on where the last one stopped, and survives a
 * chunk that fails half-way (the platform runs it again): the result is exact either way.
 */
import { loadAggregate } from '../../src/adapters/key-result-store';
import { RECONCILE_JIRA_CALLS_PER_CHUNK } from '../../src/services/reconcile-chunk';
import type { CategoryCounts } from '../../src/domain/status-category';
import { startConnectedPlatform } from '../support/connected-platform';
import { seedLinkedKeyResult } from '../support/seed-links';
import { USER_ID } from '../support/test-site';

const ISSUES = 2_500; // 25 storage pages: more than one chunk of RECONCILE_JIRA_CALLS_PER_CHUNK

async function driftedKeyResult() {
  const env = await startConnectedPlatform({ issueCount: ISSUES });
  await seedLinkedKeyResult('kr-big', env.issues.map((i) => ({ issueId: i.id, statusId: i.statusId })), env.site);
  // Every 25th issue moved to Done without an event, and the last one was deleted without one.
  for (let n = 0; n < ISSUES; n += 25) env.site.transitionIssue(env.issues[n]!.id, '10003', USER_ID);
  env.site.deleteIssue(env.issues[ISSUES - 1]!.id);
  const expected: CategoryCounts = { new: ISSUES - 100 - 1, indeterminate: 0, done: 100 };
  return { env, expected };
}

const progressUpdates = (env: Awaited<ReturnType<typeof startConnectedPlatform>>) =>
  env.receiver
    .verifiedOfType('key_result.progress_updated')
    .map((e) => e.parsed.data)
    .filter((d) => d['keyResultId'] === 'kr-big');

describe('a reconciliation bigger than one chunk', () => {
  it(`runs as several messages of about ${RECONCILE_JIRA_CALLS_PER_CHUNK} Jira calls each and ends exact, sending the result once`, async () => {
    const { env, expected } = await driftedKeyResult();
    try {
      await env.platform.runScheduledTrigger('reconcile-key-results-daily');
      await env.platform.drain();
      expect((await loadAggregate('kr-big')).counts).toEqual(expected);
      // 101 drifted issues cost about 2 Jira calls each: several messages, each within its budget.
      expect(env.platform.queue.stats.pushedByKind['reconcile']).toBeGreaterThanOrEqual(4);
      const updates = progressUpdates(env);
      expect(updates.map((d) => (d['cause'] as { kind: string }).kind).filter((k) => k !== 'reconciled')).toEqual(['issue_unreachable']);
      // The deleted issue left the average and is reported, not silently dropped.
      expect(updates.sort((a, b) => (a['sequence'] as number) - (b['sequence'] as number)).at(-1)).toMatchObject({ issueCount: ISSUES - 1, unreachableIssueCount: 1 });
      // The 2,399 links Jira's index agrees with cost nothing: per message, the index read (the
      // status list and one id-only search per status) and one status search for the drifted
      // ones still to settle; then two reads per drifted issue.
      const chunks = env.platform.queue.stats.pushedByKind['reconcile']!;
      const calls = env.platform.jira.exchanges.filter((e) => !e.url.includes('/properties/')).length;
      expect(calls).toBeLessThanOrEqual(2 * 101 + chunks * 5);
    } finally {
      await env.stop();
    }
  });

  it('goes on after a chunk fails half-way: the platform runs it again and nothing is counted twice', async () => {
    const { env, expected } = await driftedKeyResult();
    try {
      // The 40th changelog read (inside a later chunk) fails twice.
      let reads = 0;
      env.platform.jira.injectFault((method, path) => path.endsWith('/changelog') && (reads += 1) >= 40, { status: 503, body: { errorMessages: ['Service unavailable'] } }, 2);
      await env.platform.runScheduledTrigger('reconcile-key-results-daily');
      await env.platform.settle();
      expect(env.platform.queue.stats.retried).toBeGreaterThanOrEqual(1);
      expect((await loadAggregate('kr-big')).counts).toEqual(expected);
      const aggregate = await loadAggregate('kr-big');
      expect(Object.values(aggregate.statuses ?? {}).reduce((a, b) => a + b, 0)).toBe(ISSUES - 1);
    } finally {
      await env.stop();
    }
  });
});
