/**
 * Schemas of the admin resolvers' payloads. Each parser accepts exactly the documented
 * keys and types; anything else is refused with a message naming the field by the label
 * the admin sees on the page ("API token", not "apiToken"); `field` keeps the key, for the
 * UI to put the message next to the right box.
 */
import type { FieldError } from './progress-weights';
import { isObject } from './read-json';
import { err, ok, type Result } from './result';

import type { AccessMode } from './admin-views';

export type { AccessMode };

export interface ConnectInput {
  email: string;
  serverUrl: string;
  apiToken: string;
}

export interface ListUsersInput {
  query: string;
  cursor: string | undefined;
  pageSize: number;
}

export interface SelectionChange {
  add: string[];
  remove: string[];
}

type Shape = Record<string, { label: string; type: 'string' | 'boolean' | 'number' | 'string[]'; optional?: boolean; maxLength?: number; maxItems?: number }>;

const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const TYPE_WORDS = { string: 'text', boolean: 'on or off', number: 'a number', 'string[]': 'a list of account ids' } as const;

function checkShape(input: unknown, shape: Shape): Result<Record<string, unknown>, FieldError> {
  if (!isObject(input)) return err({ field: 'payload', message: 'The request must be a JSON object.' });
  for (const key of Object.keys(input)) {
    if (!(key in shape)) return err({ field: key, message: `Unknown field "${key}".` });
  }
  for (const [field, rule] of Object.entries(shape)) {
    const value = input[field];
    if (value === undefined) {
      if (rule.optional) continue;
      return err({ field, message: `${rule.label} is required.` });
    }
    const typeOk = rule.type === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === rule.type;
    if (!typeOk) return err({ field, message: `${rule.label} must be ${TYPE_WORDS[rule.type]}.` });
    if (rule.maxLength !== undefined && typeof value === 'string' && value.length > rule.maxLength) {
      return err({ field, message: `${rule.label} is too long: at most ${rule.maxLength} characters (this one has ${value.length}).` });
    }
    if (rule.maxItems !== undefined && Array.isArray(value) && value.length > rule.maxItems) {
      return err({ field, message: `${rule.label}: at most ${rule.maxItems} users can be changed in one save (this one has ${value.length}).` });
    }
  }
  return ok(input);
}

export function parseConnectInput(input: unknown): Result<ConnectInput, FieldError> {
  const shaped = checkShape(input, {
    email: { label: 'Email address', type: 'string', maxLength: 254 },
    serverUrl: { label: 'Server', type: 'string', maxLength: 2048 },
    apiToken: { label: 'API token', type: 'string', maxLength: 4096 },
  });
  if (!shaped.ok) return shaped;
  const email = String(shaped.value['email']).trim();
  const serverUrl = String(shaped.value['serverUrl']).trim();
  const apiToken = String(shaped.value['apiToken']).trim();
  if (!email) return err({ field: 'email', message: 'Email address is required.' });
  if (!EMAIL.test(email)) return err({ field: 'email', message: 'Enter a valid email address, such as name@example.com.' });
  if (!serverUrl) return err({ field: 'serverUrl', message: 'Server is required.' });
  return ok({ email, serverUrl, apiToken });
}

export function parseEnabledInput(input: unknown): Result<boolean, FieldError> {
  const shaped = checkShape(input, { enabled: { label: 'Progress updates', type: 'boolean' } });
  return shaped.ok ? ok(shaped.value['enabled'] === true) : shaped;
}

/** "Include emails that users hid" in usage reports: off unless an admin turns it on. */
export function parseHiddenEmailsInput(input: unknown): Result<boolean, FieldError> {
  const shaped = checkShape(input, { enabled: { label: 'Include emails that users hid', type: 'boolean' } });
  return shaped.ok ? ok(shaped.value['enabled'] === true) : shaped;
}

export function parseAccessModeInput(input: unknown): Result<AccessMode, FieldError> {
  const shaped = checkShape(input, { mode: { label: 'User access', type: 'string' } });
  if (!shaped.ok) return shaped;
  const mode = shaped.value['mode'];
  return mode === 'all' || mode === 'selected' ? ok(mode) : err({ field: 'mode', message: 'User access must be "Allow all users" (all) or "Allow selected users" (selected).' });
}

export function parseListUsersInput(input: unknown): Result<ListUsersInput, FieldError> {
  const shaped = checkShape(input, {
    query: { label: 'Search users', type: 'string', maxLength: 100 },
    cursor: { label: 'Page link', type: 'string', optional: true, maxLength: 200 },
    pageSize: { label: 'Page size', type: 'number', optional: true },
  });
  if (!shaped.ok) return shaped;
  const pageSize = shaped.value['pageSize'] ?? 20;
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return err({ field: 'pageSize', message: 'Page size must be a whole number from 1 to 100.' });
  const cursor = shaped.value['cursor'];
  return ok({ query: String(shaped.value['query']).trim(), cursor: typeof cursor === 'string' && cursor ? cursor : undefined, pageSize });
}

export function parseSelectionChange(input: unknown): Result<SelectionChange, FieldError> {
  const shaped = checkShape(input, {
    add: { label: 'Users to select', type: 'string[]', maxItems: 1000 },
    remove: { label: 'Users to unselect', type: 'string[]', maxItems: 1000 },
  });
  if (!shaped.ok) return shaped;
  const add = shaped.value['add'] as string[];
  const remove = shaped.value['remove'] as string[];
  for (const [field, list] of [['add', add], ['remove', remove]] as const) {
    const bad = list.find((id) => !ACCOUNT_ID.test(id));
    if (bad !== undefined) return err({ field, message: `${field === 'add' ? 'Users to select' : 'Users to unselect'} contains something that is not a Jira account id: "${bad.slice(0, 40)}".` });
  }
  const both = add.find((id) => remove.includes(id));
  if (both) return err({ field: 'add', message: `Account ${both} is both added and removed.` });
  return ok({ add: [...new Set(add)], remove: [...new Set(remove)] });
}

/** An opaque page cursor for the user list: where the next Jira page starts, bound to its query. */
export function encodeUserCursor(query: string, startAt: number): string {
  return Buffer.from(JSON.stringify({ q: query, s: startAt }), 'utf8').toString('base64url');
}

export function decodeUserCursor(cursor: string | undefined, query: string): Result<number, FieldError> {
  if (cursor === undefined) return ok(0);
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isObject(parsed) && parsed['q'] === query && Number.isInteger(parsed['s']) && (parsed['s'] as number) >= 0) return ok(parsed['s'] as number);
  } catch {
    // fall through to the refusal
  }
  return err({ field: 'cursor', message: 'This page link is out of date (the search changed); start again from the first page.' });
}

/** Redeliver: one dead letter by its webhook id, or all of them ({ all: true }). */
export function parseRedeliverInput(input: unknown): Result<{ id: string } | { all: true }, FieldError> {
  if (isObject(input) && 'all' in input) {
    const shaped = checkShape(input, { all: { label: 'Redeliver all', type: 'boolean' } });
    if (!shaped.ok) return shaped;
    return shaped.value['all'] === true ? ok({ all: true }) : err({ field: 'all', message: 'Redeliver all must be on; to redeliver one event, give its id.' });
  }
  const shaped = checkShape(input, { id: { label: 'Event id', type: 'string', maxLength: 100 } });
  if (!shaped.ok) return shaped;
  const id = String(shaped.value['id']);
  return /^msg_[A-Za-z0-9_-]{1,96}$/.test(id) ? ok({ id }) : err({ field: 'id', message: 'Event id must be a webhook id such as msg_2bNb…, as the delivery log shows it.' });
}
