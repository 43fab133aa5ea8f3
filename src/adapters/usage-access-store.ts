import { kvs, WhereConditions } from '@forge/kvs';
import type { ProductRef } from './product-access';
import { usageAccessKey, usageAccessPrefix } from './storage-keys';

type AccessSlice = Record<string, ProductRef[]>;

/** A day is longer than any sync takes; a sync that never finished leaves nothing behind for good. */
const SLICE_TTL = { ttl: { value: 1, unit: 'DAYS' as const } };

/** One slice of people's product access (a few hundred people, a few tens of KB). */
export async function saveAccessSlice(syncId: string, offset: number, access: ReadonlyMap<string, ProductRef[]>): Promise<void> {
  await kvs.set<AccessSlice>(usageAccessKey(syncId, offset), Object.fromEntries(access), SLICE_TTL);
}

/** Every slice of a sync, merged; and the keys, for the clean-up. */
export async function loadAccessSlices(syncId: string): Promise<{ access: Map<string, ProductRef[]>; keys: string[] }> {
  const access = new Map<string, ProductRef[]>();
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(usageAccessPrefix(syncId))).limit(20);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<AccessSlice>();
    for (const result of page.results) {
      keys.push(result.key);
      for (const [accountId, products] of Object.entries(result.value)) access.set(accountId, products);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { access, keys };
}

export async function deleteAccessSlices(keys: readonly string[]): Promise<void> {
  for (const key of keys) await kvs.delete(key);
}
