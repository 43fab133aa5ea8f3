import { isSyncActive } from '../domain/app-settings';
import { pushWorkMessages } from '../adapters/work-queue';
import { logEvent } from '../adapters/log';
import { deletePendingMarker, listPendingOutboxIds, loadOutboxRecord } from '../adapters/outbox-store';
import { loadSettings } from '../adapters/settings-store';
import { resumeStalledHistoryImport } from '../services/import-history';

/** Stays well under the queue's 500 events a minute, leaving room for live traffic. */
const MAX_REDRIVE_PER_RUN = 300;
/** A message younger than this is probably still in the queue's hands. */
const QUIET_MILLIS = 10 * 60 * 1000;

/**
 * Hourly: re-queues messages the queue could not deliver (a failed push, a crash between
 * steps, updates paused then resumed), oldest first, and removes stale markers; and queues
 * again a history import that stands still.
 */
export async function redriveOutbox(): Promise<{ statusCode: number }> {
  const settings = await loadSettings();
  if (!isSyncActive(settings)) {
    logEvent('redrive.skipped', { reason: 'progress updates are off or no workspace is connected' });
    return { statusCode: 204 };
  }
  const pending = await listPendingOutboxIds(MAX_REDRIVE_PER_RUN);
  const now = Date.now();
  let requeued = 0;
  let cleaned = 0;
  const messages = [];
  for (const { id, markerKey } of pending) {
    const record = await loadOutboxRecord(id);
    if (!record || record.status !== 'pending') {
      await deletePendingMarker(markerKey);
      cleaned += 1;
      continue;
    }
    if (now - (record.lastAttemptAt ?? record.createdAt) < QUIET_MILLIS) continue;
    messages.push({ message: { kind: 'deliver' as const, messageId: id } });
    requeued += 1;
  }
  const { failed } = messages.length > 0 ? await pushWorkMessages(messages) : { failed: [] };
  // A history import whose next chunk was lost stands still: it is queued again from its cursor.
  const importResumed = await resumeStalledHistoryImport(new Date(now)).catch((error: unknown) => {
    logEvent('redrive.history-import-not-resumed', { reason: (error as Error).message });
    return false;
  });
  logEvent('redrive.done', { scanned: pending.length, requeued: requeued - failed.length, notQueued: failed.length, cleaned, importResumed });
  return { statusCode: 204 };
}
