/**
 * What the backend received on /webhooks/jira, and the current progress of each key
 * result. Accepting a verified webhook is one immediate transaction: the duplicate
 * check, the stale check and the writes cannot interleave with another request.
 */
import type { OkrDatabase } from './okr-database';
import type { ProgressSnapshot } from './read-webhook-body';

export type Verification = 'verified' | 'rejected' | 'duplicate' | 'stale';

export interface ReceivedEvent {
  id: number;
  receivedAt: string;
  webhookId: string | null;
  type: string | null;
  verification: Verification;
  reason?: string;
  payload?: unknown;
}

export interface KeyResultProgressView {
  id: string;
  objective: string | null;
  title: string | null;
  cloudId: string | null;
  progress: number | null;
  weightedSum: number | null;
  issueCount: number | null;
  counts: { new: number; indeterminate: number; done: number } | null;
  weights: { todo: number; inProgress: number; done: number } | null;
  sequence: number | null;
  updatedAt: string | null;
}

export interface VerifiedWebhook {
  webhookId: string;
  type: string | null;
  rawBody: string;
  /** Set for a readable key_result.progress_updated. */
  progress: ProgressSnapshot | null;
  /** Why a verified body could not be applied (kept with the event). */
  note: string | null;
}

export function recordRejected(db: OkrDatabase, input: { webhookId: string | null; type: string | null; reason: string; receivedAt: string }): void {
  db.prepare("INSERT INTO received_events (received_at, webhook_id, type, verification, reason) VALUES (?, ?, ?, 'rejected', ?)").run(
    input.receivedAt,
    input.webhookId,
    input.type,
    input.reason,
  );
}

/** Stores a verified webhook once, applying a progress update only if its (epoch, sequence) is newer. */
export function acceptVerified(db: OkrDatabase, webhook: VerifiedWebhook, receivedAt: string): Exclude<Verification, 'rejected'> {
  const run = db.transaction((): Exclude<Verification, 'rejected'> => {
    const insert = db.prepare('INSERT INTO received_events (received_at, webhook_id, type, verification, reason, payload) VALUES (?, ?, ?, ?, ?, ?)');
    const seen = db.prepare("SELECT 1 FROM received_events WHERE webhook_id = ? AND verification IN ('verified', 'stale')").get(webhook.webhookId);
    if (seen) {
      insert.run(receivedAt, webhook.webhookId, webhook.type, 'duplicate', 'this webhook-id was already received', null);
      return 'duplicate';
    }
    let verification: 'verified' | 'stale' = 'verified';
    let reason = webhook.note;
    if (webhook.progress) {
      const applied = applyProgress(db, webhook.progress, webhook.webhookId, receivedAt);
      if (!applied.ok) {
        verification = 'stale';
        reason = `${orderLabel(webhook.progress)} is not newer than ${orderLabel(applied.stored)}`;
      }
    }
    insert.run(receivedAt, webhook.webhookId, webhook.type, verification, reason, webhook.rawBody);
    return verification;
  });
  return run.immediate();
}

/** Where an update stands in its key result's order: the installation's epoch, then the sequence within it. */
interface UpdateOrder {
  epoch: number;
  sequence: number;
}

const orderLabel = (order: UpdateOrder): string => `epoch ${order.epoch} sequence ${order.sequence}`;

/** Epoch first: a reinstall's sequence 1 (later epoch) is newer than any sequence before it. */
const isNewer = (update: UpdateOrder, stored: UpdateOrder): boolean =>
  update.epoch !== stored.epoch ? update.epoch > stored.epoch : update.sequence > stored.sequence;

function applyProgress(db: OkrDatabase, snapshot: ProgressSnapshot, webhookId: string, receivedAt: string): { ok: true } | { ok: false; stored: UpdateOrder } {
  const stored = db
    .prepare('SELECT epoch, sequence FROM key_result_progress WHERE cloud_id = ? AND key_result_id = ?')
    .get(snapshot.cloudId, snapshot.keyResultId) as UpdateOrder | undefined;
  if (stored && !isNewer(snapshot, stored)) return { ok: false, stored: { epoch: stored.epoch, sequence: stored.sequence } };
  db.prepare(
    `INSERT INTO key_result_progress
       (cloud_id, key_result_id, epoch, sequence, progress, weighted_sum, issue_count, count_new, count_indeterminate, count_done, weights_json, webhook_id, updated_at)
     VALUES (@cloudId, @keyResultId, @epoch, @sequence, @progress, @weightedSum, @issueCount, @countNew, @countIndeterminate, @countDone, @weightsJson, @webhookId, @updatedAt)
     ON CONFLICT (cloud_id, key_result_id) DO UPDATE SET
       epoch = excluded.epoch, sequence = excluded.sequence, progress = excluded.progress, weighted_sum = excluded.weighted_sum,
       issue_count = excluded.issue_count, count_new = excluded.count_new, count_indeterminate = excluded.count_indeterminate,
       count_done = excluded.count_done, weights_json = excluded.weights_json, webhook_id = excluded.webhook_id, updated_at = excluded.updated_at`,
  ).run({
    cloudId: snapshot.cloudId,
    keyResultId: snapshot.keyResultId,
    epoch: snapshot.epoch,
    sequence: snapshot.sequence,
    progress: snapshot.progress,
    weightedSum: snapshot.weightedSum,
    issueCount: snapshot.issueCount,
    countNew: snapshot.counts.new,
    countIndeterminate: snapshot.counts.indeterminate,
    countDone: snapshot.counts.done,
    weightsJson: JSON.stringify(snapshot.weights),
    webhookId,
    updatedAt: receivedAt,
  });
  return { ok: true };
}

interface EventRow {
  seq: number;
  received_at: string;
  webhook_id: string | null;
  type: string | null;
  verification: Verification;
  reason: string | null;
  payload: string | null;
}

/** Newest first. */
export function listReceivedEvents(db: OkrDatabase, limit: number): ReceivedEvent[] {
  const rows = db.prepare('SELECT * FROM received_events ORDER BY seq DESC LIMIT ?').all(limit) as EventRow[];
  return rows.map((row) => ({
    id: row.seq,
    receivedAt: row.received_at,
    webhookId: row.webhook_id,
    type: row.type,
    verification: row.verification,
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.payload === null ? {} : { payload: parseStored(row.payload) }),
  }));
}

const parseStored = (payload: string): unknown => {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
};

interface ProgressRow {
  id: string;
  objective: string | null;
  title: string | null;
  cloud_id: string | null;
  sequence: number | null;
  progress: number | null;
  weighted_sum: number | null;
  issue_count: number | null;
  count_new: number | null;
  count_indeterminate: number | null;
  count_done: number | null;
  weights_json: string | null;
  updated_at: string | null;
}

/**
 * Every seeded key result (state null until an update arrives), then any other key
 * result the app sent updates for. With several sites, the most recently updated wins.
 */
export function listKeyResultProgress(db: OkrDatabase): KeyResultProgressView[] {
  const rows = db
    .prepare(
      `WITH latest AS (
         SELECT *, row_number() OVER (PARTITION BY key_result_id ORDER BY updated_at DESC, cloud_id) AS rank FROM key_result_progress
       ),
       ids AS (
         SELECT id, position FROM key_results
         UNION SELECT key_result_id, NULL FROM key_result_progress WHERE key_result_id NOT IN (SELECT id FROM key_results)
       )
       SELECT ids.id, kr.objective, kr.title, p.cloud_id, p.sequence, p.progress, p.weighted_sum, p.issue_count,
              p.count_new, p.count_indeterminate, p.count_done, p.weights_json, p.updated_at
       FROM ids
       LEFT JOIN key_results kr ON kr.id = ids.id
       LEFT JOIN latest p ON p.key_result_id = ids.id AND p.rank = 1
       ORDER BY ids.position IS NULL, ids.position, ids.id`,
    )
    .all() as ProgressRow[];
  return rows.map((row) => ({
    id: row.id,
    objective: row.objective,
    title: row.title,
    cloudId: row.cloud_id,
    progress: row.progress,
    weightedSum: row.weighted_sum,
    issueCount: row.issue_count,
    counts: row.count_new === null ? null : { new: row.count_new, indeterminate: row.count_indeterminate ?? 0, done: row.count_done ?? 0 },
    weights: row.weights_json === null ? null : (JSON.parse(row.weights_json) as KeyResultProgressView['weights']),
    sequence: row.sequence,
    updatedAt: row.updated_at,
  }));
}
