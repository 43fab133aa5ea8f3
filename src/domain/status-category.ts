/**
 * Jira's three status categories, identified by key. Names ("To Do", "In Progress",
 * "Done") are localised and renameable, keys are not, so nothing here reads a name.
 */
export const STATUS_CATEGORY_KEYS = ['new', 'indeterminate', 'done'] as const;
export type StatusCategoryKey = (typeof STATUS_CATEGORY_KEYS)[number];

export function isStatusCategoryKey(value: unknown): value is StatusCategoryKey {
  return typeof value === 'string' && (STATUS_CATEGORY_KEYS as readonly string[]).includes(value);
}

/**
 * Jira still reports a legacy category `undefined` ("No Category") for a few statuses.
 * It counts as To Do: work nobody has started. The contract documents this.
 */
export function normaliseStatusCategoryKey(value: unknown): StatusCategoryKey | undefined {
  if (isStatusCategoryKey(value)) return value;
  if (value === 'undefined') return 'new';
  return undefined;
}

export type CategoryCounts = Record<StatusCategoryKey, number>;

export const emptyCounts = (): CategoryCounts => ({ new: 0, indeterminate: 0, done: 0 });
