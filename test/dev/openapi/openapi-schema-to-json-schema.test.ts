/** The OpenAPI 3.0 -> JSON Schema translation rules, on small synthetic schemas. */
import { componentNameFromRef, translateSchema } from '../../../dev/platform/openapi/openapi-schema-to-json-schema';

const uri = (name: string): string => `urn:test:${name}`;
const translate = (schema: Record<string, unknown>): Record<string, unknown> => translateSchema(schema, uri).schema;

describe('translateSchema', () => {
  it('rewrites component refs, drops $ref siblings, and collects referenced names', () => {
    const result = translateSchema(
      {
        type: 'object',
        properties: {
          category: { $ref: '#/components/schemas/StatusCategory', description: 'ignored sibling' },
          scopes: { type: 'array', items: { $ref: '#/components/schemas/Scope' } },
        },
      },
      uri,
    );
    expect(result.schema).toEqual({
      type: 'object',
      properties: {
        category: { $ref: 'urn:test:StatusCategory' },
        scopes: { type: 'array', items: { $ref: 'urn:test:Scope' } },
      },
    });
    expect([...result.componentRefs].sort()).toEqual(['Scope', 'StatusCategory']);
  });

  it('drops OpenAPI-only annotations but keeps validation keywords', () => {
    expect(
      translate({
        type: 'string',
        format: 'uri',
        maxLength: 255,
        example: 'https://x',
        xml: { attribute: true },
        readOnly: true,
        writeOnly: false,
        deprecated: true,
        externalDocs: { url: 'https://x' },
        'x-atlassian-thing': 1,
      }),
    ).toEqual({ type: 'string', format: 'uri', maxLength: 255 });
  });

  it('keeps additionalProperties: false on plain objects and translates schema-valued ones', () => {
    expect(translate({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false })).toEqual({
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    });
    expect(translate({ type: 'object', additionalProperties: { $ref: '#/components/schemas/UserPermission' } })).toEqual({
      type: 'object',
      additionalProperties: { $ref: 'urn:test:UserPermission' },
    });
  });

  it('drops additionalProperties: false next to oneOf/anyOf, whose branches hold the fields', () => {
    const translated = translate({
      type: 'object',
      additionalProperties: false,
      anyOf: [{ $ref: '#/components/schemas/CompoundClause' }],
    });
    expect(translated).toEqual({ type: 'object', anyOf: [{ $ref: 'urn:test:CompoundClause' }] });
  });

  it('turns nullable into a null type, adding null to an enum', () => {
    expect(translate({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(translate({ type: 'string', enum: ['adf', 'raw'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['adf', 'raw', null],
    });
  });

  it('wraps a nullable composed schema in anyOf with null', () => {
    expect(translate({ nullable: true, allOf: [{ $ref: '#/components/schemas/ProjectId' }] })).toEqual({
      anyOf: [{ allOf: [{ $ref: 'urn:test:ProjectId' }] }, { type: 'null' }],
    });
  });

  it('converts boolean exclusiveMinimum/exclusiveMaximum to draft-07 numbers', () => {
    expect(translate({ type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 10 })).toEqual({
      type: 'integer',
      exclusiveMinimum: 0,
      maximum: 10,
    });
    expect(translate({ type: 'integer', maximum: 10, exclusiveMaximum: false })).toEqual({ type: 'integer', maximum: 10 });
  });

  it('turns a mapped discriminator into if/then per value with oneOf only for unmapped values', () => {
    const translated = translate({
      type: 'object',
      discriminator: { propertyName: 'nodeType', mapping: { simple: '#/components/schemas/Simple', compound: 'Compound' } },
      oneOf: [{ $ref: '#/components/schemas/Simple' }, { $ref: '#/components/schemas/Compound' }],
    });
    const selects = (value: unknown): Record<string, unknown> => ({ properties: { nodeType: value }, required: ['nodeType'] });
    expect(translated).toEqual({
      type: 'object',
      allOf: [
        { if: selects({ const: 'simple' }), then: { $ref: 'urn:test:Simple' } },
        { if: selects({ const: 'compound' }), then: { $ref: 'urn:test:Compound' } },
        {
          if: selects({ enum: ['simple', 'compound'] }),
          else: { oneOf: [{ $ref: 'urn:test:Simple' }, { $ref: 'urn:test:Compound' }] },
        },
      ],
    });
  });

  it('rejects refs it cannot resolve to a component schema', () => {
    expect(() => translate({ $ref: '#/components/parameters/Foo' })).toThrow(/unsupported schema \$ref/);
    expect(componentNameFromRef('#/components/schemas/A%20B')).toBe('A B');
  });
});
