import { classifyIssueUpdate } from '../domain/classify-issue-event';
import { buildIssueStatusChanged } from '../domain/webhook-events';
import { type QueuedMessage, pushWorkMessages } from '../adapters/work-queue';
import { listKeyResultsOfIssue } from '../adapters/key-result-store';
import { newOutboxRecord, saveNewOutboxRecord } from '../adapters/outbox-store';
import { resolveStatusCategory } from '../adapters/status-categories';

export type IssueUpdatedOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'queued'; keyResults: number }
  | { kind: 'retry'; reason: string };

/**
 * Trigger side of a transition of a linked issue, on a site that sends (the trigger checks
 * the settings first): classify, write the
 * `issue.status_changed` outbox record, queue its delivery and one progress update per
 * linked key result. Everything expensive happens in the consumer; non-status updates
 * and unlinked issues cost no Jira call and one storage query.
 */
export async function handleIssueUpdated(event: unknown, cloudId: string): Promise<IssueUpdatedOutcome> {
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

  const statusEvent = buildIssueStatusChanged(cloudId, change, categoryKey, new Date());
  await saveNewOutboxRecord(newOutboxRecord({ id: statusEvent.id, type: statusEvent.type, body: JSON.stringify(statusEvent), keyResultId: null, now: Date.now() }));

  // No delivery asked for here: the progress updates' consumers walk the outbox and take this record along.
  const messages: QueuedMessage[] = [
    ...keyResultIds.map((keyResultId) => ({
      message: { kind: 'apply-status' as const, keyResultId, issueId: change.issueId, issueKey: change.issueKey ?? null, statusId: change.toStatusId, categoryKey, changelogId: change.changelogId },
    })),
  ];
  const { failed, reason } = await pushWorkMessages(messages);
  // A lost delivery message is recovered by the redrive job (its outbox record is pending);
  // a lost progress update is not, so the whole event is retried: every step is idempotent.
  if (failed.some((m) => m.kind === 'apply-status')) return { kind: 'retry', reason: `could not queue progress updates: ${reason ?? 'unknown'}` };
  return { kind: 'queued', keyResults: keyResultIds.length };
}
