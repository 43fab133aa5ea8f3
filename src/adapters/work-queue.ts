import { PartialSuccessError, Queue } from '@forge/events';
import type { WorkMessage } from '../domain/work-message';

/**
 * One queue for all of the app's background work: webhook deliveries, status changes to
 * apply, recomputes, reconciliations, JQL checks, removals. Named after that (it was
 * `webhook-delivery`; manifest.yml keeps a consumer on the old name for messages queued
 * before an upgrade).
 */
export const WORK_QUEUE = 'okr-sync-work';

/** The longest delay the queue takes for an event (async events limits): longer waits are chained or the redrive's. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

export interface QueuedMessage {
  message: WorkMessage;
  delayInSeconds?: number;
}

const queue = new Queue({ key: WORK_QUEUE });

/**
 * Changes to one key result are applied one at a time (a concurrency key per key
 * result), so its sequence numbers go out in order and conditional writes rarely clash.
 */
function concurrencyOf(message: WorkMessage) {
  // Walks run freely: the lease, taken under a condition, keeps one at a time.
  if (message.kind === 'deliver' || message.kind === 'drain' || message.kind === 'replay-event') return {};
  // One issue's JQL checks in order too: a later check always sees the later issue.
  if (message.kind === 'match-jql') return { concurrency: { key: `issue-${message.issueId}`, limit: 1 } };
  // One usage sync at a time: two would send two reports of the same day.
  if (message.kind === 'sync-usage') return { concurrency: { key: 'usage-sync', limit: 1 } };
  // One chunk of the history import at a time: each goes on from the last one's cursor.
  if (message.kind === 'import-history') return { concurrency: { key: 'history-import', limit: 1 } };
  // Fan-outs run freely: each is a chain of its own (a recompute and a reconcile may run at once).
  if (message.kind === 'fan-out') return {};
  return { concurrency: { key: `kr-${message.keyResultId}`, limit: 1 } };
}

/**
 * Pushes in chunks of 50 (the platform's limit). Returns the messages that could not be
 * queued, so the caller can keep them for the redrive job instead of losing them.
 */
export async function pushWorkMessages(messages: QueuedMessage[]): Promise<{ failed: WorkMessage[]; reason?: string }> {
  const failed: WorkMessage[] = [];
  let reason: string | undefined;
  for (let i = 0; i < messages.length; i += 50) {
    const chunk = messages.slice(i, i + 50);
    try {
      await queue.push(
        chunk.map((m) => ({
          body: m.message as unknown as Record<string, unknown>,
          ...(m.delayInSeconds ? { delayInSeconds: m.delayInSeconds } : {}),
          ...concurrencyOf(m.message),
        })),
      );
    } catch (error) {
      reason = (error as Error).message;
      if (error instanceof PartialSuccessError) {
        for (const f of error.failedEvents) failed.push((f as unknown as { payload: { body: WorkMessage } }).payload.body);
      } else {
        failed.push(...chunk.map((m) => m.message));
      }
    }
  }
  return reason === undefined ? { failed } : { failed, reason };
}
