import { type LinkedIssueState, applyJqlMiss, isJqlMatch, reconcileJqlMatch } from '../domain/key-result-state';
import { searchIssueStatuses } from '../adapters/issue-statuses';
import { JiraBadRequestError } from '../adapters/jira-client';
import { JQL_MATCH_ISSUE_BATCH, issuesMatching } from '../adapters/jira-jql';
import { listLinksOfKeyResult } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { type LinkDecision, applyLinkDecisions } from './apply-link-batch';
import { type PhaseProgress, type ReconcileChunk, goOnAt, phaseDone } from './reconcile-chunk';

/**
 * Links the JQL matched before: checked against it again in jql/match calls of up to
 * 1,000 issues; those it no longer matches leave unless linked directly. Returns where to
 * go on, or null when the phase is done.
 */
export async function sweepJqlMatches(chunk: ReconcileChunk, cursor: string | null): Promise<PhaseProgress> {
  const jql = chunk.jql;
  if (!jql) return phaseDone; // removed since this run began: the direct pass clears its matches
  let next: string | undefined = cursor ?? undefined;
  do {
    const flagged: LinkedIssueState[] = [];
    // Up to 10 storage pages make one jql/match call of up to 1,000 issues.
    for (let pages = 0; pages < JQL_MATCH_ISSUE_BATCH / 100; pages += 1) {
      const page = await listLinksOfKeyResult(chunk.keyResultId, next);
      chunk.spentStorage();
      flagged.push(...page.links.filter(isJqlMatch));
      next = page.nextCursor;
      if (!next) break;
    }
    if (flagged.length > 0) chunk.spentJira();
    const stillMatched = await issuesMatching(jql, flagged.map((l) => l.issueId));
    if (stillMatched === null) {
      chunk.report.jqlFailed = true;
      return phaseDone; // Jira cannot run the query: its matches stay as they are
    }
    const misses = flagged.filter((l) => !stillMatched.has(l.issueId));
    chunk.report.jqlChanged += await applyLinkDecisions(chunk.keyResultId, misses.map((l) => ({ issueId: l.issueId, decide: applyJqlMiss })));
  } while (next && !chunk.exhausted);
  return goOnAt(next);
}

/** The JQL's matches as Jira finds them now (status-only search, 100 a page): new matches join, categories are corrected. */
export async function discoverJqlMatches(chunk: ReconcileChunk, token: string | null): Promise<PhaseProgress> {
  if (!chunk.jql) return phaseDone;
  let next: string | undefined = token ?? undefined;
  try {
    do {
      const page = await searchIssueStatuses(chunk.jql, next);
      chunk.spentJira();
      const decisions: LinkDecision[] = [];
      for (const [issueId, status] of page.statuses) {
        chunk.report.checked += 1;
        const found = { keyResultId: chunk.keyResultId, issueId, ...status };
        decisions.push({ issueId, decide: (aggregate, link) => reconcileJqlMatch(aggregate, link, found) });
      }
      // Batches re-read each link; unchanged ones cost that read and nothing else.
      chunk.report.jqlChanged += await applyLinkDecisions(chunk.keyResultId, decisions);
      next = page.nextPageToken;
    } while (next && !chunk.exhausted);
  } catch (error) {
    if (!(error instanceof JiraBadRequestError)) throw error;
    // The query no longer runs (a field or project it names is gone): dropping its matches
    // would zero the key result on a change in Jira; they stay until the backend replaces it.
    chunk.report.jqlFailed = true;
    logEvent('key-result.jql-failed', { keyResultId: chunk.keyResultId });
    return phaseDone;
  }
  return goOnAt(next);
}
