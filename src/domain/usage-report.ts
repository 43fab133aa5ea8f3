import { ACTIVITY_KINDS, type ActivityKind, type KindCounts } from './activity-day';
import type { SiteUser } from './site-user';

export type { SiteUser } from './site-user';

/** A person as the report carries them: `email` only when the user shows it, or the admin turned on "Include emails that users hid". */
export interface UsageRow extends SiteUser {
  /** Days in the window with at least one action. */
  activeDays: number;
  counts: Record<ActivityKind, number>;
  /** The last day in the window with an action, or null. */
  lastActiveDay: string | null;
}

const zeroCounts = (): Record<ActivityKind, number> => ({ comment: 0, worklog: 0, issue: 0, history: 0 });

/**
 * Every user with their activity over the window's days (oldest first). A hidden email is
 * left out unless the admin chose to include it: users are identified by accountId, so
 * nobody drops out of the report for hiding it.
 */
export function buildUsageRows(users: readonly SiteUser[], days: ReadonlyMap<string, ReadonlyMap<string, KindCounts>>, options: { includeHiddenEmails: boolean }): UsageRow[] {
  const ordered = [...days.keys()].sort();
  return users.map((user) => {
    const counts = zeroCounts();
    let activeDays = 0;
    let lastActiveDay: string | null = null;
    for (const day of ordered) {
      const today = days.get(day)?.get(user.accountId);
      if (!today) continue;
      const total = ACTIVITY_KINDS.reduce((sum, kind) => sum + (today[kind] ?? 0), 0);
      if (total === 0) continue;
      activeDays += 1;
      lastActiveDay = day;
      for (const kind of ACTIVITY_KINDS) counts[kind] += today[kind] ?? 0;
    }
    return {
      accountId: user.accountId,
      displayName: user.displayName,
      email: user.emailHidden && !options.includeHiddenEmails ? null : user.email,
      emailHidden: user.emailHidden,
      active: user.active,
      licences: user.licences.map((l) => ({ ...l })),
      activeDays,
      counts,
      lastActiveDay,
    };
  });
}

/** Users per usage.report part: about 100 KB of JSON, well inside what a receiver accepts in one request. */
export const USAGE_REPORT_PART_SIZE = 250;

export interface UsageReportPart {
  reportId: string;
  /** 1-based; partCount parts make the whole report, so the backend knows when it has it all. */
  part: number;
  partCount: number;
  window: { from: string; to: string };
  users: UsageRow[];
}

/** Splits a report into parts (at least one, so an empty site still reports). */
export function splitUsageReport(reportId: string, window: { from: string; to: string }, rows: readonly UsageRow[], partSize = USAGE_REPORT_PART_SIZE): UsageReportPart[] {
  const partCount = Math.max(1, Math.ceil(rows.length / partSize));
  return Array.from({ length: partCount }, (_, i) => ({ reportId, part: i + 1, partCount, window, users: rows.slice(i * partSize, (i + 1) * partSize) }));
}
