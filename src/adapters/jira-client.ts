import api, { route } from '@forge/api';
import { TransientError, PermanentError } from '../domain/app-errors';
import { parseRetryAfter } from '../domain/delivery-policy';

type Route = ReturnType<typeof route>;

/** The app asked for something Jira does not have (a deleted issue): permanent, and worth telling apart. */
export class JiraNotFoundError extends PermanentError {}

/**
 * GET a Jira REST resource as the app and parse JSON. 429 and 5xx become TransientError
 * with the wait Jira asked for (Retry-After, else X-RateLimit-Reset); 401/403 are
 * transient too, because an app's permissions arrive gradually after install.
 */
export async function getJiraAsApp(path: Route): Promise<unknown> {
  const response = await api.asApp().requestJira(path, { headers: { Accept: 'application/json' } });
  if (response.ok) return response.json();
  const now = new Date();
  const retryAfter =
    parseRetryAfter(response.headers.get('Retry-After'), now) ?? parseRetryAfter(response.headers.get('X-RateLimit-Reset'), now);
  if (response.status === 429 || response.status >= 500 || response.status === 401 || response.status === 403) {
    const reason = response.headers.get('RateLimit-Reason');
    throw new TransientError(`Jira answered ${response.status}${reason ? ` (${reason})` : ''}`, retryAfter, response.status === 429);
  }
  if (response.status === 404) throw new JiraNotFoundError('Jira answered 404: the resource does not exist (or no longer)');
  throw new PermanentError(`Jira answered ${response.status} for a request the app made`);
}
