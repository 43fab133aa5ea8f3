import { classifyDelivery, nextAttemptAt } from '../domain/delivery-policy';
import { logEvent } from '../adapters/log';
import type { LoadedOutbox, OutboxRecord } from '../adapters/outbox-store';
import { sendSignedWebhook } from '../adapters/webhook-sender';

export type AttemptResult =
  | { kind: 'delivered' }
  | { kind: 'retry'; reason: string; nextAttemptAt: number; retryAfterSeconds: number | undefined }
  | { kind: 'refused-credentials'; status: number; reason: string }
  | { kind: 'dead'; reason: string };

/**
 * One attempt at a record, by the walk holding the delivery lease: signed afresh (new
 * timestamp, same webhook-id and body) and sent. Returns the record as the outcome leaves
 * it; the walk writes that under a condition on the revision it read (DeliveryWalkWrites).
 */
export async function attemptDelivery(loaded: LoadedOutbox, url: string, secret: string, random: () => number = Math.random): Promise<AttemptResult & { after: OutboxRecord }> {
  const { record } = loaded;
  const sentAt = new Date();
  const response = await sendSignedWebhook({ url, secret, messageId: record.id, body: record.body, now: sentAt });
  const now = Date.now();
  const outcome = classifyDelivery(response, new Date(now));
  const attempted: OutboxRecord = {
    ...record,
    attempts: record.attempts + 1,
    lastAttemptAt: sentAt.getTime(),
    lastStatus: response.kind === 'response' ? response.status : null,
    lastLatencyMs: now - sentAt.getTime(),
  };
  let after: OutboxRecord;
  let result: AttemptResult;
  if (outcome.kind === 'delivered') {
    after = { ...attempted, status: 'delivered', deliveredAt: now, lastError: null };
    result = { kind: 'delivered' };
  } else if (outcome.kind === 'dead') {
    after = { ...attempted, status: 'dead', deadAt: now, lastError: outcome.reason };
    result = { kind: 'dead', reason: outcome.reason };
  } else if (outcome.kind === 'refused-credentials') {
    // Kept pending and due: it goes first, in order, once an admin has connected again.
    after = { ...attempted, lastError: outcome.reason, nextAttemptAt: now };
    result = { kind: 'refused-credentials', status: outcome.status, reason: outcome.reason };
  } else {
    const at = nextAttemptAt({ attempts: attempted.attempts, ageFrom: record.ageFrom, now, retryAfterSeconds: outcome.retryAfterSeconds, random });
    after = { ...attempted, lastError: outcome.reason, nextAttemptAt: at };
    result = { kind: 'retry', reason: outcome.reason, nextAttemptAt: at, retryAfterSeconds: outcome.retryAfterSeconds };
  }
  logEvent(`delivery.${result.kind}`, {
    messageId: record.id,
    type: record.type,
    attempts: after.attempts,
    status: after.lastStatus,
    ...(result.kind === 'delivered' ? {} : { reason: result.reason }),
    ...(result.kind === 'retry' ? { nextAttemptInSeconds: Math.round((result.nextAttemptAt - now) / 1000) } : {}),
  });
  return { ...result, after };
}
