/**
 * Checks path and query parameters of a request against an operation's declared parameters.
 *
 * Query strings carry only text, so before schema validation a value is coerced to the
 * declared scalar type ("50" -> 50, "true" -> true); a value that does not coerce stays a
 * string and ajv reports the type mismatch. Array parameters accept both repeated keys
 * (`fields=a&fields=b`, OpenAPI's default form/explode style) and comma lists
 * (`fields=a,b`), because Jira documents and accepts both.
 */
import type { OpenApiSchema, ParameterObject } from './openapi-document';
import type { SchemaValidator } from './schema-validator';

type ScalarType = 'string' | 'integer' | 'number' | 'boolean';

const SCALAR_TYPES: readonly string[] = ['string', 'integer', 'number', 'boolean'];

export function checkQueryParameters(
  query: URLSearchParams,
  declared: readonly ParameterObject[],
  validator: SchemaValidator,
): string[] {
  const problems: string[] = [];
  const queryParams = declared.filter((param) => param.in === 'query');
  const declaredNames = new Set(queryParams.map((param) => param.name));
  for (const name of new Set(query.keys())) {
    if (!declaredNames.has(name)) {
      const known = [...declaredNames].sort().join(', ') || 'none';
      problems.push(`query parameter "${name}" is not declared (declared: ${known})`);
    }
  }
  for (const param of queryParams) {
    const values = query.getAll(param.name);
    if (values.length === 0) {
      if (param.required === true) problems.push(`required query parameter "${param.name}" is missing`);
      continue;
    }
    problems.push(...checkValues(`query parameter "${param.name}"`, param.schema, values, validator));
  }
  return problems;
}

export function checkPathParameters(
  pathParams: Readonly<Record<string, string>>,
  declared: readonly ParameterObject[],
  validator: SchemaValidator,
): string[] {
  const problems: string[] = [];
  for (const param of declared.filter((candidate) => candidate.in === 'path')) {
    const value = pathParams[param.name];
    // A template placeholder without a declaration (or vice versa) is a document bug, not ours.
    if (value === undefined) continue;
    problems.push(...checkValues(`path parameter "${param.name}"`, param.schema, [value], validator));
  }
  return problems;
}

function checkValues(
  label: string,
  schema: OpenApiSchema | undefined,
  values: readonly string[],
  validator: SchemaValidator,
): string[] {
  if (schema === undefined) return [];
  if (schema.type === 'array') {
    const itemType = scalarType(schema.items);
    // e.g. project/search `properties` is documented as an array of StringList objects,
    // which no query string can express; only the name check applies to such parameters.
    if (itemType === undefined) return [];
    const items = values.flatMap((value) => value.split(',')).map((item) => coerce(item, itemType));
    return validator.validate(schema, items, label);
  }
  const type = scalarType(schema);
  if (type === undefined) return [];
  const [first] = values;
  if (values.length > 1 || first === undefined) return [`${label}: given ${values.length} times but is a single value`];
  return validator.validate(schema, coerce(first, type), label);
}

function scalarType(schema: unknown): ScalarType | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const type = (schema as OpenApiSchema).type;
  return typeof type === 'string' && SCALAR_TYPES.includes(type) ? (type as ScalarType) : undefined;
}

function coerce(raw: string, type: ScalarType): unknown {
  switch (type) {
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'string':
      return raw;
  }
}
