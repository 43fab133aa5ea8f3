import { logEvent } from '../adapters/log';
import { loadSettings } from '../adapters/settings-store';
import { recordActivity } from '../services/record-activity';
import { askForDelivery } from '../services/deliver-owed-webhooks';
import { guardTrigger } from './guard-trigger';

/**
 * Comment and worklog events (avi:jira:commented:issue, avi:jira:deleted:comment,
 * avi:jira:created|updated|deleted:worklog): each becomes an `activity.recorded` webhook.
 * Events the app caused itself never arrive (ignoreSelf in manifest.yml).
 */
export async function onActivityEvent(event: unknown, context: unknown): Promise<unknown> {
  return guardTrigger(event, context, (eventType, cloudId) => handleActivityEvent(event, eventType, cloudId), 'activity');
}

/** The trigger's work, also run by the queue for an event handed over (see guard-trigger.ts). */
export async function handleActivityEvent(event: unknown, eventType: string | undefined, cloudId: string): Promise<unknown> {
  const outcome = await recordActivity(event, cloudId, await loadSettings());
  if (outcome.kind === 'queued') await askForDelivery('queue');
  logEvent('trigger.activity', { eventType, outcome: outcome.kind, ...(outcome.kind === 'ignored' ? { reason: outcome.reason } : { activityKey: outcome.activityKey }) });
  return undefined;
}
