import { route } from '@forge/api';
import { deleteJiraAsApp, putJiraAsApp } from './jira-client';

/**
 * The issue entity property that makes links searchable in Jira's own JQL: the manifest's
 * `jira:entityProperty` module indexes `keyResultIds` as `okrKeyResult`, so
 * `okrKeyResult = "kr-123"` finds a key result's issues. Entity properties are readable by
 * anyone who can see the issue, so it holds ids only.
 */
export const KEY_RESULTS_PROPERTY_KEY = 'okr-sync-key-results';
/** The JQL name manifest.yml's jira:entityProperty module gives the property's keyResultIds. */
export const KEY_RESULT_JQL_ALIAS = 'okrKeyResult';

/** JQL for a key result's direct links (key-result ids never contain quotes: see parseKeyResultId). */
export const directLinksJql = (keyResultId: string): string => `${KEY_RESULT_JQL_ALIAS} = "${keyResultId}"`;

export interface KeyResultsPropertyValue {
  keyResultIds: string[];
}

/** Writes the issue's current list of key results as the app (deleting the property when the list is empty). */
export async function writeKeyResultsProperty(issueId: string, keyResultIds: readonly string[]): Promise<void> {
  const path = route`/rest/api/3/issue/${issueId}/properties/${KEY_RESULTS_PROPERTY_KEY}`;
  if (keyResultIds.length === 0) await deleteJiraAsApp(path);
  else await putJiraAsApp(path, { keyResultIds: [...keyResultIds].sort() } satisfies KeyResultsPropertyValue);
}
