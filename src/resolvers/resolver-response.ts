/** The resolvers' envelope lives in the domain (src/domain/resolver-response.ts); this is the resolvers' and UIs' way in. */
export { type ResolverError, type ResolverErrorCode, type ResolverResponse, failure, success } from '../domain/resolver-response';
