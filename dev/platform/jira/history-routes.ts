import { createHash } from 'node:crypto';
import { instantOf } from './instants';
import { NOT_VISIBLE, type Reply, type Route, badRequest, isObject, mayBrowse, readPage, visibleIssue } from './jira-routing';
import { changelogJson, commentJson } from './representations';
import type { JiraSite, SimChangelog, SimIssue } from './site-model';

/**
 * The reads of an issue's recorded history beyond its own changelog page: changelogs of
 * many issues at once (changelog/bulkfetch) and an issue's comments.
 *
 * Limits, from Atlassian's OpenAPI document (operations getBulkChangelogs, getComments):
 * bulkfetch takes 1 to 1000 issueIdsOrKeys and up to 10 fieldIds, and maxResults 1 to
 * 10000, default 1000; comments default to maxResults 100, with no documented maximum
 * (5000 here, an assumption).
 */
export const BULK_CHANGELOG_MAX_ISSUES = 1000;
export const BULK_CHANGELOG_MAX_FIELDS = 10;
export const BULK_CHANGELOG_DEFAULT_RESULTS = 1000;
export const BULK_CHANGELOG_MAX_RESULTS = 10_000;
export const COMMENTS_DEFAULT_RESULTS = 100;
export const COMMENTS_MAX_RESULTS = 5000;

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

interface BulkRequest {
  idsOrKeys: string[];
  fieldIds: string[] | undefined;
  maxResults: number;
  nextPageToken: string | undefined;
}

function readBulkRequest(body: unknown): BulkRequest | Reply {
  if (!isObject(body)) return badRequest('The request body must be a JSON object with issueIdsOrKeys.');
  const { issueIdsOrKeys, fieldIds, maxResults, nextPageToken } = body;
  if (!isStringList(issueIdsOrKeys) || issueIdsOrKeys.length === 0) return badRequest('issueIdsOrKeys must list at least one issue ID or key.');
  if (issueIdsOrKeys.length > BULK_CHANGELOG_MAX_ISSUES) return badRequest(`The changelogs of at most ${BULK_CHANGELOG_MAX_ISSUES} issues can be requested (got ${issueIdsOrKeys.length}).`);
  if (fieldIds !== undefined && !isStringList(fieldIds)) return badRequest('fieldIds must be a list of field IDs.');
  if (fieldIds && fieldIds.length > BULK_CHANGELOG_MAX_FIELDS) return badRequest(`Changelogs can be filtered by at most ${BULK_CHANGELOG_MAX_FIELDS} field IDs (got ${fieldIds.length}).`);
  if (maxResults !== undefined && !(Number.isInteger(maxResults) && (maxResults as number) >= 1 && (maxResults as number) <= BULK_CHANGELOG_MAX_RESULTS)) {
    return badRequest(`maxResults must be an integer from 1 to ${BULK_CHANGELOG_MAX_RESULTS}.`);
  }
  if (nextPageToken !== undefined && nextPageToken !== null && typeof nextPageToken !== 'string') return badRequest('nextPageToken must be a string.');
  return { idsOrKeys: issueIdsOrKeys, fieldIds, maxResults: (maxResults as number | undefined) ?? BULK_CHANGELOG_DEFAULT_RESULTS, nextPageToken: nextPageToken ?? undefined };
}

/** Ties a page token to the request it continues, so a token replayed with other issues is refused, not misread. */
const requestHash = (issueIds: readonly string[], fieldIds: readonly string[] | undefined) =>
  createHash('sha256').update(JSON.stringify([[...issueIds].sort(), fieldIds ? [...fieldIds].sort() : null])).digest('base64url').slice(0, 12);

const encodeToken = (offset: number, hash: string) => Buffer.from(JSON.stringify({ o: offset, h: hash })).toString('base64url');

function decodeToken(token: string, hash: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; h?: unknown };
    return parsed.h === hash && Number.isInteger(parsed.o) && (parsed.o as number) >= 0 ? (parsed.o as number) : undefined;
  } catch {
    return undefined;
  }
}

interface Entry {
  issue: SimIssue;
  changelog: SimChangelog;
  at: number;
}

/**
 * The requested issues' changelog entries, "sorted by changelog date and issue IDs, starting
 * from the oldest changelog and smallest issue ID". With fieldIds, an entry is kept when it
 * changed one of them, with only those items (the document does not say whether the other
 * items of a kept entry come too: left out here). Unknown issues, and those the caller may
 * not browse, contribute nothing (undocumented: Jira may answer otherwise).
 */
function entriesOf(site: JiraSite, issues: readonly SimIssue[], fieldIds: readonly string[] | undefined): Entry[] {
  const entries: Entry[] = [];
  for (const issue of issues) {
    for (const changelog of issue.changelogs) {
      const items = fieldIds ? changelog.items.filter((item) => fieldIds.includes(item.fieldId)) : changelog.items;
      if (items.length > 0) entries.push({ issue, changelog: items === changelog.items ? changelog : { ...changelog, items }, at: instantOf(changelog.created) });
    }
  }
  return entries.sort((a, b) => a.at - b.at || Number(a.issue.id) - Number(b.issue.id) || Number(a.changelog.id) - Number(b.changelog.id));
}

/** One IssueChangeLog per issue of the page, in the order its first entry came; its entries in date order. */
function groupByIssue(site: JiraSite, page: readonly Entry[]) {
  const groups = new Map<string, SimChangelog[]>();
  for (const { issue, changelog } of page) {
    const list = groups.get(issue.id);
    if (list) list.push(changelog);
    else groups.set(issue.id, [changelog]);
  }
  return [...groups].map(([issueId, changelogs]) => ({ issueId, changeHistories: changelogs.map((c) => changelogJson(site, c)) }));
}

export const HISTORY_ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^\/rest\/api\/3\/changelog\/bulkfetch$/,
    handler: ({ site, principal, body }) => {
      const request = readBulkRequest(body);
      if ('status' in request) return request;
      const visible = mayBrowse(site, principal);
      const issues = new Map<string, SimIssue>();
      for (const ref of request.idsOrKeys) {
        const issue = site.findIssue(ref);
        if (issue && visible(issue)) issues.set(issue.id, issue);
      }
      const hash = requestHash([...issues.keys()], request.fieldIds);
      const offset = request.nextPageToken === undefined ? 0 : decodeToken(request.nextPageToken, hash);
      if (offset === undefined) return badRequest('The nextPageToken is invalid or belongs to another request.');
      const entries = entriesOf(site, [...issues.values()], request.fieldIds);
      const page = entries.slice(offset, offset + request.maxResults);
      const next = offset + page.length < entries.length ? encodeToken(offset + page.length, hash) : undefined;
      return { status: 200, body: { issueChangeLogs: groupByIssue(site, page), ...(next ? { nextPageToken: next } : {}) } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/,
    handler: ({ site, principal, query, params }) => {
      const issue = visibleIssue(site, principal, params[0]);
      if (!issue) return { status: 404, body: NOT_VISIBLE };
      const orderBy = query.get('orderBy');
      if (orderBy !== null && !['created', '+created', '-created'].includes(orderBy)) return badRequest(`Invalid orderBy '${orderBy}': comments can be ordered by created only.`);
      const { startAt, maxResults } = readPage(query, COMMENTS_DEFAULT_RESULTS, COMMENTS_MAX_RESULTS);
      // Oldest first unless asked otherwise; ties (same millisecond) by id, as created order.
      const sorted = [...site.commentsOf(issue.id)].sort((a, b) => instantOf(a.created) - instantOf(b.created) || Number(a.id) - Number(b.id));
      if (orderBy === '-created') sorted.reverse();
      const rendered = (query.get('expand') ?? '').split(',').includes('renderedBody');
      const comments = sorted.slice(startAt, startAt + maxResults).map((c) => ({ ...commentJson(site, c), ...(rendered ? { renderedBody: renderedHtml(c.body) } : {}) }));
      return { status: 200, body: { startAt, maxResults, total: sorted.length, comments } };
    },
  },
];

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const renderedHtml = (text: string) => text.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`).join('');
