import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { LocalForgePlatform } from '../../dev/platform/local-platform';

export const INBOUND_TRIGGER = 'okr-backend-inbound';

export interface SignedCall {
  /** Body as sent; a string is sent as is (to test malformed JSON). */
  body: unknown;
  secret: string;
  id?: string;
  at?: Date;
  /** Change the body after signing (a tampered request). */
  tamper?: (raw: string) => string;
}

export const newRequestId = (): string => `msg_${randomBytes(12).toString('base64url')}`;

/** What the OKR backend does: sign a call with Standard Webhooks headers and POST it to the web trigger. */
export async function callWebTrigger(platform: LocalForgePlatform, call: SignedCall): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
  const id = call.id ?? newRequestId();
  const at = call.at ?? new Date();
  const signature = new Webhook(call.secret).sign(id, at, raw);
  return sendToWebTrigger(platform, {
    headers: { 'content-type': ['application/json'], 'webhook-id': [id], 'webhook-timestamp': [String(Math.floor(at.getTime() / 1000))], 'webhook-signature': [signature] },
    body: call.tamper ? call.tamper(raw) : raw,
  });
}

/** A raw request, headers as given (an outbound webhook replayed, an unsigned call). */
export async function sendToWebTrigger(platform: LocalForgePlatform, request: { headers: Record<string, string[]>; body: string; method?: string }): Promise<{ status: number; body: Record<string, unknown> }> {
  const reply = (await platform.invokeWebTrigger(INBOUND_TRIGGER, { method: request.method ?? 'POST', headers: request.headers, body: request.body })) as { statusCode: number; body: string };
  return { status: reply.statusCode, body: JSON.parse(reply.body) as Record<string, unknown> };
}
