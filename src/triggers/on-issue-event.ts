import { InvocationError, InvocationErrorCode } from '@forge/events';
import { TransientError } from '../domain/app-errors';
import { cloudIdFromInstallContext } from '../domain/install-context';
import { readString } from '../domain/read-json';
import { logEvent } from '../adapters/log';
import { handleIssueDeleted } from '../services/handle-issue-deleted';
import { handleIssueUpdated } from '../services/handle-issue-updated';

/**
 * avi:jira:created|updated|deleted:issue. Status changes of linked issues drive progress;
 * a deleted issue leaves its key results at once; a created issue is linked to nothing yet
 * (JQL links are matched by reconciliation), so it is acknowledged.
 */
export async function onIssueEvent(event: unknown, context: unknown): Promise<unknown> {
  const eventType = readString(event, 'eventType');
  const cloudId = cloudIdFromInstallContext(readString(context, 'installContext'));
  if (!cloudId) {
    logEvent('trigger.ignored', { eventType, reason: 'no cloud id in installContext' });
    return undefined;
  }
  if (eventType !== 'avi:jira:updated:issue' && eventType !== 'avi:jira:deleted:issue') {
    logEvent('trigger.ignored', { eventType, reason: 'a new issue counts toward no key result yet' });
    return undefined;
  }
  try {
    const outcome = eventType === 'avi:jira:deleted:issue' ? await handleIssueDeleted(event) : await handleIssueUpdated(event, cloudId);
    logEvent(eventType === 'avi:jira:deleted:issue' ? 'trigger.issue-deleted' : 'trigger.issue-updated', { outcome: outcome.kind, ...(outcome.kind === 'queued' ? { keyResults: outcome.keyResults } : { reason: outcome.reason }) });
    if (outcome.kind === 'retry') return new InvocationError({ retryAfter: 60, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
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
