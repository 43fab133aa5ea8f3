import type { IncomingMessage } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/**
 * Why a state-changing request to a local dev server (the sandbox, the reference backend)
 * is refused, or null: a browser page of another origin may not post to it (its Origin
 * header names that page), and, for a server bound to loopback, the Host must be a
 * loopback name too, so a DNS-rebinding page cannot pass for it. Requests without an Origin
 * (scripts, curl, server-to-server calls) pass: a browser always sends one with a POST.
 */
export function crossOriginRefusal(req: IncomingMessage, options: { loopbackOnly: boolean }): string | null {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return null;
  const host = req.headers.host ?? '';
  if (options.loopbackOnly && !LOOPBACK_HOST.test(host)) return `requests must be addressed to this machine (127.0.0.1 or localhost), not ${JSON.stringify(host.slice(0, 100))}`;
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  if (origin !== `http://${host}`) return `a page of another origin (${JSON.stringify(origin.slice(0, 100))}) may not change anything here`;
  return null;
}
