import { parseKeyResultId } from './key-result-id';
import { isObject } from './read-json';
import { MAX_JQL_LENGTH } from './jql-link';
import { err, ok, type Result } from './result';

/** What the OKR backend may ask of the app through the web trigger (docs/okr-backend.md). */
export type InboundCall =
  | { action: 'jql.register'; keyResultId: string; jql: string }
  | { action: 'jql.remove'; keyResultId: string }
  /** keyResultId null: every key result. */
  | { action: 'resync.request'; keyResultId: string | null };

export const INBOUND_ACTIONS: readonly InboundCall['action'][] = ['jql.register', 'jql.remove', 'resync.request'];

export interface InboundCallError {
  status: 400 | 404;
  code: 'invalid_request' | 'unknown_action';
  message: string;
  /** The body field at fault, as a path such as "data.jql". */
  field?: string;
}

const invalid = (field: string, message: string): Result<never, InboundCallError> => err({ status: 400, code: 'invalid_request', message, field });

function readKeyResultId(data: Record<string, unknown>): Result<string, InboundCallError> {
  const id = parseKeyResultId(data['keyResultId']);
  return id.ok ? id : invalid('data.keyResultId', `data.${id.error}.`);
}

/** Reads a verified request body; every refusal names the field, and nothing is done before this passes. */
export function parseInboundCall(body: unknown): Result<InboundCall, InboundCallError> {
  if (!isObject(body)) return invalid('body', 'The body must be a JSON object { "action": string, "data": object }.');
  const action = body['action'];
  if (typeof action !== 'string' || action === '') return invalid('action', `action must be one of ${INBOUND_ACTIONS.join(', ')}.`);
  if (!(INBOUND_ACTIONS as readonly string[]).includes(action)) {
    return err({ status: 404, code: 'unknown_action', message: `Unknown action ${JSON.stringify(action)}: this app understands ${INBOUND_ACTIONS.join(', ')}.`, field: 'action' });
  }
  const data = body['data'] ?? {};
  if (!isObject(data)) return invalid('data', 'data must be a JSON object.');
  if (action === 'resync.request') {
    if (data['keyResultId'] === undefined || data['keyResultId'] === null) return ok({ action, keyResultId: null });
    const id = readKeyResultId(data);
    return id.ok ? ok({ action, keyResultId: id.value }) : id;
  }
  const id = readKeyResultId(data);
  if (!id.ok) return id;
  if (action === 'jql.remove') return ok({ action, keyResultId: id.value });
  const jql = data['jql'];
  if (typeof jql !== 'string' || jql.trim() === '') return invalid('data.jql', 'data.jql must be a non-empty JQL query, such as "project = OKR AND labels = q3".');
  if (jql.length > MAX_JQL_LENGTH) return invalid('data.jql', `data.jql is too long: at most ${MAX_JQL_LENGTH} characters (this one has ${jql.length}).`);
  // ORDER BY changes nothing about which issues match, and jql/match refuses nothing for it;
  // kept as given so the backend sees its own query back.
  return ok({ action: 'jql.register', keyResultId: id.value, jql: jql.trim() });
}
