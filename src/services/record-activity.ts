import { isSyncActive, type AppSettings } from '../domain/app-settings';
import { classifyActivity } from '../domain/activity';
import { kindOf } from '../domain/activity-day';
import { countActivity } from '../adapters/activity-store';
import { buildActivityRecorded } from '../domain/webhook-events';
import { newOutboxRecord, saveNewOutboxRecord } from '../adapters/outbox-store';

/** Live events count what happened since counting began (everything, on sites that never imported history). */
const countedLive = (occurredAt: string, settings: AppSettings): boolean => settings.activityCountingSince === null || occurredAt >= settings.activityCountingSince;

export type ActivityOutcome = { kind: 'ignored'; reason: string } | { kind: 'queued'; activityKey: string } | { kind: 'duplicate'; activityKey: string };


/**
 * One user action is counted toward its actor's day and becomes one `activity.recorded`
 * webhook; both are keyed by the Jira change, so the same change reported twice (a
 * platform retry, later a backfill) counts and sends nothing more. Four storage writes and
 * one queue event per action, whatever the site's size. A failed push leaves the record
 * for the redrive.
 */
export async function recordActivity(event: unknown, cloudId: string, settings: AppSettings): Promise<ActivityOutcome> {
  const classified = classifyActivity(event);
  if (classified.kind === 'ignored') return classified;
  if (!isSyncActive(settings)) return { kind: 'ignored', reason: 'progress updates are off or no workspace is connected' };
  const webhook = buildActivityRecorded(cloudId, classified.activity, new Date());
  // Counted for the usage report first, exactly once per Jira change (keyed like the webhook);
  // what happened before live counting began is the history import's to count.
  if (countedLive(classified.activity.occurredAt, settings)) {
    await countActivity({ seenKey: webhook.id, day: webhook.data.day, accountId: classified.activity.actorAccountId, kind: kindOf(classified.activity.action) });
  }
  const saved = await saveNewOutboxRecord(newOutboxRecord({ id: webhook.id, type: webhook.type, body: JSON.stringify(webhook), keyResultId: null, now: Date.now() }));
  if (saved === 'exists') return { kind: 'duplicate', activityKey: classified.activity.key };
  // The caller asks for delivery, once for everything its event wrote.
  return { kind: 'queued', activityKey: classified.activity.key };
}
