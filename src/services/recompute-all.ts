import { pushDeliveryMessages } from '../adapters/delivery-queue';
import { listKeyResultIds } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import type { RecomputeReason } from '../domain/delivery-message';

/**
 * Queues a recalculation of every key result (one small message each, applied in order
 * with that key result's other changes). Listing costs one read per 100 key results; the
 * work itself happens in the consumer, so a large site never hits the resolver's time limit.
 */
export async function recomputeAllKeyResults(reason: RecomputeReason): Promise<{ keyResults: number; notQueued: number }> {
  let cursor: string | undefined;
  let keyResults = 0;
  let notQueued = 0;
  do {
    const page = await listKeyResultIds(cursor);
    const { failed } = await pushDeliveryMessages(page.ids.map((keyResultId) => ({ message: { kind: 'recompute', keyResultId, reason } })));
    keyResults += page.ids.length;
    notQueued += failed.length;
    cursor = page.nextCursor;
  } while (cursor);
  logEvent('admin.recompute-queued', { keyResults, notQueued, reason });
  return { keyResults, notQueued };
}
