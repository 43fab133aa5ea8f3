/**
 * Validates JSON values against OpenAPI 3.0 schemas of one document, with ajv.
 *
 * Everything is lazy: a component schema is translated and registered with ajv only when
 * some validated schema (transitively) refers to it, and each schema object is compiled
 * once and cached by identity. Loading the 2.4 MB Jira document therefore costs a JSON
 * parse, and each check pays only for the slice of the document it touches.
 *
 * Components are registered one per `$id` (not as one big schema) so ajv compiles only
 * the ones reached; recursive schemas (e.g. JqlQueryClause) work because ajv resolves
 * `$ref`s between registered ids, including cycles.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenApiSchema } from './openapi-document';
import { translateSchema } from './openapi-schema-to-json-schema';

const COMPONENT_ID_BASE = 'https://openapi-contract.invalid/components/schemas/';
/** Long anyOf/oneOf failures can yield dozens of errors; the first few locate the bug. */
const MAX_MESSAGES = 12;

export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly registeredComponents = new Set<string>();
  private readonly cache = new WeakMap<object, ValidateFunction | Error>();

  constructor(private readonly componentSchemas: Readonly<Record<string, OpenApiSchema>>) {
    // strict: false because OpenAPI documents use keywords and formats draft-07 does not
    // know; allErrors so one run reports every wrong field rather than the first.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    // Covers every format in the Jira document: int32, int64, double, uri, url, date-time,
    // date, uuid, byte, binary. Unknown formats would only warn (strict: false).
    addFormats(this.ajv);
  }

  /** Returns human-readable violations, `[]` when `data` conforms. `label` prefixes paths (e.g. "response body"). */
  validate(schema: OpenApiSchema, data: unknown, label: string): string[] {
    const validateFn = this.compile(schema);
    if (validateFn instanceof Error) return [`${label}: contract schema could not be compiled: ${validateFn.message}`];
    if (validateFn(data)) return [];
    const errors = validateFn.errors ?? [];
    // 'must match "then" schema' only repeats the branch error reported next to it.
    const informative = errors.filter((error) => error.keyword !== 'if');
    const messages = [...new Set((informative.length > 0 ? informative : errors).map((error) => describeError(label, error)))];
    const shown = messages.slice(0, MAX_MESSAGES);
    if (messages.length > shown.length) shown.push(`${label}: ... and ${messages.length - shown.length} more`);
    return shown;
  }

  private compile(schema: OpenApiSchema): ValidateFunction | Error {
    const cached = this.cache.get(schema);
    if (cached) return cached;
    let result: ValidateFunction | Error;
    try {
      const translated = translateSchema(schema, componentId);
      this.registerComponents(translated.componentRefs);
      result = this.ajv.compile(translated.schema);
    } catch (error) {
      // Cached too, so a broken schema is reported on every check without recompiling.
      result = error instanceof Error ? error : new Error(String(error));
    }
    this.cache.set(schema, result);
    return result;
  }

  private registerComponents(names: Iterable<string>): void {
    const pending = [...names];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (this.registeredComponents.has(name)) continue;
      const source = this.componentSchemas[name];
      if (source === undefined) throw new Error(`$ref to missing component schema "${name}"`);
      this.registeredComponents.add(name);
      const translated = translateSchema(source, componentId);
      // A bare {$ref} next to $id is ambiguous in draft-07; wrapping keeps both meanings.
      const body = translated.schema.$ref === undefined ? translated.schema : { allOf: [translated.schema] };
      this.ajv.addSchema({ ...body, $id: componentId(name) });
      pending.push(...translated.componentRefs);
    }
  }
}

function componentId(name: string): string {
  return COMPONENT_ID_BASE + encodeURIComponent(name);
}

function describeError(label: string, error: ErrorObject): string {
  const where = `${label}${error.instancePath === '' ? '' : ` at ${error.instancePath}`}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}: unexpected property "${String(params.additionalProperty)}" (schema has additionalProperties: false)`;
    case 'enum':
      return `${where}: must be one of ${JSON.stringify(params.allowedValues)}`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}
