import { readCappedText } from './read-capped-body';
import { fetch } from '@forge/api';
import { Webhook } from 'standardwebhooks';
import type { DeliveryResponse } from '../domain/delivery-policy';
import { egressVerdict } from './egress-check';
import { classifyFetchError } from './fetch-failure';

export const DELIVERY_TIMEOUT_SECONDS = 10;

/**
 * The abort time of one delivery: 10 s. A Forge environment variable may only shorten it
 * (the fault suite does, so a hanging backend costs a second of real time, not ten).
 */
function timeoutMillis(): number {
  const set = Number(process.env['DELIVERY_TIMEOUT_MS']);
  return Number.isFinite(set) && set >= 100 ? Math.min(set, DELIVERY_TIMEOUT_SECONDS * 1000) : DELIVERY_TIMEOUT_SECONDS * 1000;
}

/** What the backend said when it refused, for the admin: one line, at most 300 characters, no control characters. */
export function excerptOf(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Sends one signed webhook (Standard Webhooks: webhook-id, webhook-timestamp,
 * webhook-signature). Redirects are not followed: a signed body must reach the URL the
 * admin connected, not wherever a redirect points. The secret never leaves this function.
 */
export async function sendSignedWebhook(input: { url: string; secret: string; messageId: string; body: string; now: Date }): Promise<DeliveryResponse> {
  if (egressVerdict(input.url) === 'refused') return { kind: 'egress-refused', host: new URL(input.url).host };
  const signature = new Webhook(input.secret).sign(input.messageId, input.now, input.body);
  try {
    const response = await fetch(input.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMillis()),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'okr-sync-for-jira',
        'webhook-id': input.messageId,
        'webhook-timestamp': String(Math.floor(input.now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: input.body,
    });
    // Read so the connection can be reused (a huge body is cut off); kept only as an excerpt of a refusal.
    const read = await readCappedText(response, 64 * 1024).catch(() => undefined);
    const bodyExcerpt = response.status >= 300 && read?.ok ? excerptOf(read.text) : undefined;
    return { kind: 'response', status: response.status, retryAfter: response.headers.get('retry-after'), location: response.headers.get('location'), ...(bodyExcerpt ? { bodyExcerpt } : {}) };
  } catch (error) {
    const failure = classifyFetchError(error, input.url);
    if (failure.kind === 'timeout') return { kind: 'timeout', seconds: timeoutMillis() / 1000 };
    if (failure.kind === 'egress-refused') return { kind: 'egress-refused', host: failure.host };
    return { kind: 'network-error', message: failure.detail };
  }
}
