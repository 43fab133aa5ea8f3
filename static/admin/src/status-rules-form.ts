/**
 * "Statuses treated apart": one choice per status, kept as typed so an own weight survives
 * switching away and back. Only statuses taken off their category weight become rules.
 * Checked here like the weights; the server checks again and names a rule by its index in
 * what was sent (`statusRules.2`), which statusOfErrorField turns back into a status.
 */
import type { AdminStatusRow, StatusRule } from '../../../src/resolvers/admin-api';
import { RANGE_MESSAGE, type WeightField, type WeightInputs, parsePercent } from './weights-checks';

export type CategoryKey = AdminStatusRow['categoryKey'];
export type RuleChoice = 'category' | 'leaveOut' | 'own';
export interface RuleInput {
  choice: RuleChoice;
  /** The own weight as typed; kept while another choice is made. */
  weight: string;
}
/** statusId → input; a status without an entry counts with its category's weight. */
export type RuleInputs = Readonly<Partial<Record<string, RuleInput>>>;
/** statusId → message shown under that status. */
export type RuleErrors = Readonly<Partial<Record<string, string>>>;

export type RulesCheck = { ok: true; rules: StatusRule[] } | { ok: false; errors: RuleErrors };

export const CATEGORY_ORDER: readonly CategoryKey[] = ['new', 'indeterminate', 'done'];
export const CATEGORY_FIELD: Readonly<Record<CategoryKey, WeightField>> = { new: 'todo', indeterminate: 'inProgress', done: 'done' };
const DEFAULT_INPUT: RuleInput = { choice: 'category', weight: '' };

export const inputFor = (inputs: RuleInputs, statusId: string): RuleInput => inputs[statusId] ?? DEFAULT_INPUT;

export function toRuleInputs(rules: readonly StatusRule[]): RuleInputs {
  return Object.fromEntries(rules.map((r) => [r.statusId, r.weight === null ? { choice: 'leaveOut', weight: '' } : { choice: 'own', weight: String(r.weight) }]));
}

/** A new choice for a status. Choosing "Own weight" with nothing typed yet starts from the category's weight, a valid value to adjust. */
export function chooseRule(inputs: RuleInputs, status: AdminStatusRow, choice: RuleChoice, weights: WeightInputs): RuleInputs {
  const current = inputFor(inputs, status.id);
  const weight = choice === 'own' && current.weight.trim() === '' ? (categoryWeight(status.categoryKey, weights)?.toString() ?? '') : current.weight;
  return { ...inputs, [status.id]: { choice, weight } };
}

/** The category's weight as typed, when it is a valid percentage (the label shows it). */
export const categoryWeight = (category: CategoryKey, weights: WeightInputs): number | undefined => parsePercent(weights[CATEGORY_FIELD[category]]);

/**
 * The rules to send, in the site's status order. A stored rule for a status the site no
 * longer lists is dropped: no issue can be in that status, and the server would refuse it.
 */
export function checkStatusRules(inputs: RuleInputs, statuses: readonly AdminStatusRow[]): RulesCheck {
  const rules: StatusRule[] = [];
  const errors: Record<string, string> = {};
  for (const status of statuses) {
    const input = inputFor(inputs, status.id);
    if (input.choice === 'leaveOut') rules.push({ statusId: status.id, weight: null });
    if (input.choice !== 'own') continue;
    const weight = parsePercent(input.weight);
    if (weight === undefined) errors[status.id] = RANGE_MESSAGE;
    else rules.push({ statusId: status.id, weight });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, rules };
}

/** The status a server error names (`statusRules.<index>` into the rules sent), if any. */
export function statusOfErrorField(field: string | undefined, sent: readonly StatusRule[]): string | undefined {
  const match = /^statusRules\.(\d+)$/.exec(field ?? '');
  return match ? sent[Number(match[1])]?.statusId : undefined;
}

export interface StatusGroup {
  categoryKey: CategoryKey;
  statuses: AdminStatusRow[];
}

/** To Do, In Progress, Done, each in the site's order; empty categories are left out. */
export function groupByCategory(statuses: readonly AdminStatusRow[]): StatusGroup[] {
  return CATEGORY_ORDER.map((categoryKey) => ({ categoryKey, statuses: statuses.filter((s) => s.categoryKey === categoryKey) })).filter((g) => g.statuses.length > 0);
}

/** Whether two sets of rules mean the same, whatever their order (the server stores them sorted). */
export function sameRules(a: readonly StatusRule[], b: readonly StatusRule[]): boolean {
  const key = (rules: readonly StatusRule[]) => JSON.stringify([...rules].sort((x, y) => x.statusId.localeCompare(y.statusId, 'en', { numeric: true })).map((r) => [r.statusId, r.weight]));
  return key(a) === key(b);
}
