import type { ActivityAction } from './activity';

/** The four kinds the usage report counts per user and day. */
export type ActivityKind = 'comment' | 'worklog' | 'issue' | 'history';
export const ACTIVITY_KINDS: readonly ActivityKind[] = ['comment', 'worklog', 'issue', 'history'];

export const kindOf = (action: ActivityAction): ActivityKind =>
  action.startsWith('comment_') ? 'comment' : action.startsWith('worklog_') ? 'worklog' : action === 'issue_created' ? 'issue' : 'history';

export type KindCounts = Partial<Record<ActivityKind, number>>;

/**
 * One day's activity of the users whose id hashes to one bucket. A site's users spread
 * over ACTIVITY_BUCKETS records a day, so no record is written by every event (each takes
 * about 1/64 of them), and a 30-day report for 10,000 users reads 30 × 64 small records,
 * inside the 4,000-reads-a-minute budget.
 */
export interface ActivityDayBucket {
  day: string;
  bucket: number;
  /** accountId → counts that day; a user with any count is active that day. */
  users: Record<string, KindCounts>;
  /** Moves on with every write, for the compare-and-set. */
  revision: number;
  /** The history import whose counts were folded in (once: a retried fold skips the bucket). */
  imported?: string;
}

export const ACTIVITY_BUCKETS = 64;

/** FNV-1a over the account id: stable across runtimes, spread evenly. */
export function bucketOf(accountId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i += 1) {
    hash ^= accountId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % ACTIVITY_BUCKETS;
}

/** The UTC day of an ISO 8601 instant (the site's time zone is not known to the app). */
export const dayOf = (occurredAt: string): string => new Date(occurredAt).toISOString().slice(0, 10);

export const emptyBucket = (day: string, bucket: number): ActivityDayBucket => ({ day, bucket, users: {}, revision: 0 });

/** The bucket with one more action of this kind by this user (pure). */
export function withActivity(record: ActivityDayBucket, accountId: string, kind: ActivityKind): ActivityDayBucket {
  const counts = record.users[accountId] ?? {};
  return { ...record, users: { ...record.users, [accountId]: { ...counts, [kind]: (counts[kind] ?? 0) + 1 } }, revision: record.revision + 1 };
}

/** The bucket with an import's counts of its users added, marked so they are never added twice (pure). */
export function withImported(record: ActivityDayBucket, counts: ReadonlyMap<string, KindCounts>, importId: string): ActivityDayBucket {
  const users = { ...record.users };
  for (const [accountId, add] of counts) {
    const into = { ...users[accountId] };
    for (const [kind, n] of Object.entries(add) as [ActivityKind, number][]) into[kind] = (into[kind] ?? 0) + n;
    users[accountId] = into;
  }
  return { ...record, users, revision: record.revision + 1, imported: importId };
}

/** The `days` days ending with `today` (UTC), oldest first. */
export function lastDays(today: string, days: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}
