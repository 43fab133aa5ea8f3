import { fetch } from '@forge/api';
import { Webhook } from 'standardwebhooks';
import type { DeliveryResponse } from '../domain/delivery-policy';

export const DELIVERY_TIMEOUT_SECONDS = 10;

/**
 * Sends one signed webhook (Standard Webhooks: webhook-id, webhook-timestamp,
 * webhook-signature). Redirects are not followed: a signed body must reach the URL the
 * admin connected, not wherever a redirect points. The secret never leaves this function.
 */
export async function sendSignedWebhook(input: { url: string; secret: string; messageId: string; body: string; now: Date }): Promise<DeliveryResponse> {
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
    // Drain the body so the connection can be reused; its content is not needed.
    await response.arrayBuffer().catch(() => undefined);
    return { kind: 'response', status: response.status, retryAfter: response.headers.get('retry-after'), location: response.headers.get('location') };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'timeout', seconds: DELIVERY_TIMEOUT_SECONDS };
    if (e.message.includes('external fetch backend permissions')) return { kind: 'egress-refused', host: new URL(input.url).host };
    return { kind: 'network-error', message: e.cause?.code ?? e.message };
  }
}
