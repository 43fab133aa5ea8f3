import type { ProgressWeights } from './progress-weights';
import type { CategoryCounts, StatusCategoryKey } from './status-category';

export interface KeyResultProgress {
  /** Percent 0..100 rounded to two decimals, or null when no issue is linked. */
  progress: number | null;
  /** Sum of the weights of all linked issues: progress is exactly weightedSum / issueCount. */
  weightedSum: number;
  issueCount: number;
}

export function weightOf(category: StatusCategoryKey, weights: ProgressWeights): number {
  switch (category) {
    case 'new':
      return weights.todo;
    case 'indeterminate':
      return weights.inProgress;
    case 'done':
      return weights.done;
  }
}

/** Average weight of the linked issues' status categories; null (not 0) when there are none. */
export function computeProgress(counts: CategoryCounts, weights: ProgressWeights): KeyResultProgress {
  const issueCount = counts.new + counts.indeterminate + counts.done;
  const weightedSum =
    counts.new * weights.todo + counts.indeterminate * weights.inProgress + counts.done * weights.done;
  if (issueCount === 0) return { progress: null, weightedSum: 0, issueCount: 0 };
  // Integers throughout until this one division, so the rounding happens once.
  const progress = Math.round((weightedSum * 100) / issueCount) / 100;
  return { progress, weightedSum, issueCount };
}
