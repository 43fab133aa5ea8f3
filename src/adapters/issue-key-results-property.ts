import api, { route } from '@forge/api';
import { TransientError, PermanentError } from '../domain/app-errors';

/**
 * The issue entity property that makes links searchable in Jira's own JQL: the manifest's
 * `jira:entityProperty` module indexes `keyResultIds` as `okrKeyResult`, so
 * `okrKeyResult = "kr-123"` finds a key result's issues. Entity properties are readable by
 * anyone who can see the issue, so it holds ids only.
 */
export const KEY_RESULTS_PROPERTY_KEY = 'okr-sync-key-results';

export interface KeyResultsPropertyValue {
  keyResultIds: string[];
}

/** Writes the issue's current list of key results as the app (deleting the property when the list is empty). */
export async function writeKeyResultsProperty(issueId: string, keyResultIds: readonly string[]): Promise<void> {
  const path = route`/rest/api/3/issue/${issueId}/properties/${KEY_RESULTS_PROPERTY_KEY}`;
  const response =
    keyResultIds.length === 0
      ? await api.asApp().requestJira(path, { method: 'DELETE' })
      : await api.asApp().requestJira(path, {
          method: 'PUT',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
          body: JSON.stringify({ keyResultIds: [...keyResultIds].sort() } satisfies KeyResultsPropertyValue),
        });
  if (response.ok || (keyResultIds.length === 0 && response.status === 404)) return;
  if (response.status === 429 || response.status >= 500) throw new TransientError(`Jira answered ${response.status} writing the issue's key-result property`);
  throw new PermanentError(`Jira answered ${response.status} writing the issue's key-result property`);
}
