import { type LinkedIssueState, type ReconcileObservation, applyJqlMiss, isJqlMatch, reconcileLink } from '../domain/key-result-state';
import type { StatusCategoryKey } from '../domain/status-category';
import { readIssueLinkState } from '../adapters/issue-link-state';
import { directLinksJql, writeKeyResultsProperty } from '../adapters/issue-key-results-property';
import { STATUS_PAGE_SIZE, readIssueStatuses, searchIssueIds } from '../adapters/issue-statuses';
import { JiraNotFoundError } from '../adapters/jira-client';
import { listLinksOfKeyResult, loadAggregate } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { listSiteStatuses } from '../adapters/status-categories';
import { applyLinkDecisions } from './apply-link-batch';
import { directKeyResultsOf } from './link-issue';
import { type PhaseProgress, type ReconcileChunk, goOnAt } from './reconcile-chunk';
import { owesDelivery, updateKeyResult } from './update-key-result';
import { askForDelivery } from './deliver-owed-webhooks';

/** Where Jira's own index puts the key result's direct links (the okrKeyResult property), per status. */
interface JiraView {
  idsByStatus: Map<string, Set<string>>;
  categoryOf: Map<string, StatusCategoryKey>;
}

/**
 * One id-only search per status the key result's issues are in (5,000 issues a call) and
 * the site's status list: about one Jira call per 1,000 issues at most, a handful for most
 * key results, however many issues they have.
 */
async function readJiraView(chunk: ReconcileChunk): Promise<JiraView> {
  const aggregate = await loadAggregate(chunk.keyResultId);
  const statusIds = new Set(Object.keys(aggregate.statuses ?? {}).map((key) => key.slice(key.indexOf(':') + 1)));
  const statuses = await listSiteStatuses();
  chunk.spentJira();
  const idsByStatus = new Map<string, Set<string>>();
  for (const statusId of statusIds) {
    const found = await searchIssueIds(`${directLinksJql(chunk.keyResultId)} AND status = ${statusId}`);
    chunk.spentJira(found.calls);
    idsByStatus.set(statusId, found.ids);
  }
  return { idsByStatus, categoryOf: new Map(statuses.map((s) => [s.id, s.categoryKey])) };
}

/** A link Jira's index agrees with costs nothing more; any other is read on its own. */
const agrees = (view: JiraView, link: LinkedIssueState): boolean =>
  !link.unreachable && view.categoryOf.get(link.statusId) === link.categoryKey && (view.idsByStatus.get(link.statusId)?.has(link.issueId) ?? false);

/** The drifted issue read on its own, changelog first: a transition in between then stays newer than the version. */
async function observe(link: LinkedIssueState): Promise<ReconcileObservation> {
  try {
    const { state } = await readIssueLinkState(link.issueId);
    return { kind: 'found', statusId: state.statusId, categoryKey: state.categoryKey, version: state.version };
  } catch (error) {
    if (error instanceof JiraNotFoundError) return { kind: 'missing' };
    throw error;
  }
}

/**
 * Up to 100 links the index disagrees with: one status search for them all; those in the
 * status the app has only lacked the property (a failed write), which is written again;
 * the others are read on their own and corrected, or found unreachable. Stops when the
 * chunk's budget is spent (false): what is settled agrees with the index next time.
 */
async function settleSuspects(chunk: ReconcileChunk, suspects: readonly LinkedIssueState[]): Promise<boolean> {
  for (let start = 0; start < suspects.length; start += STATUS_PAGE_SIZE) {
    if (!(await settleUpTo100(chunk, suspects.slice(start, start + STATUS_PAGE_SIZE)))) return false;
  }
  return true;
}

async function settleUpTo100(chunk: ReconcileChunk, suspects: readonly LinkedIssueState[]): Promise<boolean> {
  if (suspects.length === 0) return true;
  if (chunk.exhausted) return false;
  const now = await readIssueStatuses(suspects.map((l) => l.issueId));
  chunk.spentJira();
  let owed = false;
  let settled = 0;
  for (const link of suspects) {
    if (chunk.exhausted) break;
    settled += 1;
    const seen = now.get(link.issueId);
    if (seen && !link.unreachable && seen.statusId === link.statusId && seen.categoryKey === link.categoryKey) {
      await writeKeyResultsProperty(link.issueId, await directKeyResultsOf(link.issueId));
      chunk.spentJira();
      chunk.report.propertiesRepaired += 1;
      continue;
    }
    const observed: ReconcileObservation = seen ? await observe(link) : { kind: 'missing' };
    chunk.spentJira(seen ? 2 : 0);
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
    if (missing) chunk.report.unreachable += 1;
    else chunk.report.corrected += 1;
    owed ||= owesDelivery(update);
  }
  // Queued, not sent from here: a slow backend must not stretch this invocation. A failed
  // push leaves the records pending for the redrive.
  if (owed) await askForDelivery('queue');
  return settled === suspects.length;
}

/**
 * The direct links (a JQL's matches were checked in their own phases; without a JQL, its
 * former matches leave here), against Jira's index of the links property. Returns where
 * to go on, or null when the phase is done.
 */
export async function checkDirectLinks(chunk: ReconcileChunk, cursor: string | null): Promise<PhaseProgress> {
  const view = await readJiraView(chunk);
  let next: string | undefined = cursor ?? undefined;
  // Suspects from several pages share one status search; `batchStart` is where their first page began.
  let suspects: LinkedIssueState[] = [];
  let batchStart: string | undefined = next;
  try {
    do {
      if (suspects.length === 0) batchStart = next;
      const page = await listLinksOfKeyResult(chunk.keyResultId, next);
      chunk.spentStorage();
      next = page.nextCursor;
      if (!chunk.jql) {
        const misses = page.links.filter(isJqlMatch);
        chunk.report.jqlChanged += await applyLinkDecisions(chunk.keyResultId, misses.map((l) => ({ issueId: l.issueId, decide: applyJqlMiss })));
      }
      suspects.push(...page.links.filter((l) => !isJqlMatch(l) && !agrees(view, l)));
      chunk.report.checked += page.links.length;
      // Settled as soon as there are as many as this chunk can afford (two reads each), so a
      // chunk that runs out re-reads few pages; at most 100 share one status search.
      const affordable = Math.max(5, Math.min(STATUS_PAGE_SIZE, Math.floor(chunk.jiraCallsLeft / 2)));
      if (suspects.length >= affordable || !next || chunk.exhausted) {
        // Budget spent half-way through: the next chunk reads these pages again; what was settled agrees by then.
        if (!(await settleSuspects(chunk, suspects))) return { done: false, cursor: batchStart ?? null };
        suspects = [];
      }
    } while (next && !chunk.exhausted);
  } finally {
    if (chunk.report.propertiesRepaired > 0) logEvent('key-result.properties-repaired', { keyResultId: chunk.keyResultId, issues: chunk.report.propertiesRepaired });
  }
  return goOnAt(next);
}
