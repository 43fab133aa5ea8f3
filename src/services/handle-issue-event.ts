import { InvocationError, InvocationErrorCode } from '@forge/events';
import { isSyncActive } from '../domain/app-settings';
import { loadSettings } from '../adapters/settings-store';
import { logEvent } from '../adapters/log';
import { handleIssueDeleted } from './handle-issue-deleted';
import { type EventArrival, handleIssueUpdated } from './handle-issue-updated';
import { queueJqlCheck } from './match-issue-jql';
import { recordActivity } from './record-activity';
import { askForDelivery } from './deliver-owed-webhooks';

/**
 * What the issue-event trigger does with avi:jira:created|updated|deleted:issue; also run
 * by the queue for an event the trigger handed over (see triggers/guard-trigger.ts).
 */
export async function handleIssueEvent(event: unknown, eventType: string | undefined, cloudId: string, arrival: EventArrival = 'live'): Promise<unknown> {
  const deleted = eventType === 'avi:jira:deleted:issue';
  // While paused (or never connected) live changes are not followed: the resume's
  // reconciliation reads them from Jira. A deletion is applied in any case.
  const settings = await loadSettings();
  if (!deleted && !isSyncActive(settings)) {
    logEvent('trigger.ignored', { eventType, reason: 'progress updates are off or no workspace is connected' });
    return undefined;
  }
  // A created issue and every history entry are a user's activity (activity.recorded).
  let activityOwed = false;
  if (!deleted) {
    const activity = await recordActivity(event, cloudId, settings);
    activityOwed = activity.kind === 'queued';
    if (activity.kind !== 'ignored') logEvent('trigger.activity', { eventType, outcome: activity.kind, activityKey: activity.activityKey });
  }
  // Any change (a label, a project move) can make a key result's JQL match or stop matching.
  const jql = deleted ? ({ kind: 'none' } as const) : await queueJqlCheck(event);
  if (jql.kind === 'queued') logEvent('trigger.jql-check-queued', { eventType });
  const outcome = deleted
    ? await handleIssueDeleted(event)
    : eventType === 'avi:jira:updated:issue'
      ? await handleIssueUpdated(event, cloudId, arrival)
      : ({ kind: 'ignored', reason: 'a new issue counts only through a JQL match' } as const);
  // One walk for everything this event wrote: queued here, unless the progress updates just
  // queued will walk anyway (their consumers take the status and activity records along).
  if (activityOwed && outcome.kind !== 'queued') await askForDelivery('queue');
  logEvent(`trigger.issue-${eventType?.split(':')[2] ?? 'event'}`, { outcome: outcome.kind, ...(outcome.kind === 'queued' ? { keyResults: outcome.keyResults } : { reason: outcome.reason }) });
  // Every step is idempotent, so the whole event can come again.
  if (outcome.kind === 'retry' || jql.kind === 'retry') return new InvocationError({ retryAfter: 60, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  return undefined;
}
