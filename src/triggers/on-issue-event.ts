import { InvocationError, InvocationErrorCode } from '@forge/events';
import { TransientError } from '../domain/app-errors';
import { cloudIdFromInstallContext } from '../domain/install-context';
import { isSyncActive } from '../domain/app-settings';
import { readString } from '../domain/read-json';
import { loadSettings } from '../adapters/settings-store';
import { logEvent } from '../adapters/log';
import { handleIssueDeleted } from '../services/handle-issue-deleted';
import { handleIssueUpdated } from '../services/handle-issue-updated';
import { queueJqlCheck } from '../services/match-issue-jql';

/**
 * avi:jira:created|updated|deleted:issue. Status changes of linked issues drive progress;
 * a deleted issue leaves its key results at once; a created or changed issue is checked
 * against the site's JQL links (in the consumer, all of them in one Jira call).
 */
export async function onIssueEvent(event: unknown, context: unknown): Promise<unknown> {
  const eventType = readString(event, 'eventType');
  const cloudId = cloudIdFromInstallContext(readString(context, 'installContext'));
  if (!cloudId) {
    logEvent('trigger.ignored', { eventType, reason: 'no cloud id in installContext' });
    return undefined;
  }
  try {
    const deleted = eventType === 'avi:jira:deleted:issue';
    // While paused (or never connected) live changes are not followed: the resume's
    // reconciliation reads them from Jira. A deletion is applied in any case.
    if (!deleted && !isSyncActive(await loadSettings())) {
      logEvent('trigger.ignored', { eventType, reason: 'progress updates are off or no workspace is connected' });
      return undefined;
    }
    // Any change (a label, a project move) can make a key result's JQL match or stop matching.
    const jql = deleted ? ({ kind: 'none' } as const) : await queueJqlCheck(event);
    if (jql.kind === 'queued') logEvent('trigger.jql-check-queued', { eventType });
    const outcome =
      deleted
        ? await handleIssueDeleted(event)
        : eventType === 'avi:jira:updated:issue'
          ? await handleIssueUpdated(event, cloudId)
          : ({ kind: 'ignored', reason: 'a new issue counts only through a JQL match' } as const);
    logEvent(`trigger.issue-${eventType?.split(':')[2] ?? 'event'}`, { outcome: outcome.kind, ...(outcome.kind === 'queued' ? { keyResults: outcome.keyResults } : { reason: outcome.reason }) });
    // Every step is idempotent, so the whole event can come again.
    if (outcome.kind === 'retry' || jql.kind === 'retry') return new InvocationError({ retryAfter: 60, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
    return undefined;
  } catch (error) {
    if (error instanceof TransientError) {
      logEvent('trigger.retry', { eventType, reason: error.message });
      return new InvocationError({
        retryAfter: Math.min(error.retryAfterSeconds ?? 30, 900),
        retryReason: error.upstreamRateLimited ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      });
    }
    throw error;
  }
}
