/** What a Forge function handler looks like from outside: any args in, anything (or a promise) out. */
export type Handler = (...args: unknown[]) => unknown;

export class InvocationTimeout extends Error {
  constructor(functionKey: string, seconds: number) {
    super(`Function ${functionKey} did not finish within ${seconds} s (FUNCTION_TIME_OUT)`);
  }
}

/** Runs a handler with the platform's time limit for its module kind. */
export async function callWithTimeout(functionKey: string, handler: Handler, args: unknown[], seconds: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeout(functionKey, seconds)), seconds * 1000);
    timer.unref();
  });
  try {
    return await Promise.race([Promise.resolve(handler(...args)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** InvocationError from @forge/events serialises to `{ _retry: true, retryOptions }`. */
export function readRetryRequest(result: unknown): { retryAfter: number; retryReason: string; retryData?: unknown } | undefined {
  if (typeof result !== 'object' || result === null || (result as { _retry?: unknown })._retry !== true) return undefined;
  const options = ((result as { retryOptions?: Record<string, unknown> }).retryOptions ?? {}) as Record<string, unknown>;
  return {
    retryAfter: Math.min(Math.max(Number(options['retryAfter'] ?? 1), 1), 900),
    retryReason: String(options['retryReason'] ?? 'FUNCTION_RETRY_REQUEST'),
    ...(options['retryData'] !== undefined ? { retryData: options['retryData'] } : {}),
  };
}
