import { kvs } from '@forge/kvs';
import { queryAllByPrefix } from './query-by-prefix';
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
  const slices = await queryAllByPrefix<AccessSlice>(usageAccessPrefix(syncId), 20);
  return { access: new Map(slices.flatMap((slice) => Object.entries(slice.value))), keys: slices.map((slice) => slice.key) };
}

export async function deleteAccessSlices(keys: readonly string[]): Promise<void> {
  for (const key of keys) await kvs.delete(key);
}
