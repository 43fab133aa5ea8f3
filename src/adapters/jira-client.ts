import api, { type APIResponse, route } from '@forge/api';
import { TransientError, PermanentError } from '../domain/app-errors';
import { parseRetryAfter } from '../domain/delivery-policy';

type Route = ReturnType<typeof route>;

/** The app asked for something Jira does not have (a deleted issue): permanent, and worth telling apart. */
export class JiraNotFoundError extends PermanentError {}

/**
 * One Jira REST request as the app; answers other than 2xx become the error taxonomy:
 * 429 and 5xx are TransientError with the wait Jira asked for (Retry-After, else
 * X-RateLimit-Reset); 401/403 are transient too, because an app's permissions arrive
 * gradually after install; 404 is JiraNotFoundError; anything else is permanent.
 * (Not named request…Jira…: @forge/lint's permission check reads any call whose name
 * contains "requestJira" as the SDK's and fails on an unknown one.)
 */
async function callJiraAsApp(path: Route, init: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown }): Promise<APIResponse> {
  const response = await api.asApp().requestJira(path, {
    method: init.method,
    headers: init.body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (response.ok) return response;
  const now = new Date();
  const retryAfter =
    parseRetryAfter(response.headers.get('Retry-After'), now) ?? parseRetryAfter(response.headers.get('X-RateLimit-Reset'), now);
  if (response.status === 429 || response.status >= 500 || response.status === 401 || response.status === 403) {
    const reason = response.headers.get('RateLimit-Reason');
    throw new TransientError(`Jira answered ${response.status}${reason ? ` (${reason})` : ''}`, retryAfter, response.status === 429);
  }
  if (response.status === 404) throw new JiraNotFoundError('Jira answered 404: the resource does not exist (or no longer)');
  if (response.status === 400) throw new JiraBadRequestError('Jira answered 400 for a request the app made');
  throw new PermanentError(`Jira answered ${response.status} for a request the app made`);
}

/** GET a Jira REST resource as the app and parse JSON (errors as in callJiraAsApp). */
export async function getJiraAsApp(path: Route): Promise<unknown> {
  return (await callJiraAsApp(path, { method: 'GET' })).json();
}

/** POST a JSON body as the app and parse the JSON answer (searches and checks that take a body). */
export async function postJiraAsApp(path: Route, body: unknown): Promise<unknown> {
  return (await callJiraAsApp(path, { method: 'POST', body })).json();
}

/** A 400 from Jira: the app's request was refused as malformed or too large. */
export class JiraBadRequestError extends PermanentError {}

/** PUT a JSON body as the app; the answer's body is not needed. */
export async function putJiraAsApp(path: Route, body: unknown): Promise<void> {
  await callJiraAsApp(path, { method: 'PUT', body });
}

/** DELETE as the app; a resource that is already gone counts as deleted. */
export async function deleteJiraAsApp(path: Route): Promise<void> {
  try {
    await callJiraAsApp(path, { method: 'DELETE' });
  } catch (error) {
    if (!(error instanceof JiraNotFoundError)) throw error;
  }
}
