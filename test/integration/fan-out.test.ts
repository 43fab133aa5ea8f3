/**
 * Work for every key result goes out a hundred at a time from one fan-out message, paced
 * inside the queue's 500 events a minute (which the harness enforces as the platform
 * does): 650 key results are all recalculated, none twice-lost or reported done before
 * they were queued, and the queue never took more than its limit in a minute.
 */
import { useConnectedPlatform } from '../support/connected-platform';
import { seedLinkedKeyResult } from '../support/seed-links';
import { recomputeAllKeyResults } from '../../src/services/queue-every-key-result';

jest.setTimeout(120_000);
const KEY_RESULTS = 650;
const env = useConnectedPlatform(1);

describe('fan-out to every key result', () => {
  it('recalculates all 650 key results, paced under the queue limit, retrying what the queue refused', async () => {
    const { platform, receiver, issues } = env();
    for (let i = 0; i < KEY_RESULTS; i += 1) await seedLinkedKeyResult(`kr-fan-${String(i).padStart(3, '0')}`, [{ issueId: issues[0]!.id, statusId: '10000' }]);
    // Live traffic at the same time: a burst that takes most of a minute's queue budget.
    const { failed } = await import('../../src/adapters/work-queue').then((m) => m.pushWorkMessages(Array.from({ length: 450 }, () => ({ message: { kind: 'deliver' as const, messageId: 'no-such-message' } }))));
    expect(failed).toHaveLength(0);
    expect(await recomputeAllKeyResults('weights_changed')).toEqual({ keyResults: KEY_RESULTS, queued: true });
    await platform.settle(3 * 3600);
    const progress = receiver.verifiedOfType('key_result.progress_updated').filter((r) => (r.parsed.data['cause'] as { kind?: string } | undefined)?.kind === 'weights_changed');
    const ids = new Set(progress.map((r) => r.parsed.data['keyResultId']));
    expect(ids.size).toBe(KEY_RESULTS);
    expect(platform.queue.stats.pushedByKind['fan-out']).toBeGreaterThanOrEqual(Math.ceil(KEY_RESULTS / 100));
    expect(platform.queue.stats.pushedByKind['recompute']).toBeGreaterThanOrEqual(KEY_RESULTS);
  });
});
