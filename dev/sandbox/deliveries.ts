import type { LocalKvs } from '../platform/kvs/local-kvs';
import { realFetch } from '../platform/forge-globals';
import { OUTBOX_ENTITY, OUTBOX_PREFIX } from '../../src/adapters/storage-keys';

/** One webhook as both sides saw it: the app's outbox record and the backend's receipts. */
export interface Delivery {
  webhookId: string;
  type: string | null;
  keyResultId: string | null;
  /** Null when the backend got a webhook-id the app has no record of (expired, or sent by hand). */
  app: { status: string; attempts: number; lastError: string | null; createdAt: string; deliveredAt: string | null } | null;
  /** 'not checked': older than the backend's list reaches (it lists its latest BACKEND_EVENTS_LISTED events). */
  backend: { verdict: 'accepted' | 'rejected' | 'not received' | 'not checked'; receipts: Array<{ verification: string; reason: string | null; receivedAt: string }> };
  /** The webhook's JSON body: as the app stored it to sign, else as the backend kept it; null when neither has it. */
  payload: unknown;
}

interface OutboxRecordView {
  id: string;
  type: string;
  /** The exact JSON text the app signs and sends. */
  body?: string;
  keyResultId: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

interface BackendEvent {
  webhookId: string | null;
  type: string | null;
  verification: string;
  reason?: string | null;
  receivedAt: string;
  /** The verified body the backend kept (absent for refused requests). */
  payload?: unknown;
}

const iso = (millis: number | null) => (millis === null ? null : new Date(millis).toISOString());

/** The outbox body as JSON (it is always JSON the app built; anything else is shown as the text it is). */
function parseBody(body: string | undefined): unknown {
  if (body === undefined) return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** The most the reference backend lists in one answer (its /api/events `limit`). */
export const BACKEND_EVENTS_LISTED = 1000;

/**
 * What the reference backend received, newest first (its latest BACKEND_EVENTS_LISTED;
 * `complete` when that is all it has); empty (with a note) if it cannot be asked.
 */
export async function fetchBackendEvents(backendUrl: string): Promise<{ events: BackendEvent[]; complete: boolean; error: string | null }> {
  try {
    const response = await realFetch(`${backendUrl}/api/events?limit=${BACKEND_EVENTS_LISTED}`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return { events: [], complete: false, error: `the reference backend answered ${response.status} on /api/events` };
    const body = (await response.json()) as unknown;
    const list = Array.isArray(body) ? body : Array.isArray((body as { events?: unknown })?.events) ? (body as { events: unknown[] }).events : [];
    return { events: list as BackendEvent[], complete: list.length < BACKEND_EVENTS_LISTED, error: null };
  } catch (error) {
    return { events: [], complete: false, error: `the reference backend did not answer (${(error as Error).message})` };
  }
}

/** The app's outbox records, read without counting as app traffic. */
export function readOutbox(kvs: LocalKvs): OutboxRecordView[] {
  const current = kvs.entityKeys(OUTBOX_ENTITY).map((key) => (kvs.peekEntity(OUTBOX_ENTITY, key) as { record?: OutboxRecordView } | undefined)?.record);
  // Records an older version wrote under plain keys, until their first change moves them.
  const legacy = kvs.keys(OUTBOX_PREFIX).map((key) => kvs.peek(key) as OutboxRecordView | undefined);
  return [...current, ...legacy].filter((r): r is OutboxRecordView => typeof r?.id === 'string');
}

/**
 * Newest first: every webhook the app owes or sent, with the backend's verdict matched by
 * webhook-id. Accepted means verified (also when the backend kept an older sequence, or
 * saw the id before); rejected means it refused the signature or the body.
 */
export function joinDeliveries(outbox: OutboxRecordView[], backendEvents: BackendEvent[], complete = true): Delivery[] {
  // A record older than the oldest event the backend listed may have reached it before its list begins.
  const listedSince = complete ? -Infinity : Math.min(...backendEvents.map((e) => Date.parse(e.receivedAt)));
  const receiptsById = new Map<string, BackendEvent[]>();
  for (const event of backendEvents) {
    if (!event.webhookId) continue;
    receiptsById.set(event.webhookId, [...(receiptsById.get(event.webhookId) ?? []), event]);
  }
  const backendView = (id: string, createdAt = Infinity): Delivery['backend'] => {
    const receipts = receiptsById.get(id) ?? [];
    const verdict = receipts.length > 0 ? (receipts.some((r) => r.verification !== 'rejected') ? 'accepted' : 'rejected') : createdAt < listedSince ? 'not checked' : 'not received';
    return { verdict, receipts: receipts.map((r) => ({ verification: r.verification, reason: r.reason ?? null, receivedAt: r.receivedAt })) };
  };
  const rows: Array<{ at: number; delivery: Delivery }> = outbox.map((record) => ({
    at: record.createdAt,
    delivery: {
      webhookId: record.id,
      type: record.type,
      keyResultId: record.keyResultId,
      app: { status: record.status, attempts: record.attempts, lastError: record.lastError, createdAt: iso(record.createdAt)!, deliveredAt: iso(record.deliveredAt) },
      backend: backendView(record.id, record.createdAt),
      payload: record.body !== undefined ? parseBody(record.body) : (receiptsById.get(record.id)?.find((r) => r.payload !== undefined)?.payload ?? null),
    },
  }));
  const known = new Set(outbox.map((r) => r.id));
  const unmatched = new Map<string, BackendEvent>();
  for (const event of backendEvents) {
    const id = event.webhookId ?? `(no webhook-id) ${event.receivedAt}`;
    if (!known.has(id) && !unmatched.has(id)) unmatched.set(id, event);
  }
  for (const [id, event] of unmatched) {
    const rejectedWithoutId = event.webhookId === null;
    rows.push({
      at: Date.parse(event.receivedAt),
      delivery: {
        webhookId: id,
        type: event.type,
        keyResultId: null,
        app: null,
        backend: rejectedWithoutId ? { verdict: 'rejected', receipts: [{ verification: event.verification, reason: event.reason ?? null, receivedAt: event.receivedAt }] } : backendView(id),
        payload: (rejectedWithoutId ? undefined : receiptsById.get(id)?.find((r) => r.payload !== undefined)?.payload) ?? null,
      },
    });
  }
  return rows.sort((a, b) => b.at - a.at).map((r) => r.delivery);
}
