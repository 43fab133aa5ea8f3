/** The one envelope every resolver answers with; errors are data the UI can show. */
export type ResolverResponse<T> = { ok: true; data: T } | { ok: false; error: { code: ResolverErrorCode; message: string } };

export type ResolverErrorCode = 'FORBIDDEN' | 'INVALID_INPUT' | 'NOT_FOUND' | 'UNAVAILABLE' | 'INTERNAL';

export const success = <T>(data: T): ResolverResponse<T> => ({ ok: true, data });
export const failure = (code: ResolverErrorCode, message: string): ResolverResponse<never> => ({ ok: false, error: { code, message } });
