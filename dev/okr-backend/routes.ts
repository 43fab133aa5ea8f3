/**
 * Every route of the reference backend, in one table: the server dispatches from it and
 * a test checks it against docs/okr-backend.openapi.yaml, so the two cannot drift.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireBasicAuth } from './basic-auth';
import { callApp, readAppCall } from './call-app';
import type { ChangeStream } from './change-stream';
import { renderDashboardPage } from './dashboard-page';
import { listKeyResultProgress, listReceivedEvents, recordRejected } from './event-store';
import { HttpError, readIntegerParam, readJsonBody, readRawBody, sendJson } from './http-io';
import type { OkrDatabase } from './okr-database';
import { readConnectRequest, readLookupRequest } from './read-api-requests';
import { receiveWebhook } from './receive-webhook';
import { listKeyResults, lookUpPeople, readWorkspace, saveConnection, searchKeyResults } from './workspace-store';

export const WEBHOOK_PATH = '/webhooks/jira';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  db: OkrDatabase;
  stream: ChangeStream;
  /** This server's base URL as the caller reached it (no trailing slash). */
  baseUrl: string;
  log: (line: string) => void;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle: (ctx: RouteContext) => Promise<void>;
}

const authenticate = (ctx: RouteContext) => {
  const workspace = readWorkspace(ctx.db);
  requireBasicAuth(ctx.req, workspace);
  return workspace;
};

export const OKR_BACKEND_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: '/api/v1/connections',
    async handle(ctx) {
      const workspace = authenticate(ctx);
      const request = readConnectRequest(await readJsonBody(ctx.req));
      saveConnection(ctx.db, { ...request, connectedAt: new Date().toISOString() });
      ctx.log(`connected Jira site ${request.cloudId}${request.webTriggerUrl ? ' (web trigger registered)' : ''}`);
      ctx.stream.publish({ kind: 'connection' });
      sendJson(ctx.res, 200, {
        workspaceName: workspace.name,
        webhookUrl: `${ctx.baseUrl}${WEBHOOK_PATH}`,
        signingSecret: workspace.signingSecret,
        inboundSigningSecret: workspace.inboundSigningSecret,
      });
    },
  },
  {
    method: 'POST',
    path: '/api/v1/directory/lookup',
    async handle(ctx) {
      authenticate(ctx);
      const emails = readLookupRequest(await readJsonBody(ctx.req));
      sendJson(ctx.res, 200, { people: lookUpPeople(ctx.db, emails) });
    },
  },
  {
    method: 'GET',
    path: '/api/v1/key-results',
    async handle(ctx) {
      authenticate(ctx);
      const limit = readIntegerParam(ctx.url, 'limit', { min: 1, max: 50, fallback: 20 });
      const query = ctx.url.searchParams.get('query') ?? '';
      if (query.length > 200) throw new HttpError(400, 'invalid_request', 'query is longer than 200 characters.');
      sendJson(ctx.res, 200, { keyResults: searchKeyResults(ctx.db, query, limit) });
    },
  },
  {
    method: 'POST',
    path: WEBHOOK_PATH,
    async handle(ctx) {
      const raw = await readRawBody(ctx.req).catch((error: unknown) => {
        // Recorded like any other refused request, so the dashboard shows it.
        if (error instanceof HttpError) recordRejected(ctx.db, { webhookId: null, type: null, reason: error.message, receivedAt: new Date().toISOString() });
        throw error;
      });
      const workspace = readWorkspace(ctx.db);
      const outcome = receiveWebhook(ctx.db, { signingSecret: workspace.signingSecret, connectedCloudId: workspace.connection?.cloudId ?? null }, raw, ctx.req.headers);
      sendJson(ctx.res, outcome.status, outcome.body);
      ctx.log(`webhook ${outcome.webhookId ?? '(no id)'} ${outcome.type ?? '(unknown type)'}: ${outcome.verification}`);
      ctx.stream.publish({ kind: 'webhook', webhookId: outcome.webhookId, type: outcome.type, verification: outcome.verification });
    },
  },
  {
    method: 'GET',
    path: '/api/events',
    async handle(ctx) {
      const limit = readIntegerParam(ctx.url, 'limit', { min: 1, max: 1000, fallback: 100 });
      sendJson(ctx.res, 200, { events: listReceivedEvents(ctx.db, limit) });
    },
  },
  {
    method: 'GET',
    path: '/api/progress',
    async handle(ctx) {
      sendJson(ctx.res, 200, { keyResults: listKeyResultProgress(ctx.db) });
    },
  },
  {
    method: 'GET',
    path: '/api/workspace',
    async handle(ctx) {
      // Deliberately without the API token and either signing secret.
      const { name, email, connection } = readWorkspace(ctx.db);
      sendJson(ctx.res, 200, { name, email, webhookUrl: `${ctx.baseUrl}${WEBHOOK_PATH}`, connection });
    },
  },
  {
    method: 'POST',
    path: '/api/app-calls',
    async handle(ctx) {
      const call = readAppCall(await readJsonBody(ctx.req));
      const workspace = readWorkspace(ctx.db);
      const webTriggerUrl = workspace.connection?.webTriggerUrl;
      if (!webTriggerUrl) {
        throw new HttpError(409, 'no_web_trigger', 'No web trigger URL is registered: the app sends one (webTriggerUrl) when a Jira admin connects the site.');
      }
      const answer = await callApp(webTriggerUrl, workspace.inboundSigningSecret, call);
      ctx.log(`app call ${call.action}: the app answered ${answer.status}`);
      sendJson(ctx.res, 200, answer);
    },
  },
  {
    method: 'GET',
    path: '/api/stream',
    async handle(ctx) {
      ctx.stream.subscribe(ctx.req, ctx.res);
    },
  },
  {
    method: 'GET',
    path: '/',
    async handle(ctx) {
      const nonce = randomBytes(16).toString('base64');
      const html = renderDashboardPage({ workspaceName: readWorkspace(ctx.db).name, webhookUrl: `${ctx.baseUrl}${WEBHOOK_PATH}`, keyResults: listKeyResults(ctx.db), nonce });
      ctx.res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self' http://127.0.0.1:* http://localhost:*`,
        'x-content-type-options': 'nosniff',
      });
      ctx.res.end(html);
    },
  },
];
