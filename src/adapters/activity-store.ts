import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { TransientError } from '../domain/app-errors';
import { createEmptyRecord, isConditionFailure, unchangedSince, withCounter } from './compare-and-set';
import { type ActivityDayBucket, type ActivityKind, type KindCounts, ACTIVITY_BUCKETS, bucketOf, emptyBucket, withActivity, withImported } from '../domain/activity-day';
import { ACTIVITY_DAY_ENTITY, ACTIVITY_SEEN_ENTITY, activityDayKey } from './storage-keys';

/** A bucket gets 1/64 of a site's events; a burst on one still settles well within this. */
const MAX_ATTEMPTS = 16;
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));

/**
 * Day buckets and seen records expire 40 days after their last write: longer than the
 * 30-day window and any retry or import overlap, so no clean-up job has to find them.
 * (KVS documents ttl on set and in transactions; no maximum is documented.)
 */
const ACTIVITY_TTL = { ttl: { value: 40, unit: 'DAYS' as const } };

interface SeenRecord {
  day: string;
}

async function loadBucket(day: string, bucket: number): Promise<ActivityDayBucket> {
  const stored = withCounter(await kvs.entity<ActivityDayBucket>(ACTIVITY_DAY_ENTITY).get(activityDayKey(day, bucket)), 'revision');
  return stored ?? emptyBucket(day, bucket);
}

/**
 * Counts one activity of one user on one day, exactly once: the record that it was counted
 * (keyed by its webhook id, which names the Jira change) and the day's bucket are written
 * in one transaction, the first only if absent, the second only if unchanged since read.
 * A repeat of the same change finds the first and counts nothing; a concurrent write to
 * the bucket makes this attempt read again. Two entity writes per activity.
 */
export async function countActivity(input: { seenKey: string; day: string; accountId: string; kind: ActivityKind }): Promise<'counted' | 'already-counted'> {
  const bucket = bucketOf(input.accountId);
  const key = activityDayKey(input.day, bucket);
  let refusedAt: number | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const before = await loadBucket(input.day, bucket);
    // The last attempt failed with the bucket as it was: no writer got in between, so the
    // platform refused a condition on a missing record (compare-and-set.ts). Empty records
    // let the next attempt pass; under contention (the bucket moved on) none are written.
    if (refusedAt === before.revision) {
      await createEmptyRecord(ACTIVITY_SEEN_ENTITY, input.seenKey, ACTIVITY_TTL.ttl);
      if (before.revision === 0) await createEmptyRecord(ACTIVITY_DAY_ENTITY, key, ACTIVITY_TTL.ttl);
    }
    const after = withActivity(before, input.accountId, input.kind);
    const unchanged = unchangedSince<ActivityDayBucket>('revision', before.revision);
    try {
      await kvs
        .transact()
        .set(input.seenKey, { day: input.day } satisfies SeenRecord, { entityName: ACTIVITY_SEEN_ENTITY, conditions: new Filter<SeenRecord>().and('day', FilterConditions.notExists()) }, ACTIVITY_TTL)
        .set(key, after, { entityName: ACTIVITY_DAY_ENTITY, conditions: unchanged }, ACTIVITY_TTL)
        .execute();
      return 'counted';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (withCounter(await kvs.entity<SeenRecord>(ACTIVITY_SEEN_ENTITY).get(input.seenKey), 'day')) return 'already-counted';
      // Still contended: the event is asked for again later (counting it is idempotent).
      if (attempt >= MAX_ATTEMPTS) throw new TransientError(`activity bucket ${input.day}/${bucket} kept changing`, 5);
      refusedAt = before.revision;
      await pause(attempt);
    }
  }
}

/**
 * Adds a history import's counts for one day's bucket, once: the bucket carries the
 * import's id afterwards, so a retried fold finds it and adds nothing. One read and one
 * conditional write; a concurrent live event makes it read again.
 */
export async function foldIntoBucket(day: string, bucket: number, counts: ReadonlyMap<string, KindCounts>, importId: string): Promise<'folded' | 'already-folded'> {
  for (let attempt = 1; ; attempt += 1) {
    const before = await loadBucket(day, bucket);
    if (before.imported === importId) return 'already-folded';
    try {
      await kvs
        .transact()
        .set(activityDayKey(day, bucket), withImported(before, counts, importId), { entityName: ACTIVITY_DAY_ENTITY, conditions: unchangedSince<ActivityDayBucket>('revision', before.revision) }, ACTIVITY_TTL)
        .execute();
      return 'folded';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new TransientError(`activity bucket ${day}/${bucket} kept changing`, 5);
      if (before.revision === 0) await createEmptyRecord(ACTIVITY_DAY_ENTITY, activityDayKey(day, bucket), ACTIVITY_TTL.ttl);
      await pause(attempt);
    }
  }
}

/** Per day, every user's counts: one read per day and bucket (64 a day). */
export async function loadActivityDays(days: readonly string[]): Promise<Map<string, Map<string, KindCounts>>> {
  const result = new Map<string, Map<string, KindCounts>>();
  for (const day of days) {
    const users = new Map<string, KindCounts>();
    const buckets = await Promise.all(Array.from({ length: ACTIVITY_BUCKETS }, (_, bucket) => kvs.entity<ActivityDayBucket>(ACTIVITY_DAY_ENTITY).get(activityDayKey(day, bucket))));
    for (const record of buckets) for (const [accountId, counts] of Object.entries(record?.users ?? {})) users.set(accountId, counts);
    result.set(day, users);
  }
  return result;
}
