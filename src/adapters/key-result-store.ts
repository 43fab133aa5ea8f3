import { WhereConditions, kvs } from '@forge/kvs';
import { type Operation, applyOperations, createEmptyRecord, isConditionFailure, unchangedSince, withCounter } from './compare-and-set';
import type { KeyResultAggregate, LinkedIssueState, StatusCounts } from '../domain/key-result-state';
import { newAggregate } from '../domain/key-result-state';
import { KEY_RESULT_ENTITY, KEY_RESULT_INDEX_PREFIX, issueLinkKey, keyResultIndexKey, linkKey, linksOfIssuePrefix, linksOfKeyResultPrefix } from './storage-keys';
import type { OutboxRecord } from './outbox-store';
import { newOutboxOperations } from './outbox-store';

/** How the totals are stored: flat attributes the entity schema in manifest.yml declares. */
export interface KeyResultRecord {
  keyResultId: string;
  countNew: number;
  countIndeterminate: number;
  countDone: number;
  sequence: number;
  /** Issues per `category:statusId` (KeyResultAggregate.statuses); absent on records written before it existed. */
  statuses?: StatusCounts;
  /** Direct links whose issue Jira no longer shows the app; absent on records written before it existed. */
  countUnreachable?: number;
  /** When these totals were written (ISO 8601); absent on records written before it existed. */
  computedAt?: string;
  /** KeyResultAggregate.outboxAt; absent on records written before it existed. */
  outboxAt?: number;
}

const toAggregate = (r: KeyResultRecord): KeyResultAggregate => ({
  keyResultId: r.keyResultId,
  counts: { new: r.countNew, indeterminate: r.countIndeterminate, done: r.countDone },
  ...(r.statuses && typeof r.statuses === 'object' ? { statuses: r.statuses } : {}),
  ...(r.countUnreachable ? { unreachable: r.countUnreachable } : {}),
  ...(typeof r.outboxAt === 'number' ? { outboxAt: r.outboxAt } : {}),
  sequence: r.sequence,
});

const toRecord = (a: KeyResultAggregate): KeyResultRecord => ({
  keyResultId: a.keyResultId,
  countNew: a.counts.new,
  countIndeterminate: a.counts.indeterminate,
  countDone: a.counts.done,
  ...(a.statuses ? { statuses: a.statuses } : {}),
  ...(a.unreachable ? { countUnreachable: a.unreachable } : {}),
  ...(a.outboxAt !== undefined ? { outboxAt: a.outboxAt } : {}),
  sequence: a.sequence,
});

/**
 * The error for a compare-and-set that lost; when it expected no record yet (sequence 0),
 * an empty one is made first, so on a platform that refuses conditions on missing records
 * the caller's next attempt (it reads again) can succeed.
 */
async function changedMeanwhile(keyResultId: string, sequenceRead: number): Promise<ConcurrentUpdateError> {
  if (sequenceRead === 0) await createEmptyRecord(KEY_RESULT_ENTITY, keyResultId);
  return new ConcurrentUpdateError(`Key result ${keyResultId} changed meanwhile`);
}

export async function loadAggregate(keyResultId: string): Promise<KeyResultAggregate> {
  const record = withCounter(await kvs.entity<KeyResultRecord>(KEY_RESULT_ENTITY).get(keyResultId), 'sequence');
  return record ? toAggregate(record) : newAggregate(keyResultId);
}

/** The totals with the time they were last computed, for display. */
export async function loadKeyResultSnapshot(keyResultId: string): Promise<{ aggregate: KeyResultAggregate; computedAt: string | null }> {
  const record = withCounter(await kvs.entity<KeyResultRecord>(KEY_RESULT_ENTITY).get(keyResultId), 'sequence');
  return record ? { aggregate: toAggregate(record), computedAt: record.computedAt ?? null } : { aggregate: newAggregate(keyResultId), computedAt: null };
}

export async function loadLink(keyResultId: string, issueId: string): Promise<LinkedIssueState | undefined> {
  return kvs.get<LinkedIssueState>(linkKey(keyResultId, issueId));
}

/** The key results an issue counts toward: one prefix query (pages of 100). */
export async function listKeyResultsOfIssue(issueId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(linksOfIssuePrefix(issueId))).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<{ keyResultId: string }>();
    for (const result of page.results) ids.push(result.value.keyResultId);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** One page (up to 100) of a key result's links, for reconciliation. */
export async function listLinksOfKeyResult(keyResultId: string, cursor: string | undefined): Promise<{ links: LinkedIssueState[]; nextCursor: string | undefined }> {
  let query = kvs.query().where('key', WhereConditions.beginsWith(linksOfKeyResultPrefix(keyResultId))).limit(100);
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany<LinkedIssueState>();
  return { links: page.results.map((r) => r.value), nextCursor: page.nextCursor };
}

export class ConcurrentUpdateError extends Error {}

/**
 * Writes a key result's new totals together with the link change and the outbox record
 * of the progress webhook, all or nothing. The condition on `sequence` makes it a
 * compare-and-set: if another invocation moved the totals since we read them, nothing is
 * written and the caller re-reads and tries again.
 */
export async function commitKeyResultChange(input: {
  before: KeyResultAggregate;
  after: KeyResultAggregate;
  /** `existed`: the link was stored before, so the issue's reverse index entry is already there (not written again). */
  link: { set: LinkedIssueState; existed?: boolean } | { delete: { keyResultId: string; issueId: string } } | undefined;
  outbox: readonly OutboxRecord[] | undefined;
  /** Writes that must happen exactly when this change does (a consumed pending transition). */
  alongside?: readonly Operation[] | undefined;
}): Promise<void> {
  const { before, after } = input;
  const condition = unchangedSince<KeyResultRecord>('sequence', before.sequence);
  let tx = kvs.transact().set(after.keyResultId, { ...toRecord(after), computedAt: new Date().toISOString() }, { entityName: KEY_RESULT_ENTITY, conditions: condition });
  if (before.sequence === 0) tx = tx.set(keyResultIndexKey(after.keyResultId), { keyResultId: after.keyResultId });
  if (input.link && 'set' in input.link) {
    const link = input.link.set;
    tx = tx.set(linkKey(link.keyResultId, link.issueId), link);
    if (!input.link.existed) tx = tx.set(issueLinkKey(link.issueId, link.keyResultId), { keyResultId: link.keyResultId });
  } else if (input.link) {
    const { keyResultId, issueId } = input.link.delete;
    tx = tx.delete(linkKey(keyResultId, issueId)).delete(issueLinkKey(issueId, keyResultId));
  }
  const outbox = (input.outbox ?? []).flatMap((record) => newOutboxOperations(record, { onlyIfAbsent: false }));
  try {
    await applyOperations(tx, [...outbox, ...(input.alongside ?? [])]).execute();
  } catch (error) {
    if (isConditionFailure(error)) throw await changedMeanwhile(after.keyResultId, before.sequence);
    throw error;
  }
}

/**
 * A link-state-only change (a status move inside one category) still needs the version,
 * and the same compare-and-set as every other change: checked against the key result's
 * sequence, so it can never write back a link that an unlink (which moves the sequence)
 * has just removed.
 */
export async function saveLinkState(before: KeyResultAggregate, link: LinkedIssueState, alongside: readonly Operation[] = []): Promise<void> {
  const unchanged = unchangedSince<KeyResultRecord>('sequence', before.sequence);
  try {
    const tx = kvs
      .transact()
      .check(before.keyResultId, { entityName: KEY_RESULT_ENTITY, conditions: unchanged })
      .set(linkKey(link.keyResultId, link.issueId), link);
    await applyOperations(tx, alongside).execute();
  } catch (error) {
    if (isConditionFailure(error)) throw await changedMeanwhile(before.keyResultId, before.sequence);
    throw error;
  }
}

/** One page (up to 100) of the key results ever counted, for "recalculate all". */
export async function listKeyResultIds(cursor: string | undefined): Promise<{ ids: string[]; nextCursor: string | undefined }> {
  let query = kvs.query().where('key', WhereConditions.beginsWith(KEY_RESULT_INDEX_PREFIX)).limit(100);
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany<{ keyResultId: string }>();
  return { ids: page.results.map((r) => r.value.keyResultId), nextCursor: page.nextCursor };
}

/** Links per batch transaction: two operations each (the link and its reverse index), inside the 25-operation limit. */
export const LINK_BATCH_SIZE = 10;

/**
 * Many link changes of one key result in one transaction (at most LINK_BATCH_SIZE), for
 * bulk work such as a JQL's matches: the totals are set under the same compare-and-set
 * on `sequence` as every change (`after.sequence` one higher when the totals moved, else
 * only checked), and no webhook is written: the caller sends one progress update when the
 * whole batch run is done.
 */
export async function commitLinkBatch(input: { before: KeyResultAggregate; after: KeyResultAggregate; set: readonly LinkedIssueState[]; remove: readonly string[] }): Promise<void> {
  const { before, after } = input;
  if (input.set.length + input.remove.length > LINK_BATCH_SIZE) throw new RangeError(`at most ${LINK_BATCH_SIZE} links per batch`);
  const keyResultId = before.keyResultId;
  const condition = unchangedSince<KeyResultRecord>('sequence', before.sequence);
  let tx =
    after.sequence === before.sequence
      ? kvs.transact().check(keyResultId, { entityName: KEY_RESULT_ENTITY, conditions: condition })
      : kvs.transact().set(keyResultId, { ...toRecord(after), computedAt: new Date().toISOString() }, { entityName: KEY_RESULT_ENTITY, conditions: condition });
  if (before.sequence === 0 && after.sequence !== 0) tx = tx.set(keyResultIndexKey(keyResultId), { keyResultId });
  for (const link of input.set) tx = tx.set(linkKey(keyResultId, link.issueId), link).set(issueLinkKey(link.issueId, keyResultId), { keyResultId });
  for (const issueId of input.remove) tx = tx.delete(linkKey(keyResultId, issueId)).delete(issueLinkKey(issueId, keyResultId));
  try {
    await tx.execute();
  } catch (error) {
    if (isConditionFailure(error)) throw await changedMeanwhile(keyResultId, before.sequence);
    throw error;
  }
}
