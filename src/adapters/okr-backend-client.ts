import { fetch } from '@forge/api';
import { isObject, readString } from '../domain/read-json';
import { checkSigningSecret } from '../domain/signing-secret';
import { egressVerdict } from './egress-check';
import { classifyFetchError } from './fetch-failure';
import { readCappedText } from './read-capped-body';

export const BACKEND_TIMEOUT_SECONDS = 10;
/** A connect or directory answer is a few KB; 1 MB is far beyond any honest one. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export type BackendFailure =
  | { kind: 'auth-failed' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'egress-refused'; host: string }
  | { kind: 'unexpected'; detail: string };

export type BackendAnswer<T> = { ok: true; value: T } | { ok: false; failure: BackendFailure };

export interface WorkspaceConnection {
  workspaceName: string;
  webhookUrl: string;
  signingSecret: string;
  /**
   * What the backend signs its calls to the web trigger with; null when the backend sends
   * none (it then cannot call the app). Never the outbound secret: checked at Connect.
   */
  inboundSigningSecret: string | null;
}

export interface DirectoryPerson {
  email: string;
  designation: string | null;
  organizationalUnit: string | null;
}

const basicAuth = (email: string, apiToken: string) => `Basic ${Buffer.from(`${email}:${apiToken}`, 'utf8').toString('base64')}`;

/**
 * One JSON request to the OKR workspace. Outcomes become data the admin page can show;
 * the token travels only in the Authorization header and appears in no message.
 */
async function callBackend(url: string, init: { method: string; email: string; apiToken: string; body?: unknown }): Promise<BackendAnswer<unknown>> {
  if (egressVerdict(url) === 'refused') return { ok: false, failure: { kind: 'egress-refused', host: new URL(url).host } };
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(url, {
      method: init.method,
      redirect: 'manual',
      signal: AbortSignal.timeout(BACKEND_TIMEOUT_SECONDS * 1000),
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: basicAuth(init.email, init.apiToken), 'user-agent': 'okr-sync-for-jira' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch (error) {
    const failure = classifyFetchError(error, url);
    if (failure.kind === 'timeout') return { ok: false, failure: { kind: 'unreachable', detail: `no answer within ${BACKEND_TIMEOUT_SECONDS} seconds` } };
    if (failure.kind === 'egress-refused') return { ok: false, failure };
    return { ok: false, failure: { kind: 'unreachable', detail: failure.detail } };
  }
  if (response.status === 401 || response.status === 403) return { ok: false, failure: { kind: 'auth-failed' } };
  const read = await readCappedText(response, MAX_ANSWER_BYTES).catch(() => ({ ok: true as const, text: '' }));
  if (!read.ok) return { ok: false, failure: { kind: 'unexpected', detail: `the server’s answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB` } };
  const text = read.text;
  if (response.status >= 300 && response.status < 400) return { ok: false, failure: { kind: 'unexpected', detail: `the server answered with a redirect (${response.status}); enter the final workspace URL` } };
  if (!response.ok) return { ok: false, failure: { kind: 'unexpected', detail: `the server answered ${response.status}` } };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, failure: { kind: 'unexpected', detail: 'the server answered with something that is not JSON' } };
  }
}

/** Checks email + API token with the workspace and receives where and how to sign webhooks. */
export async function connectWorkspace(input: { serverUrl: string; email: string; apiToken: string; cloudId: string; siteUrl: string | undefined; webTriggerUrl: string | null }): Promise<BackendAnswer<WorkspaceConnection>> {
  const answer = await callBackend(`${input.serverUrl}/api/v1/connections`, {
    method: 'POST',
    email: input.email,
    apiToken: input.apiToken,
    body: { cloudId: input.cloudId, ...(input.siteUrl ? { siteUrl: input.siteUrl } : {}), webTriggerUrl: input.webTriggerUrl },
  });
  if (!answer.ok) return answer;
  const workspaceName = readString(answer.value, 'workspaceName');
  const webhookUrl = readString(answer.value, 'webhookUrl');
  const signingSecret = readString(answer.value, 'signingSecret');
  if (!workspaceName || !webhookUrl || !signingSecret) {
    return { ok: false, failure: { kind: 'unexpected', detail: 'the server’s answer lacks a workspace name, webhook URL or whsec_ signing secret' } };
  }
  const outbound = checkSigningSecret(signingSecret);
  if (!outbound.ok) return { ok: false, failure: { kind: 'unexpected', detail: `its signingSecret is not a usable whsec_ secret (${outbound.problem})` } };
  const inbound = readString(answer.value, 'inboundSigningSecret');
  if (inbound !== undefined) {
    const check = checkSigningSecret(inbound);
    if (!check.ok) return { ok: false, failure: { kind: 'unexpected', detail: `its inboundSigningSecret is not a usable whsec_ secret (${check.problem})` } };
    if (inbound === signingSecret) return { ok: false, failure: { kind: 'unexpected', detail: 'the server’s inboundSigningSecret must be a whsec_ secret of its own, not the webhook signing secret' } };
  }
  return { ok: true, value: { workspaceName, webhookUrl, signingSecret, inboundSigningSecret: inbound ?? null } };
}

/** Designation and organizational unit for up to 100 emails; unknown emails are simply absent. */
export async function lookupDirectory(input: { serverUrl: string; email: string; apiToken: string; emails: string[] }): Promise<BackendAnswer<DirectoryPerson[]>> {
  if (input.emails.length === 0) return { ok: true, value: [] };
  const answer = await callBackend(`${input.serverUrl}/api/v1/directory/lookup`, { method: 'POST', email: input.email, apiToken: input.apiToken, body: { emails: input.emails } });
  if (!answer.ok) return answer;
  const people = isObject(answer.value) && Array.isArray(answer.value['people']) ? answer.value['people'] : [];
  return {
    ok: true,
    value: people.filter(isObject).flatMap((p) => {
      const email = readString(p, 'email');
      return email ? [{ email, designation: readString(p, 'designation') ?? null, organizationalUnit: readString(p, 'organizationalUnit') ?? null }] : [];
    }),
  };
}

export interface KeyResultSummary {
  id: string;
  title: string;
  objective: string | null;
}

/** Key results whose title, objective or id contains `query` (the backend's own matching), at most `limit`. */
export async function searchKeyResults(input: { serverUrl: string; email: string; apiToken: string; query: string; limit: number }): Promise<BackendAnswer<KeyResultSummary[]>> {
  const params = new URLSearchParams({ query: input.query, limit: String(input.limit) });
  const answer = await callBackend(`${input.serverUrl}/api/v1/key-results?${params.toString()}`, { method: 'GET', email: input.email, apiToken: input.apiToken });
  if (!answer.ok) return answer;
  const rows = isObject(answer.value) && Array.isArray(answer.value['keyResults']) ? answer.value['keyResults'] : [];
  return {
    ok: true,
    value: rows.filter(isObject).flatMap((row) => {
      const id = readString(row, 'id');
      const title = readString(row, 'title');
      return id && title ? [{ id, title, objective: readString(row, 'objective') ?? null }] : [];
    }),
  };
}
