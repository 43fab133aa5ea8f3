/**
 * admin.usageOverview: one page of the Usage section, searched, sorted and paged here.
 *
 * Why on the server: a 10,000-user site's rows are about 2 MB of JSON, and no payload limit
 * for resolver answers is documented, so the page asks for 20 rows at a time.
 *
 * KVS reads per page view (Forge allows 4,000 a minute per installation, each read counted
 * in 10 KB units), for a site of U people of whom A were active in the window:
 *  - settings 1, history import 1, the people of the last sync 1 + one per part (about 200
 *    bytes a person, parts of at most 500 people or 100 KB), the kept activity summary 1 +
 *    one per part (about 75 bytes an active person). For 10,000 people, all active: about
 *    2 MB + 0.75 MB, so some 45 reads costing about 280 units;
 *  - today's 64 buckets afresh on every view (so an action shows on the next one);
 *  - at most once per ACTIVITY_SUMMARY_MINUTES (and after midnight UTC, and when the history
 *    import finishes) the past 29 days are read afresh: 29 × 64 gets = 1,856 reads, one
 *    unit each while a bucket-day stays under 10 KB (about 140 active people, 9,000 a day
 *    site-wide); 10,000 people active every day make about 3,840 units, the whole minute's
 *    budget. Then 1 + ⌈A/500⌉ writes keep it.
 * Without the kept summary every click (sort, page, search) would cost those 1,920 reads,
 * and three clicks a minute would spend the installation's whole read budget. The buckets
 * have no `day` index to query (and the local KVS answers key-prefix queries only), and
 * batch gets (25 keys, 45 batches a minute) would need 77 batches for one look.
 */
import { type ActivityKind, lastDays } from '../domain/activity-day';
import type { HistoryImportProgress } from '../domain/history-import';
import { type HistoryImportView, type UsageKind, type UsageOverview, appendDay, buildUsageOverview, parseUsageQuery, summariseActivity } from '../domain/usage-overview';
import { type ResolverResponse, failure, success } from '../domain/resolver-response';
import { loadActivityDays } from '../adapters/activity-store';
import { loadHistoryImportProgress } from '../adapters/history-import-store';
import { loadSettings } from '../adapters/settings-store';
import { loadActivitySummary, loadUsageSnapshot, saveActivitySummary } from '../adapters/usage-snapshot-store';
import { USAGE_WINDOW_DAYS } from './sync-usage';

// The Usage section's contract spells out the types it mirrors (the Custom UI must not
// type-check modules that reach Node); these fail to compile the day they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
type _KindsMatch = Holds<Same<UsageKind, ActivityKind>>;
type _ImportFits = Holds<HistoryImportProgress extends HistoryImportView ? true : false>;

/**
 * The window's activity summed per user: the window's past days from the kept summary
 * while fresh (else read from the buckets and kept), today always afresh (64 reads), so an
 * action shows up on the next view. The summary is not reused across the end of the
 * history import (which folds its counts into past days).
 */
async function activityOfWindow(now: Date, historyImport: HistoryImportProgress | null, snapshot: { syncedAt: string; users: readonly { accountId: string }[] } | null) {
  const today = now.toISOString().slice(0, 10);
  const past = lastDays(today, USAGE_WINDOW_DAYS).slice(0, -1);
  // Once a sync has listed the site's people, only they count (not apps, not customers).
  const people = snapshot ? new Set(snapshot.users.map((u) => u.accountId)) : null;
  const counts = (accountId: string) => people === null || people.has(accountId);
  const version = `${historyImport?.state === 'done' ? `import-done:${historyImport.finishedAt ?? ''}` : 'no-import-done'};people:${snapshot?.syncedAt ?? 'none'}`;
  let kept = (await loadActivitySummary(past[past.length - 1]!, version))?.summary;
  if (!kept) {
    kept = summariseActivity(past, await loadActivityDays(past), counts);
    await saveActivitySummary(kept, now.toISOString(), version);
  }
  const todays = (await loadActivityDays([today])).get(today) ?? new Map();
  return { summary: appendDay(kept, today, todays, counts), readAt: now.toISOString() };
}

export async function usageOverview(payload: unknown, now: Date = new Date()): Promise<ResolverResponse<UsageOverview>> {
  const query = parseUsageQuery(payload, USAGE_WINDOW_DAYS);
  if (!query.ok) return failure('INVALID_INPUT', query.error.message, query.error.field);
  const [historyImport, snapshot, settings] = await Promise.all([loadHistoryImportProgress(), loadUsageSnapshot(), loadSettings()]);
  const activity = await activityOfWindow(now, historyImport, snapshot);
  return success(
    buildUsageOverview({ query: query.value, summary: activity.summary, activityReadAt: activity.readAt, snapshot, includeHiddenEmails: settings.includeHiddenEmails, historyImport }),
  );
}
