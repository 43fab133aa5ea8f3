import { type IssueOrder, type IssuePredicate, type JqlPropertyAlias, compileFields } from './jql-fields';
import { restricts } from './jql-logic';
import { type JqlAst, parseJql } from './jql-parser';
import type { JiraSite, SimIssue } from './site-model';

/**
 * The small part of JQL the app and sandbox use, compiled once for search/jql,
 * search/approximate-count, jql/parse and jql/match: clauses joined by AND, OR and NOT
 * (Jira's precedence, parentheses to group), each one of
 *
 *   project | status | statusCategory | issuetype  (= | != | IN | NOT IN)  value(s)
 *   key | id | issue | issuekey | labels | <manifest search alias>  (= | IN)  value(s)
 *
 *   created | updated  (< | <= | > | >=)  a JQL date (`-30d`, "2026-11-01 10:00", "2026/11/01")
 *
 * (under NOT a clause counts as its negation, as Jira searches it: `NOT labels = x` is the
 * unsupported `labels != x`), with an optional `ORDER BY key|id|created|updated [ASC|DESC],
 * ...`. Anything else is an error (a 400 where Jira answers one), so an unsupported query
 * is noticed rather than silently widened. Errors are values: nothing here throws for a
 * bad query.
 */
export type CompiledJql =
  | { ok: true; ast: JqlAst; matches: IssuePredicate; order: IssueOrder | undefined }
  /**
   * `ast` is there when the query is well formed and only Jira's validation failed (an
   * unknown field): jql/parse shows its structure under `validation=warn|none`.
   */
  | { ok: false; errors: string[]; ast?: JqlAst };

/** `now` (ms, the platform clock) is what relative dates count back from. */
export function compileJql(site: JiraSite, jql: string, aliases: readonly JqlPropertyAlias[] = [], now: number = Date.now()): CompiledJql {
  const parsed = parseJql(jql);
  if (!parsed.ok) return { ok: false, errors: [parsed.error] };
  const fields = compileFields(site, aliases, parsed.ast.where, parsed.ast.orderBy, now);
  if (fields.ok) return { ok: true, ast: parsed.ast, matches: fields.matches, order: fields.order };
  const errors = [...new Set(fields.problems.map((p) => p.message))];
  // Validation errors (unknown field, invalid value) leave a well-formed query whose structure jql/parse can show.
  return fields.problems.every((p) => p.kind !== 'beyond-subset') ? { ok: false, errors, ast: parsed.ast } : { ok: false, errors };
}

/** Whether the query has a search restriction (jql-logic's `restricts`); `ORDER BY` alone (or nothing) is what Jira calls unbounded. */
export const isBounded = (compiled: CompiledJql & { ok: true }) => restricts(compiled.ast.where);

export const UNBOUNDED_MESSAGE = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

/** The issues the query matches among those the caller may see, in ORDER BY order (else the site's). */
export function matchingIssues(site: JiraSite, compiled: CompiledJql & { ok: true }, visible: IssuePredicate): SimIssue[] {
  const issues = site.data.issues.filter((i) => visible(i) && compiled.matches(i));
  return compiled.order ? [...issues].sort(compiled.order) : issues;
}

export type JqlResult = { ok: true; issues: SimIssue[]; nextPageToken: string | undefined } | { ok: false; errors: string[] };

/** One page of a bounded search: the token is the offset of the next page, opaque to the caller. */
export function runJql(site: JiraSite, jql: string, options: { aliases: readonly JqlPropertyAlias[]; visible: IssuePredicate; pageToken: string | null; maxResults: number; now: number }): JqlResult {
  const compiled = compileJql(site, jql, options.aliases, options.now);
  if (!compiled.ok) return { ok: false, errors: compiled.errors };
  if (!isBounded(compiled)) return { ok: false, errors: [UNBOUNDED_MESSAGE] };
  const issues = matchingIssues(site, compiled, options.visible);
  const start = options.pageToken ? Number(Buffer.from(options.pageToken, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) return { ok: false, errors: ['The nextPageToken is invalid.'] };
  const page = issues.slice(start, start + options.maxResults);
  const next = start + page.length < issues.length ? Buffer.from(String(start + page.length)).toString('base64url') : undefined;
  return { ok: true, issues: page, nextPageToken: next };
}
