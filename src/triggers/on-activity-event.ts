import { readString } from '../domain/read-json';
import { logEvent } from '../adapters/log';

/**
 * Comment and worklog events (avi:jira:commented:issue, avi:jira:deleted:comment,
 * avi:jira:created|updated|deleted:worklog). The manifest subscribes now so installs
 * already grant what the activity feature needs; forwarding them as webhooks is not built
 * yet, so this only records that the event arrived.
 */
export async function onActivityEvent(event: unknown): Promise<undefined> {
  logEvent('trigger.activity-received', { eventType: readString(event, 'eventType'), forwarded: false });
  return undefined;
}
