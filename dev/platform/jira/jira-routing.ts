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
}

export type Handler = (ctx: RouteContext) => Reply;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export const errorBody = (...messages: string[]) => ({ errorMessages: messages, errors: {} });

/** The app sees every issue; a user needs Browse projects in the issue's project. */
export const mayBrowse = (site: JiraSite, principal: Principal) => (issue: SimIssue) =>
  principal.kind === 'app' || site.userMay(principal.accountId, 'BROWSE_PROJECTS', issue.projectId);
