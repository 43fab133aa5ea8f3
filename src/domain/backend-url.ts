import type { FieldError } from './progress-weights';
import { err, ok, type Result } from './result';

/**
 * The OKR backend domains the manifest's egress allows (permissions.external.fetch.backend).
 * A test holds this list equal to manifest.yml, so the admin page can refuse a server the
 * platform would block, before any request, with a message that says why.
 */
export const BACKEND_EGRESS_PATTERNS: readonly string[] = ['*.okr-backend.example.com'];

export type EnvironmentType = 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION';

/** Forge's egress matching: `*.x.com` covers sub-domains of x.com, not x.com itself. */
export function egressAllowsHost(patterns: readonly string[], host: string): boolean {
  const h = host.toLowerCase();
  return patterns.some((raw) => {
    const pattern = raw.toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (pattern.startsWith('*.')) return h.endsWith(pattern.slice(1)) && h.length > pattern.length - 1;
    return h === pattern;
  });
}

const isLoopbackHost = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]';
const isIpLiteral = (host: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');

export interface BackendUrlRules {
  environmentType: EnvironmentType;
  egress: readonly string[];
}

/**
 * Checks an OKR workspace URL (or the webhook URL a workspace returns) before any request:
 * https only, no credentials, no IP literal or localhost in production, and a host the
 * manifest's egress allows. Outside production, loopback http is allowed so the local
 * sandbox's reference backend can be connected. Returns the normalised origin + path.
 */
export function checkBackendUrl(value: string, rules: BackendUrlRules, field = 'serverUrl'): Result<URL, FieldError> {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return err({ field, message: 'Enter the full workspace URL, such as https://acme.okr-backend.example.com.' });
  }
  const host = url.hostname.toLowerCase();
  const production = rules.environmentType === 'PRODUCTION';
  const loopbackDev = !production && isLoopbackHost(host);
  if (url.protocol !== 'https:' && !(loopbackDev && url.protocol === 'http:')) {
    return err({ field, message: `The URL must start with https:// (got ${url.protocol.replace(':', '')}).` });
  }
  if (url.username || url.password) return err({ field, message: 'The URL must not contain a user name or password; enter them in their own fields.' });
  if (url.search || url.hash) return err({ field, message: 'The URL must not contain a query (?…) or fragment (#…).' });
  if (production && isLoopbackHost(host)) return err({ field, message: 'localhost cannot be reached from Atlassian cloud; use the workspace’s public URL.' });
  if (production && isIpLiteral(host)) return err({ field, message: 'Use the workspace’s host name, not an IP address.' });
  if (!loopbackDev && !egressAllowsHost(rules.egress, host)) {
    return err({ field, message: `This app may only connect to ${rules.egress.join(', ')} (the manifest's egress); ${host} is not allowed.` });
  }
  return ok(url);
}

/** The URL as shown and stored: no trailing slash. */
export const formatBackendUrl = (url: URL): string => `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
