import type { RecomputeReason } from '../domain/delivery-message';
import { type LinkedIssueState, type ReconcileObservation, reconcileLink } from '../domain/key-result-state';
import { readIssueLinkState } from '../adapters/issue-link-state';
import { STATUS_PAGE_SIZE, readIssueStatuses } from '../adapters/issue-statuses';
import { JiraNotFoundError } from '../adapters/jira-client';
import { listLinksOfKeyResult } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { pushDeliveryMessages } from '../adapters/delivery-queue';
import { recomputeKeyResult } from './recompute-key-result';
import { updateKeyResult } from './update-key-result';

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
    const page = await listLinksOfKeyResult(keyResultId, cursor);
    for (let i = 0; i < page.links.length; i += STATUS_PAGE_SIZE) {
      const links = page.links.slice(i, i + STATUS_PAGE_SIZE);
      const now = await readIssueStatuses(links.map((l) => l.issueId));
      for (const link of links) {
        report.checked += 1;
        const seen = now.get(link.issueId);
        if (seen && seen.statusId === link.statusId && seen.categoryKey === link.categoryKey) continue;
        const observed: ReconcileObservation = seen ? await observe(link) : { kind: 'missing' };
        const update = await updateKeyResult({
          keyResultId,
          issueId: link.issueId,
          cloudId,
          decide: (aggregate, current) => reconcileLink(aggregate, current, observed),
          cause: observed.kind === 'missing' ? { kind: 'issue_deleted', issueId: link.issueId, issueKey: null } : { kind: 'reconciled', issueId: link.issueId, issueKey: null },
        });
        if (update.kind === 'unchanged') continue;
        if (observed.kind === 'missing') report.removed += 1;
        else report.corrected += 1;
        if (update.kind === 'progress-changed' && update.outbox) await pushDeliveryMessages([{ message: { kind: 'deliver', messageId: update.outbox.id } }]);
      }
    }
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
