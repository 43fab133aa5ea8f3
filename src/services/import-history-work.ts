import { countActivity } from '../adapters/activity-store';
import { type ActivityKind, dayOf } from '../domain/activity-day';
import type { HistoryActivity } from '../domain/history-activities';
import { type HistoryImportProgress, type ImportCounts, addToCounts, countedInBulk } from '../domain/history-import';
import { activityWebhookId } from '../domain/webhook-events';

/** What one chunk works with: the progress it moves on, the counts it collects, its budget. */
export interface ChunkWork {
  cloudId: string;
  progress: HistoryImportProgress;
  /** What the chunk counted in bulk so far (its part). */
  tally: ImportCounts;
  /** What the step under way counted in bulk: added to the tally only if the step completes. */
  found: ImportCounts;
  jiraCalls: number;
  /** Conditional writes to the day buckets (live-path counts and folds). */
  storageWrites: number;
  /** The counted parts, read once per chunk by the fold. */
  parts?: ImportCounts[];
}

/** Adds a completed step's counts to the chunk's part. */
export function keepFound(work: ChunkWork): void {
  for (const [day, users] of Object.entries(work.found)) for (const [accountId, counts] of Object.entries(users)) for (const [kind, n] of Object.entries(counts) as [ActivityKind, number][]) addToCounts(work.tally, day, accountId, kind, n);
  work.found = {};
}

/**
 * Counts what the import found: before countingSince into this chunk's part (nothing else
 * counts those); from then on through the keyed path live events use, so one found by both
 * counts once.
 */
export async function countFound(work: ChunkWork, activities: readonly HistoryActivity[]): Promise<void> {
  for (const activity of activities) {
    const day = dayOf(activity.occurredAt);
    if (countedInBulk(activity, work.progress.countingSince)) {
      addToCounts(work.found, day, activity.accountId, activity.kind);
      work.progress.activitiesCounted += 1;
    } else {
      work.storageWrites += 2;
      if ((await countActivity({ seenKey: activityWebhookId(work.cloudId, activity.key), day, accountId: activity.accountId, kind: activity.kind })) === 'counted') work.progress.activitiesCounted += 1;
    }
  }
}

