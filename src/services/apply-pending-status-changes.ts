import { logEvent } from '../adapters/log';
import {
  type PendingStatusChange,
  deletePendingStatusChange,
  listAllPendingStatusChanges,
  listPendingStatusChanges,
  oldestPendingStatusKey,
  pendingStatusKeyOf,
} from '../adapters/pending-status-store';
import { pushWorkMessages } from '../adapters/work-queue';
import { applyOneStatusChange } from './apply-status-change';
import type { EventArrival } from './handle-issue-updated';
import { askForDelivery } from './deliver-owed-webhooks';

/** How long one consumer applies transitions before handing the rest to the next (its function may run 120 s). */
const APPLY_BUDGET_MILLIS = 60_000;
const PAGE = 25;
/**
 * A late transition (retried after a storage refusal: its event is already a minute old)
 * queues its key result's consumer this much later, so the other late ones of a bulk
 * change, retried at jittered times, join it instead of queueing one each.
 */
export const LATE_JOIN_SECONDS = 10;
/** Transitions waiting this long: the redrive queues their key result again (a lost queue event, a consumer out of retries). */
const STRANDED_AFTER_MILLIS = 5 * 60_000;
/** Pages of waiting transitions the redrive looks at per run. */
const STRANDED_PAGES = 5;

/**
 * After a trigger stored its transitions (one per linked key result, with the
 * issue.status_changed record): a consumer per key result applies every transition
 * waiting for it, so a sprint closed at once costs a few queue events per key result,
 * not one per issue and key result. A trigger queues the consumer only when its own
 * transition is the oldest waiting: an older one's trigger has queued one, which lists
 * the key result's transitions again after applying each page, so it finds this one too
 * (stored before this look). A trigger retried because its queueing failed finds its own
 * transition oldest again and queues. Returns the key results not queued (the caller
 * retries its event); the redrive queues transitions left waiting in any case.
 */
export async function requestStatusApply(changes: readonly PendingStatusChange[], arrival: EventArrival): Promise<{ failed: string[]; reason: string | undefined }> {
  const wanted: string[] = [];
  for (const change of changes) {
    const oldest = await oldestPendingStatusKey(change.keyResultId);
    // Not its own: an older one's consumer will find it, or a running consumer applied it already (or it was a duplicate).
    if (oldest === pendingStatusKeyOf(change)) wanted.push(change.keyResultId);
  }
  return wanted.length === 0 ? { failed: [], reason: undefined } : queueApply(wanted, arrival === 'late' ? LATE_JOIN_SECONDS : 0);
}

async function queueApply(keyResultIds: readonly string[], delaySeconds = 0): Promise<{ failed: string[]; reason: string | undefined }> {
  const { failed, reason } = await pushWorkMessages(keyResultIds.map((keyResultId) => ({ message: { kind: 'apply-pending-status' as const, keyResultId }, ...(delaySeconds > 0 ? { delayInSeconds: delaySeconds } : {}) })));
  return { failed: failed.flatMap((m) => (m.kind === 'apply-pending-status' ? [m.keyResultId] : [])), reason };
}

/**
 * Consumer side: applies the key result's waiting transitions in Jira's order, each
 * consumed in the same transaction as the change it makes (so applied exactly once, even
 * if this invocation dies), until none is left; then walks the outbox once for
 * everything they owe.
 */
export async function applyPendingStatusChanges(keyResultId: string, cloudId: string): Promise<{ applied: number; handedOn: boolean }> {
  const deadline = Date.now() + APPLY_BUDGET_MILLIS;
  let applied = 0;
  let handedOn = false;
  for (;;) {
    const page = await listPendingStatusChanges(keyResultId, PAGE);
    if (page.length === 0) break;
    if (Date.now() > deadline) {
      // The rest goes to the next consumer; if it cannot be queued, the platform retries this one.
      const { failed, reason } = await queueApply([keyResultId]);
      if (failed.length > 0) throw new Error(`could not hand on the key result's transitions: ${reason ?? 'unknown'}`);
      handedOn = true;
      break;
    }
    for (const change of page) {
      await applyPending(change, cloudId);
      applied += 1;
    }
  }
  logEvent('key-result.pending-status-applied', { keyResultId, applied, handedOn });
  // The transitions' issue.status_changed and activity records go out in this walk too.
  await askForDelivery('walk-here');
  return { applied, handedOn };
}

async function applyPending(change: PendingStatusChange, cloudId: string): Promise<void> {
  const observation = { issueId: change.issueId, statusId: change.statusId, categoryKey: change.categoryKey, changelogId: change.changelogId };
  const update = await applyOneStatusChange(change.keyResultId, observation, cloudId, change.issueKey, [(tx) => tx.delete(pendingStatusKeyOf(change))]);
  // Nothing was written (already applied, not linked): the transition is consumed on its own.
  if (update.kind === 'unchanged') await deletePendingStatusChange(change);
}

/** The redrive's look for transitions nobody is applying: their key results are queued again. */
export async function queueStrandedStatusChanges(now: number): Promise<number> {
  const stranded = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < STRANDED_PAGES; page += 1) {
    const listed = await listAllPendingStatusChanges(cursor);
    for (const change of listed.changes) if (now - change.at > STRANDED_AFTER_MILLIS) stranded.add(change.keyResultId);
    cursor = listed.nextCursor;
    if (!cursor) break;
  }
  if (stranded.size === 0) return 0;
  const { failed } = await queueApply([...stranded]);
  logEvent('redrive.stranded-status-changes', { keyResults: stranded.size, notQueued: failed.length });
  return stranded.size - failed.length;
}
