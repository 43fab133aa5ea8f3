import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { realFetch } from '../platform/forge-globals';
import type { JiraSite } from '../platform/jira/site-model';
import type { LocalForgePlatform } from '../platform/local-platform';
import { ADMIN_MODULE_KEY, ADMIN_PAGE_PATH, NOT_BUILT_HTML, adminAssetPath, adminIndexHtml, bridgeShimScript, isAdminPageBuilt } from './admin-page';
import { fetchBackendEvents, joinDeliveries, readOutbox } from './deliveries';
import { HttpError, contentTypeOf, readBody, readJsonBody, sendJson, sendText } from './http-util';
import type { IssuePanelViews } from './issue-panel-view';
import { checkProductEvent } from './product-event-check';
import type { FireEvent, SiteActions } from './site-actions';
import { crossOriginRefusal } from '../origin-check';
import { activityWebhookTypes, buildAppView, buildSiteView } from './site-view';

/** What the routes need once the sandbox is up (the server listens first, to learn its URL). */
export interface SandboxContext {
  platform: LocalForgePlatform;
  site: JiraSite;
  actions: SiteActions;
  fireEvent: FireEvent;
  backendUrl: string;
  adminAccountId: string;
  /** The app's issue panel per (issue, acting user), drawn for the page. */
  panels: IssuePanelViews;
  /** Something changed: save the state soon. */
  changed(): void;
}

export const WEB_TRIGGER_PATH = '/x1/';
/** The product events the page's comment and worklog forms fire. */
const ACTIVITY_EVENT_TYPES: readonly string[] = ['avi:jira:commented:issue', 'avi:jira:deleted:comment', 'avi:jira:created:worklog', 'avi:jira:updated:worklog', 'avi:jira:deleted:worklog'];
const PAGE_DIR = path.join(__dirname, 'page');
const PAGE_FILES: Record<string, string> = { '/': 'index.html', '/sandbox.js': 'sandbox.js', '/sandbox.css': 'sandbox.css' };

/** Whether the backend's page may be shown in an iframe (its CSP frame-ancestors / X-Frame-Options say). */
async function backendAllowsFraming(backendUrl: string): Promise<boolean> {
  try {
    const response = await realFetch(`${backendUrl}/`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    const csp = response.headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors\s+([^;]*)/i.exec(csp)?.[1]?.trim();
    const xfo = (response.headers.get('x-frame-options') ?? '').toUpperCase();
    if (xfo === 'DENY' || xfo === 'SAMEORIGIN') return false;
    return ancestors === undefined || ancestors.includes('*') || ancestors.includes('http://127.0.0.1');
  } catch {
    return false;
  }
}

type Route = (req: IncomingMessage, res: ServerResponse, ctx: SandboxContext, params: string[], url: URL) => Promise<void>;

/**
 * The sandbox's one origin on 127.0.0.1: the page, the scripting API, the admin page with
 * its bridge shim, and the app's web trigger. Every failure is a JSON (or HTML) answer
 * with a message, never a stack trace.
 */
export class SandboxServer {
  private server: Server | undefined;
  private context: SandboxContext | undefined;
  private frameable: Promise<boolean> | undefined;
  url = '';

  constructor(private readonly root: string) {}

  attach(context: SandboxContext): void {
    this.context = context;
  }

  /** Resolves with the URL; rejects with the listen error (EADDRINUSE…) for the caller to explain. */
  async listen(port: number): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private readonly routes: Array<{ method: string; pattern: RegExp; route: Route }> = [
    { method: 'GET', pattern: /^\/api\/site$/, route: (_req, res, ctx) => this.siteView(res, ctx) },
    { method: 'GET', pattern: /^\/api\/app$/, route: async (_req, res, ctx) => sendJson(res, 200, buildAppView(ctx.platform.kvs)) },
    { method: 'GET', pattern: /^\/api\/backend\/progress$/, route: (_req, res, ctx) => this.backendProgress(res, ctx) },
    { method: 'GET', pattern: /^\/api\/deliveries$/, route: (_req, res, ctx) => this.deliveries(res, ctx) },
    { method: 'POST', pattern: /^\/api\/product-events$/, route: (req, res, ctx) => this.productEvent(req, res, ctx) },
    { method: 'POST', pattern: /^\/api\/issues\/([^/]+)\/transition$/, route: async (req, res, ctx, [key]) => sendJson(res, 200, await ctx.actions.transition(key!, await readJsonBody(req))) },
    { method: 'POST', pattern: /^\/api\/issues\/([^/]+)\/comments$/, route: async (req, res, ctx, [key]) => sendJson(res, 201, await ctx.actions.addComment(key!, await readJsonBody(req))) },
    { method: 'PUT', pattern: /^\/api\/issues\/([^/]+)\/comments\/([^/]+)$/, route: async (req, res, ctx, [key, id]) => sendJson(res, 200, await ctx.actions.editComment(key!, id!, await readJsonBody(req))) },
    { method: 'DELETE', pattern: /^\/api\/issues\/([^/]+)\/comments\/([^/]+)$/, route: async (req, res, ctx, [key, id]) => sendJson(res, 200, await ctx.actions.deleteComment(key!, id!, await readJsonBody(req))) },
    { method: 'POST', pattern: /^\/api\/issues\/([^/]+)\/worklogs$/, route: async (req, res, ctx, [key]) => sendJson(res, 201, await ctx.actions.logWork(key!, await readJsonBody(req))) },
    { method: 'PUT', pattern: /^\/api\/issues\/([^/]+)\/worklogs\/([^/]+)$/, route: async (req, res, ctx, [key, id]) => sendJson(res, 200, await ctx.actions.editWork(key!, id!, await readJsonBody(req))) },
    { method: 'DELETE', pattern: /^\/api\/issues\/([^/]+)\/worklogs\/([^/]+)$/, route: async (req, res, ctx, [key, id]) => sendJson(res, 200, await ctx.actions.deleteWork(key!, id!, await readJsonBody(req))) },
    { method: 'GET', pattern: /^\/api\/issues\/([^/]+)\/panel$/, route: (_req, res, ctx, [key], url) => this.panelView(res, ctx, key!, url) },
    { method: 'POST', pattern: /^\/api\/issues\/([^/]+)\/panel\/events$/, route: (req, res, ctx, [key]) => this.panelEvent(req, res, ctx, key!) },
    { method: 'POST', pattern: /^\/api\/bridge\/invoke$/, route: (req, res, ctx) => this.bridgeInvoke(req, res, ctx) },
    { method: 'GET', pattern: /^\/app\/bridge-shim\.js$/, route: async (_req, res, ctx) => sendText(res, 200, 'text/javascript; charset=utf-8', this.shim(ctx)) },
    { method: 'GET', pattern: /^\/app\/admin$/, route: async (_req, res, _ctx, _p, url) => this.redirect(res, `${ADMIN_PAGE_PATH}${url.search}`) },
    { method: 'GET', pattern: /^\/app\/admin\/(.*)$/, route: async (_req, res, _ctx, [file]) => this.adminFile(res, file ?? '') },
    { method: '*', pattern: /^\/x1\/([^/]+)$/, route: (req, res, ctx, [key], url) => this.webTrigger(req, res, ctx, key!, url) },
  ];

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      const refusal = crossOriginRefusal(req, { loopbackOnly: true });
      if (refusal) {
        sendJson(res, 403, { error: `Refused: ${refusal}.` });
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      const page = PAGE_FILES[url.pathname];
      if (req.method === 'GET' && page) {
        sendText(res, 200, contentTypeOf(page), readFileSync(path.join(PAGE_DIR, page)));
        return;
      }
      const match = this.routes
        .map((r) => ({ r, m: url.pathname.match(r.pattern) }))
        .find(({ r, m }) => m && (r.method === '*' || r.method === req.method || (r.method === 'GET' && req.method === 'HEAD')));
      if (!match?.m) {
        const allowed = this.routes.some((r) => r.pattern.test(url.pathname));
        throw new HttpError(allowed ? 405 : 404, allowed ? `${req.method} is not allowed on ${url.pathname}.` : `Nothing at ${url.pathname}. The scripting API is documented in docs/sandbox.md.`);
      }
      if (!this.context) throw new HttpError(503, 'The sandbox is still starting; try again in a moment.');
      await match.r.route(req, res, this.context, match.m.slice(1).map((p) => decodeURIComponent(p)), url);
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof HttpError) sendJson(res, error.status, { error: error.message });
      else sendJson(res, 500, { error: `The sandbox failed on ${req.method} ${url.pathname}: ${(error as Error).message}` });
    }
  }

  private redirect(res: ServerResponse, location: string): void {
    res.writeHead(302, { location });
    res.end();
  }

  private async siteView(res: ServerResponse, ctx: SandboxContext): Promise<void> {
    this.frameable ??= backendAllowsFraming(ctx.backendUrl);
    sendJson(res, 200, {
      ...buildSiteView(ctx.site, ctx.platform.kvs),
      backendUrl: ctx.backendUrl,
      backend: { url: ctx.backendUrl, frameable: await this.frameable },
      adminPage: { built: isAdminPageBuilt(this.root), url: ADMIN_PAGE_PATH },
      activity: {
        // The triggers comment and worklog events reach, and the webhooks the app sends for them (none yet).
        triggers: ctx.platform.manifest.triggers.filter((t) => t.events.some((e) => ACTIVITY_EVENT_TYPES.includes(e))).map((t) => t.key),
        webhookTypes: activityWebhookTypes(),
      },
    });
  }

  /** The backend's own view of each key result, for pages that cannot frame its dashboard. */
  private async backendProgress(res: ServerResponse, ctx: SandboxContext): Promise<void> {
    try {
      const response = await realFetch(`${ctx.backendUrl}/api/progress`, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`it answered ${response.status}`);
      sendJson(res, 200, await response.json());
    } catch (error) {
      throw new HttpError(502, `The reference backend did not answer /api/progress (${(error as Error).message}).`);
    }
  }

  private async deliveries(res: ServerResponse, ctx: SandboxContext): Promise<void> {
    const backend = await fetchBackendEvents(ctx.backendUrl);
    sendJson(res, 200, { deliveries: joinDeliveries(readOutbox(ctx.platform.kvs), backend.events, backend.complete), ...(backend.error ? { backendError: backend.error } : {}) });
  }

  private async productEvent(req: IncomingMessage, res: ServerResponse, ctx: SandboxContext): Promise<void> {
    const body = await readJsonBody(req);
    const subscribed = [...new Set(ctx.platform.manifest.triggers.flatMap((t) => t.events))];
    const check = checkProductEvent(body, subscribed);
    if (!check.ok) throw new HttpError(400, check.error);
    const triggers = await ctx.fireEvent(body as Record<string, unknown>);
    sendJson(res, 202, { accepted: true, eventType: check.eventType, triggers });
  }

  private shim(ctx: SandboxContext): string {
    return bridgeShimScript(
      { cloudId: ctx.site.cloudId, siteUrl: ctx.site.data.baseUrl, localId: ADMIN_MODULE_KEY, moduleKey: ADMIN_MODULE_KEY, environmentType: 'DEVELOPMENT', extension: { type: 'jira:adminPage' } },
      ctx.adminAccountId,
    );
  }

  private adminFile(res: ServerResponse, file: string): void {
    if (!isAdminPageBuilt(this.root)) {
      sendText(res, 503, 'text/html; charset=utf-8', NOT_BUILT_HTML);
      return;
    }
    if (file === '' || file === 'index.html') {
      sendText(res, 200, 'text/html; charset=utf-8', adminIndexHtml(this.root));
      return;
    }
    const found = adminAssetPath(this.root, file);
    if (!found) throw new HttpError(404, `The admin page build has no file ${file}.`);
    sendText(res, 200, contentTypeOf(found), readFileSync(found));
  }

  private async bridgeInvoke(req: IncomingMessage, res: ServerResponse, ctx: SandboxContext): Promise<void> {
    const body = (await readJsonBody(req)) as { functionKey?: unknown; payload?: unknown; accountId?: unknown };
    if (typeof body.functionKey !== 'string' || body.functionKey === '') throw new HttpError(400, 'functionKey (the resolver key) is required.');
    if (typeof body.accountId !== 'string' || !ctx.site.user(body.accountId)) throw new HttpError(400, 'accountId must be a user of the simulated site (the "acting as" user).');
    try {
      const result = await ctx.platform.invokeResolver(ADMIN_MODULE_KEY, body.functionKey, body.payload ?? {}, body.accountId);
      ctx.changed();
      sendJson(res, 200, { ok: true, result: result ?? null });
    } catch (error) {
      sendJson(res, 500, { ok: false, error: `Resolver ${body.functionKey} failed: ${(error as Error).message}` });
    }
  }

  /** The app's issue panel of one issue as `?as=` sees it, drawn; `reload=1` mounts it again (fresh progress). */
  private async panelView(res: ServerResponse, ctx: SandboxContext, key: string, url: URL): Promise<void> {
    const reload = url.searchParams.get('reload');
    if (reload !== null && reload !== '0' && reload !== '1') throw new HttpError(400, 'reload must be 1 (mount the panel again) or 0.');
    sendJson(res, 200, await ctx.panels.view(key, url.searchParams.get('as') ?? undefined, { reload: reload === '1' }));
  }

  /** A click or typing in the drawn panel: `{ as, handlerId, kind: 'click' | 'change', value? }`. */
  private async panelEvent(req: IncomingMessage, res: ServerResponse, ctx: SandboxContext, key: string): Promise<void> {
    const body = await readJsonBody(req);
    const as = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)['as'] : undefined;
    const drawing = await ctx.panels.dispatch(key, as, body);
    ctx.changed();
    sendJson(res, 200, drawing);
  }

  private async webTrigger(req: IncomingMessage, res: ServerResponse, ctx: SandboxContext, key: string, url: URL): Promise<void> {
    if (!ctx.platform.manifest.webTriggers.has(key)) throw new HttpError(404, `The app has no web trigger "${key}".`);
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value : [value];
    }
    const queryParameters: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) queryParameters[name] = [...(queryParameters[name] ?? []), value];
    let reply: { statusCode?: unknown; headers?: unknown; body?: unknown };
    try {
      reply = ((await ctx.platform.invokeWebTrigger(key, { method: req.method ?? 'GET', path: url.pathname, headers, queryParameters, body: await readBody(req) })) ?? {}) as typeof reply;
    } catch {
      // Forge answers a failed web-trigger function with a bare 500; details stay in the app's logs.
      throw new HttpError(500, `The app's web trigger ${key} failed.`);
    }
    ctx.changed();
    const outHeaders: Record<string, string> = {};
    if (typeof reply.headers === 'object' && reply.headers !== null) {
      for (const [name, values] of Object.entries(reply.headers as Record<string, unknown>)) {
        const value = Array.isArray(values) ? values.join(', ') : values;
        if (typeof value === 'string') outHeaders[name] = value;
      }
    }
    const status = typeof reply.statusCode === 'number' ? reply.statusCode : 200;
    const text = typeof reply.body === 'string' ? reply.body : '';
    res.writeHead(status, outHeaders);
    res.end(text);
  }
}
