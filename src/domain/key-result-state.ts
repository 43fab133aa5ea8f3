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
}

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
  | { kind: 'unchanged'; reason: 'not-linked' | 'stale-or-duplicate' | 'already-linked' | 'not-linked-to-unlink' }
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

export function applyLink(
  aggregate: KeyResultAggregate,
  existing: LinkedIssueState | undefined,
  link: LinkedIssueState,
): Transition {
  if (existing) return { kind: 'unchanged', reason: 'already-linked' };
  return {
    kind: 'progress-changed',
    link,
    aggregate: { ...aggregate, counts: moveCount(aggregate.counts, undefined, link.categoryKey), sequence: aggregate.sequence + 1 },
  };
}

export function applyUnlink(aggregate: KeyResultAggregate, existing: LinkedIssueState | undefined): Transition {
  if (!existing) return { kind: 'unchanged', reason: 'not-linked-to-unlink' };
  return {
    kind: 'progress-changed',
    link: undefined,
    aggregate: { ...aggregate, counts: moveCount(aggregate.counts, existing.categoryKey, undefined), sequence: aggregate.sequence + 1 },
  };
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
  if (observed.kind === 'missing') return applyUnlink(aggregate, link);
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
