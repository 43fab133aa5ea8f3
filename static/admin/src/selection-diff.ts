/**
 * The "Edit Jira Users" selection as a diff against what is stored, so choices survive
 * paging and searching without ever loading every user of a big site.
 */
export interface SelectionDiff {
  readonly added: ReadonlySet<string>;
  readonly removed: ReadonlySet<string>;
}

export const EMPTY_DIFF: SelectionDiff = { added: new Set(), removed: new Set() };

export interface SelectableUser {
  accountId: string;
  /** Whether the stored selection contains the user (as the server reported it). */
  selected: boolean;
}

export function isChecked(diff: SelectionDiff, user: SelectableUser): boolean {
  if (diff.added.has(user.accountId)) return true;
  if (diff.removed.has(user.accountId)) return false;
  return user.selected;
}

/** The diff after the admin ticks or unticks `user`; ticking back to the stored state leaves no trace. */
export function setChecked(diff: SelectionDiff, user: SelectableUser, checked: boolean): SelectionDiff {
  const added = new Set(diff.added);
  const removed = new Set(diff.removed);
  added.delete(user.accountId);
  removed.delete(user.accountId);
  if (checked && !user.selected) added.add(user.accountId);
  if (!checked && user.selected) removed.add(user.accountId);
  return { added, removed };
}

export const changeCount = (diff: SelectionDiff): number => diff.added.size + diff.removed.size;

/** The payload of admin.saveSelection, in a stable order. */
export function toSavePayload(diff: SelectionDiff): { add: string[]; remove: string[] } {
  return { add: [...diff.added].sort(), remove: [...diff.removed].sort() };
}
