import { instantOf } from './instants';
import { type Route, type RouteContext, badRequest, isObject } from './jira-routing';
import { worklogJson } from './representations';

/**
 * The site-wide worklog lists (Atlassian's OpenAPI document, operations
 * getIdsOfWorklogsModifiedSince, getIdsOfWorklogsDeletedSince and getWorklogsForIds):
 * changed and deleted worklogs "paginated, with a limit of 1000 worklogs per page", each
 * page "from oldest to youngest", and worklog/list for at most 1000 ids.
 *
 * Both lists leave out what changed "during the minute preceding the request", as the
 * document says: a worklog logged just now shows up a minute later on the platform clock.
 * Whether a change at exactly `since` is listed is not documented ("after which"); the
 * simulator lists it, so a page boundary inside one millisecond repeats an entry rather
 * than losing one, and a client must skip what it already has.
 */
export const CHANGED_WORKLOGS_PAGE = 1000;
export const WORKLOG_LIST_MAX_IDS = 1000;
/** The trailing minute the changed-worklog lists leave out. */
export const CHANGED_WORKLOGS_SETTLE_MS = 60_000;

interface Change {
  worklogId: number;
  updatedTime: number;
}

/** `since` as the document types it (int64 ms, default 0); anything else reads as 0. */
function readSince(query: URLSearchParams): number {
  const since = Number(query.get('since') ?? 0);
  return Number.isSafeInteger(since) && since > 0 ? since : 0;
}

function changedWorklogs(ctx: RouteContext, which: 'updated' | 'deleted', changes: Change[]) {
  const since = readSince(ctx.query);
  const cutoff = ctx.now() - CHANGED_WORKLOGS_SETTLE_MS;
  const listed = changes.filter((c) => c.updatedTime >= since && c.updatedTime <= cutoff).sort((a, b) => a.updatedTime - b.updatedTime || a.worklogId - b.worklogId);
  const page = listed.slice(0, CHANGED_WORKLOGS_PAGE);
  const lastPage = listed.length <= CHANGED_WORKLOGS_PAGE;
  const until = page.at(-1)?.updatedTime;
  const expand = ctx.query.get('expand');
  const url = (from: number) => `${ctx.site.data.baseUrl}/rest/api/3/worklog/${which}?since=${from}${expand ? `&expand=${encodeURIComponent(expand)}` : ''}`;
  return {
    status: 200,
    body: {
      values: page.map((c) => ({ worklogId: c.worklogId, updatedTime: c.updatedTime, properties: [] })),
      // The document's example has since as the request's, until as the youngest listed item.
      since,
      ...(until !== undefined ? { until } : {}),
      self: url(since),
      ...(!lastPage && until !== undefined ? { nextPage: url(until) } : {}),
      lastPage,
    },
  };
}

export const WORKLOG_ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/worklog\/updated$/,
    handler: (ctx) => changedWorklogs(ctx, 'updated', ctx.site.data.worklogs.map((w) => ({ worklogId: Number(w.id), updatedTime: instantOf(w.updated) }))),
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/worklog\/deleted$/,
    handler: (ctx) => changedWorklogs(ctx, 'deleted', ctx.site.data.deletedWorklogs.map((t) => ({ worklogId: Number(t.worklogId), updatedTime: instantOf(t.deletedAt) }))),
  },
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/worklog\/list$/,
    handler: ({ site, body, query }) => {
      const ids = isObject(body) ? body['ids'] : undefined;
      if (!Array.isArray(ids) || !ids.every((id) => Number.isSafeInteger(id))) return badRequest('ids must be a list of worklog IDs.');
      if (ids.length === 0) return badRequest('ids must list at least one worklog ID.');
      if (ids.length > WORKLOG_LIST_MAX_IDS) return badRequest(`At most ${WORKLOG_LIST_MAX_IDS} worklog IDs can be requested (got ${ids.length}).`);
      const withProperties = (query.get('expand') ?? '').split(',').includes('properties');
      // Unknown and deleted ids are left out; a repeated id comes once.
      const found = [...new Set(ids as number[])].flatMap((id) => site.findWorklog(String(id)) ?? []);
      return { status: 200, body: found.map((w) => ({ ...worklogJson(site, w), ...(withProperties ? { properties: [] } : {}) })) };
    },
  },
];
