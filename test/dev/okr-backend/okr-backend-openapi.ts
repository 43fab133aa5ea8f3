/**
 * Reads docs/okr-backend.openapi.yaml (OpenAPI 3.1, whose schemas are JSON Schema 2020-12)
 * and validates real responses of the reference backend against it with ajv.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const OPENAPI_FILE = path.resolve(__dirname, '../../../docs/okr-backend.openapi.yaml');
const DOC_ID = 'https://okr-backend.invalid/openapi.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

type Json = Record<string, unknown>;

export interface OkrBackendOpenApi {
  doc: Json;
  /** "POST /api/v1/connections", … */
  operations(): string[];
  /** Violations of the documented response schema for this exchange; [] when it conforms. */
  checkResponse(method: string, pathName: string, status: number, contentType: string, body: unknown): string[];
  /** Violations of the schema at `pointer` in the document (e.g. "/components/schemas/AppCall"); [] when it conforms. */
  checkValue(pointer: string, value: unknown): string[];
}

const escapePointer = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');

export function loadOkrBackendOpenApi(): OkrBackendOpenApi {
  const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as Json;
  // The whole document is registered as one schema so that `#/components/schemas/...` refs resolve.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const paths = doc['paths'] as Record<string, Record<string, Json>>;

  const resolve = (value: Json): { value: Json; pointer: string | null } => {
    const ref = value['$ref'];
    if (typeof ref !== 'string') return { value, pointer: null };
    const pointer = ref.replace(/^#/, '');
    let target: unknown = doc;
    for (const part of pointer.split('/').slice(1)) target = (target as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    return { value: target as Json, pointer };
  };

  return {
    doc,
    operations: () => Object.entries(paths).flatMap(([p, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${p}`)),
    checkResponse(method, pathName, status, contentType, body) {
      const operation = paths[pathName]?.[method.toLowerCase()] as Json | undefined;
      if (!operation) return [`${method} ${pathName} is not documented`];
      const responses = operation['responses'] as Record<string, Json>;
      const raw = responses[String(status)];
      if (!raw) return [`${method} ${pathName} does not document status ${status} (documented: ${Object.keys(responses).join(', ')})`];
      const { value: response, pointer } = resolve(raw);
      const media = contentType.split(';')[0]!.trim();
      const content = response['content'] as Record<string, Json> | undefined;
      if (!content?.[media]) return [`${method} ${pathName} ${status} does not document content type ${media}`];
      const base = pointer ?? `/paths/${escapePointer(pathName)}/${method.toLowerCase()}/responses/${status}`;
      const validate = ajv.compile({ $ref: `${DOC_ID}#${base}/content/${escapePointer(media)}/schema` });
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${method} ${pathName} ${status}: ${e.instancePath || '(body)'} ${e.message ?? ''}`);
    },
    checkValue(pointer, value) {
      const validate = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
      if (validate(value)) return [];
      return (validate.errors ?? []).map((e) => `${pointer}: ${e.instancePath || '(value)'} ${e.message ?? ''}`);
    },
  };
}
