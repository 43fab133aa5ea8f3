/**
 * Validates webhook bodies against the published JSON Schemas in schemas/webhooks/v1.
 * Contract tests use it on builder output; integration tests use it on every body the
 * app actually sends, so a payload that drifts from the documented contract fails there.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const WEBHOOK_SCHEMA_DIR = path.resolve(__dirname, '../../schemas/webhooks/v1');

export interface WebhookSchemaIndex {
  description: string;
  schemaVersion: number;
  baseUri: string;
  envelope: string;
  events: Array<{ type: string; schema: string; description: string }>;
}

interface LoadedSchemas {
  ajv: Ajv2020;
  index: WebhookSchemaIndex;
  byType: Map<string, ValidateFunction>;
  envelope: ValidateFunction;
}

let loaded: LoadedSchemas | undefined;

export function readWebhookSchemaIndex(): WebhookSchemaIndex {
  return JSON.parse(readFileSync(path.join(WEBHOOK_SCHEMA_DIR, 'index.json'), 'utf8')) as WebhookSchemaIndex;
}

/** Every `*.schema.json` in the directory, parsed, by file name. */
export function readWebhookSchemaFiles(): Map<string, Record<string, unknown>> {
  const files = readdirSync(WEBHOOK_SCHEMA_DIR).filter((name) => name.endsWith('.schema.json')).sort();
  return new Map(files.map((name) => [name, JSON.parse(readFileSync(path.join(WEBHOOK_SCHEMA_DIR, name), 'utf8')) as Record<string, unknown>]));
}

/** A strict draft 2020-12 validator with formats: unknown keywords and formats are errors, not warnings. */
export function createWebhookAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv;
}

function load(): LoadedSchemas {
  if (loaded) return loaded;
  const ajv = createWebhookAjv();
  for (const schema of readWebhookSchemaFiles().values()) ajv.addSchema(schema);
  const index = readWebhookSchemaIndex();
  const compile = (file: string): ValidateFunction => {
    const validate = ajv.getSchema(new URL(file, index.baseUri).href);
    if (!validate) throw new Error(`schemas/webhooks/v1/index.json names ${file}, but no schema has that $id`);
    return validate;
  };
  const byType = new Map(index.events.map((entry) => [entry.type, compile(entry.schema)]));
  loaded = { ajv, index, byType, envelope: compile(index.envelope) };
  return loaded;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(body)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (typeof params['additionalProperty'] === 'string') detail = `: "${params['additionalProperty']}"`;
  else if (typeof params['unevaluatedProperty'] === 'string') detail = `: "${params['unevaluatedProperty']}"`;
  else if (Array.isArray(params['allowedValues'])) detail = `: ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
  else if ('allowedValue' in params) detail = `: ${JSON.stringify(params['allowedValue'])}`;
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}

const describeErrors = (errors: ErrorObject[] | null | undefined): string[] => [...new Set((errors ?? []).map(describeError))];

/**
 * Errors of one webhook body (empty when valid). The body may be the parsed object or
 * the raw request body (string or Buffer), which is parsed as JSON first. The schema is
 * chosen by the body's `type`; a body whose type no schema covers is an error, since
 * the app must only send documented events.
 */
export function validateWebhookPayload(body: unknown): string[] {
  let value = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    try {
      value = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch (error) {
      return [`(body) is not valid JSON: ${(error as Error).message}`];
    }
  }
  const schemas = load();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['(body) must be a JSON object'];
  const type = (value as Record<string, unknown>)['type'];
  const validate = typeof type === 'string' ? schemas.byType.get(type) : undefined;
  if (!validate) {
    const envelopeErrors = schemas.envelope(value) ? [] : describeErrors(schemas.envelope.errors);
    const known = [...schemas.byType.keys()].join(', ');
    return [`/type ${JSON.stringify(type)} is not a documented event type (known: ${known})`, ...envelopeErrors];
  }
  return validate(value) ? [] : describeErrors(validate.errors);
}

/** Throws with every error listed, for tests that only need "this body is valid". */
export function assertValidWebhookPayload(body: unknown): void {
  const errors = validateWebhookPayload(body);
  if (errors.length > 0) throw new Error(`Webhook body does not match its schema:\n  ${errors.join('\n  ')}`);
}
