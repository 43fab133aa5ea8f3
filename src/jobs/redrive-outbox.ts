import { logEvent } from '../adapters/log';
import { storageRateLimited } from '../adapters/storage-rate-limit';
import { resumeStalledHistoryImport } from '../services/import-history';
import { deliverOwedWebhooks } from '../services/deliver-owed-webhooks';
import { queueStrandedStatusChanges } from '../services/apply-pending-status-changes';

/**
 * Every five minutes: walks the outbox (services/deliver-owed-webhooks), which sends the
 * retries that are due (the longer waits of the three-day schedule are longer than the
 * queue can delay), turns records past the maximum age into dead letters also while the
 * backend is failing, and recovers work whose queue event was lost; and queues again a
 * history import that stands still.
 */
export async function redriveOutbox(): Promise<{ statusCode: number }> {
  const report = await deliverOwedWebhooks('redrive').catch((error: unknown) => {
    // Over the storage budget before the walk began: the next run, five minutes on, walks.
    if (!storageRateLimited(error)) throw error;
    return { stop: 'storage-busy' as const };
  });
  // A history import whose next chunk was lost stands still: it is queued again from its cursor.
  const importResumed = await resumeStalledHistoryImport(new Date()).catch((error: unknown) => {
    logEvent('redrive.history-import-not-resumed', { reason: (error as Error).message });
    return false;
  });
  // Transitions nobody is applying (a queue event lost for good): their key results are queued again.
  const strandedKeyResults = await queueStrandedStatusChanges(Date.now()).catch((error: unknown) => {
    logEvent('redrive.stranded-status-changes-not-queued', { reason: (error as Error).message });
    return 0;
  });
  logEvent('redrive.done', { ...report, importResumed, strandedKeyResults });
  return { statusCode: 204 };
}
