import { readId, readObject, readString } from '../domain/read-json';
import { pushWorkMessages } from '../adapters/work-queue';
import { listKeyResultsOfIssue } from '../adapters/key-result-store';
import { unlinkIssueFromKeyResult } from './link-issue';

export type IssueDeletedOutcome = { kind: 'ignored'; reason: string } | { kind: 'queued'; keyResults: number } | { kind: 'retry'; reason: string };

/**
 * Trigger side of avi:jira:deleted:issue: one storage query, then one queued removal per
 * key result the issue counted toward (keyed per key result, so it is applied in order
 * with that key result's other changes). A push that fails asks for the event again:
 * every removal is idempotent.
 */
export async function handleIssueDeleted(event: unknown): Promise<IssueDeletedOutcome> {
  const issue = readObject(event, 'issue');
  const issueId = readId(issue, 'id');
  if (!issueId) return { kind: 'ignored', reason: 'event has no issue.id' };
  const keyResultIds = await listKeyResultsOfIssue(issueId);
  if (keyResultIds.length === 0) return { kind: 'ignored', reason: 'the issue was linked to no key result' };
  const issueKey = readString(issue, 'key') ?? null;
  const { failed, reason } = await pushWorkMessages(keyResultIds.map((keyResultId) => ({ message: { kind: 'remove-issue', keyResultId, issueId, issueKey } })));
  if (failed.length > 0) return { kind: 'retry', reason: `could not queue ${failed.length} removals: ${reason ?? 'unknown'}` };
  return { kind: 'queued', keyResults: keyResultIds.length };
}

/**
 * Consumer side: the issue leaves the key result, under the same compare-and-set as an
 * unlink (cause issue_deleted, an issue_unlinked with no actor). While updates are paused
 * the totals still change; nothing is sent.
 */
export async function removeDeletedIssue(keyResultId: string, issueId: string, issueKey: string | null, cloudId: string): Promise<void> {
  await unlinkIssueFromKeyResult({ keyResultId, issueId, issueKey, cloudId, actor: { kind: 'system', reason: 'issue deleted in Jira' }, issueDeleted: true });
}
