import { logEvent } from '../adapters/log';
import { loadSettings } from '../adapters/settings-store';
import { recordActivity } from './record-activity';
import { askForDelivery } from './deliver-owed-webhooks';

/**
 * What the activity trigger does with a comment or worklog event; also run by the queue for
 * an event the trigger handed over (see triggers/guard-trigger.ts).
 */
export async function handleActivityEvent(event: unknown, eventType: string | undefined, cloudId: string): Promise<unknown> {
  const outcome = await recordActivity(event, cloudId, await loadSettings());
  if (outcome.kind === 'queued') await askForDelivery('queue');
  logEvent('trigger.activity', { eventType, outcome: outcome.kind, ...(outcome.kind === 'ignored' ? { reason: outcome.reason } : { activityKey: outcome.activityKey }) });
  return undefined;
}
