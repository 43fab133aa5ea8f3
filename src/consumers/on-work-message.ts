import { InvocationError, InvocationErrorCode } from '@forge/events';
import { TransientError } from '../domain/app-errors';
import { parseWorkMessage } from '../domain/work-message';
import { cloudIdFromInstallContext } from '../domain/install-context';
import { readObject, readString } from '../domain/read-json';
import { logEvent } from '../adapters/log';
import { handleIssueEvent } from '../services/handle-issue-event';
import { handleLifecycleEvent } from '../services/handle-lifecycle-event';
import { handleActivityEvent } from '../services/handle-activity-event';
import { storageRateLimited } from '../adapters/storage-rate-limit';
import { applyStatusChange } from '../services/apply-status-change';
import { applyPendingStatusChanges } from '../services/apply-pending-status-changes';
import { deliverOwedWebhooks } from '../services/deliver-owed-webhooks';
import { removeDeletedIssue } from '../services/handle-issue-deleted';
import { matchIssueJql } from '../services/match-issue-jql';
import { syncUsage } from '../services/sync-usage';
import { runHistoryImportChunk } from '../services/import-history';
import { continueFanOut } from '../services/queue-every-key-result';
import { reconcileKeyResult } from '../services/reconcile-key-result';
import { recomputeKeyResult } from '../services/recompute-key-result';

/**
 * Consumer of `okr-sync-work` (and of the former `webhook-delivery`, drained after an upgrade). Unreadable messages are logged and dropped (a
 * retry cannot fix them); transient failures ask the platform to retry; anything else
 * throws, which the platform also retries within its retention window.
 */
export async function onWorkMessage(event: unknown, context: unknown): Promise<unknown> {
  const parsed = parseWorkMessage(readObject(event, 'body'));
  if (!parsed.ok) {
    logEvent('consumer.dropped', { reason: parsed.error });
    return undefined;
  }
  const message = parsed.value;
  try {
    if (message.kind === 'deliver' || message.kind === 'drain') {
      await deliverOwedWebhooks('drain-message');
      return undefined;
    }
    const cloudId = cloudIdFromInstallContext(readString(context, 'installContext'));
    if (!cloudId) {
      logEvent('consumer.dropped', { reason: 'no cloud id in installContext' });
      return undefined;
    }
    if (message.kind === 'apply-pending-status') {
      await applyPendingStatusChanges(message.keyResultId, cloudId);
      return undefined;
    }
    if (message.kind === 'recompute') {
      await recomputeKeyResult(message.keyResultId, cloudId, message.reason);
      return undefined;
    }
    if (message.kind === 'remove-issue') {
      await removeDeletedIssue(message.keyResultId, message.issueId, message.issueKey, cloudId);
      return undefined;
    }
    if (message.kind === 'sync-usage') {
      await syncUsage(cloudId, new Date(), message.resume);
      return undefined;
    }
    if (message.kind === 'fan-out') {
      await continueFanOut(message);
      return undefined;
    }
    if (message.kind === 'import-history') {
      await runHistoryImportChunk(cloudId, message.revision);
      return undefined;
    }
    if (message.kind === 'replay-event') {
      // A product event its trigger handed over: the same work, retried by the queue. Its answer (a retry request, or nothing) stands.
      const eventType = readString(message.event, 'eventType');
      logEvent('consumer.replaying-event', { trigger: message.trigger, eventType });
      if (message.trigger === 'issue') return await handleIssueEvent(message.event, eventType, cloudId, 'late');
      if (message.trigger === 'activity') return await handleActivityEvent(message.event, eventType, cloudId);
      return await handleLifecycleEvent(message.trigger, message.event, cloudId);
    }
    if (message.kind === 'match-jql') {
      await matchIssueJql(message.issueId, message.issueKey, cloudId);
      return undefined;
    }
    if (message.kind === 'reconcile') {
      await reconcileKeyResult(message.keyResultId, cloudId, message.then, message.resume);
      return undefined;
    }
    await applyStatusChange(
      message.keyResultId,
      { issueId: message.issueId, statusId: message.statusId, categoryKey: message.categoryKey, changelogId: message.changelogId },
      cloudId,
      message.issueKey,
    );
    return undefined;
  } catch (error) {
    const transient = error instanceof TransientError ? error : storageRateLimited(error);
    if (transient) {
      logEvent('consumer.retry', { kind: message.kind, reason: transient.message });
      return new InvocationError({ retryAfter: Math.min(transient.retryAfterSeconds ?? 30, 900), retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
    }
    throw error;
  }
}
