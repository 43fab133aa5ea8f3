/**
 * HTTP Basic authentication with the workspace's email and API token. Both are compared
 * in constant time over SHA-256 digests (equal lengths, so neither the content nor the
 * length of the token leaks through timing); the email is case-insensitive.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-io';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
const constantTimeEquals = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

const unauthorized = (message: string) =>
  new HttpError(401, 'invalid_credentials', message, { 'www-authenticate': 'Basic realm="OKR workspace", charset="UTF-8"' });

/** Throws a 401 HttpError unless the request carries the workspace's credentials. */
export function requireBasicAuth(req: IncomingMessage, expected: { email: string; apiToken: string }): void {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) throw unauthorized('Send the workspace email and API token as HTTP Basic credentials (Authorization: Basic base64(email:apiToken)).');
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const email = colon < 0 ? decoded : decoded.slice(0, colon);
  const token = colon < 0 ? '' : decoded.slice(colon + 1);
  // Evaluate both comparisons every time: which one failed must not show in the timing.
  const emailMatches = constantTimeEquals(email.trim().toLowerCase(), expected.email.toLowerCase());
  const tokenMatches = constantTimeEquals(token, expected.apiToken);
  if (!(emailMatches && tokenMatches)) throw unauthorized('The email address or API token is not valid for this OKR workspace.');
}
