import { loadDeliveryHealth, saveDeliveryHealth } from '../adapters/delivery-state-store';
import { listDeadLetterIds, listPendingMarkers, loadOutboxRecord, redeliverDeadLetter } from '../adapters/outbox-store';
import { deadLetterKey } from '../adapters/storage-keys';
import { loadSettings } from '../adapters/settings-store';
import { logEvent } from '../adapters/log';
import { askForDelivery } from './deliver-owed-webhooks';
import type { DeliveryHealthView } from '../domain/delivery-views';

/** Counting stops here: past it the admin sees "1,000 or more", at ten storage reads. */
const COUNT_LIMIT = 1000;

async function countPrefix(list: (cursor: string | undefined) => Promise<{ count: number; first: number | undefined; nextCursor: string | undefined }>): Promise<{ count: number; first: number | undefined; capped: boolean }> {
  let count = 0;
  let first: number | undefined;
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    first ??= page.first;
    count += page.count;
    cursor = page.nextCursor;
  } while (cursor && count < COUNT_LIMIT);
  return { count: Math.min(count, COUNT_LIMIT), first, capped: count >= COUNT_LIMIT };
}

const iso = (millis: number | null | undefined): string | null => (millis === null || millis === undefined ? null : new Date(millis).toISOString());

/** The delivery summary of the admin page (and of its landing view when unhealthy). */
export async function describeDeliveryHealth(now: Date): Promise<DeliveryHealthView> {
  const [health, settings] = await Promise.all([loadDeliveryHealth(), loadSettings()]);
  const pending = await countPrefix(async (cursor) => {
    const page = await listPendingMarkers(cursor);
    return { count: page.markers.length, first: page.markers[0]?.ageFrom, nextCursor: page.nextCursor };
  });
  const dead = await countPrefix(async (cursor) => {
    const page = await listDeadLetterIds(cursor);
    return { count: page.entries.length, first: undefined, nextCursor: page.nextCursor };
  });
  const reconnectNeeded = Boolean(settings.connection?.deliveryRefused);
  const waiting = health.retryAt !== null && health.retryAt > now.getTime();
  return {
    healthy: !reconnectNeeded && !waiting && dead.count === 0,
    lastSuccessAt: iso(health.lastSuccessAt),
    lastFailureAt: iso(health.lastFailureAt),
    lastFailure: health.lastFailure,
    retryAt: waiting ? iso(health.retryAt) : null,
    backlog: pending.count,
    deadLetters: dead.count,
    countsCapped: pending.capped || dead.capped,
    oldestUndeliveredAt: iso(pending.first),
    reconnectNeeded,
  };
}

/** Dead letters moved back per Redeliver all: the next click (or the page's next call) goes on. */
const REDELIVER_PER_CALL = 200;

/**
 * The admin's Redeliver: one dead letter (by id) or the oldest ones, pending again with a
 * fresh 72 hours; the backend's wait is lifted (the admin says it is back) and a walk is
 * queued. Returns how many were moved and whether more dead letters remain.
 */
export async function redeliver(target: { id: string } | { all: true }, now: Date): Promise<{ redelivered: number; more: boolean }> {
  let redelivered = 0;
  let more = false;
  if ('id' in target) {
    const loaded = await loadOutboxRecord(target.id);
    if (loaded && loaded.record.status === 'dead' && (await redeliverDeadLetter(loaded, deadLetterKey(loaded.record.deadAt ?? 0, loaded.record.id), now.getTime()))) redelivered = 1;
  } else {
    let cursor: string | undefined;
    do {
      const page = await listDeadLetterIds(cursor, 100);
      for (const entry of page.entries) {
        if (redelivered >= REDELIVER_PER_CALL) {
          more = true;
          break;
        }
        const loaded = await loadOutboxRecord(entry.id);
        if (loaded && (await redeliverDeadLetter(loaded, entry.key, now.getTime()))) redelivered += 1;
      }
      cursor = page.nextCursor;
    } while (cursor && !more);
  }
  if (redelivered > 0) {
    const health = await loadDeliveryHealth();
    await saveDeliveryHealth({ ...health, retryAt: null, failedWalks: 0 });
    await askForDelivery('queue');
  }
  logEvent('delivery.redelivered', { redelivered, more });
  return { redelivered, more };
}
