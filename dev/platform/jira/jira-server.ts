import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACCESS_ROUTES } from './access-routes';
import { NOT_VISIBLE, type Principal, type Reply, type Route, errorBody, readPage, visibleIssue } from './jira-routing';
import type { JqlPropertyAlias } from './jql-fields';
import { JQL_ROUTES } from './jql-routes';
import { categoryJson, changelogJson, issueJson, projectJson, statusJson, userJson } from './representations';
import { HISTORY_ROUTES } from './history-routes';
import { SEARCH_ROUTES } from './search-routes';
import { WORKLOG_ROUTES } from './worklog-routes';
import type { JiraSite, SimProjectPermission } from './site-model';

export type { Principal } from './jira-routing';
export const PRINCIPAL_HEADER = 'x-local-forge-principal';

/** Picks the requests an injected fault answers (path without the query string). */
export type FaultMatcher = (method: string, path: string, principal: Principal) => boolean;

export interface JiraExchange {
  method: string;
  url: string;
  principal: string;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  /** When the response went out, in ms on the platform clock (so a test can hold retries against a 429's Retry-After). */
  at: number;
  /** The response headers as sent, names in lower case (as a fetch client reads them). */
  responseHeaders: Record<string, string>;
}

const requireUserPrincipal = (principal: Principal): Reply | undefined =>
  principal.kind === 'user' ? undefined : { status: 401, body: errorBody('This resource needs a user context (asUser).') };

/** Jira's limit on one entity property value. */
const MAX_PROPERTY_BYTES = 32_768;

/** An issue property the caller can see (route params: issue id or key, property key), or Jira's 404. */
function existingProperty(site: JiraSite, principal: Principal, params: string[]): { key: string; properties: Record<string, unknown> } | { reply: Reply } {
  const issue = visibleIssue(site, principal, params[0]);
  const key = decodeURIComponent(params[1] ?? '');
  if (!issue?.properties || !(key in issue.properties)) return { reply: { status: 404, body: errorBody(`The property ${key} does not exist.`) } };
  return { key, properties: issue.properties };
}

const PROJECT_PERMISSIONS: readonly SimProjectPermission[] = ['BROWSE_PROJECTS', 'EDIT_ISSUES'];

/**
 * The project whose permissions mypermissions reports: from issueId/issueKey or
 * projectId/projectKey; `null` for no context (then a project permission counts if the
 * user has it in any project, as Jira answers); undefined when the context names nothing
 * the user can see (Jira answers 404).
 */
function permissionContext(site: JiraSite, principal: Principal, query: URLSearchParams): string | null | undefined {
  const issueRef = query.get('issueId') ?? query.get('issueKey');
  if (issueRef !== null) return visibleIssue(site, principal, issueRef)?.projectId;
  const projectRef = query.get('projectId') ?? query.get('projectKey');
  if (projectRef !== null) return site.data.projects.find((p) => p.id === projectRef || p.key === projectRef)?.id;
  return null;
}

const routes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/status$/,
    handler: ({ site }) => ({ status: 200, body: site.data.statuses.map((s) => statusJson(site, s)) }),
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/statuscategory$/,
    handler: ({ site }) => ({ status: 200, body: site.data.categories.map((c) => categoryJson(site, c)) }),
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/,
    handler: ({ site, principal, query, params }) => {
      const issue = visibleIssue(site, principal, params[0]);
      if (!issue) return { status: 404, body: NOT_VISIBLE };
      return { status: 200, body: issueJson(site, issue, query.get('fields'), true) };
    },
  },
  {
    // Every changelog of an issue, oldest first, in pages of at most 100.
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/changelog$/,
    handler: ({ site, principal, query, params }) => {
      const issue = visibleIssue(site, principal, params[0]);
      if (!issue) return { status: 404, body: NOT_VISIBLE };
      const { startAt, maxResults } = readPage(query, 100, 100);
      const values = issue.changelogs.slice(startAt, startAt + maxResults).map((c) => changelogJson(site, c));
      const total = issue.changelogs.length;
      return { status: 200, body: { startAt, maxResults, total, isLast: startAt + values.length >= total, values } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/,
    handler: ({ site, principal, params }) => {
      const found = existingProperty(site, principal, params);
      return 'reply' in found ? found.reply : { status: 200, body: { key: found.key, value: found.properties[found.key] } };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/,
    handler: ({ site, principal, params, body }) => {
      const issue = visibleIssue(site, principal, params[0]);
      if (!issue) return { status: 404, body: NOT_VISIBLE };
      if (principal.kind === 'user' && !site.userMay(principal.accountId, 'EDIT_ISSUES', issue.projectId)) return { status: 403, body: errorBody('You do not have permission to edit this issue.') };
      const key = decodeURIComponent(params[1] ?? '');
      if (key.length === 0 || key.length > 255) return { status: 400, body: errorBody('The property key must be 1 to 255 characters.') };
      if (body === undefined) return { status: 400, body: errorBody('The property value must be a non-empty JSON value.') };
      if (Buffer.byteLength(JSON.stringify(body), 'utf8') > MAX_PROPERTY_BYTES) return { status: 400, body: errorBody(`The property value is longer than ${MAX_PROPERTY_BYTES} bytes.`) };
      issue.properties ??= {};
      const created = !(key in issue.properties);
      issue.properties[key] = body;
      return { status: created ? 201 : 200, body: {} };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/,
    handler: ({ site, principal, params }) => {
      const found = existingProperty(site, principal, params);
      if ('reply' in found) return found.reply;
      delete found.properties[found.key];
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/mypermissions$/,
    handler: ({ site, principal, query }) => {
      const refusal = requireUserPrincipal(principal);
      if (refusal) return refusal;
      const wanted = (query.get('permissions') ?? '').split(',').filter(Boolean);
      if (wanted.length === 0) return { status: 400, body: errorBody('The permissions query parameter is required.') };
      const unknown = wanted.filter((k) => !['ADMINISTER', 'BROWSE_PROJECTS', 'EDIT_ISSUES', 'CREATE_ISSUES'].includes(k));
      if (unknown.length > 0) return { status: 400, body: errorBody(`Permission keys not found: ${unknown.join(', ')}`) };
      const user = principal.kind === 'user' ? site.user(principal.accountId) : undefined;
      const projectId = permissionContext(site, principal, query);
      if (projectId === undefined) return { status: 404, body: NOT_VISIBLE };
      const inProjects = projectId === null ? site.data.projects.map((p) => p.id) : [projectId];
      const projectPermission = (key: SimProjectPermission) => user !== undefined && inProjects.some((id) => site.userMay(user.accountId, key, id));
      const permissions: Record<string, unknown> = {};
      for (const key of wanted) {
        const havePermission = key === 'ADMINISTER' ? Boolean(user?.siteAdmin) : PROJECT_PERMISSIONS.includes(key as SimProjectPermission) ? projectPermission(key as SimProjectPermission) : false;
        permissions[key] = { id: key === 'ADMINISTER' ? '0' : '10', key, name: key, type: key === 'ADMINISTER' ? 'GLOBAL' : 'PROJECT', description: key, havePermission };
      }
      return { status: 200, body: { permissions } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/myself$/,
    handler: ({ site, principal }) => {
      const refusal = requireUserPrincipal(principal);
      if (refusal) return refusal;
      const user = principal.kind === 'user' ? site.user(principal.accountId) : undefined;
      return user ? { status: 200, body: userJson(site, user) } : { status: 401, body: errorBody('Unknown user.') };
    },
  },
  {
    // Get all users: every account (apps, customers and inactive ones too), in pages.
    method: 'GET',
    pattern: /^\/rest\/api\/3\/users\/search$/,
    handler: ({ site, query }) => {
      const { startAt, maxResults } = readPage(query, 50, 1000);
      return { status: 200, body: site.data.users.slice(startAt, startAt + maxResults).map((u) => userJson(site, u)) };
    },
  },
  {
    // Find users: active users whose display name or (visible) email starts with a word of the query.
    method: 'GET',
    pattern: /^\/rest\/api\/3\/user\/search$/,
    handler: ({ site, query }) => {
      const text = (query.get('query') ?? '').trim().toLowerCase();
      if (!text && !query.get('accountId') && !query.get('property')) return { status: 400, body: errorBody('One of query, accountId or property must be provided.') };
      const { startAt, maxResults } = readPage(query, 50, 1000);
      const matches = site.data.users.filter(
        (u) => u.active && (u.displayName.toLowerCase().split(/\s+/).some((w) => w.startsWith(text)) || u.displayName.toLowerCase().startsWith(text) || (!u.emailHidden && u.email.toLowerCase().startsWith(text))),
      );
      return { status: 200, body: matches.slice(0, 1000).slice(startAt, startAt + maxResults).map((u) => userJson(site, u)) };
    },
  },
  {
    // Emails regardless of profile visibility: Forge allows it as the app only.
    method: 'GET',
    pattern: /^\/rest\/api\/3\/user\/email\/bulk$/,
    handler: ({ site, principal, query }) => {
      if (principal.kind !== 'app') return { status: 401, body: errorBody('This resource is only available to apps (asApp).') };
      const ids = query.getAll('accountId');
      if (ids.length === 0) return { status: 400, body: errorBody('accountId is required.') };
      if (ids.length > 100) return { status: 400, body: errorBody('At most 100 accountIds per request.') };
      const known = ids.map((id) => site.user(id)).filter((u): u is NonNullable<typeof u> => u !== undefined && u.accountType === 'atlassian');
      return { status: 200, body: known.map((u) => ({ accountId: u.accountId, email: u.email })) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/project\/search$/,
    handler: ({ site, query }) => {
      const { startAt, maxResults } = readPage(query, 50, 100);
      const values = site.data.projects.slice(startAt, startAt + maxResults).map((p) => projectJson(site, p));
      const total = site.data.projects.length;
      return { status: 200, body: { startAt, maxResults, total, isLast: startAt + values.length >= total, values } };
    },
  },
  ...SEARCH_ROUTES,
  ...HISTORY_ROUTES,
  ...WORKLOG_ROUTES,
  ...JQL_ROUTES,
  ...ACCESS_ROUTES,
];

/**
 * The simulated Jira REST server, on 127.0.0.1 at a port chosen at run time. It records
 * every exchange so tests can hold requests and responses against Atlassian's OpenAPI document.
 */
export class JiraServer {
  /** The latest 10,000 exchanges; `onExchange` sees every one (a benchmark counting calls past that). */
  readonly exchanges: JiraExchange[] = [];
  onExchange: ((exchange: JiraExchange) => void) | undefined;
  private server: Server | undefined;
  private readonly faults: Array<{ matches: FaultMatcher; reply: Reply; left: number }> = [];
  private baseUrlValue = '';
  requestCount = 0;

  /**
   * `jqlAliases`: the JQL names the app's manifest gives issue properties (jira:entityProperty).
   * `now`: the platform clock (ms), for relative JQL dates, the worklog lists' last minute
   * and the exchanges' `at`; the real time when left out.
   */
  constructor(
    private readonly site: () => JiraSite,
    private readonly options: { jqlAliases?: readonly JqlPropertyAlias[]; now?: () => number } = {},
  ) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  /**
   * For tests of failure handling: the next `times` requests that `matches` accepts get
   * `reply` (a 503, a 429 with Retry-After, a 403 until a permission reaches the site…)
   * instead of the simulated answer. `matches` also sees who calls, so a fault can hit the
   * app's requests and leave a user's alone.
   */
  injectFault(matches: FaultMatcher, reply: Reply, times = 1): void {
    this.faults.push({ matches, reply, left: times });
  }

  get baseUrl(): string {
    return this.baseUrlValue;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    const { port: actual } = this.server.address() as AddressInfo;
    this.baseUrlValue = `http://127.0.0.1:${actual}`;
    return this.baseUrlValue;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.send(req, res, 'unknown', undefined, { status: 400, body: errorBody('Request body is not valid JSON.') });
      }
    }
    const principalHeader = String(req.headers[PRINCIPAL_HEADER] ?? '');
    const principal: Principal | undefined =
      principalHeader === 'app'
        ? { kind: 'app' }
        : principalHeader.startsWith('user:')
          ? { kind: 'user', accountId: principalHeader.slice(5) }
          : undefined;
    if (!principal) return this.send(req, res, principalHeader, body, { status: 401, body: errorBody('Client must be authenticated to access this resource.') });
    const url = new URL(req.url ?? '/', 'http://jira.local');
    const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) return this.send(req, res, principalHeader, body, { status: 404, body: errorBody(`No simulated endpoint for ${req.method} ${url.pathname}.`) });
    const fault = this.faults.find((f) => f.left > 0 && f.matches(req.method ?? 'GET', url.pathname, principal));
    if (fault) {
      fault.left -= 1;
      return this.send(req, res, principalHeader, body, fault.reply);
    }
    const params = url.pathname.match(route.pattern)?.slice(1) ?? [];
    let reply: Reply;
    try {
      reply = route.handler({ site: this.site(), principal, query: url.searchParams, params, body, jqlAliases: this.options.jqlAliases ?? [], now: () => this.now() });
    } catch (error) {
      reply = { status: 500, body: errorBody(`Simulated Jira failed: ${(error as Error).message}`) };
    }
    this.send(req, res, principalHeader, body, reply);
  }

  private send(req: IncomingMessage, res: ServerResponse, principal: string, requestBody: unknown, reply: Reply): void {
    this.requestCount += 1;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
    const exchange: JiraExchange = { method: req.method ?? 'GET', url: req.url ?? '/', principal, requestBody, status: reply.status, responseBody: reply.body, at: this.now(), responseHeaders: headers };
    this.exchanges.push(exchange);
    this.onExchange?.(exchange);
    if (this.exchanges.length > 10_000) this.exchanges.splice(0, this.exchanges.length - 10_000);
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }
}
