import { isSyncActive } from '../domain/app-settings';
import { MAX_DELIVERY_ATTEMPTS, classifyDelivery, nextRetryDelaySeconds } from '../domain/delivery-policy';
import { pushWorkMessages } from '../adapters/work-queue';
import { logEvent } from '../adapters/log';
import { type OutboxRecord, loadOutboxRecord, saveOutboxAttempt } from '../adapters/outbox-store';
import { loadSettings, loadSigningSecret } from '../adapters/settings-store';
import { sendSignedWebhook } from '../adapters/webhook-sender';

export type DeliveryResult = 'delivered' | 'retry-scheduled' | 'dead' | 'not-pending' | 'paused';

/**
 * Sends one outbox message and records what happened. A message is delivered at most
 * until it is marked delivered or dead; while updates are paused it stays pending and
 * the redrive job sends it after they resume.
 */
export async function deliverOutboxMessage(messageId: string, record?: OutboxRecord): Promise<DeliveryResult> {
  const current = record ?? (await loadOutboxRecord(messageId));
  if (!current || current.status !== 'pending') return 'not-pending';
  const settings = await loadSettings();
  if (!isSyncActive(settings)) {
    logEvent('delivery.paused', { messageId });
    return 'paused';
  }
  const secret = await loadSigningSecret();
  if (!secret) {
    logEvent('delivery.paused', { messageId, reason: 'no signing secret stored: reconnect on the admin page' });
    return 'paused';
  }
  const now = new Date();
  const response = await sendSignedWebhook({ url: settings.connection.webhookUrl, secret, messageId, body: current.body, now });
  const outcome = classifyDelivery(response, now);
  const attempted: OutboxRecord = { ...current, attempts: current.attempts + 1, lastAttemptAt: now.getTime() };

  if (outcome.kind === 'delivered') {
    await saveOutboxAttempt({ ...attempted, status: 'delivered', deliveredAt: now.getTime(), lastError: null });
    logEvent('delivery.delivered', { messageId, type: current.type, status: outcome.status, attempts: attempted.attempts });
    return 'delivered';
  }
  if (outcome.kind === 'dead' || attempted.attempts >= MAX_DELIVERY_ATTEMPTS) {
    const reason = outcome.kind === 'dead' ? outcome.reason : `gave up after ${attempted.attempts} attempts; last: ${outcome.reason}`;
    await saveOutboxAttempt({ ...attempted, status: 'dead', lastError: reason });
    logEvent('delivery.dead', { messageId, type: current.type, reason });
    return 'dead';
  }
  await saveOutboxAttempt({ ...attempted, lastError: outcome.reason });
  const delay = nextRetryDelaySeconds(attempted.attempts, outcome.retryAfterSeconds, Math.random);
  const pushed = await pushWorkMessages([{ message: { kind: 'deliver', messageId }, delayInSeconds: delay }]);
  // If even the retry cannot be queued, the pending marker remains and the redrive job retries.
  logEvent('delivery.retry', { messageId, reason: outcome.reason, delaySeconds: delay, queued: pushed.failed.length === 0 });
  return 'retry-scheduled';
}
