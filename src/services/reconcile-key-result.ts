import type { ReconcilePhase, ReconcileResume, RecomputeReason } from '../domain/work-message';
import { jqlOf } from '../domain/jql-link';
import { type LinkedIssueState, countLinks } from '../domain/key-result-state';
import { TransientError } from '../domain/app-errors';
import { pushWorkMessages } from '../adapters/work-queue';
import { loadJqlRegistry } from '../adapters/jql-registry-store';
import { ConcurrentUpdateError, commitKeyResultChange, listLinksOfKeyResult, loadAggregate } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { type PhaseProgress, ReconcileChunk, type ReconcileReport, emptyReport } from './reconcile-chunk';
import { checkDirectLinks } from './reconcile-direct-links';
import { addNewJqlMatches, checkJqlMatches } from './reconcile-jql-matches';
import { recomputeKeyResult } from './recompute-key-result';

export type { ReconcileReport } from './reconcile-chunk';

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
    // Recounted totals, same outbox clock (see KeyResultAggregate.outboxAt).
    const after = { ...counted, sequence: before.sequence + 1, ...(before.outboxAt !== undefined ? { outboxAt: before.outboxAt } : {}) };
    await commitKeyResultChange({ before, after, link: undefined, outbox: undefined });
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return false; // a live change won; the next run recounts
    throw error;
  }
  logEvent('key-result.recounted', { keyResultId, links: links.length });
  return true;
}

const PHASES: Record<ReconcilePhase, (chunk: ReconcileChunk, cursor: string | null) => Promise<PhaseProgress>> = {
  jql: checkJqlMatches,
  'jql-new': addNewJqlMatches,
  direct: checkDirectLinks,
};
const NEXT_PHASE: Record<ReconcilePhase, ReconcilePhase | null> = { jql: 'jql-new', 'jql-new': 'direct', direct: null };

const changedSoFar = (report: ReconcileReport, resume: ReconcileResume | undefined): boolean =>
  (resume?.changed ?? false) || report.jqlChanged > 0 || report.recounted;

/**
 * Brings one key result to what Jira says now, in phases: its links against what its JQL
 * matches now, the new matches, then the direct links against Jira's index.
 * Each message spends a bounded budget (reconcile-chunk.ts); the rest goes on in a message
 * queued behind it (same key result, so in order with its other changes). Every step is
 * idempotent, so a failed chunk is simply run again. The last chunk sends the progress
 * with `then`, or with reconciled_in_bulk when the JQL's matches or the totals changed.
 * Returns this chunk's report and where the next one goes on (null: done).
 */
export async function reconcileKeyResult(
  keyResultId: string,
  cloudId: string,
  then: RecomputeReason | null,
  resume?: ReconcileResume,
): Promise<ReconcileReport & { continuesAt: ReconcileResume | null }> {
  const report = emptyReport();
  if (!resume) report.recounted = await recountLegacyTotals(keyResultId);
  const chunk = new ReconcileChunk(keyResultId, cloudId, jqlOf(await loadJqlRegistry(), keyResultId), report);
  let phase: ReconcilePhase | null = resume?.phase ?? (chunk.jql ? 'jql' : 'direct');
  let cursor = resume?.cursor ?? null;
  while (phase && !chunk.exhausted) {
    const progress = await PHASES[phase](chunk, cursor);
    if (progress.done) {
      phase = NEXT_PHASE[phase];
      cursor = null;
    } else cursor = progress.cursor;
  }
  if (phase) {
    const continuesAt: ReconcileResume = { phase, cursor, changed: changedSoFar(report, resume) };
    const { failed, reason } = await pushWorkMessages([{ message: { kind: 'reconcile', keyResultId, then, resume: continuesAt } }]);
    // Nothing is lost by running this chunk again: the platform retries the whole message.
    if (failed.length > 0) throw new TransientError(`could not queue the rest of the reconciliation: ${reason ?? 'unknown'}`, 60);
    logEvent('key-result.reconcile-chunk', { keyResultId, phase, ...report });
    return { ...report, continuesAt };
  }
  logEvent('key-result.reconciled', { keyResultId, ...report });
  const reason = then ?? (changedSoFar(report, resume) ? 'reconciled_in_bulk' : null);
  if (reason) await recomputeKeyResult(keyResultId, cloudId, reason);
  return { ...report, continuesAt: null };
}
