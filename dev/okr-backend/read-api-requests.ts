/** Request bodies of the `/api/v1` endpoints the app calls: read from `unknown`, or a 400 saying what is wrong. */
import { isObject } from '../../src/domain/read-json';
import { HttpError } from './http-io';

export const MAX_LOOKUP_EMAILS = 100;

const invalid = (message: string) => new HttpError(400, 'invalid_request', message);

function readHttpUrl(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(`${field} must be a string (an http or https URL).`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${field} is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`${field} must be an http or https URL.`);
  return value;
}

export interface ConnectRequest {
  cloudId: string;
  siteUrl: string | null;
  webTriggerUrl: string | null;
}

export function readConnectRequest(body: unknown): ConnectRequest {
  if (!isObject(body)) throw invalid('The body must be a JSON object { "cloudId": string, "siteUrl"?: string, "webTriggerUrl"?: string | null }.');
  const cloudId = body['cloudId'];
  if (typeof cloudId !== 'string' || cloudId.trim() === '') throw invalid('cloudId must be a non-empty string: the Jira site\'s cloud id.');
  if (cloudId.length > 200) throw invalid('cloudId is longer than 200 characters.');
  const siteUrl = body['siteUrl'] === undefined ? null : readHttpUrl(body['siteUrl'], 'siteUrl');
  const webTriggerUrl = body['webTriggerUrl'] === undefined || body['webTriggerUrl'] === null ? null : readHttpUrl(body['webTriggerUrl'], 'webTriggerUrl');
  return { cloudId, siteUrl, webTriggerUrl };
}

export function readLookupRequest(body: unknown): string[] {
  const emails = isObject(body) ? body['emails'] : undefined;
  if (!Array.isArray(emails)) throw invalid('The body must be a JSON object { "emails": string[] }.');
  if (emails.length < 1 || emails.length > MAX_LOOKUP_EMAILS) throw invalid(`emails must hold 1 to ${MAX_LOOKUP_EMAILS} addresses; it holds ${emails.length}.`);
  const bad = emails.findIndex((email) => typeof email !== 'string' || email.trim() === '' || email.length > 320);
  if (bad >= 0) throw invalid(`emails[${bad}] must be a non-empty string of at most 320 characters.`);
  return emails as string[];
}
