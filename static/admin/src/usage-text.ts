/**
 * The words and numbers of the Usage section, apart from the markup so every case is
 * tested without a browser. Days are UTC calendar days (the app does not know the site's
 * time zone), so they are formatted in UTC; times of day are the admin's own. Numbers and
 * dates follow the browser's locale unless one is given (the tests give one).
 */
import type { HistoryImportView, UsageOverview, UsageUserRow } from '../../../src/resolvers/admin-api';

const plural = (n: number, one: string, many: string, locale?: string) => `${formatCount(n, locale)} ${n === 1 ? one : many}`;

export const formatCount = (n: number, locale?: string): string => new Intl.NumberFormat(locale).format(n);

/** "3 Nov" for a UTC day (YYYY-MM-DD). */
export const formatDay = (day: string, locale?: string): string => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** "14:05" in the admin's time zone (or the one given, for tests). */
export const formatTime = (iso: string, locale?: string, timeZone?: string): string =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));

/** The history import's line, or null when none ever began. */
export function historyImportText(progress: HistoryImportView | null, options: { locale?: string; timeZone?: string } = {}): string | null {
  if (!progress) return null;
  const { locale, timeZone } = options;
  const done = formatCount(progress.issuesDone, locale);
  const importing = progress.issuesTotal === null ? `Importing history: ${done} issues so far` : `Importing history: ${done} of ${formatCount(progress.issuesTotal, locale)} issues`;
  switch (progress.state) {
    case 'running':
      return importing;
    case 'waiting':
      return progress.resumesAt
        ? `${importing}. Waiting for Jira until ${formatTime(progress.resumesAt, locale, timeZone)} (Jira asked the app to slow down).`
        : `${importing}. Waiting for Jira (Jira asked the app to slow down).`;
    case 'done':
      return `History imported: ${plural(progress.activitiesCounted, 'activity', 'activities', locale)} from the last 30 days`;
    case 'failed':
      return `History import stopped: ${progress.failure ?? 'an unexpected error.'} Activity from now on is still counted.`;
  }
}

/** Where the names and licences come from, or why there are none yet. */
export function lastSyncText(lastSync: UsageOverview['lastSync'], options: { locale?: string; timeZone?: string } = {}): string {
  if (!lastSync) return 'Users and licences appear after the first daily usage sync. Activity is shown already.';
  const { locale, timeZone } = options;
  const at = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(lastSync.syncedAt));
  return `Users and licences as of the daily usage sync, ${at} (${plural(lastSync.users, 'person', 'people', locale)}).`;
}

/** What the chart shows, in words: its accessible description. */
export function chartSummary(days: UsageOverview['dailyActiveUsers'], locale?: string): string {
  if (days.length === 0) return 'No days to show.';
  const first = days[0]!;
  const today = days[days.length - 1]!;
  const busiest = days.reduce((best, day) => (day.users > best.users ? day : best), first);
  const average = days.reduce((sum, day) => sum + day.users, 0) / days.length;
  const range = `From ${formatDay(first.day, locale)} to ${formatDay(today.day, locale)} (UTC days)`;
  if (busiest.users === 0) return `${range}: nobody was active.`;
  return `${range}: ${formatCount(Math.round(average * 10) / 10, locale)} active users a day on average, the most ${formatCount(busiest.users, locale)} on ${formatDay(busiest.day, locale)}; today so far ${formatCount(today.users, locale)}.`;
}

export const lastActiveText = (row: UsageUserRow, locale?: string): string => (row.lastActiveDay === null ? 'Not in the last 30 days' : formatDay(row.lastActiveDay, locale));

export const licencesText = (row: UsageUserRow): string => (row.licences.length === 0 ? 'None' : row.licences.map((l) => l.name).join(', '));

/** "4 comments, 1 work log" (kinds with none left out), or "" when there was nothing. */
export function activityBreakdown(row: UsageUserRow, locale?: string): string {
  const parts = [
    [row.counts.comment, 'comment', 'comments'],
    [row.counts.worklog, 'work log', 'work logs'],
    [row.counts.issue, 'issue created', 'issues created'],
    [row.counts.history, 'change', 'changes'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => plural(n, one, many, locale))
    .join(', ');
}

/** The headline number's words: "licensed users inactive for 14 days". */
export const inactiveHeadline = (count: number, days: number): string => `licensed ${count === 1 ? 'user' : 'users'} with no activity in the last ${days === 1 ? 'day' : `${days} days`}`;
