/**
 * Translates an OpenAPI 3.0 Schema Object into a JSON Schema (draft-07) that ajv can compile.
 *
 * OpenAPI 3.0 schemas are "almost" JSON Schema; the differences that matter for validation:
 * - `nullable: true` has no JSON Schema equivalent: it becomes a `'null'` type (or an
 *   `anyOf` with `{ type: 'null' }` when the schema composes other schemas).
 * - `exclusiveMinimum`/`exclusiveMaximum` are booleans (draft-04 style), not numbers.
 * - `$ref` siblings are ignored by the OpenAPI spec, so we drop them too.
 * - `discriminator` + `oneOf` picks the branch by a property value; plain `oneOf` would
 *   reject objects matching several loose branches (see `discriminatedOneOf`).
 * - Annotations (`example`, `xml`, `externalDocs`, `readOnly`, `writeOnly`, `deprecated`,
 *   `x-*`, ...) are dropped. We copy a whitelist rather than strip a
 *   blacklist, so an unexpected keyword can never leak into ajv as a constraint.
 */
import type { OpenApiSchema } from './openapi-document';

export type JsonSchema = Record<string, unknown>;

export interface TranslatedSchema {
  schema: JsonSchema;
  /** Names of `#/components/schemas/*` entries this schema refers to (directly). */
  componentRefs: Set<string>;
}

/** Keywords whose value is copied verbatim: they mean the same thing in both dialects. */
const VERBATIM_KEYWORDS = [
  'type',
  'enum',
  'format',
  'required',
  'minimum',
  'maximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;

const COMPONENT_SCHEMA_PREFIX = '#/components/schemas/';

export function componentNameFromRef(ref: string): string {
  if (!ref.startsWith(COMPONENT_SCHEMA_PREFIX)) {
    throw new Error(`unsupported schema $ref "${ref}": only ${COMPONENT_SCHEMA_PREFIX}* is handled`);
  }
  return decodeURIComponent(ref.slice(COMPONENT_SCHEMA_PREFIX.length));
}

/**
 * @param componentUri maps a component name to the `$id` it is registered under with ajv,
 *   so refs can point at separately compiled (and separately cached) component schemas.
 */
export function translateSchema(source: OpenApiSchema, componentUri: (name: string) => string): TranslatedSchema {
  const componentRefs = new Set<string>();
  const schema = translateNode(source, (ref) => {
    const name = componentNameFromRef(ref);
    componentRefs.add(name);
    return componentUri(name);
  });
  return { schema, componentRefs };
}

function translateNode(source: unknown, refUri: (ref: string) => string): JsonSchema {
  // `true`/`{}`-style "anything" schemas and malformed entries both accept everything.
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return {};
  const node = source as OpenApiSchema;
  const ref = node.$ref;
  if (typeof ref === 'string') return { $ref: refUri(ref) };

  const out: JsonSchema = {};
  for (const keyword of VERBATIM_KEYWORDS) {
    if (node[keyword] !== undefined) out[keyword] = node[keyword];
  }
  translateExclusiveBound(node, out, 'exclusiveMinimum', 'minimum');
  translateExclusiveBound(node, out, 'exclusiveMaximum', 'maximum');

  if (isRecord(node.properties)) {
    const properties: JsonSchema = {};
    for (const [name, child] of Object.entries(node.properties)) properties[name] = translateNode(child, refUri);
    out.properties = properties;
  }
  if (node.items !== undefined) out.items = translateNode(node.items, refUri);
  if (node.not !== undefined) out.not = translateNode(node.not, refUri);
  for (const combiner of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[combiner];
    if (Array.isArray(branches)) out[combiner] = branches.map((branch) => translateNode(branch, refUri));
  }
  const discriminated = discriminatedOneOf(node.discriminator, out.oneOf, refUri);
  if (discriminated !== undefined) {
    delete out.oneOf;
    out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), ...discriminated];
  }

  const additional = node.additionalProperties;
  if (typeof additional === 'boolean') {
    // Polymorphic parents in the Jira document (e.g. CustomContextVariable, JqlQueryClause)
    // put `additionalProperties: false` next to `oneOf`/`anyOf` whose branches carry the
    // real fields. JSON Schema's additionalProperties cannot see into those branches, so
    // keeping it would reject every valid subtype. The branches keep their own strictness.
    const composes = out.allOf !== undefined || out.anyOf !== undefined || out.oneOf !== undefined;
    if (!(additional === false && composes)) out.additionalProperties = additional;
  } else if (additional !== undefined) {
    out.additionalProperties = translateNode(additional, refUri);
  }

  return node.nullable === true ? makeNullable(out) : out;
}

/**
 * OpenAPI's discriminator chooses the `oneOf` branch by a property value. Without it, the
 * Jira document's loose branches (e.g. IssueContextVariable and JsonContextVariable both
 * require only `type`) make `{ type: 'issue', key: 'X-1' }` match two branches, and `oneOf`
 * fails. So a mapped value becomes `if <prop> == value then <mapped schema>`, and only
 * unmapped values fall back to plain `oneOf`. (ajv's own `discriminator` option demands
 * `const`/`enum` in every branch, which this document does not have.)
 */
function discriminatedOneOf(
  discriminator: unknown,
  oneOf: unknown,
  refUri: (ref: string) => string,
): JsonSchema[] | undefined {
  if (!isRecord(discriminator) || !Array.isArray(oneOf)) return undefined;
  const { propertyName, mapping } = discriminator;
  if (typeof propertyName !== 'string' || !isRecord(mapping)) return undefined;
  const entries = Object.entries(mapping).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (entries.length === 0) return undefined;
  const selects = (value: unknown): JsonSchema => ({ properties: { [propertyName]: value }, required: [propertyName] });
  return [
    ...entries.map(([value, target]) => ({
      if: selects({ const: value }),
      // Mapping values are refs, or (per OpenAPI) bare component names.
      then: { $ref: refUri(target.startsWith('#') ? target : `#/components/schemas/${target}`) },
    })),
    { if: selects({ enum: entries.map(([value]) => value) }), else: { oneOf } },
  ];
}

function translateExclusiveBound(
  node: OpenApiSchema,
  out: JsonSchema,
  keyword: 'exclusiveMinimum' | 'exclusiveMaximum',
  bound: 'minimum' | 'maximum',
): void {
  const flag = node[keyword];
  if (flag === true && typeof node[bound] === 'number') {
    out[keyword] = node[bound];
    delete out[bound];
  } else if (typeof flag === 'number') {
    out[keyword] = flag; // already draft-06+ style; tolerate it
  }
}

function makeNullable(schema: JsonSchema): JsonSchema {
  const composes = ['allOf', 'anyOf', 'oneOf', 'not'].some((keyword) => schema[keyword] !== undefined);
  if (typeof schema.type === 'string' && !composes) {
    const out: JsonSchema = { ...schema, type: [schema.type, 'null'] };
    // An enum is checked independently of type, so null must be listed there as well.
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
    return out;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
