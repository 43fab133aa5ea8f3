import type { ProgressWeights } from './progress-weights';
import type { CategoryCounts, StatusCategoryKey } from './status-category';
import { STATUS_CATEGORY_KEYS } from './status-category';
import { type StatusRule, ruleFor } from './status-rules';

export interface KeyResultProgress {
  /** Percent 0..100 rounded to two decimals, or null when no issue counts. */
  progress: number | null;
  /** Sum of the weights of the issues that count: progress is exactly weightedSum / issueCount. */
  weightedSum: number;
  /** Issues that count (linked, minus those in a status left out of progress). */
  issueCount: number;
  /** Linked issues in a status an admin left out of progress. */
  excludedIssueCount: number;
}

/** The weights plus the statuses treated apart: everything progress depends on. */
export interface ProgressRules {
  weights: ProgressWeights;
  statusRules: readonly StatusRule[];
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

/**
 * Average weight of the issues that count; null (not 0) when none does. `statuses` (issues
 * per `category:statusId`) lets status rules apply; without it (totals written before it
 * existed) only the category weights can.
 */
export function computeProgress(counts: CategoryCounts, rules: ProgressRules, statuses?: Readonly<Record<string, number>>): KeyResultProgress {
  const { weights } = rules;
  let issueCount = 0;
  let weightedSum = 0;
  for (const category of STATUS_CATEGORY_KEYS) {
    issueCount += counts[category];
    weightedSum += counts[category] * weightOf(category, weights);
  }
  let excludedIssueCount = 0;
  if (statuses && rules.statusRules.length > 0) {
    for (const [key, n] of Object.entries(statuses)) {
      const [category, statusId] = key.split(':') as [StatusCategoryKey, string];
      const rule = ruleFor(rules.statusRules, statusId);
      if (!rule) continue;
      weightedSum -= n * weightOf(category, weights);
      if (rule.weight === null) {
        issueCount -= n;
        excludedIssueCount += n;
      } else {
        weightedSum += n * rule.weight;
      }
    }
  }
  if (issueCount === 0) return { progress: null, weightedSum: 0, issueCount: 0, excludedIssueCount };
  // Integers throughout until this one division, so the rounding happens once.
  const progress = Math.round((weightedSum * 100) / issueCount) / 100;
  return { progress, weightedSum, issueCount, excludedIssueCount };
}
