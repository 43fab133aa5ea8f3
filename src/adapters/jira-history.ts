import { route } from '@forge/api';
import { readArray, readNumber, readObject, readString } from '../domain/read-json';
import { JiraNotFoundError, getJiraAsApp, postJiraAsApp } from './jira-client';

/**
 * The Jira reads of the history import, each one call. Changelogs come from
 * changelog/bulkfetch (the issue's inline changelog is capped and never used); comments a
 * page per issue; worklogs from the site-wide changed-worklog lists.
 */

/** Issues a search page carries when fields beyond id and key are asked for. */
export const ISSUE_PAGE = 100;
/** Comments per page when an issue has more than its search result carries (the endpoint's default). */
export const COMMENT_PAGE = 100;
/** Ids per worklog/list call (Jira's documented maximum). */
export const WORKLOG_BATCH = 1000;

/** Jira's estimate of how many issues a query matches (the "of Y" the admin sees), or null. */
export async function approximateIssueCount(jql: string): Promise<number | null> {
  const answer = await postJiraAsApp(route`/rest/api/3/search/approximate-count`, { jql });
  return readNumber(answer, 'count') ?? null;
}

/**
 * A search result's inline comments when they are all of the issue's (the field carries
 * its total; how many it holds inline is not documented), else null: page them instead.
 */
export function allInlineComments(issue: unknown): unknown[] | null {
  const field = readObject(readObject(issue, 'fields'), 'comment');
  const comments = readArray(field, 'comments');
  const total = readNumber(field, 'total');
  return comments && total !== undefined && comments.length >= total ? comments : null;
}

export async function searchIssuePage(jql: string, nextPageToken: string | null): Promise<{ issues: unknown[]; nextPageToken: string | null }> {
  const answer = await postJiraAsApp(route`/rest/api/3/search/jql`, {
    jql,
    fields: ['created', 'creator', 'reporter', 'comment'],
    maxResults: ISSUE_PAGE,
    ...(nextPageToken ? { nextPageToken } : {}),
  });
  return { issues: readArray(answer, 'issues') ?? [], nextPageToken: readString(answer, 'nextPageToken') ?? null };
}

/** One page of the changelog entries of some issues (at most 1,000 ids), flattened. */
export async function bulkChangelogPage(issueIds: readonly string[], nextPageToken: string | null): Promise<{ histories: unknown[]; nextPageToken: string | null }> {
  const answer = await postJiraAsApp(route`/rest/api/3/changelog/bulkfetch`, { issueIdsOrKeys: issueIds, ...(nextPageToken ? { nextPageToken } : {}) });
  const histories = (readArray(answer, 'issueChangeLogs') ?? []).flatMap((log) => readArray(log, 'changeHistories') ?? []);
  return { histories, nextPageToken: readString(answer, 'nextPageToken') ?? null };
}

/** One page of an issue's comments, oldest first; null when the issue is gone meanwhile. */
export async function commentPage(issueId: string, startAt: number): Promise<{ comments: unknown[]; total: number } | null> {
  try {
    const answer = await getJiraAsApp(route`/rest/api/3/issue/${issueId}/comment?startAt=${String(startAt)}&maxResults=${String(COMMENT_PAGE)}&orderBy=created`);
    const comments = readArray(answer, 'comments') ?? [];
    return { comments, total: readNumber(answer, 'total') ?? startAt + comments.length };
  } catch (error) {
    if (error instanceof JiraNotFoundError) return null;
    throw error;
  }
}

/** A worklog in a changed-worklog list: its id and when it changed (ms). */
export interface ChangedWorklog {
  id: number;
  updatedTime: number;
}

/**
 * One page of worklogs changed (or deleted) since a time (ms), oldest change first, and
 * where the next page starts (null on the last page). Whether `since` itself is included
 * is not documented; the caller skips the ids it already took at that instant.
 */
export async function changedWorklogPage(which: 'updated' | 'deleted', since: number): Promise<{ values: ChangedWorklog[]; nextSince: number | null }> {
  const answer =
    which === 'updated' ? await getJiraAsApp(route`/rest/api/3/worklog/updated?since=${String(since)}`) : await getJiraAsApp(route`/rest/api/3/worklog/deleted?since=${String(since)}`);
  const values = (readArray(answer, 'values') ?? []).flatMap((value) => {
    const id = readNumber(value, 'worklogId');
    const updatedTime = readNumber(value, 'updatedTime');
    return id === undefined || updatedTime === undefined ? [] : [{ id, updatedTime }];
  });
  const lastPage = (answer as { lastPage?: unknown } | null)?.lastPage !== false;
  const until = readNumber(answer, 'until');
  const nextSince = lastPage || until === undefined || until < since ? null : until;
  return { values, nextSince };
}

export async function worklogsByIds(ids: readonly number[]): Promise<unknown[]> {
  const answer = await postJiraAsApp(route`/rest/api/3/worklog/list`, { ids });
  return Array.isArray(answer) ? answer : [];
}
