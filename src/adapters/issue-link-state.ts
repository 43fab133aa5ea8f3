import { route } from '@forge/api';
import { PermanentError } from '../domain/app-errors';
import type { LinkedIssueState } from '../domain/key-result-state';
import { readId, readObject, readString } from '../domain/read-json';
import { normaliseStatusCategoryKey } from '../domain/status-category';
import { newestChangelogId } from './issue-changelog';
import { getJiraAsApp } from './jira-client';
import { resolveStatusCategory } from './status-categories';

/**
 * Reads the issue's current status as the app: the link starts from Jira's truth, at the
 * version of the newest changelog entry, so a transition event older than this read that
 * arrives later cannot move the link backwards. The changelog is read first: a transition
 * made between the two reads then has a newer id than the version and is applied when
 * its event comes (a move to the status already read changes nothing).
 */
export async function readIssueLinkState(issueId: string): Promise<{ state: Omit<LinkedIssueState, 'keyResultId'>; issueKey: string | null }> {
  const version = await newestChangelogId(issueId);
  const issue = await getJiraAsApp(route`/rest/api/3/issue/${issueId}?fields=status`);
  const status = readObject(readObject(issue, 'fields'), 'status');
  const statusId = readId(status, 'id');
  if (!statusId) throw new PermanentError(`Issue ${issueId} has no status in Jira's answer`);
  const categoryKey = normaliseStatusCategoryKey(readString(readObject(status, 'statusCategory'), 'key')) ?? (await resolveStatusCategory(statusId));
  if (!categoryKey) throw new PermanentError(`Status ${statusId} of issue ${issueId} has no known category`);
  return { state: { issueId: readId(issue, 'id') ?? issueId, statusId, categoryKey, version }, issueKey: readString(issue, 'key') ?? null };
}

