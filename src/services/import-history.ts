import { performance } from 'node:perf_hooks';
import { PermanentError, TransientError } from '../domain/app-errors';
import { type HistoryImportProgress, FIRST_CURSOR, backoffSeconds, countEntries, windowStart } from '../domain/history-import';
import { commitHistoryChunk, createHistoryImport, loadHistoryImport } from '../adapters/history-import-store';
import { logEvent } from '../adapters/log';
import { MAX_QUEUE_DELAY_SECONDS, pushWorkMessages } from '../adapters/work-queue';
import { USAGE_WINDOW_DAYS } from './sync-usage';
import { type ImportStep, stepOf } from './import-history-steps';
import { type ChunkWork, keepFound } from './import-history-work';

/**
 * A chunk stops after this many Jira calls or this much time, whichever comes first: a
 * third of the consumer's 120 s limit, so a slow Jira still leaves it under half.
 */
const CHUNK_JIRA_CALLS = 100;
const CHUNK_MILLIS = 40_000;
/** A part holds at most about this many day × user entries (a step adds ≤ 1,000), far below the 240 KiB value limit. */
const PART_ENTRIES = 1000;
/** Storage writes per chunk (a fold step writes up to 64 buckets a day): a fifth of the 4,000-a-minute budget. */
const CHUNK_STORAGE_WRITES = 800;
/** Waits in a row without Jira saying how long (about two hours of backoff: app permissions can take that to reach a big site), before the import stops and tells the admin. */
const MAX_BLIND_WAITS = 16;

/**
 * Begins the import on the first Connect: the window is the usage report's 30 days, ending
 * when live counting began. Returns false when one already exists (it runs once per site).
 */
export async function startHistoryImport(countingSince: Date): Promise<boolean> {
  const progress: HistoryImportProgress = {
    importId: `import-${countingSince.getTime()}`,
    state: 'running',
    issuesDone: 0,
    issuesTotal: null,
    activitiesCounted: 0,
    unattributedDeletions: 0,
    resumesAt: null,
    waitsInARow: 0,
    windowFrom: windowStart(countingSince, USAGE_WINDOW_DAYS),
    countingSince: countingSince.toISOString(),
    startedAt: countingSince.toISOString(),
    updatedAt: countingSince.toISOString(),
    finishedAt: null,
    failure: null,
    parts: 0,
  };
  if (!(await createHistoryImport({ progress, cursor: FIRST_CURSOR }))) return false;
  const { failed, reason } = await pushWorkMessages([{ message: { kind: 'import-history', revision: 1 } }]);
  // Not queued now: the hourly redrive finds a running import that stands still and queues it.
  if (failed.length > 0) logEvent('history-import.not-queued', { reason });
  return true;
}

type Interruption = { kind: 'wait'; seconds: number; told: boolean; reason: string } | { kind: 'fail'; reason: string };

function interruptionOf(error: unknown, progress: HistoryImportProgress): Interruption {
  if (error instanceof TransientError) {
    if (error.retryAfterSeconds !== undefined) return { kind: 'wait', seconds: Math.max(1, error.retryAfterSeconds), told: true, reason: error.message };
    return { kind: 'wait', seconds: backoffSeconds(progress.waitsInARow), told: false, reason: error.message };
  }
  if (error instanceof PermanentError) return { kind: 'fail', reason: `Jira refused a request of the history import: ${error.message}.` };
  // Unknown failures (storage hiccups among them) are retried a few times before giving up visibly.
  return { kind: 'wait', seconds: backoffSeconds(progress.waitsInARow), told: false, reason: (error as Error).message };
}

/**
 * One chunk of the import: steps (each at most a couple of Jira calls) until the budget is
 * spent or the import is finished, then one commit of the cursor and the counted part.
 * The next chunk is queued before the commit, so a failed push leaves nothing committed
 * and the platform retries this one; a duplicate of a message finds the revision moved on
 * and stops.
 */
export async function runHistoryImportChunk(cloudId: string, revision: number, now: () => Date = () => new Date()): Promise<'ran' | 'stale' | 'finished'> {
  const stored = await loadHistoryImport();
  // The message of the next chunk is queued just before this chunk commits: if it runs first, it waits.
  if (stored && revision === stored.revision + 1) throw new TransientError('the previous chunk of the history import is still committing', 5);
  if (!stored || stored.revision !== revision) return 'stale';
  if (stored.progress.state === 'done' || stored.progress.state === 'failed') return 'finished';
  const waitLeft = stored.progress.resumesAt ? Math.ceil((Date.parse(stored.progress.resumesAt) - now().getTime()) / 1000) : 0;
  if (waitLeft > 0) {
    // A wait longer than the queue's longest delay: queued again for the rest of it.
    await queueNext(revision, waitLeft);
    return 'ran';
  }
  const work: ChunkWork = { cloudId, progress: { ...stored.progress, state: 'running', resumesAt: null }, tally: {}, found: {}, jiraCalls: 0, storageWrites: 0 };
  let cursor = stored.cursor;
  const began = performance.now();
  let interruption: Interruption | undefined;
  const withinBudget = () =>
    work.jiraCalls < CHUNK_JIRA_CALLS && work.storageWrites < CHUNK_STORAGE_WRITES && performance.now() - began < CHUNK_MILLIS && countEntries(work.tally) < PART_ENTRIES;
  // The fold reads committed parts only: counts still in this chunk's tally are committed first.
  const mayGoOn = () => withinBudget() && !(cursor.phase === 'fold' && countEntries(work.tally) > 0);
  while (cursor.phase !== 'finished' && mayGoOn()) {
    const step: ImportStep = stepOf(cursor);
    // A step that fails leaves nothing behind: its counts and progress figures are dropped with it.
    const progressBefore = { ...work.progress };
    try {
      cursor = await step(cursor, work);
      keepFound(work);
      work.progress.waitsInARow = 0;
    } catch (error) {
      work.progress = progressBefore;
      work.found = {};
      interruption = interruptionOf(error, work.progress);
      break;
    }
  }
  let delay = 0;
  if (interruption?.kind === 'wait') {
    work.progress.waitsInARow = interruption.told ? work.progress.waitsInARow : work.progress.waitsInARow + 1;
    if (work.progress.waitsInARow > MAX_BLIND_WAITS) interruption = { kind: 'fail', reason: `The history import stopped after ${MAX_BLIND_WAITS} failed attempts in a row: ${interruption.reason}` };
    else {
      delay = interruption.seconds;
      work.progress.state = 'waiting';
      work.progress.resumesAt = new Date(now().getTime() + delay * 1000).toISOString();
      logEvent('history-import.waiting', { seconds: delay, told: interruption.told, reason: interruption.reason });
    }
  }
  if (interruption?.kind === 'fail') {
    work.progress.state = 'failed';
    work.progress.failure = interruption.reason;
    work.progress.finishedAt = now().toISOString();
    logEvent('history-import.failed', { reason: interruption.reason });
  }
  if (cursor.phase === 'finished') {
    work.progress.state = 'done';
    work.progress.finishedAt = now().toISOString();
  }
  work.progress.updatedAt = now().toISOString();
  const part = countEntries(work.tally) > 0 ? { number: work.progress.parts, counts: work.tally } : null;
  if (part) work.progress.parts += 1;
  const goesOn = work.progress.state === 'running' || work.progress.state === 'waiting';
  if (goesOn) await queueNext(revision + 1, delay);
  if ((await commitHistoryChunk(revision, { progress: work.progress, cursor }, part)) === 'superseded') return 'stale';
  logEvent('history-import.chunk', { phase: cursor.phase, jiraCalls: work.jiraCalls, storageWrites: work.storageWrites, issuesDone: work.progress.issuesDone, activitiesCounted: work.progress.activitiesCounted, millis: Math.round(performance.now() - began) });
  if (work.progress.state === 'done') {
    // The backend gets the imported days now, in a usage report, not tomorrow.
    await pushWorkMessages([{ message: { kind: 'sync-usage' } }]);
    return 'finished';
  }
  return work.progress.state === 'failed' ? 'finished' : 'ran';
}

async function queueNext(revision: number, delaySeconds: number): Promise<void> {
  const delay = Math.min(Math.max(0, Math.ceil(delaySeconds)), MAX_QUEUE_DELAY_SECONDS);
  const { failed, reason } = await pushWorkMessages([{ message: { kind: 'import-history', revision }, ...(delay > 0 ? { delayInSeconds: delay } : {}) }]);
  if (failed.length > 0) throw new TransientError(`the next chunk of the history import could not be queued: ${reason ?? 'unknown reason'}`, 30);
}

/**
 * For the hourly redrive: a running import whose next chunk was lost (its queue event
 * failed for good) stands still; this queues it again. Returns whether it did.
 */
export async function resumeStalledHistoryImport(now: Date, stalledAfterMillis = 30 * 60_000): Promise<boolean> {
  const stored = await loadHistoryImport();
  if (!stored || (stored.progress.state !== 'running' && stored.progress.state !== 'waiting')) return false;
  const due = Date.parse(stored.progress.resumesAt ?? stored.progress.updatedAt);
  if (now.getTime() - due < stalledAfterMillis) return false;
  await queueNext(stored.revision, 0);
  logEvent('history-import.resumed', { revision: stored.revision });
  return true;
}
