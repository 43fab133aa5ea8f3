/** Saving "Edit Jira Users": the selection diff, then the access mode if it changes. */
import { callAdmin } from './admin-client';
import { type SelectionDiff, toSavePayload } from './selection-diff';

/** admin.saveSelection takes at most this many accountIds per list. */
const SAVE_BATCH = 1000;

/**
 * Saves the diff (in batches the resolver accepts), then switches to "Allow selected users"
 * if asked. Stops at the first error; the last answer carries the settings to show.
 */
export async function saveSelectionAndMode(diff: SelectionDiff, switchToSelectedMode: boolean) {
  const { add, remove } = toSavePayload(diff);
  let answer;
  for (let i = 0; i < Math.max(add.length, remove.length); i += SAVE_BATCH) {
    answer = await callAdmin('admin.saveSelection', { add: add.slice(i, i + SAVE_BATCH), remove: remove.slice(i, i + SAVE_BATCH) });
    if (!answer.ok) return answer;
  }
  if (switchToSelectedMode) answer = await callAdmin('admin.setAccessMode', { mode: 'selected' });
  return answer ?? (await callAdmin('admin.getSettings', {}));
}
