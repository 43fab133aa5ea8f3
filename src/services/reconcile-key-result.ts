import type { RecomputeReason } from '../domain/delivery-message';
import { type LinkedIssueState, type ReconcileObservation, reconcileLink } from '../domain/key-result-state';
import { readIssueLinkState } from '../adapters/issue-link-state';
import { readIssueStatuses } from '../adapters/issue-statuses';
import { JiraNotFoundError } from '../adapters/jira-client';
import { type QueuedMessage, pushDeliveryMessages } from '../adapters/delivery-queue';
import { listLinksOfKeyResult } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { recomputeKeyResult } from './recompute-key-result';
import { deliveriesOf, updateKeyResult } from './update-key-result';

export interface ReconcileReport {
  checked: number;
  corrected: number;
  removed: number;
}

/**
 * Brings one key result to what Jira says now: each page of 100 links costs one search
 * (status only); only the issues found in another status cost more (their newest
 * changelog id and status, read in that order, so the link's version is never ahead of
 * its status); issues Jira no longer has leave the key result. Each correction is its own
 * compare-and-set change, so live events in between compose with it. `then`: send the
 * key result's progress afterwards with that reason (a resume), in any case.
 */
export async function reconcileKeyResult(keyResultId: string, cloudId: string, then: RecomputeReason | null): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, corrected: 0, removed: 0 };
  let cursor: string | undefined;
  do {
    // A page of links (at most 100, the storage page size) is one status search (at most 100 issues).
    const page = await listLinksOfKeyResult(keyResultId, cursor);
    const now = await readIssueStatuses(page.links.map((l) => l.issueId));
    const owed: QueuedMessage[] = [];
    for (const link of page.links) {
      report.checked += 1;
      const seen = now.get(link.issueId);
      if (seen && seen.statusId === link.statusId && seen.categoryKey === link.categoryKey) continue;
      const observed: ReconcileObservation = seen ? await observe(link) : { kind: 'missing' };
      const missing = observed.kind === 'missing';
      const update = await updateKeyResult({
        keyResultId,
        issueId: link.issueId,
        cloudId,
        decide: (aggregate, current) => reconcileLink(aggregate, current, observed),
        cause: { kind: missing ? 'issue_deleted' : 'reconciled', issueId: link.issueId, issueKey: null },
        // A removal tells the backend the same way a deletion event does.
        ...(missing ? { linkEvent: { type: 'key_result.issue_unlinked' as const, issueKey: null, actorAccountId: null } } : {}),
      });
      if (update.kind === 'unchanged') continue;
      if (missing) report.removed += 1;
      else report.corrected += 1;
      owed.push(...deliveriesOf(update));
    }
    // Queued, not sent from here: a slow backend must not stretch this invocation. A failed
    // push leaves the records pending for the redrive job.
    if (owed.length > 0) await pushDeliveryMessages(owed);
    cursor = page.nextCursor;
  } while (cursor);
  logEvent('key-result.reconciled', { keyResultId, ...report });
  if (then) await recomputeKeyResult(keyResultId, cloudId, then);
  return report;
}

/** The drifted issue read on its own, changelog first: a transition in between then stays newer than the version. */
async function observe(link: LinkedIssueState): Promise<ReconcileObservation> {
  try {
    const { state } = await readIssueLinkState(link.issueId);
    return { kind: 'found', statusId: state.statusId, categoryKey: state.categoryKey, version: state.version };
  } catch (error) {
    // Deleted between the search and this read.
    if (error instanceof JiraNotFoundError) return { kind: 'missing' };
    throw error;
  }
}
