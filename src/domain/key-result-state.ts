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
