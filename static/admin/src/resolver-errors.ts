/**
 * How a resolver error reads on the page. Most messages come from the server as they are;
 * a few codes get the wording admins expect.
 */
import type { ResolverError } from '../../../src/resolvers/resolver-response';

export function errorText(error: ResolverError): string {
  if (error.code === 'AUTH_FAILED') return 'Invalid email or API token';
  return error.message;
}

/** The form field an error belongs to, if the server tagged one this form shows. */
export function errorField<F extends string>(error: ResolverError, fields: readonly F[]): F | undefined {
  return fields.find((field) => field === error.field);
}
