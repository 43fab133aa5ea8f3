import { readCappedText } from './read-capped-body';
import { fetch } from '@forge/api';
import { Webhook } from 'standardwebhooks';
import type { DeliveryResponse } from '../domain/delivery-policy';
import { egressVerdict } from './egress-check';
import { classifyFetchError } from './fetch-failure';

export const DELIVERY_TIMEOUT_SECONDS = 10;

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
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_SECONDS * 1000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'okr-sync-for-jira',
        'webhook-id': input.messageId,
        'webhook-timestamp': String(Math.floor(input.now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: input.body,
    });
    // Read a little of the body so the connection can be reused; its content is not needed, and a huge one is cut off.
    await readCappedText(response, 64 * 1024).catch(() => undefined);
    return { kind: 'response', status: response.status, retryAfter: response.headers.get('retry-after'), location: response.headers.get('location') };
  } catch (error) {
    const failure = classifyFetchError(error, input.url);
    if (failure.kind === 'timeout') return { kind: 'timeout', seconds: DELIVERY_TIMEOUT_SECONDS };
    if (failure.kind === 'egress-refused') return { kind: 'egress-refused', host: failure.host };
    return { kind: 'network-error', message: failure.detail };
  }
}
