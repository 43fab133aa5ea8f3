import { type Route, badRequest, isObject, mayBrowse } from './jira-routing';
import type { JqlPropertyAlias } from './jql-fields';
import { jqlStructure } from './jql-structure';
import { type CompiledJql, UNBOUNDED_MESSAGE, compileJql, isBounded, matchingIssues } from './simple-jql';

/**
 * Most entries either list of a jql/match request may hold. Atlassian's OpenAPI document
 * says only that exceeding "the maximum number" of issueIds or jqls is a 400, without the
 * number: 1000 is the simulator's guess, unconfirmed by any Atlassian document.
 */
export const JQL_MATCH_MAX_LIST_LENGTH = 1000;

const VALIDATION_MODES = ['strict', 'warn', 'none'] as const;
type ValidationMode = (typeof VALIDATION_MODES)[number];

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * One entry of ParsedJqlQueries. Following the operation's description: `strict` gives
 * errors and no structure when validation fails, `warn` gives both, `none` validates
 * nothing and gives the structure of any well-formed query. A query the simulator cannot
 * run (malformed, or beyond its subset) has errors and no structure in every mode, as it
 * cannot vouch for what Jira would make of it.
 */
function parsedQuery(compiled: CompiledJql, query: string, mode: ValidationMode, aliases: readonly JqlPropertyAlias[]): Record<string, unknown> {
  if (compiled.ok) return { query, structure: jqlStructure(compiled.ast, aliases) };
  if (!compiled.ast || mode === 'strict') return { query, errors: compiled.errors };
  const structure = jqlStructure(compiled.ast, aliases);
  return mode === 'warn' ? { query, errors: compiled.errors, structure } : { query, structure };
}

export const JQL_ROUTES: Route[] = [
  {
    // parseJqlQueries. No permission is needed, so the caller does not matter.
    method: 'POST',
    pattern: /^\/rest\/api\/3\/jql\/parse$/,
    handler: ({ site, query, body, jqlAliases, now }) => {
      const mode = query.get('validation');
      if (mode === null) return badRequest("The 'validation' query parameter is required: strict, warn or none.");
      if (!(VALIDATION_MODES as readonly string[]).includes(mode)) return badRequest(`Invalid validation mode '${mode}': use strict, warn or none.`);
      const queries = isObject(body) ? body['queries'] : undefined;
      // JqlQueriesToParse: a list of strings, each at least one character long.
      if (!isStringList(queries) || queries.length === 0 || queries.some((q) => q.length === 0)) return badRequest('queries must be a non-empty list of non-empty JQL strings.');
      return { status: 200, body: { queries: queries.map((q) => parsedQuery(compileJql(site, q, jqlAliases, now()), q, mode as ValidationMode, jqlAliases)) } };
    },
  },
  {
    // matchIssues: each JQL against the given issues, answered in the order of `jqls`.
    method: 'POST',
    pattern: /^\/rest\/api\/3\/jql\/match$/,
    handler: ({ site, principal, body, jqlAliases, now }) => {
      const issueIds = isObject(body) ? body['issueIds'] : undefined;
      const jqls = isObject(body) ? body['jqls'] : undefined;
      if (!Array.isArray(issueIds) || !issueIds.every((id) => Number.isSafeInteger(id)) || !isStringList(jqls)) return badRequest('issueIds (a list of issue ids) and jqls (a list of JQL queries) are required.');
      if (issueIds.length > JQL_MATCH_MAX_LIST_LENGTH) return badRequest(`At most ${JQL_MATCH_MAX_LIST_LENGTH} issueIds per request.`);
      if (jqls.length > JQL_MATCH_MAX_LIST_LENGTH) return badRequest(`At most ${JQL_MATCH_MAX_LIST_LENGTH} jqls per request.`);
      // The schema declares issueIds unique; a repeated id is matched once (Jira reads the list as a set; docs silent).
      const visible = mayBrowse(site, principal);
      const candidates = [...new Set(issueIds as number[])]
        .map((id) => site.findIssue(String(id)))
        .filter((issue): issue is NonNullable<typeof issue> => issue !== undefined && visible(issue));
      const matches = jqls.map((jql) => {
        const compiled = compileJql(site, jql, jqlAliases, now());
        // The document's example shows an error per invalid JQL and no matches; its wording
        // ("Invalid JQL: ...") is not specified, so the parser's messages are given. An empty
        // JQL matches every issue, as an empty JQL search does (docs silent for jql/match).
        if (!compiled.ok) return { matchedIssues: [], errors: compiled.errors };
        return { matchedIssues: candidates.filter((issue) => compiled.matches(issue)).map((issue) => Number(issue.id)), errors: [] };
      });
      return { status: 200, body: { matches } };
    },
  },
  {
    // countIssues: an estimate in Jira; exact here (the simulated index is never behind).
    method: 'POST',
    pattern: /^\/rest\/api\/3\/search\/approximate-count$/,
    handler: ({ site, principal, body, jqlAliases, now }) => {
      if (body !== undefined && !isObject(body)) return badRequest('The request body must be a JSON object.');
      const jql = body?.['jql'];
      if (jql !== undefined && typeof jql !== 'string') return badRequest('jql must be a string.');
      const compiled = compileJql(site, jql ?? '', jqlAliases, now());
      if (!compiled.ok) return badRequest(...compiled.errors);
      if (!isBounded(compiled)) return badRequest(UNBOUNDED_MESSAGE);
      return { status: 200, body: { count: matchingIssues(site, compiled, mayBrowse(site, principal)).length } };
    },
  },
];
