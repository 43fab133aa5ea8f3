/**
 * The only module of the issue panel that talks to its resolver: one typed call per
 * resolver key (src/resolvers/issue-panel-api.ts), every answer an envelope. A bridge
 * failure or an answer that is not an envelope becomes an envelope error too, so the
 * panel has a single error path. The viewed issue is never sent: the resolver reads it
 * from the invocation context.
 */
import { invoke } from '@forge/bridge';
import type { PanelResolverKey, PanelResolvers, PanelView } from '../../resolvers/issue-panel-api';
import type { ResolverResponse } from '../../resolvers/resolver-response';

export type PanelAnswer<K extends PanelResolverKey> = ResolverResponse<PanelResolvers[K][1]>;

async function callPanel<K extends PanelResolverKey>(key: K, payload: PanelResolvers[K][0]): Promise<PanelAnswer<K>> {
  let answer: unknown;
  try {
    answer = await invoke(key, payload);
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'Could not reach OKR Sync. Check your connection and try again.' } };
  }
  if (!isEnvelope(answer)) {
    return { ok: false, error: { code: 'INTERNAL', message: 'OKR Sync gave an answer this panel does not understand. Reload the issue and try again.' } };
  }
  return answer as PanelAnswer<K>;
}

function isEnvelope(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'data' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error as { code?: unknown; message?: unknown } | null;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

/** The most a search may send (the resolver accepts 1..100 characters after trimming). */
export const MAX_QUERY_LENGTH = 100;

export const getPanelView = (): Promise<ResolverResponse<PanelView>> => callPanel('panel.getView', {});
export const searchKeyResults = (query: string): Promise<PanelAnswer<'panel.searchKeyResults'>> =>
  callPanel('panel.searchKeyResults', { query: query.trim().slice(0, MAX_QUERY_LENGTH) });
export const linkKeyResult = (keyResultId: string): Promise<ResolverResponse<PanelView>> => callPanel('panel.link', { keyResultId });
export const unlinkKeyResult = (keyResultId: string): Promise<ResolverResponse<PanelView>> => callPanel('panel.unlink', { keyResultId });
