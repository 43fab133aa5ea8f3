import { classifyIssueUpdate } from '../domain/classify-issue-event';
import { buildIssueStatusChanged } from '../domain/webhook-events';
import { PENDING_IN_RECORD_TRANSACTION, pendingStatusOperations, savePendingStatusChanges } from '../adapters/pending-status-store';
import { requestStatusApply } from './apply-pending-status-changes';
import { listKeyResultsOfIssue } from '../adapters/key-result-store';
import { newOutboxRecord, saveNewOutboxRecord } from '../adapters/outbox-store';
import { resolveStatusCategory } from '../adapters/status-categories';

/**
 * 'late': the platform retried the event, or the queue replays it (a storage refusal
 * held it back, typically in a bulk change): its key result's consumer may wait a little
 * so other late transitions join it (see requestStatusApply).
 */
export type EventArrival = 'live' | 'late';

export type IssueUpdatedOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'queued'; keyResults: number }
  | { kind: 'retry'; reason: string };

/**
 * Trigger side of a transition of a linked issue, on a site that sends (the trigger checks
 * the settings first): classify, write the `issue.status_changed` outbox record with the
 * transition stored for each linked key result, and make sure each key result's consumer
 * is queued to apply it. Everything expensive happens in the consumer; non-status updates
 * and unlinked issues cost no Jira call and one storage query.
 */
export async function handleIssueUpdated(event: unknown, cloudId: string, arrival: EventArrival = 'live'): Promise<IssueUpdatedOutcome> {
  const classification = classifyIssueUpdate(event);
  if (classification.kind === 'unreadable') return { kind: 'ignored', reason: classification.reason };
  if (classification.kind === 'other-update') return { kind: 'ignored', reason: 'not a status change' };

  const { change } = classification;
  // Only issues that count toward a key result are the backend's business: a busy site's
  // other transitions cost one storage query and no outbox record, queue event or Jira call.
  const keyResultIds = await listKeyResultsOfIssue(change.issueId);
  if (keyResultIds.length === 0) return { kind: 'ignored', reason: 'the issue is not linked to any key result' };
  const categoryKey = change.toCategoryKey ?? (await resolveStatusCategory(change.toStatusId));
  if (!categoryKey) return { kind: 'ignored', reason: `status ${change.toStatusId} is not in Jira's status list` };

  const now = Date.now();
  const statusEvent = buildIssueStatusChanged(cloudId, change, categoryKey, new Date(now));
  // The transition waits for each key result's consumer, stored with its issue.status_changed
  // record in one transaction (a duplicate event stores neither again).
  const pending = keyResultIds.map((keyResultId) => ({ keyResultId, issueId: change.issueId, issueKey: change.issueKey ?? null, statusId: change.toStatusId, categoryKey, changelogId: change.changelogId, at: now }));
  await savePendingStatusChanges(pending.slice(PENDING_IN_RECORD_TRANSACTION));
  await saveNewOutboxRecord(newOutboxRecord({ id: statusEvent.id, type: statusEvent.type, body: JSON.stringify(statusEvent), keyResultId: null, now }), pendingStatusOperations(pending.slice(0, PENDING_IN_RECORD_TRANSACTION)));

  // No delivery asked for here: the key results' consumers walk the outbox and take this record along.
  const { failed, reason } = await requestStatusApply(pending, arrival);
  // Stored but nobody queued to apply it: the whole event is retried (every step is
  // idempotent), and the redrive queues it in any case after five minutes.
  if (failed.length > 0) return { kind: 'retry', reason: `could not queue progress updates: ${reason ?? 'unknown'}` };
  return { kind: 'queued', keyResults: keyResultIds.length };
}
