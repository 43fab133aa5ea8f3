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
}

export const isDirectLink = (link: LinkedIssueState): boolean => link.direct !== false;
export const isJqlMatch = (link: LinkedIssueState): boolean => link.viaJql === true;

/** Per-key-result totals: progress is computed from these, never by scanning the links. */
export interface KeyResultAggregate {
  keyResultId: string;
  counts: CategoryCounts;
  /** Incremented once per emitted progress update, so receivers can drop stale ones. */
  sequence: number;
}

export const newAggregate = (keyResultId: string): KeyResultAggregate => ({ keyResultId, counts: emptyCounts(), sequence: 0 });

export interface StatusObservation {
  issueId: string;
  statusId: string;
  categoryKey: StatusCategoryKey;
  changelogId: string;
}

export type Transition =
  | { kind: 'unchanged'; reason: 'not-linked' | 'stale-or-duplicate' | 'already-linked' | 'not-linked-to-unlink' | 'already-matched' | 'not-matched' }
  /** The link's state moves on but the totals do not (a status change inside one category). */
  | { kind: 'link-only'; link: LinkedIssueState }
  | { kind: 'progress-changed'; link: LinkedIssueState | undefined; aggregate: KeyResultAggregate };

const moveCount = (counts: CategoryCounts, from: StatusCategoryKey | undefined, to: StatusCategoryKey | undefined): CategoryCounts => {
  const next = { ...counts };
  if (from) next[from] -= 1;
  if (to) next[to] += 1;
  return next;
};

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
  const nextLink: LinkedIssueState = {
    ...link,
    statusId: observation.statusId,
    categoryKey: observation.categoryKey,
    version: observation.changelogId,
  };
  if (link.categoryKey === observation.categoryKey) return { kind: 'link-only', link: nextLink };
  return {
    kind: 'progress-changed',
    link: nextLink,
    aggregate: {
      ...aggregate,
      counts: moveCount(aggregate.counts, link.categoryKey, observation.categoryKey),
      sequence: aggregate.sequence + 1,
    },
  };
}

const addLink = (aggregate: KeyResultAggregate, link: LinkedIssueState): Transition => ({
  kind: 'progress-changed',
  link,
  aggregate: { ...aggregate, counts: moveCount(aggregate.counts, undefined, link.categoryKey), sequence: aggregate.sequence + 1 },
});

/** The issue stops counting at all (unlinked and not matched, or deleted in Jira). */
export function applyRemoval(aggregate: KeyResultAggregate, existing: LinkedIssueState | undefined): Transition {
  if (!existing) return { kind: 'unchanged', reason: 'not-linked-to-unlink' };
  return {
    kind: 'progress-changed',
    link: undefined,
    aggregate: { ...aggregate, counts: moveCount(aggregate.counts, existing.categoryKey, undefined), sequence: aggregate.sequence + 1 },
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
 * Corrects one link to what Jira says now, whatever events were missed or late: a
 * different category moves the counts, a different status in the same category only
 * rewrites the link, and an issue Jira no longer has leaves the key result. The version
 * never goes backwards, so an event older than this read stays ignored.
 */
export function reconcileLink(aggregate: KeyResultAggregate, link: LinkedIssueState | undefined, observed: ReconcileObservation): Transition {
  if (!link) return { kind: 'unchanged', reason: 'not-linked' };
  if (observed.kind === 'missing') return applyRemoval(aggregate, link);
  const version = compareChangelogIds(observed.version, link.version) > 0 ? observed.version : link.version;
  if (link.statusId === observed.statusId && link.categoryKey === observed.categoryKey) return { kind: 'unchanged', reason: 'stale-or-duplicate' };
  const nextLink: LinkedIssueState = { ...link, statusId: observed.statusId, categoryKey: observed.categoryKey, version };
  if (link.categoryKey === observed.categoryKey) return { kind: 'link-only', link: nextLink };
  return {
    kind: 'progress-changed',
    link: nextLink,
    aggregate: { ...aggregate, counts: moveCount(aggregate.counts, link.categoryKey, observed.categoryKey), sequence: aggregate.sequence + 1 },
  };
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
