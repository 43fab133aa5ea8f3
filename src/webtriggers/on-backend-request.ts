import { Webhook } from 'standardwebhooks';
import { isObject } from '../domain/read-json';
import { logEvent } from '../adapters/log';
import { loadSigningSecret } from '../adapters/settings-store';

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
 * Requests from the OKR backend, signed the way our webhooks are (Standard Webhooks, the
 * same secret, constant-time comparison and a 5-minute replay window in the library).
 * Unsigned or badly signed requests get 401 and change nothing. No action is offered
 * yet (JQL links and resync requests come later), so a verified request gets 404.
 */
export async function onBackendRequest(request: unknown): Promise<WebTriggerResponse> {
  const r = isObject(request) ? request : {};
  if (r['method'] !== 'POST') return reply(405, { error: 'Use POST.' });
  const secret = await loadSigningSecret();
  if (!secret) return reply(503, { error: 'This Jira site is not connected to an OKR workspace.' });
  let body: unknown;
  try {
    body = new Webhook(secret).verify(typeof r['body'] === 'string' ? r['body'] : '', flattenHeaders(r['headers']));
  } catch {
    logEvent('webtrigger.refused', { reason: 'signature missing, invalid or outside the replay window' });
    return reply(401, { error: 'Signature missing, invalid or too old.' });
  }
  const action = isObject(body) ? body['action'] : undefined;
  logEvent('webtrigger.unknown-action', { action: typeof action === 'string' ? action : null });
  return reply(404, { error: `Unknown action ${JSON.stringify(action ?? null)}.` });
}
