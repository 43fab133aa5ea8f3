import { compareChangelogIds } from './classify-issue-event';
import { type CategoryCounts, type StatusCategoryKey, emptyCounts } from './status-category';

/** What the app knows about one issue linked to one key result. */
export interface LinkedIssueState {
  keyResultId: string;
  issueId: string;
  statusId: string;
  categoryKey: StatusCategoryKey;
  /** Changelog id of the newest status change applied; "0" when read from Jira at link time. */
  version: string;
  /** Linked from the issue panel. Absent: true (links written before JQL links existed were all direct). */
  direct?: boolean;
  /** Matched by the key result's JQL. Absent: false. An issue linked both ways is one link, counted once. */
  viaJql?: boolean;
  /**
   * Jira no longer shows the issue to the app (deleted without an event reaching the app, or
   * moved where the app may not read): kept, out of the average, counted as unreachable, and
   * back in when Jira shows it again.
   */
  unreachable?: boolean;
}

export const isDirectLink = (link: LinkedIssueState): boolean => link.direct !== false;
export const isJqlMatch = (link: LinkedIssueState): boolean => link.viaJql === true;

/** Per-key-result totals: progress is computed from these, never by scanning the links. */
export interface KeyResultAggregate {
  keyResultId: string;
  counts: CategoryCounts;
  /**
   * The same issues by status (key `category:statusId`, see statusCountKey), so status
   * rules (left out, own weight) apply exactly without scanning the links. Absent on
   * totals written before it existed: reconciliation recounts those from the links.
   */
  statuses?: StatusCounts;
  /** Direct links whose issue Jira no longer shows the app (LinkedIssueState.unreachable); absent: 0. */
  unreachable?: number;
  /** Moves on with every change of the totals (compare-and-set), so receivers can drop stale updates. */
  sequence: number;
  /**
   * When its latest outbox record was created (Unix ms). The next one is created later
   * than this whatever the invocation's clock says, so the outbox's creation order is the
   * key result's sequence order (the delivery walk sends in that order). Absent: none yet.
   */
  outboxAt?: number;
}

export type StatusCounts = Record<string, number>;
export const statusCountKey = (categoryKey: StatusCategoryKey, statusId: string): string => `${categoryKey}:${statusId}`;

export const newAggregate = (keyResultId: string): KeyResultAggregate => ({ keyResultId, counts: emptyCounts(), statuses: {}, sequence: 0 });

type Placement = Pick<LinkedIssueState, 'statusId' | 'categoryKey' | 'unreachable'>;

/**
 * Moves one issue between places (undefined: not linked) in the category and status
 * totals; an unreachable link counts only in `unreachable`.
 */
function moveIssue(aggregate: KeyResultAggregate, fromLink: Placement | undefined, toLink: Placement | undefined): Pick<KeyResultAggregate, 'counts' | 'statuses' | 'unreachable'> {
  let unreachable = aggregate.unreachable ?? 0;
  if (fromLink?.unreachable) unreachable -= 1;
  if (toLink?.unreachable) unreachable += 1;
  const from = fromLink?.unreachable ? undefined : fromLink;
  const to = toLink?.unreachable ? undefined : toLink;
  const counts = { ...aggregate.counts };
  if (from) counts[from.categoryKey] -= 1;
  if (to) counts[to.categoryKey] += 1;
  const withUnreachable = unreachable > 0 || aggregate.unreachable !== undefined ? { unreachable } : {};
  if (!aggregate.statuses) return { counts, ...withUnreachable };
  const statuses = { ...aggregate.statuses };
  if (from) {
    const key = statusCountKey(from.categoryKey, from.statusId);
    const left = (statuses[key] ?? 0) - 1;
    if (left > 0) statuses[key] = left;
    else delete statuses[key];
  }
  if (to) {
    const key = statusCountKey(to.categoryKey, to.statusId);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  return { counts, statuses, ...withUnreachable };
}

/** The totals of a set of links, from scratch (reconciliation's recount). */
export function countLinks(keyResultId: string, links: Iterable<Placement>, sequence: number): KeyResultAggregate {
  let aggregate = { ...newAggregate(keyResultId), sequence };
  for (const link of links) aggregate = { ...aggregate, ...moveIssue(aggregate, undefined, link) };
  return aggregate;
}

export interface StatusObservation {
  issueId: string;
  statusId: string;
  categoryKey: StatusCategoryKey;
  changelogId: string;
}

export type Transition =
  | { kind: 'unchanged'; reason: 'not-linked' | 'stale-or-duplicate' | 'already-linked' | 'not-linked-to-unlink' | 'already-matched' | 'not-matched' }
  /** The link's state moves on but the totals do not (a newer version of the same status; how the issue is linked). */
  | { kind: 'link-only'; link: LinkedIssueState }
  | { kind: 'progress-changed'; link: LinkedIssueState | undefined; aggregate: KeyResultAggregate };


/**
 * Applies a status change to one key result. Events arrive at least once and in any
 * order: a change older than (or equal to) the one already applied is ignored, so the
 * newest changelog entry always wins and a duplicate never counts twice.
 */
export function applyStatusObservation(
  aggregate: KeyResultAggregate,
  link: LinkedIssueState | undefined,
  observation: StatusObservation,
): Transition {
  if (!link) return { kind: 'unchanged', reason: 'not-linked' };
  if (compareChangelogIds(observation.changelogId, link.version) <= 0) {
    return { kind: 'unchanged', reason: 'stale-or-duplicate' };
  }
  // An event about the issue means Jira shows it again: an unreachable link comes back.
  const { unreachable: _wasUnreachable, ...reachable } = link;
  const nextLink: LinkedIssueState = {
    ...reachable,
    statusId: observation.statusId,
    categoryKey: observation.categoryKey,
    version: observation.changelogId,
  };
  if (!link.unreachable && link.categoryKey === observation.categoryKey && link.statusId === observation.statusId) return { kind: 'link-only', link: nextLink };
  return { kind: 'progress-changed', link: nextLink, aggregate: { ...aggregate, ...moveIssue(aggregate, link, nextLink), sequence: aggregate.sequence + 1 } };
}

const addLink = (aggregate: KeyResultAggregate, link: LinkedIssueState): Transition => ({
  kind: 'progress-changed',
  link,
  aggregate: { ...aggregate, ...moveIssue(aggregate, undefined, link), sequence: aggregate.sequence + 1 },
});

/** The issue stops counting at all (unlinked and not matched, or deleted in Jira). */
export function applyRemoval(aggregate: KeyResultAggregate, existing: LinkedIssueState | undefined): Transition {
  if (!existing) return { kind: 'unchanged', reason: 'not-linked-to-unlink' };
  return {
    kind: 'progress-changed',
    link: undefined,
    aggregate: { ...aggregate, ...moveIssue(aggregate, existing, undefined), sequence: aggregate.sequence + 1 },
  };
}

/** A direct link (issue panel). An issue the JQL already counts only gains the flag: the totals stay. */
export function applyLink(aggregate: KeyResultAggregate, existing: LinkedIssueState | undefined, link: LinkedIssueState): Transition {
  if (existing && isDirectLink(existing)) return { kind: 'unchanged', reason: 'already-linked' };
  if (existing) return { kind: 'link-only', link: { ...existing, direct: true } };
  return addLink(aggregate, link);
}

/** Removes the direct link; an issue the JQL still matches keeps counting (once). */
export function applyUnlink(aggregate: KeyResultAggregate, existing: LinkedIssueState | undefined): Transition {
  if (!existing || !isDirectLink(existing)) return { kind: 'unchanged', reason: 'not-linked-to-unlink' };
  if (isJqlMatch(existing)) return { kind: 'link-only', link: { ...existing, direct: false } };
  return applyRemoval(aggregate, existing);
}

/**
 * The key result's JQL matches the issue. `found` is its status as Jira gave it; a link
 * that already exists keeps its own (newer-or-equal, versioned) status and only gains the flag.
 */
export function applyJqlMatch(aggregate: KeyResultAggregate, existing: LinkedIssueState | undefined, found: LinkedIssueState): Transition {
  if (existing && isJqlMatch(existing)) return { kind: 'unchanged', reason: 'already-matched' };
  if (existing) return { kind: 'link-only', link: { ...existing, viaJql: true } };
  return addLink(aggregate, { ...found, direct: false, viaJql: true });
}

/** The key result's JQL no longer matches the issue (or was removed): a direct link stays. */
export function applyJqlMiss(aggregate: KeyResultAggregate, existing: LinkedIssueState | undefined): Transition {
  if (!existing || !isJqlMatch(existing)) return { kind: 'unchanged', reason: 'not-matched' };
  if (isDirectLink(existing)) return { kind: 'link-only', link: { ...existing, viaJql: false } };
  return applyRemoval(aggregate, existing);
}

/** What reconciliation found in Jira for one linked issue: its status now, or nothing (deleted). */
export type ReconcileObservation = { kind: 'found'; statusId: string; categoryKey: StatusCategoryKey; version: string } | { kind: 'missing' };

/**
 * Corrects one link to what Jira says now, whatever events were missed or late: another
 * status moves the totals; an issue Jira no longer shows the app becomes unreachable (out
 * of the average, reported, kept) and comes back when Jira shows it again. The version
 * never goes backwards, so an event older than this read stays ignored.
 */
export function reconcileLink(aggregate: KeyResultAggregate, link: LinkedIssueState | undefined, observed: ReconcileObservation): Transition {
  if (!link) return { kind: 'unchanged', reason: 'not-linked' };
  if (observed.kind === 'missing') {
    if (link.unreachable) return { kind: 'unchanged', reason: 'stale-or-duplicate' };
    const lost: LinkedIssueState = { ...link, unreachable: true };
    return { kind: 'progress-changed', link: lost, aggregate: { ...aggregate, ...moveIssue(aggregate, link, lost), sequence: aggregate.sequence + 1 } };
  }
  const version = compareChangelogIds(observed.version, link.version) > 0 ? observed.version : link.version;
  if (!link.unreachable && link.statusId === observed.statusId && link.categoryKey === observed.categoryKey) return { kind: 'unchanged', reason: 'stale-or-duplicate' };
  const { unreachable: _wasUnreachable, ...reachable } = link;
  const nextLink: LinkedIssueState = { ...reachable, statusId: observed.statusId, categoryKey: observed.categoryKey, version };
  return { kind: 'progress-changed', link: nextLink, aggregate: { ...aggregate, ...moveIssue(aggregate, link, nextLink), sequence: aggregate.sequence + 1 } };
}

/**
 * Reconciliation found the issue among the JQL's matches, in this status: the link is
 * corrected to it (its version kept) and flagged as matched; a new link has version "0"
 * (a bulk search reads no changelog), so any later event applies and the next check
 * corrects an older one that arrives late.
 */
export function reconcileJqlMatch(aggregate: KeyResultAggregate, link: LinkedIssueState | undefined, found: { keyResultId: string; issueId: string; statusId: string; categoryKey: StatusCategoryKey }): Transition {
  if (!link) return applyJqlMatch(aggregate, undefined, { ...found, version: '0' });
  const corrected = reconcileLink(aggregate, link, { kind: 'found', statusId: found.statusId, categoryKey: found.categoryKey, version: link.version });
  if (isJqlMatch(link)) return corrected;
  if (corrected.kind === 'progress-changed' && corrected.link) return { ...corrected, link: { ...corrected.link, viaJql: true } };
  return { kind: 'link-only', link: { ...(corrected.kind === 'link-only' ? corrected.link : link), viaJql: true } };
}
