/**
 * Two snapshots for the admin page's Usage section. On a large site each is too big for
 * one KVS value (240 KiB), so each is stored as parts under a small header record:
 *  - the people of the last usage sync (names, emails as the report carried them,
 *    licences), replaced once a day;
 *  - the window's activity summed per user and day, kept a few minutes, so sorting and
 *    paging do not read the 30 × 64 day buckets again on every click.
 * A reader follows the header to one set of parts, so it never mixes two writes: new parts
 * go under a new id first, then the header switches to them, then the old parts are
 * deleted (people) or expire (activity).
 */
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { type ActivitySummary, type SnapshotUser, type UserActivity, USAGE_KINDS } from '../domain/usage-overview';

/** Keys here match Forge's key pattern; the ids are an ISO time plus a random suffix. */
const USERS_HEADER_KEY = 'usage-snapshot';
const usersPartKey = (id: string, part: number) => `usage-snapshot-part:${id}:${String(part).padStart(4, '0')}`;
const ACTIVITY_HEADER_KEY = 'usage-activity';
const activityPartKey = (id: string, part: number) => `usage-activity-part:${id}:${String(part).padStart(4, '0')}`;

/** Well under the 240 KiB limit, with room for long names; 500 people make about 75 KB. */
const MAX_PART_BYTES = 100 * 1024;
const MAX_ITEMS_PER_PART = 500;
/**
 * How long the summary of the window's past days is reused (today is read afresh on every
 * view); its parts outlive the header, so a reader that found the header finds them.
 */
export const ACTIVITY_SUMMARY_MINUTES = 60;
const ACTIVITY_PARTS_MINUTES = 2 * ACTIVITY_SUMMARY_MINUTES;

interface Parts {
  id: string;
  partCount: number;
}
interface UsersHeader {
  current: (Parts & { syncedAt: string; userCount: number }) | null;
  /** Parts being written and not switched to yet; a sync that stopped half-way leaves them for the next one to delete. */
  pending: Parts | null;
}
interface ActivityHeader extends Parts {
  /** The last day the summary covers. */
  today: string;
  /** What else the summary depends on (the history import's end): another version is not reused. */
  version?: string;
  readAt: string;
  days: string[];
  dailyActive: number[];
}
/** accountId, last active day, active days, then the counts in USAGE_KINDS order: a third of the JSON of an object. */
type ActivityTuple = [string, string | null, number, ...number[]];
interface Part<T> {
  items: T[];
}

const newId = (at: string) => `${at}.${randomUUID().slice(0, 8)}`;

/** Items in parts of at most MAX_ITEMS_PER_PART and MAX_PART_BYTES of JSON (at least one part, maybe empty). */
function chunkBySize<T>(items: readonly T[]): T[][] {
  const encoder = new TextEncoder();
  const parts: T[][] = [[]];
  let bytes = 0;
  for (const item of items) {
    const size = encoder.encode(JSON.stringify(item)).length + 1;
    const current = parts[parts.length - 1]!;
    if (current.length > 0 && (current.length >= MAX_ITEMS_PER_PART || bytes + size > MAX_PART_BYTES)) {
      parts.push([item]);
      bytes = size;
    } else {
      current.push(item);
      bytes += size;
    }
  }
  return parts;
}

type PartKey = (id: string, part: number) => string;
type Ttl = { value: number; unit: 'MINUTES' };

async function writeParts<T>(partKey: PartKey, id: string, parts: readonly T[][], ttl?: Ttl): Promise<void> {
  await Promise.all(parts.map((items, i) => kvs.set<Part<T>>(partKey(id, i), { items }, ttl ? { ttl } : undefined)));
}

/** Every part's items in order, or undefined when one is gone (replaced or expired meanwhile). */
async function readParts<T>(partKey: PartKey, parts: Parts): Promise<T[] | undefined> {
  const stored = await Promise.all(Array.from({ length: parts.partCount }, (_, i) => kvs.get<Part<T>>(partKey(parts.id, i))));
  if (stored.some((part) => part === undefined)) return undefined;
  return stored.flatMap((part) => part!.items);
}

async function deleteParts(partKey: PartKey, parts: Parts): Promise<void> {
  await Promise.all(Array.from({ length: parts.partCount }, (_, i) => kvs.delete(partKey(parts.id, i))));
}

/** Replaces the people of the last sync: 1 header read, 2 header writes, one write per part, the old parts deleted. */
export async function saveUsageSnapshot(users: readonly SnapshotUser[], syncedAt: string): Promise<void> {
  const before = (await kvs.get<UsersHeader>(USERS_HEADER_KEY)) ?? { current: null, pending: null };
  if (before.pending) await deleteParts(usersPartKey, before.pending);
  const parts = chunkBySize(users);
  const next: Parts = { id: newId(syncedAt), partCount: parts.length };
  await kvs.set<UsersHeader>(USERS_HEADER_KEY, { current: before.current, pending: next });
  await writeParts(usersPartKey, next.id, parts);
  await kvs.set<UsersHeader>(USERS_HEADER_KEY, { current: { ...next, syncedAt, userCount: users.length }, pending: null });
  if (before.current) await deleteParts(usersPartKey, before.current);
}

/** The people of the last sync, or null before the first one: 1 header read and one read per part. */
export async function loadUsageSnapshot(): Promise<{ syncedAt: string; users: SnapshotUser[] } | null> {
  // A sync may switch the header and delete the parts being read: the second look follows the new header.
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const header = await kvs.get<UsersHeader>(USERS_HEADER_KEY);
    if (!header?.current) return null;
    const users = await readParts<SnapshotUser>(usersPartKey, header.current);
    if (users) return { syncedAt: header.current.syncedAt, users };
  }
  throw new Error('The usage snapshot changed twice while it was read');
}

const toTuple = ([accountId, user]: [string, UserActivity]): ActivityTuple => [accountId, user.lastActiveDay, user.activeDays, ...USAGE_KINDS.map((kind) => user.counts[kind])];
function fromTuple([accountId, lastActiveDay, activeDays, ...counts]: ActivityTuple): [string, UserActivity] {
  const byKind = Object.fromEntries(USAGE_KINDS.map((kind, i) => [kind, counts[i] ?? 0])) as UserActivity['counts'];
  return [accountId, { lastActiveDay, activeDays, counts: byKind }];
}

/** Keeps the summary for ACTIVITY_SUMMARY_MINUTES: one header write and one write per 500 active users. */
export async function saveActivitySummary(summary: ActivitySummary, readAt: string, version: string): Promise<void> {
  const parts = chunkBySize([...summary.users].map(toTuple));
  const id = newId(readAt);
  await writeParts(activityPartKey, id, parts, { value: ACTIVITY_PARTS_MINUTES, unit: 'MINUTES' });
  const header: ActivityHeader = { id, partCount: parts.length, today: summary.days[summary.days.length - 1]!, version, readAt, days: summary.days, dailyActive: summary.dailyActive };
  await kvs.set(ACTIVITY_HEADER_KEY, header, { ttl: { value: ACTIVITY_SUMMARY_MINUTES, unit: 'MINUTES' } });
}

/** The kept summary when it ends with `lastDay`, is of `version` and still fresh, else null: 1 header read and one read per part. */
export async function loadActivitySummary(lastDay: string, version: string): Promise<{ summary: ActivitySummary; readAt: string } | null> {
  const header = await kvs.get<ActivityHeader>(ACTIVITY_HEADER_KEY);
  if (!header || header.today !== lastDay || header.version !== version) return null;
  const tuples = await readParts<ActivityTuple>(activityPartKey, header);
  if (!tuples) return null;
  return { summary: { days: header.days, dailyActive: header.dailyActive, users: new Map(tuples.map(fromTuple)) }, readAt: header.readAt };
}
