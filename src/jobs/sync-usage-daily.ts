import { isSyncActive } from '../domain/app-settings';
import { logEvent } from '../adapters/log';
import { loadSettings } from '../adapters/settings-store';
import { pushWorkMessages } from '../adapters/work-queue';

/**
 * Daily: queue the usage sync (users, licences, the last 30 days of activity). It runs in
 * the consumer, whose time limit is longer than a scheduled trigger's. Skipped while paused.
 */
export async function syncUsageDaily(): Promise<{ statusCode: number }> {
  if (!isSyncActive(await loadSettings())) {
    logEvent('usage.skipped', { reason: 'progress updates are off or no workspace is connected' });
    return { statusCode: 204 };
  }
  const { failed } = await pushWorkMessages([{ message: { kind: 'sync-usage' } }]);
  return { statusCode: failed.length > 0 ? 503 : 204 };
}
