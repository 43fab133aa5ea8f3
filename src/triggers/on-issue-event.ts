import { InvocationError, InvocationErrorCode } from '@forge/events';
import { TransientError } from '../domain/app-errors';
import { cloudIdFromInstallContext } from '../domain/install-context';
import { readString } from '../domain/read-json';
import { logEvent } from '../adapters/log';
import { handleIssueUpdated } from '../services/handle-issue-updated';

/**
 * avi:jira:created|updated|deleted:issue. Status changes drive progress; created and
 * deleted issues matter once they are linked (handled by reconciliation and, for
 * deletions, by the link store in a later change), so they are acknowledged here.
 */
export async function onIssueEvent(event: unknown, context: unknown): Promise<unknown> {
  const eventType = readString(event, 'eventType');
  const cloudId = cloudIdFromInstallContext(readString(context, 'installContext'));
  if (!cloudId) {
    logEvent('trigger.ignored', { eventType, reason: 'no cloud id in installContext' });
    return undefined;
  }
  if (eventType !== 'avi:jira:updated:issue') {
    logEvent('trigger.ignored', { eventType, reason: 'only status changes are synced so far' });
    return undefined;
  }
  try {
    const outcome = await handleIssueUpdated(event, cloudId);
    logEvent('trigger.issue-updated', { outcome: outcome.kind, ...(outcome.kind === 'queued' ? { keyResults: outcome.keyResults } : { reason: outcome.reason }) });
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
