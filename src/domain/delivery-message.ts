import { readString } from './read-json';
import { err, ok, type Result } from './result';
import { isStatusCategoryKey, type StatusCategoryKey } from './status-category';

/** Messages on the delivery queue: small, with ids only; the data lives in storage. */
export type DeliveryMessage =
  | { kind: 'deliver'; messageId: string }
  /** issueKey: as the event named it, or null (messages queued before it existed have none). */
  | { kind: 'apply-status'; keyResultId: string; issueId: string; issueKey: string | null; statusId: string; categoryKey: StatusCategoryKey; changelogId: string }
  /** Re-send a key result's progress with the current weights, saying why (see RecomputeReason). */
  | { kind: 'recompute'; keyResultId: string; reason: RecomputeReason }
  /**
   * Correct a key result against Jira (missed, late or paused events); `then` = send its
   * progress afterwards with that reason (after a resume), or nothing more.
   */
  | { kind: 'reconcile'; keyResultId: string; then: RecomputeReason | null }
  /** Jira deleted an issue: it leaves this key result (applied in order with its other changes). */
  | { kind: 'remove-issue'; keyResultId: string; issueId: string; issueKey: string | null }
  /** An issue was created or changed on a site with JQL links: which JQLs match it now? */
  | { kind: 'match-jql'; issueId: string; issueKey: string | null };

/**
 * Why a key result's current progress is sent again: the admin changed the weights;
 * sending (re)started — a Connect, or progress updates turned back on — so the backend
 * gets every key result's current state instead of waiting for the next transition; its
 * JQL changed or a check corrected its matches; or the backend asked for a resync.
 */
export type RecomputeReason = 'weights_changed' | 'sync_started' | 'jql_changed' | 'reconciled_in_bulk' | 'resync_requested';
const RECOMPUTE_REASONS: readonly RecomputeReason[] = ['weights_changed', 'sync_started', 'jql_changed', 'reconciled_in_bulk', 'resync_requested'];

export function parseDeliveryMessage(body: unknown): Result<DeliveryMessage, string> {
  const kind = readString(body, 'kind');
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
    return ok({ kind, keyResultId, then: then as RecomputeReason | null });
  }
  if (kind === 'match-jql') {
    const issueId = readString(body, 'issueId');
    if (!issueId) return err('match-jql message without issueId');
    return ok({ kind, issueId, issueKey: readString(body, 'issueKey') ?? null });
  }
  return err(`unknown message kind ${JSON.stringify(kind)}`);
}
