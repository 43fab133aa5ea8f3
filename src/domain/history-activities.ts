import { changelogAction, editKey } from './activity';
import { type ActivityKind, kindOf } from './activity-day';
import { isObject, readArray, readId, readObject, readString } from './read-json';
import { toUtcIso } from './webhook-events';

/**
 * One activity found in Jira's history, with the key a live event of the same change gets
 * (see classifyActivity), so the history import and live events never count it twice.
 */
export interface HistoryActivity {
  key: string;
  accountId: string;
  kind: ActivityKind;
  /** UTC ISO 8601. */
  occurredAt: string;
}

/**
 * Human accounts only: an app's changes (this app's included, which live events never
 * report: ignoreSelf) and customers' are no licensed user's activity.
 */
function humanActor(user: unknown): string | undefined {
  const accountId = readString(user, 'accountId');
  const accountType = readString(user, 'accountType') ?? 'atlassian';
  return accountId && accountType === 'atlassian' ? accountId : undefined;
}

const inWindow = (at: string | null, windowFrom: string): at is string => at !== null && at >= windowFrom;

/** An issue created inside the window (a search result with fields created, creator, reporter). */
export function activitiesOfIssue(issue: unknown, windowFrom: string): HistoryActivity[] {
  const id = readId(issue, 'id');
  const fields = readObject(issue, 'fields');
  const at = toUtcIso(readString(fields, 'created'));
  const actor = humanActor(readObject(fields, 'creator')) ?? humanActor(readObject(fields, 'reporter'));
  if (!id || !actor || !inWindow(at, windowFrom)) return [];
  return [{ key: `issue:${id}:created`, accountId: actor, kind: 'issue', occurredAt: at }];
}

/** One changelog entry (a changeHistories element of changelog/bulkfetch). */
export function activitiesOfChangelog(history: unknown, windowFrom: string): HistoryActivity[] {
  const id = readId(history, 'id');
  const at = toUtcIso(readString(history, 'created'));
  const actor = humanActor(readObject(history, 'author'));
  const items = readArray(history, 'items') ?? [];
  if (!id || !actor || items.length === 0 || !inWindow(at, windowFrom)) return [];
  return [{ key: `changelog:${id}`, accountId: actor, kind: kindOf(changelogAction(items)), occurredAt: at }];
}

/**
 * A comment (or a worklog: the same fields): its creation, and its last edit when it has
 * one. Jira keeps only the last edit's time, so earlier edits are not in the history.
 */
function createdAndEdited(what: 'comment' | 'worklog', record: unknown, windowFrom: string): HistoryActivity[] {
  const id = readId(record, 'id');
  if (!id || !isObject(record)) return [];
  const kind: ActivityKind = what;
  const created = toUtcIso(readString(record, 'created'));
  const updated = toUtcIso(readString(record, 'updated'));
  const found: HistoryActivity[] = [];
  const author = humanActor(readObject(record, 'author'));
  if (author && inWindow(created, windowFrom)) found.push({ key: `${what}:${id}:created`, accountId: author, kind, occurredAt: created });
  const editor = humanActor(readObject(record, 'updateAuthor'));
  if (editor && updated !== created && inWindow(updated, windowFrom)) found.push({ key: editKey(what, id, updated, updated), accountId: editor, kind, occurredAt: updated });
  return found;
}

export const activitiesOfComment = (comment: unknown, windowFrom: string) => createdAndEdited('comment', comment, windowFrom);
export const activitiesOfWorklog = (worklog: unknown, windowFrom: string) => createdAndEdited('worklog', worklog, windowFrom);
