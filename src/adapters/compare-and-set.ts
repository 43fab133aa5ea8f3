import { Filter, FilterConditions } from '@forge/kvs';

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
