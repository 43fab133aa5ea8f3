/**
 * POST /api/app-calls: the backend calling the app's web trigger (register a KR's JQL,
 * request a resync, …), signed with Standard Webhooks and a fresh `msg_` id per call.
 * The key is the workspace's inbound signing secret, not the webhook secret: a webhook of
 * the app, captured on its way or wherever it is received, must never verify at the app's
 * web trigger. Actions and data are relayed as given, so the app's own validation (400,
 * 404, 422) can be tried from here.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { isObject } from '../../src/domain/read-json';
import { HttpError } from './http-io';

export const APP_CALL_TIMEOUT_MS = 10_000;
const MAX_REPLY_CHARS = 64 * 1024;

export interface AppCall {
  action: string;
  data?: Record<string, unknown>;
}

export function readAppCall(body: unknown): AppCall {
  if (!isObject(body)) throw new HttpError(400, 'invalid_request', 'The body must be a JSON object { "action": string, "data"?: object }.');
  const action = body['action'];
  if (typeof action !== 'string' || action.trim() === '') throw new HttpError(400, 'invalid_request', 'action must be a non-empty string, such as "jql.register".');
  const data = body['data'];
  if (data !== undefined && !isObject(data)) throw new HttpError(400, 'invalid_request', 'data, when given, must be a JSON object.');
  return data === undefined ? { action } : { action, data };
}

const newMessageId = (): string => `msg_${randomBytes(24).toString('base64url')}`;

/** Sends the call and returns the app's answer; the body is parsed when it is JSON. */
export async function callApp(webTriggerUrl: string, inboundSigningSecret: string, call: AppCall): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify({ action: call.action, data: call.data });
  const id = newMessageId();
  const now = new Date();
  let response: Response;
  try {
    response = await fetch(webTriggerUrl, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(APP_CALL_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'okr-reference-backend',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(inboundSigningSecret).sign(id, now, body),
      },
      body,
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${APP_CALL_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new HttpError(502, 'app_unreachable', `Could not reach the app's web trigger at ${new URL(webTriggerUrl).origin}: ${why}.`);
  }
  const text = (await response.text()).slice(0, MAX_REPLY_CHARS);
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    // Not JSON: the text is returned as is.
  }
  return { status: response.status, body: parsed };
}
