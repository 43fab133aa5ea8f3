/**
 * The reference OKR backend: a real HTTP server (node:http) over SQLite, implementing the
 * contract in docs/okr-backend.openapi.yaml. Backend engineers run it to see the app's
 * webhooks arrive; the sandbox and end-to-end tests use it as the app's real peer.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crossOriginRefusal } from '../origin-check';
import { ChangeStream } from './change-stream';
import { HttpError, sendError } from './http-io';
import { type OkrDatabase, openOkrDatabase } from './okr-database';
import { OKR_BACKEND_ROUTES, type RouteContext } from './routes';

export interface OkrBackendOptions {
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** No log lines on stdout (tests). */
  quiet?: boolean;
}

export interface OkrBackendHandle {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const isLoopbackHost = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1';

/** Host header values that can safely become a base URL (name or IP, optional port). */
const SAFE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export async function startOkrBackend(options: OkrBackendOptions): Promise<OkrBackendHandle> {
  const host = options.host ?? '127.0.0.1';
  const db = openOkrDatabase(options.dataDir);
  const stream = new ChangeStream();
  const log = options.quiet ? () => undefined : (line: string) => console.log(`[okr-backend] ${line}`);
  let listeningUrl = '';
  const server = createServer((req, res) => {
    const hostHeader = req.headers.host;
    const baseUrl = hostHeader && SAFE_HOST.test(hostHeader) ? `http://${hostHeader}` : listeningUrl;
    const refusal = crossOriginRefusal(req, { loopbackOnly: isLoopbackHost(host) });
    if (refusal) return void sendError(res, new HttpError(403, 'cross_origin_refused', `Refused: ${refusal}.`));
    void dispatch(req, res, { db, stream, log, baseUrl });
  });
  server.keepAliveTimeout = 5000;
  try {
    await listen(server, options.port ?? 0, host);
  } catch (error) {
    stream.close();
    db.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  listeningUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: listeningUrl,
    port,
    close: () => (closing ??= closeAll(server, stream, db)),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function closeAll(server: Server, stream: ChangeStream, db: OkrDatabase): Promise<void> {
  stream.close();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  db.close();
}

async function dispatch(req: IncomingMessage, res: ServerResponse, shared: Omit<RouteContext, 'req' | 'res' | 'url'>): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    const candidates = OKR_BACKEND_ROUTES.filter((route) => route.path === url.pathname);
    if (candidates.length === 0) throw new HttpError(404, 'not_found', `No route ${url.pathname}. The endpoints are listed in docs/okr-backend.openapi.yaml.`);
    const route = candidates.find((candidate) => candidate.method === req.method);
    if (!route) {
      const allowed = candidates.map((candidate) => candidate.method).join(', ');
      throw new HttpError(405, 'method_not_allowed', `${url.pathname} accepts ${allowed}.`, { allow: allowed });
    }
    await route.handle({ ...shared, req, res, url });
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      sendError(res, error);
      return;
    }
    // Details stay on the server's console; the caller learns only that it failed.
    shared.log(`internal error on ${req.method ?? '?'} ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`);
    sendError(res, new HttpError(500, 'internal_error', 'The reference backend failed to handle this request; see its console.'));
  }
}
