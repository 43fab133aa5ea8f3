import { badRequest } from './kvs-errors';

/** Documented Forge KVS limits (developer.atlassian.com/platform/forge/limits-kvs-ce and handling-errors-kvs). */
export const KVS_LIMITS = {
  maxKeyLength: 500,
  maxValueBytes: 240 * 1024,
  maxQueryLimit: 100,
  defaultQueryLimit: 10,
  maxBatchItems: 25,
  maxTransactionOperations: 25,
  maxObjectDepth: 31,
  maxRequestBytes: 4 * 1024 * 1024,
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
  if (depthOf(value) > KVS_LIMITS.maxObjectDepth) throw badRequest(`Value is nested deeper than ${KVS_LIMITS.maxObjectDepth} levels`, 'MAX_DEPTH');
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > KVS_LIMITS.maxValueBytes) throw badRequest(`Value is ${bytes} bytes; the limit is ${KVS_LIMITS.maxValueBytes} bytes`, 'MAX_SIZE');
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return 1 + deepest;
}

export function checkRequestSize(body: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(body));
  if (bytes > KVS_LIMITS.maxRequestBytes) throw badRequest(`Request is ${bytes} bytes; the limit is 4 MB`, 'MAX_SIZE');
}
