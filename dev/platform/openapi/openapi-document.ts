/**
 * The subset of an OpenAPI 3.0 document the conformance checker reads. Only the fields we
 * use are typed; schemas stay loosely typed because they are handed to the translator,
 * which whitelists what it understands.
 */
import { readFileSync } from 'node:fs';

export type OpenApiSchema = Record<string, unknown>;

export interface Reference {
  $ref: string;
}

export interface MediaTypeObject {
  schema?: OpenApiSchema;
}

export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
}

export interface RequestBodyObject {
  required?: boolean;
  content?: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId?: string;
  parameters?: Array<ParameterObject | Reference>;
  requestBody?: RequestBodyObject | Reference;
  responses?: Record<string, ResponseObject | Reference>;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItemObject = { parameters?: Array<ParameterObject | Reference> } & {
  [M in HttpMethod]?: OperationObject;
};

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, PathItemObject>;
  components?: { schemas?: Record<string, OpenApiSchema> } & Record<string, unknown>;
}

export const isHttpMethod = (value: string): value is HttpMethod =>
  (HTTP_METHODS as readonly string[]).includes(value);

export const isReference = (value: unknown): value is Reference =>
  typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';

/** Reads and minimally sanity-checks the document: a wrong file should fail loudly here, not as odd "no match" problems later. */
export function readOpenApiDocument(file: string): OpenApiDocument {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${file} is not a JSON object`);
  const doc = parsed as Partial<OpenApiDocument>;
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.0')) {
    throw new Error(`${file} is not an OpenAPI 3.0 document (openapi: ${String(doc.openapi)})`);
  }
  if (typeof doc.paths !== 'object' || doc.paths === null) throw new Error(`${file} has no paths`);
  return doc as OpenApiDocument;
}

/**
 * Follows local `$ref`s on non-schema objects (parameters, request bodies, responses).
 * The Jira document inlines these today, but OpenAPI allows `#/components/parameters/...`
 * and a silent "undefined" would hide declared parameters.
 */
export function resolveLocal<T>(doc: OpenApiDocument, value: T | Reference): T {
  let current: unknown = value;
  for (let hops = 0; isReference(current); hops += 1) {
    if (hops > 20) throw new Error(`$ref chain too long at ${current.$ref}`);
    current = readJsonPointer(doc, current.$ref);
  }
  return current as T;
}

function readJsonPointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`unresolvable $ref ${ref}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
