import { readId, readObject, readString } from '../domain/read-json';
import { listKeyResultsOfIssue } from '../adapters/key-result-store';
import { unlinkIssueFromKeyResult } from './link-issue';

export type IssueDeletedOutcome = { kind: 'ignored'; reason: string } | { kind: 'removed'; keyResults: number };

/**
 * avi:jira:deleted:issue: the issue leaves every key result it counted toward at once, so
 * no progress keeps counting an issue that is gone. Each removal is an unlink under the
 * key result's compare-and-set (idempotent: a retried event finds nothing left to remove).
 * While updates are paused the totals still change; nothing is sent.
 */
export async function handleIssueDeleted(event: unknown, cloudId: string): Promise<IssueDeletedOutcome> {
  const issue = readObject(event, 'issue');
  const issueId = readId(issue, 'id');
  if (!issueId) return { kind: 'ignored', reason: 'event has no issue.id' };
  const keyResultIds = await listKeyResultsOfIssue(issueId);
  if (keyResultIds.length === 0) return { kind: 'ignored', reason: 'the issue was linked to no key result' };
  for (const keyResultId of keyResultIds) {
    await unlinkIssueFromKeyResult({ keyResultId, issueId, issueKey: readString(issue, 'key') ?? null, cloudId, actor: { kind: 'system', reason: 'issue deleted in Jira' }, issueDeleted: true });
  }
  return { kind: 'removed', keyResults: keyResultIds.length };
}
