import type { ActivityKind, KindCounts } from './activity-day';
import type { HistoryActivity } from './history-activities';

/**
 * The 30-day history import that runs once, on the first Connect: what Jira recorded before
 * the app counted live (issues created, changelog entries, comments, worklogs), counted into
 * the same per-user days as live events. Its progress is shown on the admin page.
 *
 * Exactness rests on one split at `countingSince`, the moment live counting began: live
 * events count only activities from then on (each once, keyed by the Jira change); the
 * import counts everything before it in bulk (nothing else counts those), and what it
 * finds from then on through the same keyed path as live events, so an activity both
 * report counts once.
 */
export type HistoryImportState = 'running' | 'waiting' | 'done' | 'failed';

/** What the admin page shows ("Importing history: 12,400 of 31,000 issues"). */
export interface HistoryImportProgress {
  /** Names this import: its counted parts and the day buckets it was folded into carry it. */
  importId: string;
  state: HistoryImportState;
  /** Issues whose history has been read so far. */
  issuesDone: number;
  /** Issues updated in the window, as Jira estimated them when the import began (null: not known yet). */
  issuesTotal: number | null;
  /** Activities counted so far. */
  activitiesCounted: number;
  /** Worklog deletions in the window: Jira keeps no author for them, so they count toward nobody. */
  unattributedDeletions: number;
  /** When the import goes on after Jira asked it to wait (HTTP 429) or failed for a while, else null. */
  resumesAt: string | null;
  /** Waits in a row without a header saying how long (the exponential backoff's exponent). */
  waitsInARow: number;
  /** The first instant of the window (UTC midnight) and the moment live counting began (the window's end). */
  windowFrom: string;
  countingSince: string;
  startedAt: string;
  /** When a chunk last committed (a running import that stands still for long is queued again). */
  updatedAt: string;
  finishedAt: string | null;
  /** Why it stopped, in the admin's words (never a credential or an email). */
  failure: string | null;
  /** Counted parts written so far (one per chunk that found activity before countingSince). */
  parts: number;
}

/**
 * Where the next chunk goes on. Issues are read a search page at a time (its ids kept here
 * until their changelogs and comments are all read); then worklogs changed in the window;
 * then worklog deletions; then the counted parts are folded into the day buckets.
 */
export type HistoryImportCursor =
  /**
   * searchToken: the next search page's; lastPage: no page comes after the one in `page`;
   * commentPages: the page's issues with more comments than their search result carried,
   * read a page at a time from commentIssue/commentStartAt.
   */
  | { phase: 'issues'; searchToken: string | null; lastPage: boolean; page: string[] | null; changelogToken: string | null; changelogsDone: boolean; commentPages: string[]; commentIssue: number; commentStartAt: number }
  /** takenAtSince: ids already read whose change is at `since` itself (a page may end inside one instant). */
  | { phase: 'worklogs'; since: number; takenAtSince: number[] }
  | { phase: 'deletions'; since: number; takenAtSince: number[] }
  | { phase: 'fold'; day: number }
  | { phase: 'cleanup' }
  | { phase: 'finished' };

export const FIRST_CURSOR: HistoryImportCursor = { phase: 'issues', searchToken: null, lastPage: false, page: null, changelogToken: null, changelogsDone: false, commentPages: [], commentIssue: 0, commentStartAt: 0 };

/** Counts found before countingSince: day → accountId → counts. */
export type ImportCounts = Record<string, Record<string, KindCounts>>;

export function addToCounts(counts: ImportCounts, day: string, accountId: string, kind: ActivityKind, by = 1): void {
  const users = (counts[day] ??= {});
  const user = (users[accountId] ??= {});
  user[kind] = (user[kind] ?? 0) + by;
}

/** Entries (day × user) in a tally: a part is flushed before it nears the KVS value limit. */
export const countEntries = (counts: ImportCounts): number => Object.values(counts).reduce((sum, users) => sum + Object.keys(users).length, 0);

/** Which path counts an activity: before countingSince only the import does; from then on live events may too. */
export const countedInBulk = (activity: HistoryActivity, countingSince: string): boolean => activity.occurredAt < countingSince;

/** The counts of many parts for one day, merged (pure; for the fold). */
export function mergeDay(parts: readonly ImportCounts[], day: string): Map<string, KindCounts> {
  const merged = new Map<string, KindCounts>();
  for (const part of parts) {
    for (const [accountId, counts] of Object.entries(part[day] ?? {})) {
      const into = merged.get(accountId) ?? {};
      for (const [kind, n] of Object.entries(counts) as [ActivityKind, number][]) into[kind] = (into[kind] ?? 0) + n;
      merged.set(accountId, into);
    }
  }
  return merged;
}

/**
 * How long to wait after a failure that named no wait: exponential from 10 s to 15 min,
 * with "equal jitter" (half fixed, half random), so imports on many sites do not retry in step.
 */
export function backoffSeconds(waitsInARow: number, random: () => number = Math.random): number {
  const ceiling = Math.min(900, 10 * 2 ** Math.max(0, waitsInARow));
  return Math.ceil(ceiling / 2 + random() * (ceiling / 2));
}

/** The UTC midnight that starts a window of `days` days ending today. */
export function windowStart(now: Date, days: number): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * 86_400_000).toISOString();
}
