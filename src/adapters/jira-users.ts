import { route } from '@forge/api';
import { isObject, readString } from '../domain/read-json';
import { getJiraAsApp } from './jira-client';

export interface JiraUser {
  accountId: string;
  displayName: string;
  /** Absent when the user hides it; emailsOf() resolves it as the app. */
  email: string | undefined;
}

export interface JiraUserPage {
  users: JiraUser[];
  /** How many raw entries Jira returned: a short page means the end. */
  rawCount: number;
}

/** Only people: app users, customers and deactivated accounts cannot link issues. */
const toHuman = (u: unknown): JiraUser[] => {
  if (!isObject(u) || u['accountType'] !== 'atlassian' || u['active'] !== true) return [];
  const accountId = readString(u, 'accountId');
  const displayName = readString(u, 'displayName');
  return accountId && displayName ? [{ accountId, displayName, email: readString(u, 'emailAddress') }] : [];
};

/** One page of Jira's users: everyone when the query is blank, else Jira's user search. */
export async function fetchUserPage(query: string, startAt: number, maxResults: number): Promise<JiraUserPage> {
  const body = query
    ? await getJiraAsApp(route`/rest/api/3/user/search?query=${query}&startAt=${String(startAt)}&maxResults=${String(maxResults)}`)
    : await getJiraAsApp(route`/rest/api/3/users/search?startAt=${String(startAt)}&maxResults=${String(maxResults)}`);
  const list = Array.isArray(body) ? body : [];
  return { users: list.flatMap(toHuman), rawCount: list.length };
}

/**
 * Emails of users whose profile hides them, asked as the app (Forge allows this endpoint
 * asApp only). Atlassian documents the answer as one object; it is a list in practice,
 * so both are read.
 */
export async function emailsOf(accountIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (accountIds.length === 0) return found;
  const query = new URLSearchParams(accountIds.map((id): [string, string] => ['accountId', id]));
  const body = await getJiraAsApp(route`/rest/api/3/user/email/bulk?${query}`);
  for (const entry of Array.isArray(body) ? body : [body]) {
    const accountId = readString(entry, 'accountId');
    const email = readString(entry, 'email');
    if (accountId && email) found.set(accountId, email);
  }
  return found;
}
