import type { JqlPropertyAlias } from './jql-fields';
import type { JiraSite, SimIssue } from './site-model';

/** The pieces every simulated Jira route shares, so route groups can live in their own files. */

/** Who is calling, as the Forge proxy tells the simulated Jira (never a real credential). */
export type Principal = { kind: 'app' } | { kind: 'user'; accountId: string };

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  site: JiraSite;
  principal: Principal;
  query: URLSearchParams;
  params: string[];
  body: unknown;
  /** The JQL names the installed app's manifest gives issue entity properties. */
  jqlAliases: readonly JqlPropertyAlias[];
  /** The platform's clock (ms): relative JQL dates and the worklog lists' last minute go by it. */
  now: () => number;
}

export type Handler = (ctx: RouteContext) => Reply;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export const errorBody = (...messages: string[]) => ({ errorMessages: messages, errors: {} });

export const badRequest = (...messages: string[]): Reply => ({ status: 400, body: errorBody(...messages) });

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** startAt and maxResults of a startAt-paged list: garbage reads as the default, maxResults is capped. */
export function readPage(query: URLSearchParams, defaultMax: number, cap: number): { startAt: number; maxResults: number } {
  const startAt = Math.max(0, Number(query.get('startAt') ?? 0) || 0);
  const maxResults = Math.min(Math.max(0, Number(query.get('maxResults') ?? defaultMax) || 0), cap);
  return { startAt, maxResults };
}

/** The app sees every issue; a user needs Browse projects in the issue's project. */
export const mayBrowse = (site: JiraSite, principal: Principal) => (issue: SimIssue) =>
  principal.kind === 'app' || site.userMay(principal.accountId, 'BROWSE_PROJECTS', issue.projectId);

export const NOT_VISIBLE = errorBody('Issue does not exist or you do not have permission to see it.');

/** The issue, if this caller may see it: the app sees every issue, a user needs Browse projects. */
export function visibleIssue(site: JiraSite, principal: Principal, idOrKey: string | undefined): SimIssue | undefined {
  const issue = site.findIssue(decodeURIComponent(idOrKey ?? ''));
  return issue && mayBrowse(site, principal)(issue) ? issue : undefined;
}
