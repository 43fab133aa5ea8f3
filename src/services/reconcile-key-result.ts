import type { RecomputeReason } from '../domain/delivery-message';
import { jqlOf } from '../domain/jql-link';
import { type KeyResultAggregate, type LinkedIssueState, type ReconcileObservation, applyJqlMiss, countLinks, isJqlMatch, reconcileJqlMatch, reconcileLink } from '../domain/key-result-state';
import { readIssueLinkState } from '../adapters/issue-link-state';
import { STATUS_PAGE_SIZE, readIssueStatuses, searchIssueStatuses } from '../adapters/issue-statuses';
import { JiraBadRequestError, JiraNotFoundError } from '../adapters/jira-client';
import { type QueuedMessage, pushDeliveryMessages } from '../adapters/delivery-queue';
import { loadJqlRegistry } from '../adapters/jql-registry-store';
import { ConcurrentUpdateError, commitKeyResultChange, listLinksOfKeyResult, loadAggregate } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { type LinkDecision, applyLinkDecisions } from './apply-link-batch';
import { recomputeKeyResult } from './recompute-key-result';
import { deliveriesOf, updateKeyResult } from './update-key-result';

export interface ReconcileReport {
  checked: number;
  corrected: number;
  removed: number;
  /** Issues whose JQL match changed (matched, unmatched, or their category), applied in bulk. */
  jqlChanged: number;
  /** The key result's JQL could not run (Jira refused it): its matches were left as they were. */
  jqlFailed: boolean;
  /** The stored totals disagreed with the links (or predate the per-status totals) and were recounted. */
  recounted: boolean;
}

/**
 * The totals must always equal what the links add up to; records written before the
 * per-status totals existed lack them. Either way they are recounted from the links,
 * under the usual compare-and-set (a live change meanwhile wins, and the next run checks again).
 */
async function recountIfDrifted(keyResultId: string, links: ReadonlyMap<string, LinkedIssueState>): Promise<boolean> {
  const before = await loadAggregate(keyResultId);
  const counted = countLinks(keyResultId, links.values(), before.sequence);
  if (before.statuses && sameTotals(before, counted)) return false;
  if (before.sequence === 0 && links.size === 0) return false;
  try {
    await commitKeyResultChange({ before, after: { ...counted, sequence: before.sequence + 1 }, link: undefined, outbox: undefined });
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return false;
    throw error;
  }
  logEvent('key-result.recounted', { keyResultId, links: links.size });
  return true;
}

const sameTotals = (a: KeyResultAggregate, b: KeyResultAggregate): boolean =>
  JSON.stringify(a.counts) === JSON.stringify(b.counts) && JSON.stringify(Object.entries(a.statuses ?? {}).sort()) === JSON.stringify(Object.entries(b.statuses ?? {}).sort());

async function loadAllLinks(keyResultId: string): Promise<Map<string, LinkedIssueState>> {
  const links = new Map<string, LinkedIssueState>();
  let cursor: string | undefined;
  do {
    const page = await listLinksOfKeyResult(keyResultId, cursor);
    for (const link of page.links) links.set(link.issueId, link);
    cursor = page.nextCursor;
  } while (cursor);
  return links;
}

/**
 * The JQL's matches, as Jira finds them now (one status-only search per 100 issues): new
 * matches join, issues it no longer finds leave unless linked directly, categories are
 * corrected. Returns the issues it matched, or null when Jira refused the query.
 */
async function reconcileJqlMatches(keyResultId: string, jql: string | undefined, links: ReadonlyMap<string, LinkedIssueState>, report: ReconcileReport): Promise<Set<string>> {
  const matched = new Set<string>();
  if (jql) {
    let token: string | undefined;
    try {
      do {
        const page = await searchIssueStatuses(jql, token);
        const decisions: LinkDecision[] = [];
        for (const [issueId, status] of page.statuses) {
          matched.add(issueId);
          const found = { keyResultId, issueId, ...status };
          const decide: LinkDecision['decide'] = (aggregate, link) => reconcileJqlMatch(aggregate, link, found);
          // Most matches are already right: only the ones that would change are batched.
          if (decide({ keyResultId, counts: { new: 0, indeterminate: 0, done: 0 }, sequence: 0 }, links.get(issueId)).kind !== 'unchanged') decisions.push({ issueId, decide });
        }
        report.jqlChanged += await applyLinkDecisions(keyResultId, decisions);
        token = page.nextPageToken;
      } while (token);
    } catch (error) {
      if (!(error instanceof JiraBadRequestError)) throw error;
      // The query no longer runs (a field or project it names is gone): dropping its matches
      // would zero the key result on a typo in Jira; they stay until the backend replaces it.
      report.jqlFailed = true;
      logEvent('key-result.jql-failed', { keyResultId });
      return new Set([...links.values()].filter(isJqlMatch).map((l) => l.issueId));
    }
  }
  const misses = [...links.values()].filter((l) => isJqlMatch(l) && !matched.has(l.issueId));
  report.jqlChanged += await applyLinkDecisions(keyResultId, misses.map((l) => ({ issueId: l.issueId, decide: applyJqlMiss })));
  return matched;
}

/**
 * Brings one key result to what Jira says now. Its JQL's matches first (in bulk, one
 * progress update at the end); then each direct link not among them, 100 per status
 * search: only issues found in another status cost more (their newest changelog id and
 * status, in that order, so a link's version is never ahead of its status); issues Jira
 * no longer has leave. Each direct correction is its own compare-and-set change, so live
 * events in between compose with it. `then`: send the progress afterwards with that reason.
 */
export async function reconcileKeyResult(keyResultId: string, cloudId: string, then: RecomputeReason | null): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, corrected: 0, removed: 0, jqlChanged: 0, jqlFailed: false, recounted: false };
  const links = await loadAllLinks(keyResultId);
  if (await recountIfDrifted(keyResultId, links)) report.recounted = true;
  const matched = await reconcileJqlMatches(keyResultId, jqlOf(await loadJqlRegistry(), keyResultId), links, report);
  report.checked += matched.size;
  const direct = [...links.values()].filter((l) => !matched.has(l.issueId));
  for (let start = 0; start < direct.length; start += STATUS_PAGE_SIZE) {
    const page = direct.slice(start, start + STATUS_PAGE_SIZE);
    const now = await readIssueStatuses(page.map((l) => l.issueId));
    const owed: QueuedMessage[] = [];
    for (const link of page) {
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
  }
  logEvent('key-result.reconciled', { keyResultId, ...report });
  const reason = then ?? (report.jqlChanged > 0 || report.recounted ? 'reconciled_in_bulk' : null);
  if (reason) await recomputeKeyResult(keyResultId, cloudId, reason);
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
