/**
 * Progress Calculation Settings' state: the three weights and the status rules, edited
 * together and sent as one payload to preview (admin.previewProgressRules) or save
 * (admin.saveProgressRules, which also queues the recalculation). Client checks run first;
 * a server error tagged with a field shows at that field. An edit marks a shown preview
 * out of date (it keeps the numbers to compare) and hides the last save's message.
 */
import { useRef, useState } from 'react';
import type { AdminSettingsView, AdminStatusRow, ProgressRulesPayload, RulesPreview } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { recalculationText, rulesSummary } from './progress-rules-text';
import { errorField } from './resolver-errors';
import { type RuleChoice, type RuleErrors, type RuleInputs, type RulesCheck, checkStatusRules, chooseRule, inputFor, sameRules, statusOfErrorField, toRuleInputs } from './status-rules-form';
import { type WeightErrors, type WeightField, type WeightInputs, WEIGHT_FIELDS, checkWeights, toWeightInputs } from './weights-checks';

export interface ShownPreview {
  preview: RulesPreview;
  /** The inputs changed after this preview was asked for. */
  isStale: boolean;
}

export interface SavedRules {
  summary: string;
  recalculation: string;
}

export interface ProgressRulesForm {
  weights: WeightInputs;
  weightErrors: WeightErrors;
  orderError: string | undefined;
  rules: RuleInputs;
  ruleErrors: RuleErrors;
  formError: ResolverError | undefined;
  busy: 'preview' | 'save' | undefined;
  preview: ShownPreview | undefined;
  saved: SavedRules | undefined;
  editWeight: (field: WeightField, value: string) => void;
  choose: (status: AdminStatusRow, choice: RuleChoice) => void;
  editOwnWeight: (status: AdminStatusRow, value: string) => void;
  runPreview: () => Promise<void>;
  save: () => Promise<void>;
}

const without = <T extends Readonly<Partial<Record<string, string>>>>(errors: T, key: string): T => {
  const { [key]: _dropped, ...rest } = errors;
  return rest as T;
};

/** `statuses` is the site's list once loaded; undefined while it loads or after it failed. */
export function useProgressRulesForm(settings: AdminSettingsView, statuses: readonly AdminStatusRow[] | undefined, onSettings: (settings: AdminSettingsView) => void): ProgressRulesForm {
  const [weights, setWeights] = useState<WeightInputs>(() => toWeightInputs(settings.weights));
  const [rules, setRules] = useState<RuleInputs>(() => toRuleInputs(settings.statusRules));
  const [weightErrors, setWeightErrors] = useState<WeightErrors>({});
  const [orderError, setOrderError] = useState<string | undefined>();
  const [ruleErrors, setRuleErrors] = useState<RuleErrors>({});
  const [formError, setFormError] = useState<ResolverError | undefined>();
  const [busy, setBusy] = useState<'preview' | 'save' | undefined>();
  const [preview, setPreview] = useState<ShownPreview | undefined>();
  const [saved, setSaved] = useState<SavedRules | undefined>();
  // Counts edits, so a preview answer that arrives after one is shown as out of date at once.
  const revision = useRef(0);

  const edited = () => {
    revision.current += 1;
    setPreview((current) => (current ? { ...current, isStale: true } : current));
    setSaved(undefined);
  };
  const editWeight = (field: WeightField, value: string) => {
    setWeights((current) => ({ ...current, [field]: value }));
    setWeightErrors((current) => without(current, field));
    edited();
  };
  const choose = (status: AdminStatusRow, choice: RuleChoice) => {
    setRules((current) => chooseRule(current, status, choice, weights));
    setRuleErrors((current) => without(current, status.id));
    edited();
  };
  const editOwnWeight = (status: AdminStatusRow, value: string) => {
    setRules((current) => ({ ...current, [status.id]: { ...inputFor(current, status.id), weight: value } }));
    setRuleErrors((current) => without(current, status.id));
    edited();
  };

  /** The payload, or undefined with every problem shown where it belongs. */
  const checked = (): ProgressRulesPayload | undefined => {
    setFormError(undefined);
    const weightCheck = checkWeights(weights);
    // Without the list (loading, or it failed) the stored rules go unchanged, so the weights can still be saved.
    const ruleCheck: RulesCheck = statuses ? checkStatusRules(rules, statuses) : { ok: true, rules: settings.statusRules };
    setWeightErrors(weightCheck.ok ? {} : weightCheck.fieldErrors);
    setOrderError(weightCheck.ok ? undefined : weightCheck.orderError);
    setRuleErrors(ruleCheck.ok ? {} : ruleCheck.errors);
    return weightCheck.ok && ruleCheck.ok ? { weights: weightCheck.weights, statusRules: ruleCheck.rules } : undefined;
  };

  const showServerError = (error: ResolverError, sent: ProgressRulesPayload) => {
    const weightField = errorField(error, WEIGHT_FIELDS);
    const statusId = statusOfErrorField(error.field, sent.statusRules);
    if (weightField) setWeightErrors({ [weightField]: error.message });
    else if (statusId) setRuleErrors({ [statusId]: error.message });
    else setFormError(error);
  };

  const runPreview = async () => {
    if (busy) return;
    const payload = checked();
    if (!payload) return;
    const askedAt = revision.current;
    setBusy('preview');
    const answer = await callAdmin('admin.previewProgressRules', payload);
    setBusy(undefined);
    if (answer.ok) setPreview({ preview: answer.data, isStale: askedAt !== revision.current });
    else showServerError(answer.error, payload);
  };

  const save = async () => {
    if (busy) return;
    setSaved(undefined);
    const payload = checked();
    if (!payload) return;
    setBusy('save');
    const answer = await callAdmin('admin.saveProgressRules', payload);
    setBusy(undefined);
    if (!answer.ok) {
      showServerError(answer.error, payload);
      return;
    }
    const next = answer.data.settings;
    const changed = WEIGHT_FIELDS.some((field) => settings.weights[field] !== next.weights[field]) || !sameRules(settings.statusRules, next.statusRules);
    onSettings(next);
    setWeights(toWeightInputs(next.weights));
    setRules(toRuleInputs(next.statusRules));
    // "Now" is the saved rules from here on: a preview measured against the old ones would mislead.
    setPreview(undefined);
    setSaved({
      summary: rulesSummary(next.weights, next.statusRules, statuses),
      recalculation: recalculationText({ recalculating: answer.data.recalculating, progressUpdatesEnabled: next.progressUpdatesEnabled, changed }),
    });
  };

  return { weights, weightErrors, orderError, rules, ruleErrors, formError, busy, preview, saved, editWeight, choose, editOwnWeight, runPreview, save };
}
