import { randomUUID } from 'node:crypto';
import { isSyncActive } from '../domain/app-settings';
import { isExpired, scheduledWaitSeconds } from '../domain/delivery-policy';
import { logEvent } from '../adapters/log';
import {
  type DeliveryHealth,
  type HeldLease,
  isDeliveryLeaseHeld,
  loadDeliveryHealth,
  noteDeliveryWanted,
  releaseDeliveryLease,
  takeDeliveryLease,
  takeDeliveryWanted,
  type DeliveryAttemptRow,
} from '../adapters/delivery-state-store';
import { DeliveryWalkWrites } from '../adapters/delivery-walk-writes';
import type { OutboxRecord } from '../adapters/outbox-store';
import { type PendingMarker, deletePendingMarker, listPendingMarkers, loadOutboxRecord } from '../adapters/outbox-store';
import { loadSettings, loadSigningSecret, updateSettings } from '../adapters/settings-store';
import { DELIVERY_TIMEOUT_SECONDS } from '../adapters/webhook-sender';
import { MAX_QUEUE_DELAY_SECONDS, pushWorkMessages } from '../adapters/work-queue';
import { attemptDelivery } from './attempt-delivery';
import { storageRateLimited } from '../adapters/storage-rate-limit';

/** Who started a walk: how long it may run, and whether it runs while the backend is failing. */
export type WalkStart = 'consumer' | 'drain-message' | 'redrive';
const BUDGET_SECONDS: Record<WalkStart, number> = { consumer: 60, 'drain-message': 90, redrive: 40 };
/**
 * A walk's lease outlives its longest budget by more than a send and the last write: it
 * is the claim on every record the walk sends (see takeDeliveryLease).
 */
const LEASE_SECONDS = 120;
/** A send starts only if it and the walk's last write end this long before the lease does. */
const SEND_MARGIN_SECONDS = DELIVERY_TIMEOUT_SECONDS + 5;
/** Failures in a row, after at least one success in the walk, before it stops: one refusing record does not stop the others. */
const FAILURES_BEFORE_STOPPING = 3;
/** While the backend fails, at most this long between probes (the redrive's interval). */
const PROBE_INTERVAL_SECONDS = 300;
/** How far behind the stored "last success" may fall. */
const HEALTH_STALENESS_MILLIS = 60_000;

export type WalkStop = 'done' | 'deadline' | 'backend-failing' | 'credentials-refused' | 'waiting' | 'paused' | 'busy' | 'storage-busy';
/** After the storage refused a request for its per-minute budget, the walk goes on this much later. */
const STORAGE_PAUSE_MILLIS = 60_000;

export interface WalkReport {
  stop: WalkStop;
  delivered: number;
  retrying: number;
  dead: number;
  expired: number;
}

/**
 * Sends what the app owes the backend, oldest first, for as long as the invocation
 * allows: the outbox's pending records, not the queue, drive delivery, so a backend down
 * for days loses nothing and one invocation delivers many records under backlog. A key
 * result's records go out in creation order: once one of them cannot go now (not due,
 * claimed, failed), its later ones wait. Records past the maximum age become dead letters.
 */
export async function deliverOwedWebhooks(start: WalkStart): Promise<WalkReport> {
  const report: WalkReport = { stop: 'done', delivered: 0, retrying: 0, dead: 0, expired: 0 };
  const settings = await loadSettings();
  if (!isSyncActive(settings)) return { ...report, stop: 'paused' };
  if (settings.connection.deliveryRefused) return { ...report, stop: 'credentials-refused' };
  const startedAt = Date.now();
  const health = await loadDeliveryHealth();
  // While the backend is failing only the redrive walks: it turns what is too old into dead letters.
  const waiting = health.retryAt !== null && health.retryAt > startedAt;
  if (waiting && start !== 'redrive') return { ...report, stop: 'waiting' };
  const lease = await takeDeliveryLease(randomUUID(), startedAt, LEASE_SECONDS);
  if (!lease) return { ...report, stop: 'busy' };
  let earliestDue: number | undefined;
  let refusedStatus: number | undefined;
  let released = false;
  try {
    const secret = await loadSigningSecret();
    if (!secret) {
      logEvent('delivery.paused', { reason: 'no signing secret stored: reconnect on the admin page' });
      return { ...report, stop: 'paused' };
    }
    const deadline = Math.min(startedAt + BUDGET_SECONDS[start] * 1000, lease.until - SEND_MARGIN_SECONDS * 1000);
    const walk = new Walk({ deadline, waiting, url: settings.connection.webhookUrl, secret, health, report, lease });
    try {
      report.stop = await walk.run();
      await walk.writes.finish(walk.healthChanged ? walk.health : undefined, walk.rows);
      released = true;
    } catch (error) {
      // Over the storage budget: outcomes not yet written leave their records pending, sent again (same webhook-id) a minute later.
      if (!storageRateLimited(error)) throw error;
      report.stop = 'storage-busy';
      walk.earliestDue = Date.now() + STORAGE_PAUSE_MILLIS;
    }
    earliestDue = walk.earliestDue;
    refusedStatus = walk.refusedStatus;
  } finally {
    // A refused release is harmless: the lease lapses by itself.
    if (!released) {
      await releaseDeliveryLease(lease.holder).catch((error: unknown) => {
        if (!storageRateLimited(error)) throw error;
      });
    }
  }
  if (refusedStatus !== undefined) await markCredentialsRefused(refusedStatus, report);
  await scheduleNextWalk(report.stop, startedAt, earliestDue);
  logEvent('delivery.walk', { start, ...report });
  return report;
}

interface WalkInput {
  deadline: number;
  waiting: boolean;
  url: string;
  secret: string;
  health: DeliveryHealth;
  report: WalkReport;
  lease: HeldLease;
}

class Walk {
  readonly health: DeliveryHealth;
  healthChanged = false;
  earliestDue: number | undefined;
  refusedStatus: number | undefined;
  /** What this walk did, for the admin's delivery log. */
  readonly rows: DeliveryAttemptRow[] = [];
  /** The outcomes it decided, written a transaction at a time. */
  readonly writes: DeliveryWalkWrites;
  private readonly blocked = new Set<string>();
  private failuresInRow = 0;
  /**
   * The backend was failing when the walk began (its wait is over, or the walk would not
   * run): the first event it reaches is sent as a probe even if its own retry is later, so
   * a backend that is back is found within one wait, however far out each event's schedule.
   */
  private probePending: boolean;

  constructor(private readonly input: WalkInput) {
    this.health = { ...input.health };
    this.probePending = input.health.failedWalks > 0;
    this.writes = new DeliveryWalkWrites(input.lease);
  }

  async run(): Promise<WalkStop> {
    let cursor: string | undefined;
    do {
      const page = await listPendingMarkers(cursor);
      for (const marker of page.markers) {
        const stop = await this.visit(marker);
        if (stop) return stop;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return 'done';
  }

  /** A wait that began before the backend recovered is over (see DeliveryHealth.recoveredAt). */
  private waitedForRecovery(marker: PendingMarker): boolean {
    const { recoveredAt } = this.health;
    return recoveredAt !== null && marker.lastAttemptAt !== null && marker.lastAttemptAt < recoveredAt;
  }

  private due(at: number, keyResultId: string | null): void {
    if (keyResultId) this.blocked.add(keyResultId);
    this.earliestDue = Math.min(this.earliestDue ?? Infinity, at);
  }

  /** One pending marker: expire, skip, or send. Returns why the walk stops, or undefined to go on. */
  private async visit(marker: PendingMarker): Promise<WalkStop | undefined> {
    const now = Date.now();
    if (isExpired(marker.ageFrom, now)) {
      await this.expire(marker, now);
      return undefined;
    }
    // Markers are in creation order: past the expired ones, a waiting walk has nothing to do.
    if (this.input.waiting) return 'waiting';
    if (marker.keyResultId && this.blocked.has(marker.keyResultId)) return undefined;
    if (marker.nextAttemptAt > now && !this.waitedForRecovery(marker) && !this.probePending) {
      this.due(marker.nextAttemptAt, marker.keyResultId);
      return undefined;
    }
    if (now + SEND_MARGIN_SECONDS * 1000 > this.input.deadline) return 'deadline';
    const loaded = marker.copy ?? (await loadOutboxRecord(marker.id));
    if (!loaded || loaded.record.status !== 'pending') {
      await deletePendingMarker(marker.key);
      return undefined;
    }
    const { keyResultId } = loaded.record;
    if (keyResultId && this.blocked.has(keyResultId)) return undefined;
    // Claimed by an older version's walk, which may still be sending it.
    if ((loaded.record.claimedUntil ?? 0) > now) {
      this.due(loaded.record.claimedUntil!, keyResultId);
      return undefined;
    }
    this.probePending = false;
    const result = await attemptDelivery(loaded, this.input.url, this.input.secret);
    await this.writes.add({ before: loaded, after: result.after, markerKey: marker.key });
    const outcome = result.kind === 'delivered' ? 'delivered' : result.kind === 'dead' ? 'dead' : result.kind === 'retry' ? 'retrying' : 'paused';
    this.rows.push(attemptRow(result.after, outcome));
    return this.record(result, keyResultId);
  }

  private record(result: Awaited<ReturnType<typeof attemptDelivery>>, keyResultId: string | null): WalkStop | undefined {
    const { report } = this.input;
    const now = Date.now();
    if (result.kind === 'delivered') {
      report.delivered += 1;
      this.failuresInRow = 0;
      // "Last success" may lag a minute: that saves a write per walk on a healthy site.
      const stale = now - (this.health.lastSuccessAt ?? 0) > HEALTH_STALENESS_MILLIS;
      const recovering = this.health.failedWalks > 0 || this.health.retryAt !== null;
      if (stale || recovering) {
        Object.assign(this.health, { lastSuccessAt: now, failedWalks: 0, retryAt: null, ...(recovering ? { recoveredAt: now } : {}) });
        this.healthChanged = true;
      }
      return undefined;
    }
    if (result.kind === 'dead') {
      report.dead += 1;
      return undefined;
    }
    Object.assign(this.health, { lastFailureAt: now, lastFailure: result.reason });
    this.healthChanged = true;
    if (result.kind === 'refused-credentials') {
      this.refusedStatus = result.status;
      return 'credentials-refused';
    }
    report.retrying += 1;
    this.due(result.nextAttemptAt, keyResultId);
    this.failuresInRow += 1;
    if (report.delivered > 0 && this.failuresInRow < FAILURES_BEFORE_STOPPING) return undefined;
    this.health.failedWalks += 1;
    // The backend's own wait when it gave one; else the schedule's, but never past the
    // redrive's five minutes: each event keeps its own schedule, and a backend that is back
    // gets the newest events (due at once) within minutes, not after a ten-hour wait.
    const waitSeconds = result.retryAfterSeconds ?? Math.min(scheduledWaitSeconds(this.health.failedWalks), PROBE_INTERVAL_SECONDS);
    this.health.retryAt = now + waitSeconds * 1000;
    this.due(this.health.retryAt, null);
    return 'backend-failing';
  }

  private async expire(marker: PendingMarker, now: number): Promise<void> {
    const loaded = marker.copy ?? (await loadOutboxRecord(marker.id));
    if (!loaded || loaded.record.status !== 'pending') {
      await deletePendingMarker(marker.key);
      return;
    }
    if ((loaded.record.claimedUntil ?? 0) > now) return;
    const last = loaded.record.lastError ?? 'no attempt was made: the backend was failing';
    const lastError = `not delivered within 72 hours (${loaded.record.attempts} attempts); last: ${last}`;
    const dead: OutboxRecord = { ...loaded.record, status: 'dead', deadAt: now, lastError };
    await this.writes.add({ before: loaded, after: dead, markerKey: marker.key });
    this.input.report.expired += 1;
    this.rows.push({ ...attemptRow(dead, 'dead'), at: now });
    logEvent('delivery.dead', { messageId: marker.id, type: loaded.record.type, reason: 'maximum age reached' });
  }
}

function attemptRow(record: OutboxRecord, outcome: DeliveryAttemptRow['outcome']): DeliveryAttemptRow {
  return { id: record.id, type: record.type, keyResultId: record.keyResultId, outcome, at: record.lastAttemptAt ?? Date.now(), attempts: record.attempts, status: record.lastStatus, latencyMs: record.lastLatencyMs, error: record.lastError };
}

/** 401/403: every delivery waits, in order, until an admin connects again; the admin page says "Reconnect needed". */
async function markCredentialsRefused(status: number, report: WalkReport): Promise<void> {
  await updateSettings((current) => (current.connection && !current.connection.deliveryRefused ? { ...current, connection: { ...current.connection, deliveryRefused: { status, at: new Date().toISOString() } } } : current));
  logEvent('delivery.credentials-refused', { status, delivered: report.delivered });
}

/**
 * What runs next: a walk that ran out of time goes on at once; one that found records due
 * within the queue's longest delay (or a backend that asked to wait that long) comes back
 * then; later work is the redrive's. Work owed while the walk held its lease is walked
 * again now.
 */
async function scheduleNextWalk(stop: WalkStop, startedAt: number, earliestDue: number | undefined): Promise<void> {
  const now = Date.now();
  let delaySeconds: number | undefined;
  if (stop === 'deadline') delaySeconds = 0;
  else if (stop === 'done' && (await takeDeliveryWanted(startedAt))) delaySeconds = 0;
  else if (earliestDue !== undefined && (stop === 'done' || stop === 'backend-failing' || stop === 'storage-busy')) {
    const wait = Math.max(1, Math.ceil((earliestDue - now) / 1000));
    if (wait <= MAX_QUEUE_DELAY_SECONDS) delaySeconds = wait;
  }
  if (delaySeconds === undefined) return;
  const { failed } = await pushWorkMessages([{ message: { kind: 'drain' }, ...(delaySeconds > 0 ? { delayInSeconds: delaySeconds } : {}) }]);
  // Not queued: the redrive walks within five minutes; nothing is lost.
  if (failed.length > 0) logEvent('delivery.walk-not-queued', { delaySeconds });
}

/**
 * What every writer of outbox records calls after writing them: a consumer walks itself
 * ('walk-here', no queue event), a trigger or resolver queues one walk ('queue'). If a
 * walk holds the lease it is left word instead; the order (note, then look at the lease
 * again; the holder releases, then reads the note) means one of the two always walks.
 */
export async function askForDelivery(how: 'walk-here' | 'queue'): Promise<void> {
  // Under backlog a walk is usually running: one read finds that out, before anything else is read.
  if (how === 'walk-here') {
    if (!(await isDeliveryLeaseHeld(Date.now()))) {
      const report = await deliverOwedWebhooks('consumer');
      if (report.stop !== 'busy') return;
    }
    await noteDeliveryWanted(Date.now());
    if (!(await isDeliveryLeaseHeld(Date.now()))) await deliverOwedWebhooks('consumer');
    return;
  }
  if (await isDeliveryLeaseHeld(Date.now())) {
    await noteDeliveryWanted(Date.now());
    if (await isDeliveryLeaseHeld(Date.now())) return;
  }
  const { failed } = await pushWorkMessages([{ message: { kind: 'drain' } }]);
  // Not queued: the record is pending and the redrive walks within five minutes.
  if (failed.length > 0) logEvent('delivery.walk-not-queued', { delaySeconds: 0 });
}
