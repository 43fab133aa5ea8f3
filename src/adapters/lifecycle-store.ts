import { WhereConditions, kvs } from '@forge/kvs';
import type { LifecycleRecord } from '../domain/app-lifecycle';
import { isObject } from '../domain/read-json';
import { LIFECYCLE_PREFIX, lifecycleKey } from './storage-keys';

/**
 * Stores a lifecycle event unless one with its webhook id is stored: the first copy of an
 * event Forge delivered twice wins, so its facts (and arrival time) never change.
 */
export async function saveNewLifecycleRecord(record: LifecycleRecord): Promise<'created' | 'exists'> {
  try {
    await kvs.set(lifecycleKey(record.webhookId), record, { keyPolicy: 'FAIL_IF_EXISTS' });
    return 'created';
  } catch (error) {
    if ((error as { code?: string }).code !== 'KEY_CONFLICT') throw error;
    return 'exists';
  }
}

/** Notes that a record's webhook is in the outbox (its facts never change, so a plain write loses nothing). */
export async function markLifecycleRecordQueued(record: LifecycleRecord, queuedAt: Date): Promise<void> {
  await kvs.set(lifecycleKey(record.webhookId), { ...record, queuedAt: queuedAt.toISOString() } satisfies LifecycleRecord);
}

const readRecord = (value: unknown): LifecycleRecord | undefined =>
  isObject(value) && typeof value['webhookId'] === 'string' && (value['kind'] === 'installed' || value['kind'] === 'upgraded') && typeof value['version'] === 'string' && typeof value['receivedAt'] === 'string'
    ? (value as unknown as LifecycleRecord)
    : undefined;

/** Every recorded lifecycle event (a handful: one install and one per major upgrade). */
export async function listLifecycleRecords(): Promise<LifecycleRecord[]> {
  const records: LifecycleRecord[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(LIFECYCLE_PREFIX)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    for (const result of page.results) {
      const record = readRecord(result.value);
      if (record) records.push(record);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}
