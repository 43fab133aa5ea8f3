import { isSyncActive } from '../domain/app-settings';
import { logEvent } from '../adapters/log';
import { loadSettings } from '../adapters/settings-store';
import { reconcileAllKeyResults } from '../services/queue-every-key-result';

/**
 * Daily: every key result is checked against Jira, so events the platform never
 * delivered (or a transition with a custom event that fired no updated:issue) cannot
 * leave progress wrong for longer than a day. Skipped while paused: the resume runs it.
 */
export async function reconcileDaily(): Promise<{ statusCode: number }> {
  const settings = await loadSettings();
  if (!isSyncActive(settings)) {
    logEvent('reconcile.skipped', { reason: 'progress updates are off or no workspace is connected' });
    return { statusCode: 204 };
  }
  const { queued } = await reconcileAllKeyResults(null);
  return { statusCode: queued ? 204 : 503 };
}
