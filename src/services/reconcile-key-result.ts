import type { ReconcileResume, RecomputeReason } from '../domain/delivery-message';
import { jqlOf } from '../domain/jql-link';
import { type LinkedIssueState, type ReconcileObservation, applyJqlMiss, countLinks, isJqlMatch, reconcileJqlMatch, reconcileLink } from '../domain/key-result-state';
import { TransientError } from '../domain/app-errors';
import { readIssueLinkState } from '../adapters/issue-link-state';
import { readIssueStatuses, searchIssueStatuses } from '../adapters/issue-statuses';
import { JiraBadRequestError, JiraNotFoundError } from '../adapters/jira-client';
import { JQL_MATCH_ISSUE_BATCH, issuesMatching } from '../adapters/jira-jql';
import { type QueuedMessage, pushDeliveryMessages } from '../adapters/delivery-queue';
import { loadJqlRegistry } from '../adapters/jql-registry-store';
import { ConcurrentUpdateError, commitKeyResultChange, listLinksOfKeyResult, loadAggregate } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { type LinkDecision, applyLinkDecisions } from './apply-link-batch';
import { recomputeKeyResult } from './recompute-key-result';
import { deliveriesOf, updateKeyResult } from './update-key-result';

/**
 * Work per queue message: storage pages of 100 links or Jira pages of 100 issues. 20 of
 * them (2,000 issues, about 20 Jira calls) stay well inside the consumer's 120 s even when
 * Jira is slow; the rest goes on in the next message, from where this one stopped.
 */
export const RECONCILE_PAGES_PER_CHUNK = 20;

export interface ReconcileReport {
  checked: number;
  corrected: number;
  removed: number;
  /** Issues whose JQL match changed (matched, unmatched, or their category), applied in bulk. */
  jqlChanged: number;
  /** The key result's JQL could not run (Jira refused it): its matches were left as they were. */
  jqlFailed: boolean;
  /** The stored totals predate the per-status totals and were recounted from the links. */
  recounted: boolean;
  /** Where the next message goes on, or null when this one finished the key result. */
  continuesAt: ReconcileResume | null;
}

/** Totals written before the per-status totals existed are recounted once from the links (a full scan, a migration step). */
async function recountLegacyTotals(keyResultId: string): Promise<boolean> {
  const before = await loadAggregate(keyResultId);
  if (before.statuses || before.sequence === 0) return false;
  const links: LinkedIssueState[] = [];
  let cursor: string | undefined;
  do {
    const page = await listLinksOfKeyResult(keyResultId, cursor);
    links.push(...page.links);
    cursor = page.nextCursor;
  } while (cursor);
  const counted = countLinks(keyResultId, links, before.sequence);
  try {
    await commitKeyResultChange({ before, after: { ...counted, sequence: before.sequence + 1 }, link: undefined, outbox: undefined });
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return false; // a live change won; the next run recounts
    throw error;
  }
  logEvent('key-result.recounted', { keyResultId, links: links.length });
  return true;
}

interface Chunk {
  keyResultId: string;
  cloudId: string;
  jql: string | undefined;
  report: ReconcileReport;
  pagesLeft: number;
}

/**
 * Links the JQL matched before: checked against it again in jql/match calls of up to
 * 1,000 issues; those it no longer matches leave unless linked directly.
 */
async function sweepJqlMatches(chunk: Chunk, cursor: string | null): Promise<string | null> {
  const jql = chunk.jql;
  if (!jql) return null; // removed since this run began: the direct pass clears its matches
  let next: string | undefined = cursor ?? undefined;
  do {
    const flagged: LinkedIssueState[] = [];
    // Up to 10 storage pages make one jql/match call of up to 1,000 issues.
    for (let pages = 0; pages < JQL_MATCH_ISSUE_BATCH / 100 && chunk.pagesLeft > 0; pages += 1) {
      const page = await listLinksOfKeyResult(chunk.keyResultId, next);
      chunk.pagesLeft -= 1;
      flagged.push(...page.links.filter(isJqlMatch));
      next = page.nextCursor;
      if (!next) break;
    }
    const stillMatched = await issuesMatching(jql, flagged.map((l) => l.issueId));
    if (stillMatched === null) {
      chunk.report.jqlFailed = true;
      return null; // Jira cannot run the query: its matches stay as they are
    }
    const misses = flagged.filter((l) => !stillMatched.has(l.issueId));
    chunk.report.jqlChanged += await applyLinkDecisions(chunk.keyResultId, misses.map((l) => ({ issueId: l.issueId, decide: applyJqlMiss })));
  } while (next && chunk.pagesLeft > 0);
  return next ?? null;
}

/** The JQL's matches as Jira finds them now (status-only search, 100 a page): new matches join, categories are corrected. */
async function discoverJqlMatches(chunk: Chunk, token: string | null): Promise<string | null> {
  if (!chunk.jql) return null;
  let next: string | undefined = token ?? undefined;
  try {
    do {
      const page = await searchIssueStatuses(chunk.jql, next);
      chunk.pagesLeft -= 1;
      const decisions: LinkDecision[] = [];
      for (const [issueId, status] of page.statuses) {
        chunk.report.checked += 1;
        const found = { keyResultId: chunk.keyResultId, issueId, ...status };
        decisions.push({ issueId, decide: (aggregate, link) => reconcileJqlMatch(aggregate, link, found) });
      }
      // Batches re-read each link; unchanged ones cost that read and nothing else.
      chunk.report.jqlChanged += await applyLinkDecisions(chunk.keyResultId, decisions);
      next = page.nextPageToken;
    } while (next && chunk.pagesLeft > 0);
  } catch (error) {
    if (!(error instanceof JiraBadRequestError)) throw error;
    // The query no longer runs (a field or project it names is gone): dropping its matches
    // would zero the key result on a change in Jira; they stay until the backend replaces it.
    chunk.report.jqlFailed = true;
    logEvent('key-result.jql-failed', { keyResultId: chunk.keyResultId });
    return null;
  }
  return next ?? null;
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

/**
 * Direct links (a JQL's matches were just checked): each storage page of 100 is one status
 * search; only issues found in another status cost more. Each correction is its own
 * compare-and-set change, so live events in between compose with it.
 */
async function checkDirectLinks(chunk: Chunk, cursor: string | null): Promise<string | null> {
  let next: string | undefined = cursor ?? undefined;
  do {
    const page = await listLinksOfKeyResult(chunk.keyResultId, next);
    chunk.pagesLeft -= 1;
    next = page.nextCursor;
    // With a JQL its matches were just checked; without one (removed), they leave here.
    const links = page.links.filter((l) => !isJqlMatch(l));
    if (!chunk.jql) {
      const misses = page.links.filter(isJqlMatch);
      chunk.report.jqlChanged += await applyLinkDecisions(chunk.keyResultId, misses.map((l) => ({ issueId: l.issueId, decide: applyJqlMiss })));
    }
    const now = await readIssueStatuses(links.map((l) => l.issueId));
    const owed: QueuedMessage[] = [];
    for (const link of links) {
      chunk.report.checked += 1;
      const seen = now.get(link.issueId);
      if (seen && seen.statusId === link.statusId && seen.categoryKey === link.categoryKey) continue;
      const observed: ReconcileObservation = seen ? await observe(link) : { kind: 'missing' };
      const missing = observed.kind === 'missing';
      const update = await updateKeyResult({
        keyResultId: chunk.keyResultId,
        issueId: link.issueId,
        cloudId: chunk.cloudId,
        decide: (aggregate, current) => reconcileLink(aggregate, current, observed),
        // Not unlinked: deleted (its event never came) or out of the app's sight, which can
        // end; it stays linked, out of the average, and is reported until Jira shows it again.
        cause: { kind: missing ? 'issue_unreachable' : 'reconciled', issueId: link.issueId, issueKey: null },
      });
      if (update.kind === 'unchanged') continue;
      if (missing) chunk.report.removed += 1;
      else chunk.report.corrected += 1;
      owed.push(...deliveriesOf(update));
    }
    // Queued, not sent from here: a slow backend must not stretch this invocation. A failed
    // push leaves the records pending for the redrive job.
    if (owed.length > 0) await pushDeliveryMessages(owed);
  } while (next && chunk.pagesLeft > 0);
  return next ?? null;
}

const changedSoFar = (report: ReconcileReport, resume: ReconcileResume | undefined): boolean =>
  (resume?.changed ?? false) || report.jqlChanged > 0 || report.recounted;

/**
 * Brings one key result to what Jira says now, in phases: the JQL's earlier matches are
 * checked again, its current matches read, then the direct links; at most
 * RECONCILE_PAGES_PER_CHUNK pages per message, the rest in a message queued behind this
 * one (same key result, so in order with its other changes). Every step is idempotent, so
 * a failed chunk is simply run again. The last chunk sends the progress with `then`, or
 * with reconciled_in_bulk when the JQL's matches or the totals changed.
 */
export async function reconcileKeyResult(keyResultId: string, cloudId: string, then: RecomputeReason | null, resume?: ReconcileResume): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, corrected: 0, removed: 0, jqlChanged: 0, jqlFailed: false, recounted: false, continuesAt: null };
  if (!resume) report.recounted = await recountLegacyTotals(keyResultId);
  const chunk: Chunk = { keyResultId, cloudId, jql: jqlOf(await loadJqlRegistry(), keyResultId), report, pagesLeft: RECONCILE_PAGES_PER_CHUNK };
  let phase = resume?.phase ?? (chunk.jql ? 'jql-sweep' : 'direct');
  let cursor = resume?.cursor ?? null;
  let finished = false;
  for (;;) {
    const next = phase === 'jql-sweep' ? await sweepJqlMatches(chunk, cursor) : phase === 'jql-discover' ? await discoverJqlMatches(chunk, cursor) : await checkDirectLinks(chunk, cursor);
    if (next) cursor = next;
    else if (phase === 'direct') {
      finished = true;
      break;
    } else {
      phase = phase === 'jql-sweep' ? 'jql-discover' : 'direct';
      cursor = null;
    }
    if (chunk.pagesLeft <= 0) break;
  }
  if (!finished) {
    report.continuesAt = { phase, cursor, changed: changedSoFar(report, resume) };
    const { failed, reason } = await pushDeliveryMessages([{ message: { kind: 'reconcile', keyResultId, then, resume: report.continuesAt } }]);
    // Nothing is lost by running this chunk again: the platform retries the whole message.
    if (failed.length > 0) throw new TransientError(`could not queue the rest of the reconciliation: ${reason ?? 'unknown'}`, 60);
    logEvent('key-result.reconcile-chunk', { keyResultId, phase, checked: report.checked, corrected: report.corrected, removed: report.removed, jqlChanged: report.jqlChanged });
    return report;
  }
  logEvent('key-result.reconciled', { keyResultId, checked: report.checked, corrected: report.corrected, removed: report.removed, jqlChanged: report.jqlChanged, jqlFailed: report.jqlFailed, recounted: report.recounted });
  const reason = then ?? (changedSoFar(report, resume) ? 'reconciled_in_bulk' : null);
  if (reason) await recomputeKeyResult(keyResultId, cloudId, reason);
  return report;
}
