import { TransientError } from '../domain/app-errors';

/**
 * Forge documents 4,000 reads and writes a minute: a minute later there is room again.
 * Up to another minute of jitter, so a refused burst does not come back as one burst.
 */
const storageRetrySeconds = (random: () => number): number => 60 + Math.floor(60 * random());

/**
 * A storage request refused for the installation's rate limits, as a retry. The REST
 * reference documents 429 with code RATE_LIMIT_EXCEEDED; whether @forge/kvs always sees
 * that body is not documented, so a 429 status alone counts too (the SDK then reports
 * code UNKNOWN_ERROR). Anything else is not ours to turn into a retry: undefined.
 */
export function storageRateLimited(error: unknown, random: () => number = Math.random): TransientError | undefined {
  const e = error as { code?: unknown; responseDetails?: { status?: unknown } } | null | undefined;
  if (e?.code !== 'RATE_LIMIT_EXCEEDED' && e?.responseDetails?.status !== 429) return undefined;
  return new TransientError('storage is over its per-installation rate limit', storageRetrySeconds(random), true);
}
