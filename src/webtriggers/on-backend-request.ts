import { kvs } from '@forge/kvs';
import { Webhook } from 'standardwebhooks';
import { TransientError } from '../domain/app-errors';
import { parseInboundCall } from '../domain/inbound-call';
import { isObject } from '../domain/read-json';
import { logEvent } from '../adapters/log';
import { loadInboundSigningSecret } from '../adapters/settings-store';
import { inboundRequestKey } from '../adapters/storage-keys';
import { answerBackendCall } from '../services/answer-backend-call';

interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

const reply = (statusCode: number, body: unknown): WebTriggerResponse => ({
  statusCode,
  headers: { 'Content-Type': ['application/json'] },
  body: JSON.stringify(body),
});

const refuse = (statusCode: number, code: string, message: string, field?: string): WebTriggerResponse =>
  reply(statusCode, { error: { code, message, ...(field ? { field } : {}) } });

/** Web-trigger headers arrive as lists; the signature check wants single values. */
function flattenHeaders(headers: unknown): Record<string, string> {
  const flat: Record<string, string> = {};
  if (!isObject(headers)) return flat;
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') flat[name.toLowerCase()] = first;
  }
  return flat;
}

/**
 * Ids are kept longer than a signature stays valid (5 minutes either side of now, the
 * library's tolerance), so a replay inside the window is always recognised.
 */
const SEEN_REQUEST_TTL_MINUTES = 15;
const WEBHOOK_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/** Records the request id once; false when it was already seen (atomic: two copies at once, one wins). */
async function firstTimeSeen(webhookId: string): Promise<boolean> {
  try {
    await kvs.set(inboundRequestKey(webhookId), { seenAt: new Date().toISOString() }, { ttl: { value: SEEN_REQUEST_TTL_MINUTES, unit: 'MINUTES' }, keyPolicy: 'FAIL_IF_EXISTS' });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'KEY_CONFLICT') return false;
    throw error;
  }
}

/**
 * Calls from the OKR backend: Standard Webhooks signatures with a secret of their own
 * (never the outbound one, so a captured outbound webhook cannot be replayed here),
 * verified in constant time inside a 5-minute window, each request id accepted once.
 * Nothing is read from the body, and nothing is changed, before all of that passes.
 */
export async function onBackendRequest(request: unknown): Promise<WebTriggerResponse> {
  const r = isObject(request) ? request : {};
  if (r['method'] !== 'POST') return refuse(405, 'method_not_allowed', 'Use POST.');
  const secret = await loadInboundSigningSecret();
  if (!secret) return refuse(503, 'not_connected', 'This Jira site is not connected to an OKR workspace that can call it (no inbound signing secret).');
  const headers = flattenHeaders(r['headers']);
  const raw = typeof r['body'] === 'string' ? r['body'] : '';
  try {
    new Webhook(secret).verify(raw, headers, { jsonParse: false });
  } catch {
    logEvent('webtrigger.refused', { reason: 'signature missing, invalid or outside the 5-minute window' });
    return refuse(401, 'invalid_signature', 'Signature missing, invalid or too old: sign with the inboundSigningSecret, with a timestamp within 5 minutes.');
  }
  const webhookId = headers['webhook-id'] ?? '';
  if (!WEBHOOK_ID.test(webhookId)) return refuse(400, 'invalid_request', 'webhook-id must be 1–200 letters, digits or "_.:-".', 'webhook-id');
  let body: unknown;
  try {
    body = JSON.parse(raw) as unknown;
  } catch {
    return refuse(400, 'invalid_request', 'The body is not JSON.', 'body');
  }
  // A malformed call changes nothing, not even the list of seen ids: repeating it only gets the same answer.
  const call = parseInboundCall(body);
  if (!call.ok) {
    logEvent('webtrigger.refused', { reason: call.error.code, field: call.error.field ?? null });
    return refuse(call.error.status, call.error.code, call.error.message, call.error.field);
  }
  if (!(await firstTimeSeen(webhookId))) {
    logEvent('webtrigger.refused', { reason: 'replayed request id' });
    return refuse(409, 'duplicate_request', `Request ${webhookId} was already accepted; send a new call with a new webhook-id.`);
  }
  let answer;
  try {
    answer = await answerBackendCall(call.value);
  } catch (error) {
    // Nothing was done (or only repeatable steps were): the same request may come again.
    await kvs.delete(inboundRequestKey(webhookId));
    const retryAfter = error instanceof TransientError ? (error.retryAfterSeconds ?? 30) : null;
    logEvent('webtrigger.failed', { action: call.value.action, reason: (error as Error).message });
    if (retryAfter === null) throw error;
    return { ...refuse(503, 'try_again', `Jira could not be reached just now (${(error as Error).message}); send the same call again in ${retryAfter} s.`), headers: { 'Content-Type': ['application/json'], 'Retry-After': [String(retryAfter)] } };
  }
  logEvent('webtrigger.answered', { action: call.value.action, status: answer.status });
  return reply(answer.status, answer.body);
}
