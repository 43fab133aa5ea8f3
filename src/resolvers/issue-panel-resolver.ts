import Resolver from '@forge/resolver';
import { parseKeyResultId } from '../domain/key-result-id';
import { isObject, readId, readObject, readString } from '../domain/read-json';
import { searchKeyResults } from '../adapters/okr-backend-client';
import { listKeyResultsOfIssue } from '../adapters/key-result-store';
import { rememberTitles } from '../adapters/key-result-titles';
import { logEvent } from '../adapters/log';
import { loadApiToken, loadSettings } from '../adapters/settings-store';
import { buildPanelView, linkPermission } from '../services/issue-panel-view';
import { linkIssueToKeyResult, unlinkIssueFromKeyResult } from '../services/link-issue';
import type { PanelResolverKey, PanelResolvers } from './issue-panel-api';
import { type ResolverResponse, failure, success } from './resolver-response';

interface PanelRequest {
  payload: unknown;
  context: Record<string, unknown>;
}

/** Who is looking at which issue: both from the invocation context, never the payload. */
interface PanelCaller {
  accountId: string;
  issueId: string;
  issueKey: string | null;
  cloudId: string;
}

type PanelHandler<K extends PanelResolverKey> = (request: PanelRequest, caller: PanelCaller) => Promise<ResolverResponse<PanelResolvers[K][1]>>;

const MAX_QUERY = 100;
const SEARCH_LIMIT = 20;

function callerOf(context: Record<string, unknown>): PanelCaller | undefined {
  const accountId = context['accountId'];
  const issue = readObject(readObject(context, 'extension'), 'issue');
  const issueId = readId(issue, 'id');
  if (typeof accountId !== 'string' || accountId === '' || !issueId) return undefined;
  return { accountId, issueId, issueKey: readString(issue, 'key') ?? null, cloudId: typeof context['cloudId'] === 'string' ? context['cloudId'] : '' };
}

/** Every panel resolver goes through this first: a signed-in user on an issue, or nothing runs. */
function onIssue<K extends PanelResolverKey>(name: K, handler: PanelHandler<K>) {
  return async (request: PanelRequest): Promise<ResolverResponse<PanelResolvers[K][1]>> => {
    const caller = callerOf(request.context);
    if (!caller) {
      logEvent('resolver.refused', { resolver: name, reason: 'no user or no issue in the invocation context' });
      return failure('FORBIDDEN', 'Open this panel from a Jira issue while logged in.');
    }
    try {
      return await handler(request, caller);
    } catch (error) {
      logEvent('resolver.failed', { resolver: name, reason: (error as Error).name });
      return failure('INTERNAL', 'Something went wrong; try again. If it persists, ask your Jira administrator to check the app logs.');
    }
  };
}

/** Only `{ keyResultId }`: an issue id or account id in the payload is refused, never used. */
function readKeyResultPayload(payload: unknown): { ok: true; keyResultId: string } | { ok: false; response: ResolverResponse<never> } {
  if (!isObject(payload)) return { ok: false, response: failure('INVALID_INPUT', 'Choose a key result.', 'keyResultId') };
  const extra = Object.keys(payload).find((key) => key !== 'keyResultId');
  if (extra) return { ok: false, response: failure('INVALID_INPUT', `Unknown field "${extra}".`, extra) };
  const id = parseKeyResultId(payload['keyResultId']);
  return id.ok ? { ok: true, keyResultId: id.value } : { ok: false, response: failure('INVALID_INPUT', 'That is not a key result id from your OKR workspace.', 'keyResultId') };
}

/** Link and unlink: connected, allowed by User Access Control and able to edit the issue; else refused with nothing written. */
async function changeLink(kind: 'link' | 'unlink', request: PanelRequest, caller: PanelCaller): Promise<ResolverResponse<PanelResolvers['panel.link'][1]>> {
  const input = readKeyResultPayload(request.payload);
  if (!input.ok) return input.response;
  const settings = await loadSettings();
  if (!settings.connection) return failure('NOT_CONNECTED', 'A Jira administrator has not connected OKR Sync to an OKR workspace yet.');
  const permission = await linkPermission(caller.accountId, caller.issueId);
  if (!permission.canLink) {
    logEvent('resolver.refused', { resolver: `panel.${kind}`, reason: permission.reason });
    return failure('FORBIDDEN', permission.reason);
  }
  const change = { keyResultId: input.keyResultId, issueId: caller.issueId, issueKey: caller.issueKey, cloudId: caller.cloudId, actor: { kind: 'user' as const, accountId: caller.accountId } };
  const update = kind === 'link' ? await linkIssueToKeyResult(change) : await unlinkIssueFromKeyResult(change);
  logEvent(`panel.${kind}`, { keyResultId: input.keyResultId, issueId: caller.issueId, result: update.kind });
  return success(await buildPanelView(settings, caller.accountId, caller.issueId, permission));
}

const resolver = new Resolver();
const define = <K extends PanelResolverKey>(key: K, handler: PanelHandler<K>) => resolver.define(key, onIssue(key, handler) as never);

define('panel.getView', async (_request, caller) => success(await buildPanelView(await loadSettings(), caller.accountId, caller.issueId)));

define('panel.searchKeyResults', async ({ payload }, caller) => {
  const query = isObject(payload) && typeof payload['query'] === 'string' ? payload['query'].trim() : undefined;
  if (query === undefined || (isObject(payload) && Object.keys(payload).some((key) => key !== 'query'))) return failure('INVALID_INPUT', 'Type part of a key result title to search.', 'query');
  if (query.length === 0) return failure('INVALID_INPUT', 'Type part of a key result title to search.', 'query');
  if (query.length > MAX_QUERY) return failure('INVALID_INPUT', `Search is too long: at most ${MAX_QUERY} characters (this one has ${query.length}).`, 'query');
  const settings = await loadSettings();
  const apiToken = settings.connection ? await loadApiToken() : undefined;
  if (!settings.connection || !apiToken) return failure('NOT_CONNECTED', 'A Jira administrator has not connected OKR Sync to an OKR workspace yet.');
  const permission = await linkPermission(caller.accountId, caller.issueId);
  if (!permission.canLink) return failure('FORBIDDEN', permission.reason);
  const answer = await searchKeyResults({ serverUrl: settings.connection.serverUrl, email: settings.connection.email, apiToken, query, limit: SEARCH_LIMIT });
  if (!answer.ok) return failure('UNREACHABLE', 'The OKR workspace could not be searched just now. Try again in a moment.');
  await rememberTitles(answer.value);
  const linked = new Set(await listKeyResultsOfIssue(caller.issueId));
  return success({ keyResults: answer.value.map((hit) => ({ ...hit, linked: linked.has(hit.id) })) });
});

define('panel.link', (request, caller) => changeLink('link', request, caller));
define('panel.unlink', (request, caller) => changeLink('unlink', request, caller));

export const issuePanelResolver = resolver.getDefinitions();
