import { route } from '@forge/api';
import { isObject, readArray, readId } from '../domain/read-json';
import { getJiraAsApp } from './jira-client';

const PAGE = 100;

/**
 * The id of the issue's newest changelog entry, or "0" when it has none. Jira lists
 * changelogs oldest first, so one page answers most issues (≤ 100 entries) and one more
 * call jumps to the last entry of a longer history.
 */
export async function newestChangelogId(issueId: string): Promise<string> {
  const first = await getJiraAsApp(route`/rest/api/3/issue/${issueId}/changelog?startAt=0&maxResults=${String(PAGE)}`);
  const total = readTotal(first);
  const values = readValues(first);
  if (total <= values.length) return lastId(values);
  const last = await getJiraAsApp(route`/rest/api/3/issue/${issueId}/changelog?startAt=${String(total - 1)}&maxResults=1`);
  return lastId(readValues(last));
}

const readTotal = (page: unknown): number => {
  const total = isObject(page) ? page['total'] : undefined;
  return typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : 0;
};

const readValues = (page: unknown): unknown[] => readArray(page, 'values') ?? [];

const lastId = (values: unknown[]): string => (values.length === 0 ? '0' : (readId(values[values.length - 1], 'id') ?? '0'));
