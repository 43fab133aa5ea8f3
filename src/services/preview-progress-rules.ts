import { type ProgressRules, computeProgress } from '../domain/compute-progress';
import type { OkrConnection } from '../domain/app-settings';
import type { RulesPreview, RulesPreviewRow } from '../domain/admin-views';
import { listKeyResultIds, loadKeyResultSnapshot } from '../adapters/key-result-store';
import { lookUpTitles } from '../adapters/key-result-titles';

/** Key results compared per preview: enough to show what changes, bounded for a big site. */
export const PREVIEW_SCAN_LIMIT = 500;
export const PREVIEW_ROWS = 5;

const delta = (row: RulesPreviewRow): number => {
  if (row.before === row.after) return 0;
  if (row.before === null || row.after === null) return 1000; // into or out of "no progress yet": always worth showing
  return Math.abs(row.after - row.before);
};

/**
 * What each key result's progress would become under proposed rules, from the stored
 * totals alone (no Jira call): the same function and the same totals the next progress
 * update uses, so the numbers shown are the numbers sent. Shows the biggest changes first.
 */
export async function previewProgressRules(current: ProgressRules, proposed: ProgressRules, connection: OkrConnection | null): Promise<RulesPreview> {
  const rows: RulesPreviewRow[] = [];
  let cursor: string | undefined;
  let truncated = false;
  do {
    const page = await listKeyResultIds(cursor);
    const snapshots = await Promise.all(page.ids.map((id) => loadKeyResultSnapshot(id)));
    for (const { aggregate } of snapshots) {
      const before = computeProgress(aggregate.counts, current, aggregate.statuses);
      const after = computeProgress(aggregate.counts, proposed, aggregate.statuses);
      rows.push({ keyResultId: aggregate.keyResultId, title: null, before: before.progress, after: after.progress, issueCountBefore: before.issueCount, issueCountAfter: after.issueCount });
    }
    cursor = page.nextCursor;
    if (cursor && rows.length >= PREVIEW_SCAN_LIMIT) truncated = true;
  } while (cursor && !truncated);
  const changed = rows.filter((r) => delta(r) > 0 || r.issueCountBefore !== r.issueCountAfter);
  const shown = [...changed].sort((a, b) => delta(b) - delta(a) || a.keyResultId.localeCompare(b.keyResultId)).slice(0, PREVIEW_ROWS);
  const titles = connection && shown.length > 0 ? await lookUpTitles(connection, shown.map((r) => r.keyResultId)) : new Map<string, { title: string }>();
  return {
    checked: rows.length,
    changed: changed.length,
    truncated,
    keyResults: shown.map((r) => ({ ...r, title: titles.get(r.keyResultId)?.title ?? null })),
  };
}
