/**
 * POST /webhooks/jira: verify with the public `standardwebhooks` package over the raw
 * bytes, refuse what is signed but not for this workspace (another site's cloudId, a key
 * result it does not have), then de-duplicate by webhook-id and drop stale progress
 * updates. Every request is recorded, refused ones with a short reason (never the secret
 * or the signature).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { type Verification, acceptVerified, recordRejected } from './event-store';
import type { OkrDatabase } from './okr-database';
import { type ReadWebhookBody, readWebhookBody } from './read-webhook-body';
import { hasKeyResult } from './workspace-store';

/** What the endpoint checks a webhook against: the workspace's secret and the site connected to it. */
export interface WebhookReceiver {
  signingSecret: string;
  connectedCloudId: string | null;
}

export type WebhookOutcome = { status: number; body: unknown; verification: Verification; webhookId: string | null; type: string | null };

const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/** Header values as single strings (the library wants a plain record). */
function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(' ') : value;
  }
  return flat;
}

/** The library's messages, made specific enough to fix the sender. */
function rejectionReason(error: unknown, headers: Record<string, string>): string {
  const missing = SIGNATURE_HEADERS.filter((name) => !headers[name]);
  if (missing.length > 0) return `missing ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}`;
  const message = error instanceof WebhookVerificationError ? error.message : '';
  if (message === 'Message timestamp too old') return 'webhook-timestamp is more than 5 minutes in the past';
  if (message === 'Message timestamp too new') return 'webhook-timestamp is more than 5 minutes in the future';
  if (message === 'Invalid Signature Headers') return 'webhook-timestamp is not a Unix time in seconds';
  if (message === 'No matching signature found') return 'no v1 signature matches (wrong secret, or the body or headers were changed)';
  return 'the request could not be verified';
}

/** A short, printable label from an untrusted value, for the event log only. */
const label = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value.slice(0, 100) : null);

function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const claimedType = (rawBody: Buffer): string | null => {
  const parsed = parseJson(rawBody);
  return typeof parsed === 'object' && parsed !== null ? label((parsed as { type?: unknown }).type) : null;
};

/**
 * A signed body this workspace must not apply: a real backend answers 4xx (the app
 * dead-letters it, visibly) instead of storing another site's data or a phantom key result.
 */
function refusalOf(body: unknown, read: ReadWebhookBody, db: OkrDatabase, connectedCloudId: string | null): { status: number; code: string; reason: string } | null {
  const cloudId = label(typeof body === 'object' && body !== null ? (body as { cloudId?: unknown }).cloudId : undefined);
  if (connectedCloudId === null) return { status: 403, code: 'site_not_connected', reason: 'no Jira site is connected to this workspace yet (Connect from the app\'s admin page first)' };
  if (cloudId !== connectedCloudId) return { status: 403, code: 'site_not_connected', reason: `cloudId ${cloudId ?? '(none)'} is not the Jira site connected to this workspace (${connectedCloudId})` };
  if (read.progress && !hasKeyResult(db, read.progress.keyResultId)) {
    return { status: 422, code: 'unknown_key_result', reason: `this workspace has no key result "${read.progress.keyResultId.slice(0, 100)}"` };
  }
  return null;
}

export function receiveWebhook(db: OkrDatabase, receiver: WebhookReceiver, rawBody: Buffer, requestHeaders: IncomingHttpHeaders): WebhookOutcome {
  const receivedAt = new Date().toISOString();
  const headers = flatHeaders(requestHeaders);
  const webhookId = label(headers['webhook-id']);
  try {
    // Parsed separately below: a signed body that is not JSON is still the app's, not forged.
    new Webhook(receiver.signingSecret).verify(rawBody, headers, { jsonParse: false });
  } catch (error) {
    const reason = rejectionReason(error, headers);
    // The claimed type helps whoever debugs a sender; the unverified body itself is not kept.
    const type = claimedType(rawBody);
    recordRejected(db, { webhookId, type, reason, receivedAt });
    return { status: 401, body: { error: { code: 'invalid_signature', message: `Webhook refused: ${reason}.` } }, verification: 'rejected', webhookId, type };
  }
  const parsed = parseJson(rawBody);
  const read = readWebhookBody(parsed);
  const refusal = refusalOf(parsed, read, db, receiver.connectedCloudId);
  if (refusal) {
    recordRejected(db, { webhookId, type: read.type, reason: refusal.reason, receivedAt });
    return { status: refusal.status, body: { error: { code: refusal.code, message: `Webhook refused: ${refusal.reason}.` } }, verification: 'rejected', webhookId, type: read.type };
  }
  const verification = acceptVerified(
    db,
    { webhookId: webhookId ?? '', type: read.type, rawBody: rawBody.toString('utf8'), progress: read.progress, note: read.note },
    receivedAt,
  );
  const body = verification === 'duplicate' ? { duplicate: true } : verification === 'stale' ? { received: true, stale: true } : { received: true };
  return { status: 200, body, verification, webhookId, type: read.type };
}
