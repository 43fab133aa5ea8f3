import { handleActivityEvent } from '../services/handle-activity-event';
import { guardTrigger } from './guard-trigger';

/**
 * Comment and worklog events (avi:jira:commented:issue, avi:jira:deleted:comment,
 * avi:jira:created|updated|deleted:worklog): each becomes an `activity.recorded` webhook.
 * Events the app caused itself never arrive (ignoreSelf in manifest.yml).
 */
export async function onActivityEvent(event: unknown, context: unknown): Promise<unknown> {
  return guardTrigger(event, context, (eventType, cloudId) => handleActivityEvent(event, eventType, cloudId), 'activity');
}

