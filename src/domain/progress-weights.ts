import { err, ok, type Result } from './result';

/** Percent of a key result's progress that one issue contributes in each status category. */
export interface ProgressWeights {
  todo: number;
  inProgress: number;
  done: number;
}

export const DEFAULT_PROGRESS_WEIGHTS: Readonly<ProgressWeights> = Object.freeze({ todo: 0, inProgress: 50, done: 100 });

export const WEIGHT_FIELDS = ['todo', 'inProgress', 'done'] as const;
export type WeightField = (typeof WEIGHT_FIELDS)[number];

const FIELD_LABELS: Record<WeightField, string> = { todo: 'To Do', inProgress: 'In Progress', done: 'Done' };

export interface FieldError {
  field: string;
  message: string;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the text "${value.length > 20 ? `${value.slice(0, 20)}…` : value}"`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}

/**
 * Parses admin input for the weights. Only whole numbers 0..100 in strictly increasing
 * order (To Do < In Progress < Done) pass; every problem names its field, so the UI can
 * show it inline and the server can refuse it with the same words.
 */
export function parseProgressWeights(input: unknown): Result<ProgressWeights, FieldError[]> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err([{ field: 'weights', message: `Weights must be an object with todo, inProgress and done; got ${describe(input)}.` }]);
  }
  const record = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(record)) {
    if (!(WEIGHT_FIELDS as readonly string[]).includes(key)) {
      errors.push({ field: key, message: `Unknown field "${key}": only todo, inProgress and done are accepted.` });
    }
  }
  const values: Partial<ProgressWeights> = {};
  for (const field of WEIGHT_FIELDS) {
    const value = record[field];
    const label = FIELD_LABELS[field];
    if (!(field in record) || value === undefined) {
      errors.push({ field, message: `${label} is required.` });
    } else if (typeof value !== 'number' || !Number.isInteger(value)) {
      errors.push({ field, message: `${label} must be a whole number from 0 to 100; got ${describe(value)}.` });
    } else if (value < 0 || value > 100) {
      errors.push({ field, message: `${label} must be between 0 and 100; got ${value}.` });
    } else {
      values[field] = value;
    }
  }
  if (errors.length > 0) return err(errors);
  const weights = values as ProgressWeights;
  if (!(weights.todo < weights.inProgress)) {
    errors.push({ field: 'inProgress', message: `In Progress (${weights.inProgress}) must be greater than To Do (${weights.todo}).` });
  }
  if (!(weights.inProgress < weights.done)) {
    errors.push({ field: 'done', message: `Done (${weights.done}) must be greater than In Progress (${weights.inProgress}).` });
  }
  return errors.length > 0 ? err(errors) : ok({ todo: weights.todo, inProgress: weights.inProgress, done: weights.done });
}
