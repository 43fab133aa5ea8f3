import { WhereConditions, kvs } from '@forge/kvs';
import type { StatusCategoryKey } from '../domain/status-category';
import { KVS_TRANSACTION_OPERATIONS, type Operation, applyOperations } from './compare-and-set';
import { PENDING_STATUS_PREFIX, pendingStatusKey, pendingStatusPrefix } from './storage-keys';

/** A transition of a linked issue as its trigger saw it, waiting to be applied to one key result. */
export interface PendingStatusChange {
  keyResultId: string;
  issueId: string;
  issueKey: string | null;
  statusId: string;
  categoryKey: StatusCategoryKey;
  changelogId: string;
  /** When the trigger stored it: the redrive queues the key result again for changes left this long. */
  at: number;
}

/** The writes that store a transition for each of its key results: added to the transaction of its issue.status_changed record. */
export function pendingStatusOperations(changes: readonly PendingStatusChange[]): Operation[] {
  return changes.map((change) => (tx) => tx.set(pendingStatusKey(change.keyResultId, change.changelogId, change.issueId), change));
}

/** Transitions that fit the status record's transaction (25 operations; the record and its marker take two). */
export const PENDING_IN_RECORD_TRANSACTION = KVS_TRANSACTION_OPERATIONS - 2;

/**
 * Stores the transitions of an issue linked to more key results than fit the status
 * record's transaction, before that transaction: if the trigger dies in between, its
 * retry stores them again; stored twice or for a duplicate event, a transition already
 * applied is found stale and consumed without a change.
 */
export async function savePendingStatusChanges(changes: readonly PendingStatusChange[]): Promise<void> {
  for (let start = 0; start < changes.length; start += KVS_TRANSACTION_OPERATIONS) {
    await applyOperations(kvs.transact(), pendingStatusOperations(changes.slice(start, start + KVS_TRANSACTION_OPERATIONS))).execute();
  }
}

export const pendingStatusKeyOf = (change: PendingStatusChange): string => pendingStatusKey(change.keyResultId, change.changelogId, change.issueId);

/** One page (one read) of the waiting transitions under a prefix, oldest first within a key result. */
async function pageOf(prefix: string, limit: number, cursor?: string) {
  let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
  if (cursor) query = query.cursor(cursor);
  return query.getMany<PendingStatusChange>();
}

/** The oldest transitions waiting for one key result, in Jira's order (one read). */
export async function listPendingStatusChanges(keyResultId: string, limit: number): Promise<PendingStatusChange[]> {
  return (await pageOf(pendingStatusPrefix(keyResultId), limit)).results.map((r) => r.value);
}

/** One page of every key result's waiting transitions (for the redrive's look for stranded ones). */
export async function listAllPendingStatusChanges(cursor: string | undefined): Promise<{ changes: PendingStatusChange[]; nextCursor: string | undefined }> {
  const page = await pageOf(PENDING_STATUS_PREFIX, 100, cursor);
  return { changes: page.results.map((r) => r.value), nextCursor: page.nextCursor };
}

export async function deletePendingStatusChange(change: PendingStatusChange): Promise<void> {
  await kvs.delete(pendingStatusKeyOf(change));
}

/** The key of the oldest transition waiting for this key result, if any (one read). */
export async function oldestPendingStatusKey(keyResultId: string): Promise<string | undefined> {
  return (await pageOf(pendingStatusPrefix(keyResultId), 1)).results[0]?.key;
}
