/**
 * Reads a verified webhook body. The signature proves it came from the app, but the body
 * is still `unknown` until read: a progress update the backend cannot read is kept (and
 * acknowledged, so the app does not retry it forever) with a note, and changes nothing.
 */
import { isObject, readObject, readString } from '../../src/domain/read-json';

export interface ProgressSnapshot {
  cloudId: string;
  keyResultId: string;
  /** When the sending installation started (ms since 1970); 0 for an app version that sends none. */
  epoch: number;
  sequence: number;
  progress: number | null;
  weightedSum: number;
  issueCount: number;
  counts: { new: number; indeterminate: number; done: number };
  weights: { todo: number; inProgress: number; done: number };
}

export type ReadWebhookBody = { type: string | null; progress: ProgressSnapshot | null; note: string | null };

const PROGRESS_TYPE = 'key_result.progress_updated';

const wholeNumber = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function readWebhookBody(body: unknown): ReadWebhookBody {
  const type = readString(body, 'type') ?? null;
  if (!isObject(body)) return { type, progress: null, note: 'the body is not a JSON object' };
  if (type !== PROGRESS_TYPE) return { type, progress: null, note: null };
  const problem = (what: string): ReadWebhookBody => ({ type, progress: null, note: `progress not applied: ${what}` });
  const cloudId = readString(body, 'cloudId');
  const data = readObject(body, 'data');
  const counts = readObject(data, 'counts');
  const weights = readObject(data, 'weights');
  const keyResultId = readString(data, 'keyResultId');
  if (!cloudId) return problem('cloudId is missing');
  if (!data || !keyResultId) return problem('data.keyResultId is missing');
  // Absent from app versions before epochs: 0 orders them below every epoch a current app sends.
  // Only absent: an explicit null is as unreadable as any other bad value.
  const epoch = data['epoch'] === undefined ? 0 : data['epoch'];
  if (!wholeNumber(epoch)) return problem('data.epoch is not a whole number ≥ 0');
  const sequence = data['sequence'];
  if (!wholeNumber(sequence) || sequence < 1) return problem('data.sequence is not a whole number ≥ 1');
  const progress = data['progress'];
  if (progress !== null && (typeof progress !== 'number' || !(progress >= 0 && progress <= 100))) return problem('data.progress is neither null nor 0..100');
  const numbers = [data['weightedSum'], data['issueCount'], counts?.['new'], counts?.['indeterminate'], counts?.['done'], weights?.['todo'], weights?.['inProgress'], weights?.['done']];
  if (!numbers.every(wholeNumber)) return problem('weightedSum, issueCount, counts or weights are not whole numbers');
  const [weightedSum, issueCount, countNew, countIndeterminate, countDone, todo, inProgress, done] = numbers as number[];
  return {
    type,
    note: null,
    progress: {
      cloudId,
      keyResultId,
      epoch,
      sequence,
      progress,
      weightedSum: weightedSum ?? 0,
      issueCount: issueCount ?? 0,
      counts: { new: countNew ?? 0, indeterminate: countIndeterminate ?? 0, done: countDone ?? 0 },
      weights: { todo: todo ?? 0, inProgress: inProgress ?? 0, done: done ?? 0 },
    },
  };
}
