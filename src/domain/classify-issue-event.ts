import { isObject, readArray, readId, readObject, readString } from './read-json';
import { normaliseStatusCategoryKey, type StatusCategoryKey } from './status-category';

/** A status transition read from an `avi:jira:updated:issue` event. */
export interface StatusChange {
  issueId: string;
  issueKey: string | undefined;
  projectId: string | undefined;
  /** What a receiver needs to show the issue without calling Jira back, when the event carries it. */
  summary: string | undefined;
  issueTypeName: string | undefined;
  projectKey: string | undefined;
  projectName: string | undefined;
  /** The site's base URL, from the issue's REST `self` link (https://acme.atlassian.net). */
  siteUrl: string | undefined;
  changelogId: string;
  fromStatusId: string | undefined;
  fromStatusName: string | undefined;
  toStatusId: string;
  toStatusName: string | undefined;
  /** Present only when the payload's issue.fields.status is the new status and carries a category. */
  toCategoryKey: StatusCategoryKey | undefined;
  actorAccountId: string | undefined;
  changedAt: string | undefined;
}

export type IssueUpdateClassification =
  | { kind: 'status-changed'; change: StatusChange }
  | { kind: 'other-update'; issueId: string }
  | { kind: 'unreadable'; reason: string };

const isStatusItem = (item: unknown): boolean =>
  isObject(item) && (item['fieldId'] === 'status' || (item['fieldId'] === undefined && item['field'] === 'status'));

/** https://acme.atlassian.net from https://acme.atlassian.net/rest/api/3/issue/10042; only https origins. */
export function siteUrlOf(self: string | undefined): string | undefined {
  if (!self) return undefined;
  try {
    const url = new URL(self);
    return url.protocol === 'https:' && !url.username && !url.password ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Is this update a status change? Reads the changelog defensively: the documented types
 * make every field optional and some updates arrive without a changelog at all.
 */
export function classifyIssueUpdate(event: unknown): IssueUpdateClassification {
  const issue = readObject(event, 'issue');
  const issueId = readId(issue, 'id');
  if (!issue || !issueId) return { kind: 'unreadable', reason: 'event has no issue.id' };
  const changelog = readObject(event, 'changelog');
  const items = readArray(changelog, 'items') ?? [];
  const statusItem = items.find(isStatusItem);
  if (!statusItem) return { kind: 'other-update', issueId };
  const changelogId = readId(changelog, 'id');
  const toStatusId = readId(statusItem, 'to');
  if (!changelogId) return { kind: 'unreadable', reason: `status change on issue ${issueId} has no changelog.id` };
  if (!toStatusId) return { kind: 'unreadable', reason: `status change on issue ${issueId} has no target status id` };

  const fields = readObject(issue, 'fields');
  const status = readObject(fields, 'status');
  // Only trust the payload's category when it describes the status we moved to.
  const statusIsTarget = status !== undefined && readId(status, 'id') === toStatusId;
  const toCategoryKey = statusIsTarget ? normaliseStatusCategoryKey(readString(readObject(status, 'statusCategory'), 'key')) : undefined;

  return {
    kind: 'status-changed',
    change: {
      issueId,
      issueKey: readString(issue, 'key'),
      projectId: readId(readObject(fields, 'project'), 'id'),
      summary: readString(fields, 'summary'),
      issueTypeName: readString(readObject(fields, 'issuetype'), 'name'),
      projectKey: readString(readObject(fields, 'project'), 'key'),
      projectName: readString(readObject(fields, 'project'), 'name'),
      siteUrl: siteUrlOf(readString(issue, 'self')),
      changelogId,
      fromStatusId: readId(statusItem, 'from'),
      fromStatusName: readString(statusItem, 'fromString'),
      toStatusId,
      toStatusName: readString(statusItem, 'toString') ?? (statusIsTarget ? readString(status, 'name') : undefined),
      toCategoryKey,
      actorAccountId: readString(event, 'atlassianId') ?? readString(readObject(event, 'user'), 'accountId'),
      changedAt: readString(fields, 'updated'),
    },
  };
}

/**
 * Orders two changelog ids of one issue. Jira's changelog ids are increasing numbers;
 * compared as integers of any length, never as text ("9" < "10").
 */
export function compareChangelogIds(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? BigInt(a) : undefined;
  const nb = /^\d+$/.test(b) ? BigInt(b) : undefined;
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
}
