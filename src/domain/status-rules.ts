import { type FieldError, type ProgressWeights, parseProgressWeights } from './progress-weights';
import { err, ok, type Result } from './result';

/**
 * A status an admin treats apart from its category: left out of progress (Won't Do,
 * Duplicate: the issue neither helps nor hurts), or counted with its own weight.
 */
export interface StatusRule {
  statusId: string;
  /** 0..100, or null: left out of progress altogether. */
  weight: number | null;
}

/** More than a site's statuses would ever need; keeps the settings record small. */
export const MAX_STATUS_RULES = 100;

export const ruleFor = (rules: readonly StatusRule[], statusId: string): StatusRule | undefined => rules.find((r) => r.statusId === statusId);

/**
 * Parses the admin's rules. `statusNames` are the site's statuses (id → name): a rule for
 * a status Jira does not have is refused, and every message names the status as the page
 * shows it.
 */
export function parseStatusRules(input: unknown, statusNames: ReadonlyMap<string, string>): Result<StatusRule[], FieldError> {
  if (!Array.isArray(input)) return err({ field: 'statusRules', message: 'Status rules must be a list.' });
  if (input.length > MAX_STATUS_RULES) return err({ field: 'statusRules', message: `At most ${MAX_STATUS_RULES} status rules (this list has ${input.length}).` });
  const rules: StatusRule[] = [];
  for (const [i, raw] of input.entries()) {
    const field = `statusRules.${i}`;
    const rule = raw as { statusId?: unknown; weight?: unknown } | null;
    const statusId = typeof rule === 'object' && rule !== null ? rule.statusId : undefined;
    if (typeof statusId !== 'string' || !statusNames.has(statusId)) {
      return err({ field, message: `Status ${JSON.stringify(statusId ?? null)} is not one of this Jira site's statuses; reload the page to see the current list.` });
    }
    const name = statusNames.get(statusId)!;
    if (rules.some((r) => r.statusId === statusId)) return err({ field, message: `“${name}” has more than one rule; keep one.` });
    const weight = rule?.weight;
    if (weight !== null && (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100)) {
      return err({ field, message: `“${name}” needs a whole-number weight from 0 to 100, or to be left out of progress.` });
    }
    rules.push({ statusId, weight });
  }
  return ok(rules.sort((a, b) => a.statusId.localeCompare(b.statusId, 'en', { numeric: true })));
}

/** What the Progress Calculation Settings page saves or previews: the three weights and the status rules together. */
export function parseProgressRulesInput(input: unknown, statusNames: ReadonlyMap<string, string>): Result<{ weights: ProgressWeights; statusRules: StatusRule[] }, FieldError> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return err({ field: 'payload', message: 'Send { weights, statusRules }.' });
  const record = input as Record<string, unknown>;
  const unknown = Object.keys(record).find((k) => k !== 'weights' && k !== 'statusRules');
  if (unknown) return err({ field: unknown, message: `Unknown field "${unknown}": only weights and statusRules are accepted.` });
  const weights = parseProgressWeights(record['weights']);
  if (!weights.ok) return err({ field: weights.error[0]!.field, message: weights.error.map((e) => e.message).join(' ') });
  const statusRules = parseStatusRules(record['statusRules'] ?? [], statusNames);
  if (!statusRules.ok) return statusRules;
  return ok({ weights: weights.value, statusRules: statusRules.value });
}
