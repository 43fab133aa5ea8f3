import { type LinkedIssueState, applyJqlMiss, isJqlMatch, reconcileJqlMatch } from '../domain/key-result-state';
import { type IssueStatusNow, searchIssueIds, searchIssueStatuses } from '../adapters/issue-statuses';
import { JiraBadRequestError } from '../adapters/jira-client';
import { listLinksOfKeyResult, loadAggregate } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { listSiteStatuses } from '../adapters/status-categories';
import { type LinkDecision, applyLinkDecisions } from './apply-link-batch';
import { type PhaseProgress, type ReconcileChunk, goOnAt, phaseDone } from './reconcile-chunk';

/**
 * Every issue the JQL matches now, with its status: one id-only search per status the key
 * result's issues were in (5,000 issues a call), and a status search (100 a page) only for
 * matches in any other status — new or moved ones. A handful of calls for a steady key
 * result of any size.
 */
function readMatches(chunk: ReconcileChunk, jql: string): Promise<Map<string, IssueStatusNow>> {
  chunk.jqlMatches ??= readMatchesFromJira(chunk, jql);
  return chunk.jqlMatches;
}

async function readMatchesFromJira(chunk: ReconcileChunk, jql: string): Promise<Map<string, IssueStatusNow>> {
  const aggregate = await loadAggregate(chunk.keyResultId);
  const known = [...new Set(Object.keys(aggregate.statuses ?? {}).map((key) => key.slice(key.indexOf(':') + 1)))];
  const statuses = await listSiteStatuses();
  chunk.spentJira();
  const categoryOf = new Map(statuses.map((s) => [s.id, s.categoryKey]));
  const matches = new Map<string, IssueStatusNow>();
  for (const statusId of known) {
    const categoryKey = categoryOf.get(statusId);
    if (!categoryKey) continue; // a status Jira no longer has: its issues are found by the search below
    const found = await searchIssueIds(`(${jql}) AND status = ${statusId}`);
    chunk.spentJira(found.calls);
    for (const id of found.ids) matches.set(id, { statusId, categoryKey });
  }
  const others = known.filter((id) => categoryOf.has(id));
  const rest = others.length > 0 ? `(${jql}) AND status not in (${others.join(', ')})` : jql;
  let token: string | undefined;
  do {
    const page = await searchIssueStatuses(rest, token);
    chunk.spentJira();
    for (const [id, status] of page.statuses) matches.set(id, status);
    token = page.nextPageToken;
  } while (token);
  return matches;
}

/** What Jira's answer means for one link: a miss, a (re)match in this status, or nothing. */
function decisionFor(chunk: ReconcileChunk, link: LinkedIssueState, found: IssueStatusNow | undefined): LinkDecision | undefined {
  if (!found) return isJqlMatch(link) ? { issueId: link.issueId, decide: applyJqlMiss } : undefined;
  if (isJqlMatch(link) && !link.unreachable && link.statusId === found.statusId && link.categoryKey === found.categoryKey) return undefined;
  const match = { keyResultId: chunk.keyResultId, issueId: link.issueId, ...found };
  return { issueId: link.issueId, decide: (aggregate, current) => reconcileJqlMatch(aggregate, current, match) };
}

async function withJqlRefusalHandled(chunk: ReconcileChunk, work: (jql: string) => Promise<PhaseProgress>): Promise<PhaseProgress> {
  if (!chunk.jql) return phaseDone;
  try {
    return await work(chunk.jql);
  } catch (error) {
    if (!(error instanceof JiraBadRequestError)) throw error;
    // The query no longer runs (a field or project it names is gone): dropping its matches
    // would zero the key result on a change in Jira; they stay until the backend replaces it.
    chunk.report.jqlFailed = true;
    logEvent('key-result.jql-failed', { keyResultId: chunk.keyResultId });
    return phaseDone;
  }
}

/**
 * The key result's links against what its JQL matches now: links it no longer matches
 * leave (unless linked directly), matched links get the status Jira has. Returns where to
 * go on, or done.
 */
export async function checkJqlMatches(chunk: ReconcileChunk, cursor: string | null): Promise<PhaseProgress> {
  return withJqlRefusalHandled(chunk, async (jql) => {
    const matches = await readMatches(chunk, jql);
    let next: string | undefined = cursor ?? undefined;
    const linked = cursor === null ? new Set<string>() : undefined;
    do {
      const page = await listLinksOfKeyResult(chunk.keyResultId, next);
      chunk.spentStorage();
      next = page.nextCursor;
      chunk.report.checked += page.links.length;
      for (const link of page.links) linked?.add(link.issueId);
      const decisions = page.links.flatMap((link) => decisionFor(chunk, link, matches.get(link.issueId)) ?? []);
      chunk.report.jqlChanged += await applyLinkDecisions(chunk.keyResultId, decisions);
    } while (next && !chunk.exhausted);
    if (!next) chunk.allLinkedIssueIds = linked;
    return goOnAt(next);
  });
}

/** Matches per storage unit of work: applying 100 costs about what reading a page of links does. */
const NEW_MATCHES_PER_PAGE = 100;

/**
 * Issues the JQL matches that have no link yet join (each link is read again first, so
 * one that exists is left as it is). The cursor is how far through the sorted matches
 * an earlier chunk got.
 */
export async function addNewJqlMatches(chunk: ReconcileChunk, cursor: string | null): Promise<PhaseProgress> {
  return withJqlRefusalHandled(chunk, async (jql) => {
    const matches = await readMatches(chunk, jql);
    // When this chunk read every link just before, only the matches without one are new.
    const linked = chunk.allLinkedIssueIds;
    const ids = [...matches.keys()].filter((id) => !linked?.has(id)).sort();
    let offset = Number(cursor ?? 0);
    while (offset < ids.length) {
      const slice = ids.slice(offset, offset + NEW_MATCHES_PER_PAGE);
      const decisions: LinkDecision[] = slice.map((issueId) => {
        const match = { keyResultId: chunk.keyResultId, issueId, ...matches.get(issueId)! };
        return { issueId, decide: (aggregate, current) => reconcileJqlMatch(aggregate, current, match) };
      });
      chunk.report.jqlChanged += await applyLinkDecisions(chunk.keyResultId, decisions);
      chunk.spentStorage();
      offset += slice.length;
      if (chunk.exhausted && offset < ids.length) return { done: false, cursor: String(offset) };
    }
    return phaseDone;
  });
}
