import { LIFECYCLE_EVENT_TYPES, type LifecycleEventType } from './app-lifecycle';
import { isObject, readString } from './read-json';
import { err, ok, type Result } from './result';
import { isStatusCategoryKey, type StatusCategoryKey } from './status-category';

/** Messages on the delivery queue: small, with ids only; the data lives in storage. */
export type WorkMessage =
  /** Walk the outbox and send what is owed (services/deliver-owed-webhooks). */
  | { kind: 'drain' }
  /**
   * A product event whose trigger ran out of retries while storage was over its budget,
   * handed to the queue (which retries for 24 hours) instead of being lost.
   */
  | { kind: 'replay-event'; trigger: ReplayedTrigger; event: Record<string, unknown> }
  /** An older version's delivery of one record: now a walk like 'drain' (the record is in the outbox). */
  | { kind: 'deliver'; messageId: string }
  /** issueKey: as the event named it, or null (messages queued before it existed have none). */
  | { kind: 'apply-status'; keyResultId: string; issueId: string; issueKey: string | null; statusId: string; categoryKey: StatusCategoryKey; changelogId: string }
  /** Apply every transition waiting for this key result (stored by the triggers; services/apply-pending-status-changes). */
  | { kind: 'apply-pending-status'; keyResultId: string }
  /** Re-send a key result's progress with the current weights, saying why (see RecomputeReason). */
  | { kind: 'recompute'; keyResultId: string; reason: RecomputeReason }
  /**
   * Correct a key result against Jira (missed, late or paused events); `then` = send its
   * progress afterwards with that reason (after a resume), or nothing more.
   */
  | { kind: 'reconcile'; keyResultId: string; then: RecomputeReason | null; resume?: ReconcileResume }
  /** Jira deleted an issue: it leaves this key result (applied in order with its other changes). */
  | { kind: 'remove-issue'; keyResultId: string; issueId: string; issueKey: string | null }
  /** An issue was created or changed on a site with JQL links: which JQLs match it now? */
  | { kind: 'match-jql'; issueId: string; issueKey: string | null }
  /** Read every person's licences and send the usage report (daily, and after a Connect). */
  /** resume: a sync reading product access per user goes on at `offset` of the site's people (see services/sync-usage). */
  | { kind: 'sync-usage'; resume?: UsageSyncResume }
  /**
   * A message for every key result, a page at a time (see services/queue-every-key-result):
   * `cursor` is where the listing goes on, `retry` the ids of the last page the queue did
   * not take, queued again first.
   */
  | { kind: 'fan-out'; job: FanOutJob; cursor: string | null; retry: string[] }
  /** The next chunk of the 30-day history import, for the import's state at this revision (older ones are dropped). */
  | { kind: 'import-history'; revision: number };

/**
 * Why a key result's current progress is sent again: the admin changed the weights;
 * sending (re)started — a Connect, or progress updates turned back on — so the backend
 * gets every key result's current state instead of waiting for the next transition; its
 * JQL changed or a check corrected its matches; or the backend asked for a resync.
 */
/** What a fan-out queues for each key result: a recompute with its reason, or a reconcile and what it sends after. */
export type FanOutJob = { what: 'recompute'; reason: RecomputeReason } | { what: 'reconcile'; then: RecomputeReason | null };

function readFanOutJob(value: unknown): FanOutJob | undefined {
  const what = readString(value, 'what');
  if (what === 'recompute') {
    const reason = readString(value, 'reason');
    return RECOMPUTE_REASONS.includes(reason as RecomputeReason) ? { what, reason: reason as RecomputeReason } : undefined;
  }
  if (what === 'reconcile') {
    const then = isObject(value) ? value['then'] : undefined;
    if (then === null) return { what, then: null };
    return RECOMPUTE_REASONS.includes(then as RecomputeReason) ? { what, then: then as RecomputeReason } : undefined;
  }
  return undefined;
}

/** Which trigger a replayed event is for: the issue or activity trigger, or the lifecycle event a lifecycle trigger subscribes to. */
export type ReplayedTrigger = 'issue' | 'activity' | LifecycleEventType;
const REPLAYED_TRIGGERS: readonly ReplayedTrigger[] = ['issue', 'activity', ...LIFECYCLE_EVENT_TYPES];
const isReplayedTrigger = (value: string | undefined): value is ReplayedTrigger => REPLAYED_TRIGGERS.some((trigger) => trigger === value);

export interface UsageSyncResume {
  syncId: string;
  offset: number;
}

export type RecomputeReason = 'weights_changed' | 'sync_started' | 'jql_changed' | 'reconciled_in_bulk' | 'resync_requested';
const RECOMPUTE_REASONS: readonly RecomputeReason[] = ['weights_changed', 'sync_started', 'jql_changed', 'reconciled_in_bulk', 'resync_requested'];

/**
 * Where a reconciliation split over several messages goes on: its phase, the storage
 * cursor or Jira page token inside it, and whether anything changed so far (then the last
 * chunk sends the progress).
 */
export interface ReconcileResume {
  phase: ReconcilePhase;
  cursor: string | null;
  changed: boolean;
}
export type ReconcilePhase = 'jql' | 'jql-new' | 'direct';
const RECONCILE_PHASES: readonly ReconcilePhase[] = ['jql', 'jql-new', 'direct'];

function readResume(body: unknown): ReconcileResume | undefined | 'invalid' {
  const resume = isObject(body) ? body['resume'] : undefined;
  if (resume === undefined) return undefined;
  if (!isObject(resume)) return 'invalid';
  const phase = resume['phase'];
  const cursor = resume['cursor'];
  if (!RECONCILE_PHASES.includes(phase as ReconcilePhase) || (cursor !== null && typeof cursor !== 'string') || typeof resume['changed'] !== 'boolean') return 'invalid';
  return { phase: phase as ReconcilePhase, cursor, changed: resume['changed'] };
}

export function parseWorkMessage(body: unknown): Result<WorkMessage, string> {
  const kind = readString(body, 'kind');
  if (kind === 'drain') return ok({ kind });
  if (kind === 'replay-event') {
    const trigger = readString(body, 'trigger');
    const event = isObject(body) ? body['event'] : undefined;
    if (!isReplayedTrigger(trigger) || !isObject(event)) return err('replay-event message without a known trigger or an event');
    return ok({ kind, trigger, event });
  }
  if (kind === 'deliver') {
    const messageId = readString(body, 'messageId');
    return messageId ? ok({ kind, messageId }) : err('deliver message without messageId');
  }
  if (kind === 'apply-status') {
    const keyResultId = readString(body, 'keyResultId');
    const issueId = readString(body, 'issueId');
    const statusId = readString(body, 'statusId');
    const categoryKey = readString(body, 'categoryKey');
    const changelogId = readString(body, 'changelogId');
    if (!keyResultId || !issueId || !statusId || !changelogId || !isStatusCategoryKey(categoryKey)) {
      return err('apply-status message is missing a field');
    }
    return ok({ kind, keyResultId, issueId, issueKey: readString(body, 'issueKey') ?? null, statusId, categoryKey, changelogId });
  }
  if (kind === 'apply-pending-status') {
    const keyResultId = readString(body, 'keyResultId');
    return keyResultId ? ok({ kind, keyResultId }) : err('apply-pending-status message without keyResultId');
  }
  if (kind === 'recompute') {
    const keyResultId = readString(body, 'keyResultId');
    if (!keyResultId) return err('recompute message without keyResultId');
    // Messages queued before reasons existed were weight changes.
    const reason = readString(body, 'reason') ?? 'weights_changed';
    if (!RECOMPUTE_REASONS.includes(reason as RecomputeReason)) return err(`recompute message with unknown reason ${JSON.stringify(reason)}`);
    return ok({ kind, keyResultId, reason: reason as RecomputeReason });
  }
  if (kind === 'remove-issue') {
    const keyResultId = readString(body, 'keyResultId');
    const issueId = readString(body, 'issueId');
    if (!keyResultId || !issueId) return err('remove-issue message is missing a field');
    return ok({ kind, keyResultId, issueId, issueKey: readString(body, 'issueKey') ?? null });
  }
  if (kind === 'reconcile') {
    const keyResultId = readString(body, 'keyResultId');
    if (!keyResultId) return err('reconcile message without keyResultId');
    const then = readString(body, 'then') ?? null;
    if (then !== null && !RECOMPUTE_REASONS.includes(then as RecomputeReason)) return err(`reconcile message with unknown follow-up ${JSON.stringify(then)}`);
    const resume = readResume(body);
    if (resume === 'invalid') return err('reconcile message with an unreadable resume point');
    return ok({ kind, keyResultId, then: then as RecomputeReason | null, ...(resume ? { resume } : {}) });
  }
  if (kind === 'sync-usage') {
    const resume = isObject(body) ? body['resume'] : undefined;
    if (resume === undefined) return ok({ kind });
    const syncId = readString(resume, 'syncId');
    const offset = isObject(resume) ? resume['offset'] : undefined;
    if (!syncId || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return err('sync-usage message with an invalid resume');
    return ok({ kind, resume: { syncId, offset } });
  }
  if (kind === 'fan-out') {
    const job = readFanOutJob(isObject(body) ? body['job'] : undefined);
    const cursor = isObject(body) ? body['cursor'] : undefined;
    const retry = isObject(body) ? body['retry'] : undefined;
    if (!job || (cursor !== null && typeof cursor !== 'string') || !Array.isArray(retry) || !retry.every((id) => typeof id === 'string')) return err('fan-out message with an invalid job, cursor or retry list');
    return ok({ kind, job, cursor, retry: retry as string[] });
  }
  if (kind === 'import-history') {
    const revision = isObject(body) ? body['revision'] : undefined;
    return typeof revision === 'number' && Number.isInteger(revision) && revision > 0 ? ok({ kind, revision }) : err('import-history message without a positive integer revision');
  }
  if (kind === 'match-jql') {
    const issueId = readString(body, 'issueId');
    if (!issueId) return err('match-jql message without issueId');
    return ok({ kind, issueId, issueKey: readString(body, 'issueKey') ?? null });
  }
  return err(`unknown message kind ${JSON.stringify(kind)}`);
}
