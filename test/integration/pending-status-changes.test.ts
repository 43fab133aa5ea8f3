/**
 * Transitions wait for their key result's consumer (services/apply-pending-status-changes):
 * a bulk change costs a few queue events per key result, every transition is applied once
 * and in Jira's order, and none is lost when its consumer could not be queued.
 */
import { issueUpdatedEvent } from '../../dev/platform/jira/forge-events';
import { kvs } from '@forge/kvs';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { pushWorkMessages } from '../../src/adapters/work-queue';
import { PENDING_STATUS_PREFIX } from '../../src/adapters/storage-keys';
import { SEED_ACTOR, startConnectedPlatform } from '../support/connected-platform';
import { REDRIVE } from '../support/outbox';
import { USER_ID } from '../support/test-site';

const DONE = '10003';
const IN_PROGRESS = '3';

async function linkedPlatform(issueCount: number, keyResults: number, queue?: { duplicateRate?: number; shuffle?: boolean }) {
  const env = await startConnectedPlatform({ issueCount, ...(queue ? { platform: { queue } } : {}) });
  for (const [i, issue] of env.issues.entries()) await linkIssueToKeyResult({ keyResultId: `kr-${i % keyResults}`, issueId: issue.id, cloudId: env.site.cloudId, actor: SEED_ACTOR });
  await env.platform.settle();
  return env;
}

const progressOf = (env: Awaited<ReturnType<typeof linkedPlatform>>) => {
  const byKeyResult = new Map<string, Array<{ sequence: number; progress: number; issueId: unknown }>>();
  for (const r of env.receiver.verifiedOfType('key_result.progress_updated')) {
    const data = r.parsed.data as { keyResultId: string; sequence: number; progress: number; cause: { kind: string; issueId?: unknown } };
    if (data.cause.kind !== 'issue_status_changed') continue;
    const list = byKeyResult.get(data.keyResultId) ?? [];
    list.push({ sequence: data.sequence, progress: data.progress, issueId: data.cause.issueId });
    byKeyResult.set(data.keyResultId, list);
  }
  return byKeyResult;
};

describe('transitions waiting for their key result', () => {
  it('a bulk change of 120 issues across 3 key results queues a few consumers, and applies every transition once, in order', async () => {
    // The queue delivers some events twice and in any order, as Forge may.
    const env = await linkedPlatform(120, 3, { duplicateRate: 0.2, shuffle: true });
    try {
      const { platform, site, issues } = env;
      const before = platform.queue.stats.pushedByKind['apply-pending-status'] ?? 0;
      const events = issues.map((issue) => issueUpdatedEvent(site, issue, site.transitionIssue(issue.id, DONE, USER_ID).changelog));
      await Promise.all(events.map((event) => platform.fireProductEvent(event)));
      await platform.settle();
      const consumers = (platform.queue.stats.pushedByKind['apply-pending-status'] ?? 0) - before;
      expect(consumers).toBeGreaterThanOrEqual(3);
      expect(consumers).toBeLessThanOrEqual(30);
      const progress = progressOf(env);
      expect([...progress.keys()].sort()).toEqual(['kr-0', 'kr-1', 'kr-2']);
      for (const updates of progress.values()) {
        // One update per transition (40 per key result), sequences one after another, ending at 100 %.
        expect(updates).toHaveLength(40);
        expect(new Set(updates.map((u) => u.issueId)).size).toBe(40);
        const sequences = updates.map((u) => u.sequence);
        expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
        expect(sequences.at(-1)! - sequences[0]!).toBe(39);
        expect(updates.at(-1)!.progress).toBe(100);
      }
      expect(platform.kvs.keys(PENDING_STATUS_PREFIX)).toEqual([]);
    } finally {
      await env.stop();
    }
  });

  it('a transition of an issue counted by 30 key results (more than one transaction holds) reaches all of them', async () => {
    const env = await startConnectedPlatform({ issueCount: 1 });
    try {
      const { platform, site, issues, receiver } = env;
      for (let n = 0; n < 30; n += 1) await linkIssueToKeyResult({ keyResultId: `kr-many-${n}`, issueId: issues[0]!.id, cloudId: site.cloudId, actor: SEED_ACTOR });
      await platform.settle();
      const { issue, changelog } = site.transitionIssue(issues[0]!.id, DONE, USER_ID);
      await platform.fireProductEvent(issueUpdatedEvent(site, issue, changelog));
      await platform.settle();
      const updated = receiver.verifiedOfType('key_result.progress_updated').filter((r) => (r.parsed.data['cause'] as { kind: string }).kind === 'issue_status_changed');
      expect(new Set(updated.map((r) => r.parsed.data['keyResultId'])).size).toBe(30);
      expect(updated.every((r) => r.parsed.data['progress'] === 100)).toBe(true);
      expect(platform.kvs.keys(PENDING_STATUS_PREFIX)).toEqual([]);
    } finally {
      await env.stop();
    }
  });

  it('a transition whose consumer the queue refused is retried by its trigger, not lost', async () => {
    const env = await linkedPlatform(2, 1);
    try {
      const { platform, site, issues, receiver } = env;
      // The installation's 500 queue events of this minute are used up (the links used some).
      let pushed = 0;
      while ((await pushWorkMessages([{ message: { kind: 'drain' }, delayInSeconds: 900 }])).failed.length === 0) pushed += 1;
      expect(pushed).toBeLessThanOrEqual(500);
      const { issue, changelog } = site.transitionIssue(issues[0]!.id, IN_PROGRESS, USER_ID);
      const [result] = await platform.fireProductEvent(issueUpdatedEvent(site, issue, changelog));
      expect(result!.result).toMatchObject({ retryOptions: { retryAfter: 60 } });
      expect(platform.kvs.keys(PENDING_STATUS_PREFIX)).toHaveLength(1);
      await platform.settle(120);
      expect(platform.kvs.keys(PENDING_STATUS_PREFIX)).toEqual([]);
      const updates = receiver.verifiedOfType('key_result.progress_updated').filter((r) => (r.parsed.data['cause'] as { kind: string }).kind === 'issue_status_changed');
      expect(updates).toHaveLength(1);
      expect(receiver.verifiedOfType('issue.status_changed')).toHaveLength(1);
    } finally {
      await env.stop();
    }
  });

  it('a transition left waiting with nobody queued for it (a queue event lost for good) is queued by the redrive', async () => {
    const env = await linkedPlatform(1, 1);
    try {
      const { platform, issues, receiver } = env;
      // As a trigger stores it; its consumer's queue event is then lost.
      const change = { keyResultId: 'kr-0', issueId: issues[0]!.id, issueKey: issues[0]!.key, statusId: DONE, categoryKey: 'done', changelogId: '990001', at: Date.now() };
      await kvs.set(`${PENDING_STATUS_PREFIX}kr-0:${'990001'.padStart(20, '0')}:${issues[0]!.id}`, change);
      await platform.elapse(4 * 60, { scheduledTriggers: [REDRIVE] });
      expect(platform.kvs.keys(PENDING_STATUS_PREFIX)).toHaveLength(1);
      await platform.elapse(6 * 60, { scheduledTriggers: [REDRIVE] });
      expect(platform.kvs.keys(PENDING_STATUS_PREFIX)).toEqual([]);
      const updates = receiver.verifiedOfType('key_result.progress_updated').filter((r) => (r.parsed.data['cause'] as { kind: string }).kind === 'issue_status_changed');
      expect(updates.map((r) => r.parsed.data['progress'])).toEqual([100]);
    } finally {
      await env.stop();
    }
  });
});
