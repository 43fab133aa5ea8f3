import { randomUUID } from 'node:crypto';
import { classifyDelivery } from '../domain/delivery-policy';
import { buildPing } from '../domain/webhook-events';
import { type DeliveryAttemptRow, loadRecentAttempts, recordRecentAttempts } from '../adapters/delivery-state-store';
import { type OutboxRecord, listDeadLetterIds, loadOutboxRecord } from '../adapters/outbox-store';
import { loadSettings, loadSigningSecret } from '../adapters/settings-store';
import { sendSignedWebhook } from '../adapters/webhook-sender';
import { logEvent } from '../adapters/log';
import { describeDeliveryHealth } from './delivery-health';
import type { DeadLetterView, DeliveryAttemptView, DeliveryLogView, TestEventResult } from '../domain/delivery-views';

/** Dead letters listed at once, oldest first; the count is in the health summary. */
const DEAD_LETTERS_LISTED = 50;

const iso = (millis: number | null): string | null => (millis === null ? null : new Date(millis).toISOString());

const attemptView = (row: DeliveryAttemptRow): DeliveryAttemptView => ({ ...row, at: new Date(row.at).toISOString() });

const deadLetterView = (record: OutboxRecord): DeadLetterView => ({
  id: record.id,
  type: record.type,
  keyResultId: record.keyResultId,
  createdAt: new Date(record.createdAt).toISOString(),
  deadAt: iso(record.deadAt),
  attempts: record.attempts,
  lastStatus: record.lastStatus,
  lastError: record.lastError,
});

export async function describeDeliveryLog(now: Date): Promise<DeliveryLogView> {
  const [health, recent, dead] = await Promise.all([describeDeliveryHealth(now), loadRecentAttempts(), listDeadLetterIds(undefined, DEAD_LETTERS_LISTED)]);
  const records = await Promise.all(dead.entries.map((entry) => loadOutboxRecord(entry.id)));
  const deadLetters = records.flatMap((loaded) => (loaded && loaded.record.status === 'dead' ? [deadLetterView(loaded.record)] : []));
  return { health, recent: recent.map(attemptView), deadLetters };
}


/**
 * Send test event: a `ping`, signed and sent now (not through the outbox: nothing is owed,
 * and the admin wants the answer while waiting), shown in the log with what came back.
 */
export async function sendTestEvent(cloudId: string): Promise<TestEventResult | 'not-connected'> {
  const settings = await loadSettings();
  const secret = await loadSigningSecret();
  if (!settings.connection || !secret) return 'not-connected';
  const now = new Date();
  const ping = buildPing(cloudId, now, randomUUID());
  const response = await sendSignedWebhook({ url: settings.connection.webhookUrl, secret, messageId: ping.id, body: JSON.stringify(ping), now });
  const latencyMs = Date.now() - now.getTime();
  const outcome = classifyDelivery(response, new Date());
  const status = response.kind === 'response' ? response.status : null;
  const delivered = outcome.kind === 'delivered';
  const message = delivered ? `The backend answered ${status} in ${latencyMs} ms.` : `The backend did not take the test event: ${outcome.reason}`;
  await recordRecentAttempts([{ id: ping.id, type: ping.type, keyResultId: null, outcome: 'test', at: now.getTime(), attempts: 1, status, latencyMs, error: delivered ? null : outcome.reason }]);
  logEvent('delivery.test-event', { delivered, status, latencyMs });
  return { delivered, status, latencyMs, message };
}
