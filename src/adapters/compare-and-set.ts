import { Filter, FilterConditions, kvs } from '@forge/kvs';

/** A KVS transaction being built (the SDK does not export the builder's type). */
export type Transaction = ReturnType<typeof kvs.transact>;

/** One operation of a transaction being built, so modules can add theirs to another's transaction. */
export type Operation = (tx: Transaction) => Transaction;

export const applyOperations = (tx: Transaction, operations: readonly Operation[]): Transaction => operations.reduce((next, operation) => operation(next), tx);

/** Forge KVS transactions take at most 25 operations (storage-reference/transactions). */
export const KVS_TRANSACTION_OPERATIONS = 25;

type Ttl = { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };

/**
 * The condition of every compare-and-set on an entity: its counter attribute still holds
 * the value that was read, where 0 means the record did not exist yet (the attribute is
 * absent). Either way a concurrent writer makes the transaction fail as a whole.
 */
// The return type is the SDK's (not exported) filter class, so it is left to inference.
export function unchangedSince<T>(counter: Extract<keyof T, string>, readValue: number) {
  return new Filter<T>().and(counter, readValue === 0 ? FilterConditions.notExists() : FilterConditions.equalTo(readValue));
}

/** A transaction refused because a condition did not hold (KVS answers CONDITIONAL_CHECK_FAILED). */
export const isConditionFailure = (error: unknown): boolean => (error as { code?: string } | undefined)?.code === 'CONDITIONAL_CHECK_FAILED';

/**
 * For a compare-and-set that expected no record (counter 0), failed, and finds the record
 * still missing: the platform judged the condition on a missing record as failed (Atlassian
 * does not document whether it evaluates it, reading the attributes as absent, or refuses
 * it). An empty record (no counter attribute, written only if none exists) makes the next
 * attempt's condition one on an existing record, which passes under either answer; it
 * costs one write, once per record, and only on such a platform. Readers treat a record
 * without its counter as absent.
 */
export async function createEmptyRecord(entityName: string, key: string, ttl?: Ttl): Promise<void> {
  try {
    await kvs.entity<Record<string, never>>(entityName).set(key, {}, { keyPolicy: 'FAIL_IF_EXISTS', ...(ttl ? { ttl } : {}) });
  } catch (error) {
    if ((error as { code?: string } | undefined)?.code !== 'KEY_CONFLICT') throw error;
  }
}

/** A stored record that holds its counter, or undefined (none, or an empty record made by createEmptyRecord). */
export const withCounter = <T>(record: T | undefined | null, counter: keyof T): T | undefined => (record && record[counter] !== undefined ? record : undefined);
