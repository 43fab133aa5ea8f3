/**
 * What went wrong when an outbound fetch threw, in the terms callers act on. Forge gives
 * no typed error for an egress refusal: callers ask permissions.canFetchFrom first
 * (egress-check.ts); where the runtime cannot answer that, a refusal is recognised here by
 * the runtime's message (unconfirmed wording: an unrecognised one is a network error,
 * retried, never lost).
 */
export type FetchFailure = { kind: 'timeout' } | { kind: 'egress-refused'; host: string } | { kind: 'network-error'; detail: string };

export function classifyFetchError(error: unknown, url: string): FetchFailure {
  const e = error as Error & { cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'timeout' };
  if (typeof e.message === 'string' && e.message.includes('external fetch backend permissions')) return { kind: 'egress-refused', host: new URL(url).host };
  return { kind: 'network-error', detail: e.cause?.code ?? e.message ?? 'the connection failed' };
}
