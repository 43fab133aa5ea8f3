/**
 * The admin page's Usage section, as plain data: daily active users over the window, one
 * row per person (licences from the last usage sync, activity from the day buckets), and
 * "licensed but inactive for N days", the number an admin acts on to reclaim licences.
 * Searching, sorting and paging happen here, on the server: a 10,000-user site's rows are
 * megabytes, and the page only ever needs one page of them.
 */
import type { Licence } from './licences';
import type { SiteUser } from './site-user';
import type { FieldError } from './progress-weights';
import { isObject } from './read-json';
import { err, ok, type Result } from './result';

// The page's contract types come from here, and the Custom UI type-checks what they import:
// nothing that reaches Node (activity-day does, through activity and webhook ids). So the
// kinds and the people are spelled out; services/usage-overview checks they match
// ActivityKind, SiteUser and HistoryImportProgress at compile time.

/** The kinds of activity counted per user and day (ActivityKind). */
export type UsageKind = 'comment' | 'worklog' | 'issue' | 'history';
export const USAGE_KINDS: readonly UsageKind[] = ['comment', 'worklog', 'issue', 'history'];
export type UsageKindCounts = Partial<Record<UsageKind, number>>;

/** A person as the last usage sync saw them; `email` only as the usage report carried it. */
export type SnapshotUser = SiteUser;

export interface UserActivity {
  /** The last day of the window with an action, or null (none in the window). */
  lastActiveDay: string | null;
  activeDays: number;
  counts: Record<UsageKind, number>;
}

/** The window's activity, summed per day and per user (what the overview needs of the buckets). */
export interface ActivitySummary {
  /** The window's UTC days, oldest first, today last. */
  days: string[];
  /** Users with at least one action, per day of `days`. */
  dailyActive: number[];
  users: Map<string, UserActivity>;
}

export interface UsageUserRow {
  accountId: string;
  /** Null for someone the last sync did not list (no sync yet): the page shows the account id. */
  displayName: string | null;
  email: string | null;
  active: boolean;
  licences: Licence[];
  lastActiveDay: string | null;
  activeDays: number;
  counts: Record<UsageKind, number>;
}

/** What the page says of the history import ("Importing history: 12,400 of 31,000 issues"): part of a HistoryImportProgress. */
export interface HistoryImportView {
  state: 'running' | 'waiting' | 'done' | 'failed';
  issuesDone: number;
  issuesTotal: number | null;
  activitiesCounted: number;
  resumesAt: string | null;
  failure: string | null;
}

export type UsageSortKey = 'user' | 'licences' | 'lastActive' | 'activeDays';
export type UsageSortOrder = 'ASC' | 'DESC';

export interface UsageQuery {
  /** Matches names and emails, case-insensitively; blank matches everyone. */
  search: string;
  sortKey: UsageSortKey;
  sortOrder: UsageSortOrder;
  /** 1-based; past the last page means the last page. */
  page: number;
  pageSize: number;
  /** The N of "licensed but inactive for N days". */
  inactiveDays: number;
  /** List only the users "licensed but inactive" counts. */
  onlyInactive: boolean;
}

export interface UsageOverview {
  window: { from: string; to: string };
  dailyActiveUsers: Array<{ day: string; users: number }>;
  /** When the activity shown was read from storage (it is kept a few minutes, see services/usage-overview). */
  activityReadAt: string;
  /** The usage sync the users and licences come from; null before the first one. */
  lastSync: { syncedAt: string; users: number } | null;
  licensedInactive: { days: number; users: number };
  users: { rows: UsageUserRow[]; total: number; page: number; pageSize: number; pageCount: number; sortKey: UsageSortKey; sortOrder: UsageSortOrder };
  /** Null when no import ever began on this site. */
  historyImport: HistoryImportView | null;
}

const zeroCounts = (): Record<UsageKind, number> => ({ comment: 0, worklog: 0, issue: 0, history: 0 });

/**
 * Sums the window's buckets (day → accountId → counts) per day and per user; a day with no
 * actions does not count. `counts` says whose: the people of the last sync (apps and
 * customers act in Jira too, but hold no licence and are no user of the report).
 */
export function summariseActivity(days: readonly string[], activity: ReadonlyMap<string, ReadonlyMap<string, UsageKindCounts>>, counts: (accountId: string) => boolean = () => true): ActivitySummary {
  const ordered = [...days].sort();
  const users = new Map<string, UserActivity>();
  const dailyActive = ordered.map((day) => {
    let active = 0;
    for (const [accountId, byKind] of activity.get(day) ?? []) {
      if (!counts(accountId) || USAGE_KINDS.every((kind) => (byKind[kind] ?? 0) === 0)) continue;
      active += 1;
      const user = users.get(accountId) ?? { lastActiveDay: null, activeDays: 0, counts: zeroCounts() };
      user.activeDays += 1;
      user.lastActiveDay = day;
      for (const kind of USAGE_KINDS) user.counts[kind] += byKind[kind] ?? 0;
      users.set(accountId, user);
    }
    return active;
  });
  return { days: ordered, dailyActive, users };
}

/** The summary with one more day at its end (pure): the window's past days kept, today read afresh. */
export function appendDay(base: ActivitySummary, day: string, activity: ReadonlyMap<string, UsageKindCounts>, counts: (accountId: string) => boolean = () => true): ActivitySummary {
  const users = new Map([...base.users].map(([accountId, user]) => [accountId, { ...user, counts: { ...user.counts } }]));
  const today = summariseActivity([day], new Map([[day, activity]]), counts);
  for (const [accountId, add] of today.users) {
    const user = users.get(accountId) ?? { lastActiveDay: null, activeDays: 0, counts: zeroCounts() };
    user.activeDays += add.activeDays;
    user.lastActiveDay = day;
    for (const kind of USAGE_KINDS) user.counts[kind] += add.counts[kind];
    users.set(accountId, user);
  }
  return { days: [...base.days, day], dailyActive: [...base.dailyActive, today.dailyActive[0] ?? 0], users };
}

const noActivity = (): UserActivity => ({ lastActiveDay: null, activeDays: 0, counts: zeroCounts() });

/**
 * One row per person of the last sync, with their activity. Before the first sync there
 * are no names or licences: the rows are the accounts seen in the activity, so it still shows.
 * A hidden email is left out unless the admin's option is on now (it may have been turned
 * off since the sync that stored it).
 */
export function usageRows(users: readonly SnapshotUser[] | null, activity: ReadonlyMap<string, UserActivity>, options: { includeHiddenEmails: boolean }): UsageUserRow[] {
  if (users === null) {
    return [...activity].map(([accountId, seen]) => ({ accountId, displayName: null, email: null, active: true, licences: [], ...seen }));
  }
  return users.map((user) => ({
    accountId: user.accountId,
    displayName: user.displayName,
    email: user.emailHidden && !options.includeHiddenEmails ? null : user.email,
    active: user.active,
    licences: user.licences,
    ...(activity.get(user.accountId) ?? noActivity()),
  }));
}

/** Holds a licence, has an active account, and did nothing in the last `days` days (today included), or never. */
export function isLicensedButInactive(row: UsageUserRow, days: number, today: string): boolean {
  if (row.licences.length === 0 || !row.active) return false;
  const firstDay = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return row.lastActiveDay === null || row.lastActiveDay < firstDay;
}

/** Case and accents left out, so "jimenez" finds Jiménez and "ZOE" finds Zoë. */
const folded = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function matchesSearch(row: UsageUserRow, search: string): boolean {
  const needle = folded(search.trim());
  if (needle === '') return true;
  return [row.displayName ?? row.accountId, row.email ?? ''].some((text) => folded(text).includes(needle));
}

const byName = (a: UsageUserRow, b: UsageUserRow): number => {
  // People without a name (not in the last sync) come after everyone named.
  if ((a.displayName === null) !== (b.displayName === null)) return a.displayName === null ? 1 : -1;
  return (a.displayName ?? '').localeCompare(b.displayName ?? '', 'en', { sensitivity: 'base' }) || a.accountId.localeCompare(b.accountId);
};

const COMPARE: Record<UsageSortKey, (a: UsageUserRow, b: UsageUserRow) => number> = {
  user: byName,
  licences: (a, b) => a.licences.length - b.licences.length || licenceNames(a).localeCompare(licenceNames(b), 'en'),
  // Never active sorts as the oldest: ascending puts the licences to reclaim first.
  lastActive: (a, b) => (a.lastActiveDay ?? '').localeCompare(b.lastActiveDay ?? ''),
  activeDays: (a, b) => a.activeDays - b.activeDays,
};

const licenceNames = (row: UsageUserRow): string => row.licences.map((l) => l.name).join(', ');

/** Sorted by one column; ties by name, always A→Z, so the order is stable across pages. */
export function sortRows(rows: readonly UsageUserRow[], sortKey: UsageSortKey, sortOrder: UsageSortOrder): UsageUserRow[] {
  const direction = sortOrder === 'ASC' ? 1 : -1;
  return [...rows].sort((a, b) => direction * COMPARE[sortKey](a, b) || byName(a, b));
}

function historyImportView(progress: HistoryImportView | null): HistoryImportView | null {
  if (!progress) return null;
  const { state, issuesDone, issuesTotal, activitiesCounted, resumesAt, failure } = progress;
  return { state, issuesDone, issuesTotal, activitiesCounted, resumesAt, failure };
}

/** The whole answer for one page view (pure: storage is read by services/usage-overview). */
export function buildUsageOverview(input: {
  query: UsageQuery;
  summary: ActivitySummary;
  activityReadAt: string;
  snapshot: { syncedAt: string; users: readonly SnapshotUser[] } | null;
  includeHiddenEmails: boolean;
  /** A HistoryImportProgress (of which the page gets the view's fields only). */
  historyImport: HistoryImportView | null;
}): UsageOverview {
  const { query, summary, snapshot } = input;
  const today = summary.days[summary.days.length - 1]!;
  const rows = usageRows(snapshot?.users ?? null, summary.users, { includeHiddenEmails: input.includeHiddenEmails });
  const inactive = rows.filter((row) => isLicensedButInactive(row, query.inactiveDays, today));
  const listed = (query.onlyInactive ? inactive : rows).filter((row) => matchesSearch(row, query.search));
  const pageCount = Math.max(1, Math.ceil(listed.length / query.pageSize));
  const page = Math.min(query.page, pageCount);
  const start = (page - 1) * query.pageSize;
  return {
    window: { from: summary.days[0]!, to: today },
    dailyActiveUsers: summary.days.map((day, i) => ({ day, users: summary.dailyActive[i] ?? 0 })),
    activityReadAt: input.activityReadAt,
    lastSync: snapshot ? { syncedAt: snapshot.syncedAt, users: snapshot.users.length } : null,
    licensedInactive: { days: query.inactiveDays, users: inactive.length },
    users: {
      rows: sortRows(listed, query.sortKey, query.sortOrder).slice(start, start + query.pageSize),
      total: listed.length,
      page,
      pageSize: query.pageSize,
      pageCount,
      sortKey: query.sortKey,
      sortOrder: query.sortOrder,
    },
    historyImport: historyImportView(input.historyImport),
  };
}

export const USAGE_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
const MAX_SEARCH_LENGTH = 200;
/** Fourteen days of silence is a fair sign a licence is unused, and leaves room within the 30-day window. */
export const DEFAULT_INACTIVE_DAYS = 14;

const SORT_KEYS: readonly UsageSortKey[] = ['user', 'licences', 'lastActive', 'activeDays'];
const SORT_ORDERS: readonly UsageSortOrder[] = ['ASC', 'DESC'];

const whole = (value: unknown, min: number, max: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * The Usage section's payload: every field optional (absent → the first page by name, 20 a
 * page, inactive for 14 days), unknown fields refused. `inactiveDays` stops at the window:
 * older activity is not kept, so "inactive for 60 days" could not be told.
 */
export function parseUsageQuery(payload: unknown, windowDays: number): Result<UsageQuery, FieldError> {
  const input = payload === undefined ? {} : payload;
  if (!isObject(input)) return err({ field: 'payload', message: 'The request must be a JSON object.' });
  const known = ['search', 'sortKey', 'sortOrder', 'page', 'pageSize', 'inactiveDays', 'onlyInactive'];
  const unknown = Object.keys(input).find((key) => !known.includes(key));
  if (unknown !== undefined) return err({ field: unknown, message: `Unknown field "${unknown}".` });
  const { search = '', sortKey = 'user', sortOrder = 'ASC', page = 1, pageSize = USAGE_PAGE_SIZE, inactiveDays = DEFAULT_INACTIVE_DAYS, onlyInactive = false } = input;
  if (typeof search !== 'string') return err({ field: 'search', message: 'Search must be text.' });
  if (search.length > MAX_SEARCH_LENGTH) return err({ field: 'search', message: `Search is too long: at most ${MAX_SEARCH_LENGTH} characters.` });
  if (!SORT_KEYS.includes(sortKey as UsageSortKey)) return err({ field: 'sortKey', message: `Sort by one of ${SORT_KEYS.join(', ')}.` });
  if (!SORT_ORDERS.includes(sortOrder as UsageSortOrder)) return err({ field: 'sortOrder', message: 'Sort order must be ASC or DESC.' });
  if (!whole(page, 1, 1_000_000)) return err({ field: 'page', message: 'Page must be a whole number from 1.' });
  if (!whole(pageSize, 1, MAX_PAGE_SIZE)) return err({ field: 'pageSize', message: `Page size must be a whole number from 1 to ${MAX_PAGE_SIZE}.` });
  if (!whole(inactiveDays, 1, windowDays)) return err({ field: 'inactiveDays', message: `Inactive days must be a whole number from 1 to ${windowDays} (the app keeps ${windowDays} days of activity).` });
  if (typeof onlyInactive !== 'boolean') return err({ field: 'onlyInactive', message: 'Only inactive must be on or off.' });
  return ok({ search: search.trim(), sortKey: sortKey as UsageSortKey, sortOrder: sortOrder as UsageSortOrder, page, pageSize, inactiveDays, onlyInactive });
}
