import { route } from '@forge/api';
import { readArray, readId, readObject, readString } from '../domain/read-json';
import { normaliseStatusCategoryKey, type StatusCategoryKey } from '../domain/status-category';
import { getJiraAsApp } from './jira-client';
import { refreshIfCategoriesMoved, resolveStatusCategory } from './status-categories';

/** Jira answers at most 100 issues a page when fields other than the id are asked for. */
export const STATUS_PAGE_SIZE = 100;

export interface IssueStatusNow {
  statusId: string;
  categoryKey: StatusCategoryKey;
}

/**
 * One page of a status-only search as the app (which sees every issue). Categories come
 * from the answer, else from the cached status list, which is refreshed when the answer
 * shows a status in another category than the cache has.
 */
export async function searchIssueStatuses(jql: string, pageToken: string | undefined): Promise<{ statuses: Map<string, IssueStatusNow>; nextPageToken: string | undefined }> {
  const size = String(STATUS_PAGE_SIZE);
  const page = await getJiraAsApp(
    pageToken
      ? route`/rest/api/3/search/jql?jql=${jql}&fields=status&maxResults=${size}&nextPageToken=${pageToken}`
      : route`/rest/api/3/search/jql?jql=${jql}&fields=status&maxResults=${size}`,
  );
  const statuses = new Map<string, IssueStatusNow>();
  const categoriesInAnswer = new Map<string, StatusCategoryKey>();
  for (const issue of readArray(page, 'issues') ?? []) {
    const id = readId(issue, 'id');
    const status = readObject(readObject(issue, 'fields'), 'status');
    const statusId = readId(status, 'id');
    if (!id || !statusId) continue;
    const answered = normaliseStatusCategoryKey(readString(readObject(status, 'statusCategory'), 'key'));
    if (answered) categoriesInAnswer.set(statusId, answered);
    const categoryKey = answered ?? (await resolveStatusCategory(statusId));
    if (categoryKey) statuses.set(id, { statusId, categoryKey });
  }
  await refreshIfCategoriesMoved(categoriesInAnswer);
  return { statuses, nextPageToken: readString(page, 'nextPageToken') };
}

/** The current status of up to 100 issues in one search: an id missing from the answer is an issue Jira no longer has (or the app may no longer read). */
export async function readIssueStatuses(issueIds: readonly string[]): Promise<Map<string, IssueStatusNow>> {
  const found = new Map<string, IssueStatusNow>();
  if (issueIds.length === 0) return found;
  if (issueIds.length > STATUS_PAGE_SIZE) throw new RangeError(`at most ${STATUS_PAGE_SIZE} issues per search, not ${issueIds.length}`);
  const jql = `id in (${issueIds.join(',')})`;
  let token: string | undefined;
  do {
    const page = await searchIssueStatuses(jql, token);
    for (const [id, status] of page.statuses) found.set(id, status);
    token = page.nextPageToken;
  } while (token);
  return found;
}

/** Jira answers up to 5,000 issues a page when only ids are asked for (documented). */
export const ID_PAGE_SIZE = 5000;

/** Every issue id a query finds, 5,000 a call (ids only: no status, no fields). */
export async function searchIssueIds(jql: string): Promise<{ ids: Set<string>; calls: number }> {
  const ids = new Set<string>();
  let token: string | undefined;
  let calls = 0;
  const size = String(ID_PAGE_SIZE);
  do {
    const page = await getJiraAsApp(
      token ? route`/rest/api/3/search/jql?jql=${jql}&fields=id&maxResults=${size}&nextPageToken=${token}` : route`/rest/api/3/search/jql?jql=${jql}&fields=id&maxResults=${size}`,
    );
    calls += 1;
    for (const issue of readArray(page, 'issues') ?? []) {
      const id = readId(issue, 'id');
      if (id) ids.add(id);
    }
    token = readString(page, 'nextPageToken');
  } while (token);
  return { ids, calls };
}
