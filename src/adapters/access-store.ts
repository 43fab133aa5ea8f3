import { kvs } from '@forge/kvs';
import { accessUserKey } from './storage-keys';

/** Forge KVS batches take at most 25 items. */
const BATCH = 25;

const chunks = <T>(items: T[]): T[][] => Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));

function throwOnFailures(failed: Array<{ key: string; error: { code: string } }>, allowed: string[] = []): void {
  const real = failed.filter((f) => !allowed.includes(f.error.code));
  if (real.length > 0) throw new Error(`Storage refused ${real.length} selection key(s) (${real[0]!.error.code})`);
}

/** Which of these users are in the stored selection: one batch read per 25 users. */
export async function selectedAmong(accountIds: string[]): Promise<Set<string>> {
  const ids = [...new Set(accountIds)];
  const found = new Set<string>();
  for (const chunk of chunks(ids)) {
    const result = await kvs.batchGet(chunk.map((id) => ({ key: accessUserKey(id) })));
    throwOnFailures(result.failedKeys, ['KEY_NOT_FOUND']);
    for (const item of result.successfulKeys) found.add(item.key.slice(accessUserKey('').length));
  }
  return found;
}

export async function isSelected(accountId: string): Promise<boolean> {
  return (await kvs.get(accessUserKey(accountId))) !== undefined;
}

/**
 * Applies an add/remove diff to the selection and returns how the count moved: users
 * already in (or already out of) the selection do not count twice.
 */
export async function applySelectionChange(change: { add: string[]; remove: string[] }): Promise<number> {
  const present = await selectedAmong([...change.add, ...change.remove]);
  const toAdd = change.add.filter((id) => !present.has(id));
  const toRemove = change.remove.filter((id) => present.has(id));
  for (const chunk of chunks(toAdd)) {
    throwOnFailures((await kvs.batchSet(chunk.map((id) => ({ key: accessUserKey(id), value: { accountId: id } })))).failedKeys);
  }
  for (const chunk of chunks(toRemove)) {
    throwOnFailures((await kvs.batchDelete(chunk.map((id) => ({ key: accessUserKey(id) })))).failedKeys);
  }
  return toAdd.length - toRemove.length;
}
