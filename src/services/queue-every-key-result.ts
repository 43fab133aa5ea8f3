import type { WorkMessage, RecomputeReason } from '../domain/work-message';
import { pushWorkMessages } from '../adapters/work-queue';
import { listKeyResultIds } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';

/**
 * Queues one small message per key result ever counted (applied in order with that key
 * result's other changes). Listing costs one read per 100 key results; the work happens
 * in the consumer, so a large site never hits the caller's time limit.
 */
async function queueForEveryKeyResult(what: string, messageFor: (keyResultId: string) => WorkMessage): Promise<{ keyResults: number; notQueued: number }> {
  let cursor: string | undefined;
  let keyResults = 0;
  let notQueued = 0;
  do {
    const page = await listKeyResultIds(cursor);
    const { failed } = await pushWorkMessages(page.ids.map((keyResultId) => ({ message: messageFor(keyResultId) })));
    keyResults += page.ids.length;
    notQueued += failed.length;
    cursor = page.nextCursor;
  } while (cursor);
  logEvent(`${what}-queued`, { keyResults, notQueued });
  return { keyResults, notQueued };
}

/** Re-send every key result's progress with the current weights (after a weights change). */
export const recomputeAllKeyResults = (reason: RecomputeReason) => queueForEveryKeyResult(`recompute.${reason}`, (keyResultId) => ({ kind: 'recompute', keyResultId, reason }));

/**
 * Correct every key result against Jira, then (when `then` is set) send its progress:
 * after a Connect or a resume, transitions missed or made while paused are in what the
 * backend receives.
 */
export const reconcileAllKeyResults = (then: RecomputeReason | null) => queueForEveryKeyResult('reconcile', (keyResultId) => ({ kind: 'reconcile', keyResultId, then }));
