import { kvs } from '@forge/kvs';
import { accessUserKey } from './storage-keys';

/** Which of these users are in the stored selection (one read per user; a page holds ≤100). */
export async function selectedAmong(accountIds: string[]): Promise<Set<string>> {
  const found = await Promise.all(accountIds.map(async (id) => ((await kvs.get(accessUserKey(id))) !== undefined ? id : undefined)));
  return new Set(found.filter((id): id is string => id !== undefined));
}

export async function isSelected(accountId: string): Promise<boolean> {
  return (await kvs.get(accessUserKey(accountId))) !== undefined;
}

/**
 * Applies an add/remove diff to the selection and returns how the count moved: users
 * already in (or already out of) the selection do not count twice.
 */
export async function applySelectionChange(change: { add: string[]; remove: string[] }): Promise<number> {
  const [present, stillPresent] = await Promise.all([selectedAmong(change.add), selectedAmong(change.remove)]);
  const toAdd = change.add.filter((id) => !present.has(id));
  const toRemove = change.remove.filter((id) => stillPresent.has(id));
  for (let i = 0; i < toAdd.length; i += 20) {
    await Promise.all(toAdd.slice(i, i + 20).map((id) => kvs.set(accessUserKey(id), { accountId: id })));
  }
  for (let i = 0; i < toRemove.length; i += 20) {
    await Promise.all(toRemove.slice(i, i + 20).map((id) => kvs.delete(accessUserKey(id))));
  }
  return toAdd.length - toRemove.length;
}
