import { bucketOf, lastDays } from '../domain/activity-day';
import type { KindCounts } from '../domain/activity-day';
import { activitiesOfChangelog, activitiesOfComment, activitiesOfIssue, activitiesOfWorklog } from '../domain/history-activities';
import { type HistoryImportCursor, mergeDay } from '../domain/history-import';
import { readId } from '../domain/read-json';
import { foldIntoBucket } from '../adapters/activity-store';
import { deleteHistoryParts, loadHistoryParts } from '../adapters/history-import-store';
import { type ChangedWorklog, allInlineComments, approximateIssueCount, bulkChangelogPage, changedWorklogPage, commentPage, searchIssuePage, worklogsByIds } from '../adapters/jira-history';
import { type ChunkWork, countFound } from './import-history-work';

/**
 * The import's steps: each reads at most a page or two from Jira (or folds a few days) and
 * returns the cursor after it. A step either completes or throws before changing anything
 * the chunk commits, so a retried chunk repeats exactly the steps that did not commit.
 */
export type ImportStep = (cursor: HistoryImportCursor, work: ChunkWork) => Promise<HistoryImportCursor>;

type IssuesCursor = Extract<HistoryImportCursor, { phase: 'issues' }>;
type ChangedCursor = Extract<HistoryImportCursor, { phase: 'worklogs' | 'deletions' }>;

/** Issues updated in the window. Relative, with a day to spare: an absolute date would be read in some user's time zone; activities are cut at windowFrom exactly. */
const WINDOW_JQL = 'updated >= -31d ORDER BY id ASC';
/** Days folded per chunk: at most 64 bucket writes a day. */
const FOLD_DAYS = 5;
const CLEANUP_BATCH = 50;

async function readIssuePage(cursor: IssuesCursor, work: ChunkWork): Promise<HistoryImportCursor> {
  if (work.progress.issuesTotal === null) {
    work.progress.issuesTotal = await approximateIssueCount(WINDOW_JQL.replace(/ ORDER BY.*$/, ''));
    work.jiraCalls += 1;
  }
  const page = await searchIssuePage(WINDOW_JQL, cursor.searchToken);
  work.jiraCalls += 1;
  const ids: string[] = [];
  const commentPages: string[] = [];
  for (const issue of page.issues) {
    const id = readId(issue, 'id');
    if (!id) continue;
    ids.push(id);
    await countFound(work, activitiesOfIssue(issue, work.progress.windowFrom));
    // Most issues' comments all come with the search: no call of their own.
    const inline = allInlineComments(issue);
    if (inline) await countFound(work, inline.flatMap((comment) => activitiesOfComment(comment, work.progress.windowFrom)));
    else commentPages.push(id);
  }
  return { ...cursor, searchToken: page.nextPageToken, lastPage: page.nextPageToken === null, page: ids, changelogToken: null, changelogsDone: ids.length === 0, commentPages, commentIssue: 0, commentStartAt: 0 };
}

async function readChangelogs(cursor: IssuesCursor & { page: string[] }, work: ChunkWork): Promise<HistoryImportCursor> {
  const page = await bulkChangelogPage(cursor.page, cursor.changelogToken);
  work.jiraCalls += 1;
  await countFound(work, page.histories.flatMap((history) => activitiesOfChangelog(history, work.progress.windowFrom)));
  return { ...cursor, changelogToken: page.nextPageToken, changelogsDone: page.nextPageToken === null };
}

async function readComments(cursor: IssuesCursor, work: ChunkWork): Promise<HistoryImportCursor> {
  const issueId = cursor.commentPages[cursor.commentIssue]!;
  const page = await commentPage(issueId, cursor.commentStartAt);
  work.jiraCalls += 1;
  // null: the issue was deleted meanwhile, with its comments.
  if (page) await countFound(work, page.comments.flatMap((comment) => activitiesOfComment(comment, work.progress.windowFrom)));
  const nextStart = cursor.commentStartAt + (page?.comments.length ?? 0);
  if (page && page.comments.length > 0 && nextStart < page.total) return { ...cursor, commentStartAt: nextStart };
  return { ...cursor, commentIssue: cursor.commentIssue + 1, commentStartAt: 0 };
}

const issueStep: ImportStep = async (cursor, work) => {
  const c = cursor as IssuesCursor;
  if (c.page === null) return c.lastPage ? { phase: 'worklogs', since: Date.parse(work.progress.windowFrom), takenAtSince: [] } : readIssuePage(c, work);
  const withPage = c as IssuesCursor & { page: string[] };
  if (!c.changelogsDone) return readChangelogs(withPage, work);
  if (c.commentIssue < c.commentPages.length) return readComments(c, work);
  work.progress.issuesDone += c.page.length;
  return { ...c, page: null };
};

/** A changed-worklog page without the ids already taken at its first instant (the page before may have ended inside it). */
function newOnPage(values: readonly ChangedWorklog[], cursor: ChangedCursor): ChangedWorklog[] {
  const taken = new Set(cursor.takenAtSince);
  return values.filter((value) => !(value.updatedTime === cursor.since && taken.has(value.id)));
}

/** Where the next page starts, remembering which ids at that instant this page already took. */
function nextChanged(cursor: ChangedCursor, values: readonly ChangedWorklog[], nextSince: number): ChangedCursor {
  const atNext = values.filter((value) => value.updatedTime === nextSince).map((value) => value.id);
  return { ...cursor, since: nextSince, takenAtSince: nextSince === cursor.since ? [...cursor.takenAtSince, ...atNext] : atNext };
}

const worklogStep: ImportStep = async (cursor, work) => {
  const c = cursor as ChangedCursor;
  const page = await changedWorklogPage('updated', c.since);
  work.jiraCalls += 1;
  const fresh = newOnPage(page.values, c);
  if (fresh.length > 0) {
    const worklogs = await worklogsByIds(fresh.map((value) => value.id));
    work.jiraCalls += 1;
    await countFound(work, worklogs.flatMap((worklog) => activitiesOfWorklog(worklog, work.progress.windowFrom)));
  }
  // A page with nothing new that would start where it began cannot move on: the list is read.
  if (page.nextSince === null || (fresh.length === 0 && page.nextSince === c.since)) return { phase: 'deletions', since: Date.parse(work.progress.windowFrom), takenAtSince: [] };
  return nextChanged(c, page.values, page.nextSince);
};

/** Deleted worklogs carry no author in Jira: they are counted for the admin, toward nobody. */
const deletionStep: ImportStep = async (cursor, work) => {
  const c = cursor as ChangedCursor;
  const page = await changedWorklogPage('deleted', c.since);
  work.jiraCalls += 1;
  const fresh = newOnPage(page.values, c);
  work.progress.unattributedDeletions += fresh.filter((value) => value.updatedTime < Date.parse(work.progress.countingSince)).length;
  if (page.nextSince === null || (fresh.length === 0 && page.nextSince === c.since)) return { phase: 'fold', day: 0 };
  return nextChanged(c, page.values, page.nextSince);
};

/** The days the import counts in bulk: from the window's first to the day live counting began. */
function importedDays(from: string, until: string): string[] {
  const first = Date.parse(from.slice(0, 10));
  const last = Date.parse(until.slice(0, 10));
  return lastDays(until.slice(0, 10), Math.round((last - first) / 86_400_000) + 1);
}

/**
 * Folds the parts into the day buckets a few days at a time: each bucket gets the import's
 * counts once (it is marked with the import's id), under the same compare-and-set as live
 * counting, so a live event meanwhile is never lost.
 */
const foldStep: ImportStep = async (cursor, work) => {
  const c = cursor as Extract<HistoryImportCursor, { phase: 'fold' }>;
  const days = importedDays(work.progress.windowFrom, work.progress.countingSince);
  if (work.progress.parts === 0 || c.day >= days.length) return { phase: 'cleanup' };
  const parts = (work.parts ??= await loadHistoryParts(work.progress.importId));
  for (const day of days.slice(c.day, c.day + FOLD_DAYS)) {
    const byBucket = new Map<number, Map<string, KindCounts>>();
    for (const [accountId, counts] of mergeDay(parts, day)) {
      const bucket = bucketOf(accountId);
      const users = byBucket.get(bucket) ?? new Map<string, KindCounts>();
      users.set(accountId, counts);
      byBucket.set(bucket, users);
    }
    for (const [bucket, users] of byBucket) {
      await foldIntoBucket(day, bucket, users, work.progress.importId);
      work.storageWrites += 1;
    }
  }
  return { phase: 'fold', day: c.day + FOLD_DAYS };
};

const cleanupStep: ImportStep = async () => ((await deleteHistoryParts(CLEANUP_BATCH)) === 0 ? { phase: 'finished' } : { phase: 'cleanup' });

const STEPS: Record<HistoryImportCursor['phase'], ImportStep> = {
  issues: issueStep,
  worklogs: worklogStep,
  deletions: deletionStep,
  fold: foldStep,
  cleanup: cleanupStep,
  finished: async (cursor) => cursor,
};

export const stepOf = (cursor: HistoryImportCursor): ImportStep => STEPS[cursor.phase];
