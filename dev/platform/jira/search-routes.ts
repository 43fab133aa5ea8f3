import { type Reply, type Route, type RouteContext, badRequest, isObject, mayBrowse } from './jira-routing';
import { issueJson } from './representations';
import { runJql } from './simple-jql';

/** What a search/jql request asks, from the query string (GET) or the body (POST). */
interface SearchRequest {
  jql: string;
  /** Jira's comma list of fields; `id` when none is given. */
  fields: string;
  maxResults: number | undefined;
  nextPageToken: string | null;
}

/**
 * One page of search/jql. Jira documents "max 5000 issues" a page only for id or key alone
 * and "fewer items per page where a large number of fields … are requested" without a
 * number: 100 is assumed. Only issues the caller may browse; the app sees them all.
 */
function search(ctx: RouteContext, request: SearchRequest): Reply {
  const { site, principal, jqlAliases } = ctx;
  const fields = request.fields.split(',').map((f) => f.trim());
  const idsOnly = fields.every((f) => f === 'id' || f === 'key');
  const maxResults = Math.min(request.maxResults ?? 50, idsOnly ? 5000 : 100);
  const result = runJql(site, request.jql, { aliases: jqlAliases, visible: mayBrowse(site, principal), pageToken: request.nextPageToken, maxResults, now: ctx.now() });
  if (!result.ok) return badRequest(...result.errors);
  return {
    status: 200,
    body: {
      issues: result.issues.map((i) => issueJson(site, i, request.fields, false)),
      isLast: result.nextPageToken === undefined,
      ...(result.nextPageToken !== undefined ? { nextPageToken: result.nextPageToken } : {}),
    },
  };
}

const readCount = (raw: string | null): number | undefined => {
  if (raw === null) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** SearchAndReconcileRequestBean: the fields read here, each checked for its type; the others are accepted and ignored. */
function postedSearch(body: unknown): SearchRequest | Reply {
  if (!isObject(body)) return badRequest('The request body must be a JSON object.');
  const { jql, fields, maxResults, nextPageToken } = body;
  if (jql !== undefined && typeof jql !== 'string') return badRequest('jql must be a string.');
  if (fields !== undefined && !(Array.isArray(fields) && fields.every((f) => typeof f === 'string'))) return badRequest('fields must be a list of field names.');
  if (maxResults !== undefined && !(Number.isInteger(maxResults) && (maxResults as number) >= 0)) return badRequest('maxResults must be a non-negative integer.');
  if (nextPageToken !== undefined && nextPageToken !== null && typeof nextPageToken !== 'string') return badRequest('nextPageToken must be a string.');
  return {
    jql: jql ?? '',
    fields: fields && fields.length > 0 ? (fields as string[]).join(',') : 'id',
    maxResults: maxResults as number | undefined,
    nextPageToken: nextPageToken ?? null,
  };
}

export const SEARCH_ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/search\/jql$/,
    handler: (ctx) => {
      // "Multiple fields parameters can be included in a request."
      const fields = ctx.query.getAll('fields').join(',');
      return search(ctx, { jql: ctx.query.get('jql') ?? '', fields: fields || 'id', maxResults: readCount(ctx.query.get('maxResults')), nextPageToken: ctx.query.get('nextPageToken') });
    },
  },
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/search\/jql$/,
    handler: (ctx) => {
      const request = postedSearch(ctx.body);
      return 'status' in request ? request : search(ctx, request);
    },
  },
];
