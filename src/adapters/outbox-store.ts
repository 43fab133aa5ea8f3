import { WhereConditions, kvs } from '@forge/kvs';
import { PENDING_PREFIX, outboxKey, pendingKey } from './storage-keys';

export type OutboxStatus = 'pending' | 'delivered' | 'dead';

/**
 * One webhook the app owes the backend. The body is stored exactly as it will be signed,
 * so every retry sends the same bytes under the same `webhook-id`.
 */
export interface OutboxRecord {
  id: string;
  type: string;
  body: string;
  /** Key result whose sequence this message carries: retries keep that key's order. */
  keyResultId: string | null;
  status: OutboxStatus;
  createdAt: number;
  attempts: number;
  lastAttemptAt: number | null;
  lastError: string | null;
  deliveredAt: number | null;
}

export interface OutboxWrite {
  record: OutboxRecord;
}

/** Delivered and dead records are kept this long for the admin's delivery log, then expire. */
const FINISHED_RECORD_TTL = { value: 14, unit: 'DAYS' } as const;

export function newOutboxRecord(input: { id: string; type: string; body: string; keyResultId: string | null; now: number }): OutboxRecord {
  return {
    id: input.id,
    type: input.type,
    body: input.body,
    keyResultId: input.keyResultId,
    status: 'pending',
    createdAt: input.now,
    attempts: 0,
    lastAttemptAt: null,
    lastError: null,
    deliveredAt: null,
  };
}

/** A new record and its pending marker: written in the same transaction as the change behind it. */
export function outboxWrites(write: OutboxWrite): Array<{ key: string; value: unknown }> {
  const { record } = write;
  return [
    { key: outboxKey(record.id), value: record },
    { key: pendingKey(record.createdAt, record.id), value: { id: record.id } },
  ];
}

/**
 * Stores a record unless one with that id exists: a duplicate event must not turn an
 * already delivered message back into a pending one. The pending marker is written
 * first, so a crash in between leaves a marker (cleaned up by the redrive job), never an
 * undelivered record nobody will look at.
 */
export async function saveNewOutboxRecord(record: OutboxRecord): Promise<'created' | 'exists'> {
  const marker = pendingKey(record.createdAt, record.id);
  await kvs.set(marker, { id: record.id });
  try {
    await kvs.set(outboxKey(record.id), record, { keyPolicy: 'FAIL_IF_EXISTS' });
    return 'created';
  } catch (error) {
    if ((error as { code?: string }).code !== 'KEY_CONFLICT') throw error;
    await kvs.delete(marker);
    return 'exists';
  }
}

/** Removes a marker whose record is gone or finished (see saveNewOutboxRecord). */
export async function deletePendingMarker(markerKey: string): Promise<void> {
  await kvs.delete(markerKey);
}

export async function loadOutboxRecord(id: string): Promise<OutboxRecord | undefined> {
  return kvs.get<OutboxRecord>(outboxKey(id));
}

/** Records an attempt; a finished record loses its pending marker and expires later. */
export async function saveOutboxAttempt(record: OutboxRecord): Promise<void> {
  if (record.status === 'pending') {
    await kvs.set(outboxKey(record.id), record);
    return;
  }
  await kvs.set(outboxKey(record.id), record, { ttl: FINISHED_RECORD_TTL });
  await kvs.delete(pendingKey(record.createdAt, record.id));
}

/** Oldest undelivered messages first; the cursor stays inside one job run, never persisted. */
export async function listPendingOutboxIds(limit: number): Promise<Array<{ id: string; markerKey: string }>> {
  const ids: Array<{ id: string; markerKey: string }> = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(PENDING_PREFIX)).limit(Math.min(100, limit - ids.length));
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<{ id: string }>();
    for (const result of page.results) ids.push({ id: result.value.id, markerKey: result.key });
    cursor = page.nextCursor;
  } while (cursor && ids.length < limit);
  return ids;
}
