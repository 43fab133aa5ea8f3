import { badRequest } from './kvs-errors';

/** Documented Forge KVS limits (developer.atlassian.com/platform/forge/limits-kvs-ce and handling-errors-kvs). */
export const KVS_LIMITS = {
  maxKeyLength: 500,
  maxValueBytes: 240 * 1024,
  maxQueryLimit: 100,
  defaultQueryLimit: 10,
  maxBatchItems: 25,
  maxTransactionOperations: 25,
  keyPattern: /^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/,
} as const;

export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw badRequest('Key must be a non-empty string', 'KEY_TOO_SHORT');
  if (key.length > KVS_LIMITS.maxKeyLength) throw badRequest(`Key is longer than ${KVS_LIMITS.maxKeyLength} characters`, 'KEY_TOO_LONG');
  if (!KVS_LIMITS.keyPattern.test(key)) throw badRequest(`Key "${key}" does not match ${KVS_LIMITS.keyPattern.source}`, 'INVALID_KEY');
  return key;
}

export function checkValue(value: unknown): void {
  if (value === undefined) throw badRequest('Value is required');
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > KVS_LIMITS.maxValueBytes) throw badRequest(`Value is ${bytes} bytes; the limit is ${KVS_LIMITS.maxValueBytes} bytes`, 'MAX_SIZE');
}
