import type { AppSettings } from '../domain/app-settings';
import { type LifecycleFacts, type LifecycleRecord, previousVersionOf, unqueuedInOrder } from '../domain/app-lifecycle';
import { buildLifecycleEvent, lifecycleWebhookId } from '../domain/webhook-events';
import { listLifecycleRecords, markLifecycleRecordQueued, saveNewLifecycleRecord } from '../adapters/lifecycle-store';
import { logEvent } from '../adapters/log';
import { newOutboxRecord, saveNewOutboxRecord } from '../adapters/outbox-store';
import { ensureInstallationEpoch, loadSettings } from '../adapters/settings-store';
import { askForDelivery } from './deliver-owed-webhooks';

export type LifecycleOutcome = { kind: 'kept' | 'queued' | 'duplicate'; webhookId: string };

/**
 * The outbox records of lifecycle events, in the order given: their creation times follow
 * that order, so the delivery walk sends an install before its upgrades (no order is
 * promised to receivers: these events carry no key result). Each record is marked queued
 * after its webhook is in the outbox; a crash in between queues it again under the same
 * webhook id, which the outbox refuses as a duplicate.
 */
async function queueRecords(records: readonly LifecycleRecord[], cloudId: string, settings: AppSettings, now: Date): Promise<void> {
  const origin = { cloudId, epoch: await ensureInstallationEpoch(settings) };
  for (const [index, record] of records.entries()) {
    const webhook = buildLifecycleEvent(origin, record, now);
    await saveNewOutboxRecord(newOutboxRecord({ id: webhook.id, type: webhook.type, body: JSON.stringify(webhook), keyResultId: null, now: now.getTime() + index }));
    await markLifecycleRecordQueued(record, now);
  }
}

/**
 * One of Forge's lifecycle events. It is recorded first (once per webhook id: a duplicate
 * changes nothing), then the settings are read: if a workspace is connected, every
 * recorded event not yet queued goes to the outbox now; if not (an install always comes
 * before the first Connect), they wait for the Connect (queueLifecycleEventsOnConnect).
 * Recording before reading the settings, while Connect writes its settings before looking
 * for records, means an event arriving during a Connect is queued by one of the two.
 */
export async function recordLifecycleEvent(facts: LifecycleFacts, cloudId: string, environmentType: string | null, now: Date): Promise<LifecycleOutcome> {
  const webhookId = lifecycleWebhookId(cloudId, facts.kind, facts.installationId, facts.version);
  const known = await listLifecycleRecords();
  let duplicate = known.some((r) => r.webhookId === webhookId);
  if (!duplicate) {
    const record: LifecycleRecord = {
      ...facts,
      webhookId,
      environmentType,
      previousVersion: facts.kind === 'upgraded' ? previousVersionOf(known, facts.installationId) : null,
      receivedAt: now.toISOString(),
      queuedAt: null,
    };
    duplicate = (await saveNewLifecycleRecord(record)) === 'exists';
  }
  const settings = await loadSettings();
  if (!settings.connection) return { kind: duplicate ? 'duplicate' : 'kept', webhookId };
  const owed = unqueuedInOrder(await listLifecycleRecords());
  if (owed.length === 0) return { kind: 'duplicate', webhookId };
  await queueRecords(owed, cloudId, settings, now);
  await askForDelivery('queue');
  return { kind: owed.some((r) => r.webhookId === webhookId) ? 'queued' : 'duplicate', webhookId };
}

/**
 * Called by Connect once the connection is written: the lifecycle events that waited for
 * it (the install, upgrades before the first Connect) go to the outbox, sent with the
 * delivery Connect asks for. One storage query when nothing waits. A failure here does
 * not fail the Connect, which has succeeded: the records stay unqueued, and the next
 * Connect or lifecycle event queues them.
 */
export async function queueLifecycleEventsOnConnect(cloudId: string, settings: AppSettings): Promise<number> {
  try {
    const owed = unqueuedInOrder(await listLifecycleRecords());
    if (owed.length === 0) return 0;
    await queueRecords(owed, cloudId, settings, new Date());
    logEvent('lifecycle.queued', { count: owed.length, on: 'connect' });
    return owed.length;
  } catch (error) {
    logEvent('lifecycle.not-queued', { reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown error' });
    return 0;
  }
}
