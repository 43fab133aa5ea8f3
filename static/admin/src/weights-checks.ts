/**
 * The progress weights form's checks, made before any request. The server validates
 * again; the rule is the same: integers 0..100, To Do < In Progress < Done.
 */
import type { AdminWeights } from '../../../src/resolvers/admin-api';

export type WeightField = keyof AdminWeights;
export type WeightInputs = Record<WeightField, string>;
export type WeightErrors = Partial<Record<WeightField, string>>;

export type WeightsCheck =
  | { ok: true; weights: AdminWeights }
  | { ok: false; fieldErrors: WeightErrors; orderError?: string };

export const WEIGHT_FIELDS: readonly WeightField[] = ['todo', 'inProgress', 'done'];
export const ORDER_MESSAGE = 'To Do must be less than In Progress, and In Progress less than Done.';
const RANGE_MESSAGE = 'Enter a whole number from 0 to 100.';

export function toWeightInputs(weights: AdminWeights): WeightInputs {
  return { todo: String(weights.todo), inProgress: String(weights.inProgress), done: String(weights.done) };
}

export function checkWeights(inputs: WeightInputs): WeightsCheck {
  const fieldErrors: WeightErrors = {};
  const parsed: Partial<AdminWeights> = {};
  for (const field of WEIGHT_FIELDS) {
    const text = inputs[field].trim();
    // Digits only: "1e2", "50.5", "-0" and "" are all refused rather than coerced.
    if (!/^\d{1,3}$/.test(text) || Number(text) > 100) fieldErrors[field] = RANGE_MESSAGE;
    else parsed[field] = Number(text);
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  const weights = parsed as AdminWeights;
  if (!(weights.todo < weights.inProgress && weights.inProgress < weights.done)) return { ok: false, fieldErrors, orderError: ORDER_MESSAGE };
  return { ok: true, weights };
}
