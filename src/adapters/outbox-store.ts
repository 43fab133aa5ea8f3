import { WhereConditions, kvs } from '@forge/kvs';
import { TransientError } from '../domain/app-errors';
import { type Operation, applyOperations, createEmptyRecord, isConditionFailure, unchangedSince, withCounter } from './compare-and-set';
import { DEAD_LETTER_PREFIX, OUTBOX_ENTITY, PENDING_PREFIX, deadLetterKey, outboxKey, pendingKey } from './storage-keys';

export type OutboxStatus = 'pending' | 'delivered' | 'dead';

/**
 * One webhook the app owes the backend. The body is stored exactly as it will be signed,
 * so every retry sends the same bytes under the same `webhook-id`.
 */
export interface OutboxRecord {
  id: string;
  type: string;
  body: string;
  /** Key result whose sequence this message carries: its records go out in creation order. */
  keyResultId: string | null;
  status: OutboxStatus;
  createdAt: number;
  /** Where the maximum age counts from: creation, or the admin's last Redeliver. */
  ageFrom: number;
  attempts: number;
  /** Not to be sent before this (the retry schedule, or the backend's Retry-After). */
  nextAttemptAt: number;
  /**
   * Set only by older versions, which claimed each record before sending it: honoured
   * until it lapses. Delivery is now claimed per walk (the delivery lease).
   */
  claimedUntil: number | null;
  lastAttemptAt: number | null;
  /** HTTP status of the last answer, or null (no answer: timeout, network). */
  lastStatus: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  deliveredAt: number | null;
  deadAt: number | null;
}

/** The record as the `outbox` entity holds it: replaced only under a condition on its revision. */
interface StoredOutbox {
  revision: number;
  record: OutboxRecord;
}

/** A record as read, with the revision every change of it is conditional on (0: an older version's plain key). */
export interface LoadedOutbox {
  record: OutboxRecord;
  revision: number;
}

/** What a pending marker carries, so the delivery walk skips records that are not due without reading them. */
export interface PendingMarker {
  key: string;
  id: string;
  keyResultId: string | null;
  nextAttemptAt: number;
  ageFrom: number;
  /** When it was last tried (null: never): a wait that began before the backend recovered is over. */
  lastAttemptAt: number | null;
  /**
   * The record itself, as of its revision: the walk sends from it without reading the
   * record (a storage read per webhook saved). The marker is written in the same
   * transaction as every change of a pending record, so the copy is never older than
   * the record; if it ever were, the outcome's condition on the revision would refuse
   * it. Undefined in markers an older version wrote: the walk reads the record.
   */
  copy: LoadedOutbox | undefined;
}

/** Delivered records are kept this long for the admin's delivery log, then expire. Dead letters stay until redelivered. */
const DELIVERED_RECORD_TTL = { value: 14, unit: 'DAYS' } as const;

export function newOutboxRecord(input: { id: string; type: string; body: string; keyResultId: string | null; now: number }): OutboxRecord {
  return {
    id: input.id,
    type: input.type,
    body: input.body,
    keyResultId: input.keyResultId,
    status: 'pending',
    createdAt: input.now,
    ageFrom: input.now,
    attempts: 0,
    nextAttemptAt: input.now,
    claimedUntil: null,
    lastAttemptAt: null,
    lastStatus: null,
    lastLatencyMs: null,
    lastError: null,
    deliveredAt: null,
    deadAt: null,
  };
}

const markerValue = (record: OutboxRecord, revision: number) => ({ id: record.id, keyResultId: record.keyResultId, nextAttemptAt: record.nextAttemptAt, ageFrom: record.ageFrom, lastAttemptAt: record.lastAttemptAt, copy: { revision, record } });

/**
 * A new record and its pending marker, as operations of the transaction of the change
 * behind it. `onlyIfAbsent`: the record is written only if none has its id (a duplicate
 * event then fails the transaction); a key result's commit leaves it out, its records'
 * ids being new with every sequence and its transaction already conditional.
 */
export function newOutboxOperations(record: OutboxRecord, options: { onlyIfAbsent: boolean }): Operation[] {
  const conditions = options.onlyIfAbsent ? { conditions: unchangedSince<StoredOutbox>('revision', 0) } : {};
  return [(tx) => tx.set(record.id, { revision: 1, record } satisfies StoredOutbox, { entityName: OUTBOX_ENTITY, ...conditions }), (tx) => tx.set(pendingKey(record.createdAt, record.id), markerValue(record, 1))];
}

/**
 * Stores a record unless one with that id exists: a duplicate event must not turn an
 * already delivered message back into a pending one. The record (only if absent) and its
 * pending marker are one transaction, one write request. (A record an older version
 * stored under its plain key is not looked for: a duplicate of such an event goes out
 * again under the same webhook-id, which receivers de-duplicate.) `alongside`: writes
 * that belong to the record's event, made with it or (for a duplicate) not at all.
 */
export async function saveNewOutboxRecord(record: OutboxRecord, alongside: readonly Operation[] = []): Promise<'created' | 'exists'> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await applyOperations(kvs.transact(), [...newOutboxOperations(record, { onlyIfAbsent: true }), ...alongside]).execute();
      return 'created';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (withCounter(await kvs.entity<StoredOutbox>(OUTBOX_ENTITY).get(record.id), 'revision')) return 'exists';
      // Still missing: the platform refused a condition on a missing record (compare-and-set.ts).
      if (attempt >= 2) throw new TransientError(`outbox record ${record.id} could not be stored`, 5);
      await createEmptyRecord(OUTBOX_ENTITY, record.id);
    }
  }
}

/** A record an older version wrote (fewer fields), completed with the defaults it implies. */
function upgradeLegacy(value: Partial<OutboxRecord> & { id: string; createdAt: number }): OutboxRecord {
  return { ...newOutboxRecord({ id: value.id, type: value.type ?? 'unknown', body: value.body ?? '{}', keyResultId: value.keyResultId ?? null, now: value.createdAt }), ...value, ageFrom: value.ageFrom ?? value.createdAt, nextAttemptAt: value.nextAttemptAt ?? value.createdAt };
}

export async function loadOutboxRecord(id: string): Promise<LoadedOutbox | undefined> {
  const stored = withCounter(await kvs.entity<StoredOutbox>(OUTBOX_ENTITY).get(id), 'revision');
  if (stored) return { record: stored.record, revision: stored.revision };
  const legacy = await kvs.get<Partial<OutboxRecord> & { id: string; createdAt: number }>(outboxKey(id));
  return legacy ? { record: upgradeLegacy(legacy), revision: 0 } : undefined;
}

/** A change of one record (an attempt's outcome, an expiry, a Redeliver), decided from the state `before` was read in. */
export interface OutboxChange {
  before: LoadedOutbox;
  after: OutboxRecord;
  markerKey: string;
}

/**
 * The operations of a record's change: its replacement, conditional on nobody having
 * changed it since `before` was read, and the marker writes that go with its new state.
 */
export function outboxChangeOperations(change: OutboxChange): Operation[] {
  const { before, markerKey } = change;
  const after: OutboxRecord = { ...change.after, claimedUntil: null };
  const options = after.status === 'delivered' ? { ttl: DELIVERED_RECORD_TTL } : undefined;
  const revision = before.revision + 1;
  const operations: Operation[] = [(tx) => tx.set(after.id, { revision, record: after } satisfies StoredOutbox, { entityName: OUTBOX_ENTITY, conditions: unchangedSince<StoredOutbox>('revision', before.revision) }, options)];
  // The first change of a record an older version wrote moves it out of its plain key.
  if (before.revision === 0) operations.push((tx) => tx.delete(outboxKey(after.id)));
  // The marker holds the record's copy: it goes with the record's every change.
  operations.push(after.status === 'pending' ? (tx) => tx.set(markerKey, markerValue(after, revision)) : (tx) => tx.delete(markerKey));
  if (after.status === 'dead' && before.record.status !== 'dead') operations.push((tx) => tx.set(deadLetterKey(after.deadAt ?? Date.now(), after.id), { id: after.id }));
  return operations;
}

/**
 * Records one change on its own. Returns false when another invocation changed the record
 * first (the caller leaves it: the other account stands).
 */
export async function saveOutboxOutcome(before: LoadedOutbox, after: OutboxRecord, markerKey: string): Promise<boolean> {
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      await applyOperations(kvs.transact(), outboxChangeOperations({ before, after, markerKey })).execute();
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // A platform refusing conditions on missing records (see compare-and-set.ts): an empty record lets the next try pass.
      if (before.revision !== 0 || attempt === 2) return false;
      await createEmptyRecord(OUTBOX_ENTITY, after.id);
    }
  }
  return false;
}

/** Removes a marker whose record is gone or finished (see saveNewOutboxRecord). */
export async function deletePendingMarker(markerKey: string): Promise<void> {
  await kvs.delete(markerKey);
}

function readMarker(key: string, value: unknown): PendingMarker | undefined {
  const v = value as Partial<PendingMarker> | undefined;
  if (typeof v?.id !== 'string') return undefined;
  const createdAt = Number(key.slice(PENDING_PREFIX.length).split(':')[0]);
  // Markers of an older version hold only the id: due now, key result known once the record is read.
  const copy = typeof v.copy?.revision === 'number' && typeof v.copy.record?.id === 'string' ? v.copy : undefined;
  return { key, id: v.id, keyResultId: v.keyResultId ?? null, nextAttemptAt: v.nextAttemptAt ?? 0, ageFrom: v.ageFrom ?? createdAt, lastAttemptAt: v.lastAttemptAt ?? null, copy };
}

/** One page of undelivered messages, oldest first. */
export async function listPendingMarkers(cursor: string | undefined, limit = 100): Promise<{ markers: PendingMarker[]; nextCursor: string | undefined }> {
  let query = kvs.query().where('key', WhereConditions.beginsWith(PENDING_PREFIX)).limit(limit);
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany<unknown>();
  return { markers: page.results.flatMap((r) => readMarker(r.key, r.value) ?? []), nextCursor: page.nextCursor };
}

/** One page of dead letters, oldest first: the ids, for the delivery log and Redeliver all. */
export async function listDeadLetterIds(cursor: string | undefined, limit = 100): Promise<{ entries: Array<{ key: string; id: string }>; nextCursor: string | undefined }> {
  let query = kvs.query().where('key', WhereConditions.beginsWith(DEAD_LETTER_PREFIX)).limit(limit);
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany<{ id: string }>();
  return { entries: page.results.map((r) => ({ key: r.key, id: r.value.id })), nextCursor: page.nextCursor };
}

/**
 * An admin's Redeliver: a dead letter is pending again, due now, its maximum age counted
 * from now, in its original place in its key result's order. Conditional like every change.
 */
export async function redeliverDeadLetter(loaded: LoadedOutbox, deadKey: string, now: number): Promise<boolean> {
  if (loaded.record.status !== 'dead') return false;
  const after: OutboxRecord = { ...loaded.record, status: 'pending', ageFrom: now, nextAttemptAt: now, deadAt: null };
  const done = await saveOutboxOutcome(loaded, after, pendingKey(after.createdAt, after.id));
  if (done) await kvs.delete(deadKey);
  return done;
}
