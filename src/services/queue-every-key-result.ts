import type { FanOutJob, RecomputeReason, WorkMessage } from '../domain/work-message';
import { TransientError } from '../domain/app-errors';
import { pushWorkMessages } from '../adapters/work-queue';
import { listKeyResultIds } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';

/**
 * Work for every key result (recompute, reconcile) goes out a page of 100 at a time from
 * one fan-out message that queues the page, then itself again 30 s later with its cursor:
 * about 200 queue events a minute with the deliveries they cause, inside the platform's 500
 * per installation and leaving room for live events. What the queue does not take is
 * carried to the next round, never counted as done.
 */
const PAGE_PAUSE_SECONDS = 30;
/** After the queue refused part of a page (its per-minute limit), the rest waits a full minute. */
const REFUSED_PAUSE_SECONDS = 60;

const messageFor = (job: FanOutJob, keyResultId: string): WorkMessage =>
  job.what === 'recompute' ? { kind: 'recompute', keyResultId, reason: job.reason } : { kind: 'reconcile', keyResultId, then: job.then };

/** How many key results there are: one read per 100. */
async function countKeyResults(): Promise<number> {
  let cursor: string | undefined;
  let count = 0;
  do {
    const page = await listKeyResultIds(cursor);
    count += page.ids.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

/**
 * Starts the fan-out: one queue event now. `queued` false when even that one was refused
 * (the caller says so; nothing is reported as done).
 */
async function startFanOut(job: FanOutJob): Promise<{ keyResults: number; queued: boolean }> {
  const keyResults = await countKeyResults();
  if (keyResults === 0) return { keyResults, queued: true };
  const { failed, reason } = await pushWorkMessages([{ message: { kind: 'fan-out', job, cursor: null, retry: [] } }]);
  logEvent('fan-out.started', { what: job.what, keyResults, queued: failed.length === 0, ...(reason ? { reason } : {}) });
  return { keyResults, queued: failed.length === 0 };
}

/**
 * One round: the ids the queue refused last time, then the next page; then the next round,
 * later. A failed push of the next round is asked for again by the platform (the page's
 * messages queued twice are harmless: a recompute or a reconcile run twice sends the same
 * state).
 */
export async function continueFanOut(message: Extract<WorkMessage, { kind: 'fan-out' }>): Promise<void> {
  const page = message.cursor === null && message.retry.length > 0 ? { ids: [], nextCursor: undefined } : await listKeyResultIds(message.cursor ?? undefined);
  const ids = [...message.retry, ...page.ids];
  const { failed } = await pushWorkMessages(ids.map((keyResultId) => ({ message: messageFor(message.job, keyResultId) })));
  const refused = failed.map((m) => (m as { keyResultId: string }).keyResultId);
  const nextCursor = page.nextCursor ?? null;
  logEvent('fan-out.round', { what: message.job.what, queued: ids.length - refused.length, refused: refused.length, more: nextCursor !== null });
  if (nextCursor === null && refused.length === 0) return;
  const next = await pushWorkMessages([{ message: { kind: 'fan-out', job: message.job, cursor: nextCursor, retry: refused }, delayInSeconds: refused.length > 0 ? REFUSED_PAUSE_SECONDS : PAGE_PAUSE_SECONDS }]);
  if (next.failed.length > 0) throw new TransientError(`the next round of the fan-out could not be queued: ${next.reason ?? 'unknown reason'}`, REFUSED_PAUSE_SECONDS);
}

/** Re-send every key result's progress with the current rules (after a weights change). */
export const recomputeAllKeyResults = (reason: RecomputeReason) => startFanOut({ what: 'recompute', reason });

/**
 * Correct every key result against Jira, then (when `then` is set) send its progress:
 * after a Connect or a resume, transitions missed or made while paused are in what the
 * backend receives.
 */
export const reconcileAllKeyResults = (then: RecomputeReason | null) => startFanOut({ what: 'reconcile', then });
