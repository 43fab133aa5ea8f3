/**
 * Request and response body checks against an operation's documented content.
 *
 * Recorded bodies are already-parsed JSON, so only JSON media types are validated;
 * multipart/image/`*\/*` content is treated as "cannot judge" rather than as a mismatch.
 */
import type { MediaTypeObject, OpenApiSchema, RequestBodyObject, ResponseObject } from './openapi-document';
import type { SchemaValidator } from './schema-validator';

/** Statuses that by HTTP semantics carry no body, whatever the document's `content` says. */
const BODYLESS_STATUSES = new Set([204, 205, 304]);

export function checkRequestBody(
  declared: RequestBodyObject | undefined,
  body: unknown,
  validator: SchemaValidator,
): string[] {
  if (declared === undefined) {
    return body === undefined ? [] : ['request body sent, but the operation declares no request body'];
  }
  if (body === undefined) return declared.required === true ? ['required request body is missing'] : [];
  const schema = jsonSchemaOf(declared.content);
  return schema === undefined ? [] : validator.validate(schema, body, 'request body');
}

export function checkResponseBody(
  status: number,
  documented: ResponseObject,
  body: unknown,
  validator: SchemaValidator,
): string[] {
  if (BODYLESS_STATUSES.has(status)) {
    // Jira documents 98 of its 204s with `application/json: { schema: {} }`; HTTP wins.
    return body === undefined ? [] : [`status ${status} must not carry a body`];
  }
  const schema = jsonSchemaOf(documented.content);
  const success = status >= 200 && status < 300;
  if (schema === undefined) {
    // Jira leaves most error responses (400/401/404) without content although the real
    // server sends an ErrorCollection, so an undocumented error body is not flagged.
    return body !== undefined && success ? [`response body returned, but status ${status} documents no JSON body`] : [];
  }
  if (body === undefined) {
    return success && Object.keys(schema).length > 0 ? [`status ${status} documents a JSON body, but none was returned`] : [];
  }
  return validator.validate(schema, body, 'response body');
}

/** The schema of the JSON media type, preferring exact `application/json` over `+json` variants. */
function jsonSchemaOf(content: Record<string, MediaTypeObject> | undefined): OpenApiSchema | undefined {
  if (content === undefined) return undefined;
  const exact = content['application/json']?.schema;
  if (exact !== undefined) return exact;
  for (const [mediaType, media] of Object.entries(content)) {
    if (/^application\/([\w.-]+\+)?json(;|$)/i.test(mediaType) && media.schema !== undefined) return media.schema;
  }
  return undefined;
}
