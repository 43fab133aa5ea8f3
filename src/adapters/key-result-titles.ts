import { kvs } from '@forge/kvs';
import type { OkrConnection } from '../domain/app-settings';
import { type KeyResultSummary, searchKeyResults } from './okr-backend-client';
import { loadApiToken } from './settings-store';
import { keyResultTitleKey } from './storage-keys';

/** Titles change rarely; a short TTL keeps the panel fast without showing a renamed key result for long. */
export const TITLE_TTL_MS = 10 * 60 * 1000;

interface CachedTitle extends KeyResultSummary {
  fetchedAt: number;
}

export type TitleLookup = Map<string, KeyResultSummary>;

/** Remembers what a search returned, so the panel can name those key results without asking again. */
export async function rememberTitles(hits: readonly KeyResultSummary[], now: number = Date.now()): Promise<void> {
  if (hits.length === 0) return;
  await kvs.batchSet(hits.slice(0, 25).map((hit) => ({ key: keyResultTitleKey(hit.id), value: { ...hit, fetchedAt: now } satisfies CachedTitle })));
}

/**
 * Titles for the given key results: from the cache while fresh, else asked of the
 * backend (its search matches ids). A backend that cannot be reached leaves titles out
 * (the panel shows the id) rather than failing the panel.
 */
export async function lookUpTitles(connection: OkrConnection, keyResultIds: readonly string[], now: number = Date.now()): Promise<TitleLookup> {
  const found: TitleLookup = new Map();
  if (keyResultIds.length === 0) return found;
  const cached = await kvs.batchGet<CachedTitle>(keyResultIds.slice(0, 25).map((id) => ({ key: keyResultTitleKey(id) })));
  for (const entry of cached.successfulKeys) {
    const value = entry.value;
    if (value && now - value.fetchedAt < TITLE_TTL_MS) found.set(value.id, { id: value.id, title: value.title, objective: value.objective });
  }
  const missing = keyResultIds.filter((id) => !found.has(id));
  if (missing.length === 0) return found;
  const apiToken = await loadApiToken();
  if (!apiToken) return found;
  const fetched: KeyResultSummary[] = [];
  for (const id of missing) {
    const answer = await searchKeyResults({ serverUrl: connection.serverUrl, email: connection.email, apiToken, query: id, limit: 5 });
    if (!answer.ok) break;
    const exact = answer.value.find((hit) => hit.id === id);
    if (exact) fetched.push(exact);
  }
  for (const hit of fetched) found.set(hit.id, hit);
  await rememberTitles(fetched, now);
  return found;
}
