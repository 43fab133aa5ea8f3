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
export const RANGE_MESSAGE = 'Enter a whole number from 0 to 100.';

/** A percentage as typed: digits only, so "1e2", "50.5", "-0" and "" are refused rather than coerced. */
export function parsePercent(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,3}$/.test(trimmed) && Number(trimmed) <= 100 ? Number(trimmed) : undefined;
}

export function toWeightInputs(weights: AdminWeights): WeightInputs {
  return { todo: String(weights.todo), inProgress: String(weights.inProgress), done: String(weights.done) };
}

export function checkWeights(inputs: WeightInputs): WeightsCheck {
  const fieldErrors: WeightErrors = {};
  const parsed: Partial<AdminWeights> = {};
  for (const field of WEIGHT_FIELDS) {
    const value = parsePercent(inputs[field]);
    if (value === undefined) fieldErrors[field] = RANGE_MESSAGE;
    else parsed[field] = value;
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  const weights = parsed as AdminWeights;
  if (!(weights.todo < weights.inProgress && weights.inProgress < weights.done)) return { ok: false, fieldErrors, orderError: ORDER_MESSAGE };
  return { ok: true, weights };
}
