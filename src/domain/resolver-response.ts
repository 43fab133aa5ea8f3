/**
 * The one envelope every resolver answers with; errors are data the UI can show. In the
 * domain so services that answer a resolver directly need not import the resolver layer.
 */
export type ResolverResponse<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export interface ResolverError {
  code: ResolverErrorCode;
  message: string;
  /** The payload field the message is about, so a form can show it inline. */
  field?: string;
}

export type ResolverErrorCode =
  | 'FORBIDDEN'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'NOT_CONNECTED'
  | 'AUTH_FAILED'
  | 'UNREACHABLE'
  | 'BACKEND_ERROR'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export const success = <T>(data: T): ResolverResponse<T> => ({ ok: true, data });
export const failure = (code: ResolverErrorCode, message: string, field?: string): ResolverResponse<never> => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});
