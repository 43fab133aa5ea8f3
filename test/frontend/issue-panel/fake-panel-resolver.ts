/**
 * A small in-memory stand-in for the issue panel's resolver, answering the contract in
 * src/resolvers/issue-panel-api.ts with the envelope of resolver-response.ts. Tests get it
 * as one InvokeRoute, the same shape routeInvokeToPlatform(...) has, so they can move to
 * the real resolver behind the local platform by swapping that one function.
 */
import type { InvokeRoute } from '../../../dev/ui-kit/issue-panel-context';
import type { KeyResultSearchHit, PanelKeyResult, PanelResolverKey, PanelResolvers, PanelView } from '../../../src/resolvers/issue-panel-api';
import { type ResolverResponse, failure, success } from '../../../src/resolvers/resolver-response';
import { panelKeyResult } from '../../factories/issue-panel';

type Answer<K extends PanelResolverKey> = ResolverResponse<PanelResolvers[K][1]> | Promise<ResolverResponse<PanelResolvers[K][1]>>;

/** Per-key overrides: answer a call differently (an error, a promise the test resolves later). */
export type ResolverOverrides = { [K in PanelResolverKey]?: (payload: PanelResolvers[K][0]) => Answer<K> };

export interface FakePanelState {
  view: PanelView;
  /** The OKR workspace's key results that search can find (title and objective), by id. */
  catalog: Array<Pick<KeyResultSearchHit, 'id' | 'title' | 'objective'>>;
}

export interface FakePanelResolver {
  route: InvokeRoute;
  state: FakePanelState;
}

export function fakePanelResolver(state: FakePanelState, overrides: ResolverOverrides = {}): FakePanelResolver {
  const handlers: { [K in PanelResolverKey]: (payload: PanelResolvers[K][0]) => Answer<K> } = {
    'panel.getView': () => success(state.view),
    'panel.searchKeyResults': ({ query }) => {
      const text = query.trim().toLowerCase();
      if (text.length < 1 || text.length > 100) return failure('INVALID_INPUT', 'Type 1 to 100 characters to search.', 'query');
      const linked = new Set(state.view.keyResults.map((kr) => kr.keyResultId));
      const keyResults = state.catalog.filter((kr) => kr.title.toLowerCase().includes(text)).map((kr) => ({ ...kr, linked: linked.has(kr.id) }));
      return success({ keyResults });
    },
    'panel.link': ({ keyResultId }) => {
      if (!state.view.canLink) return failure('FORBIDDEN', 'You cannot link key results on this issue.');
      const entry = state.catalog.find((kr) => kr.id === keyResultId);
      if (!entry) return failure('NOT_FOUND', 'That key result no longer exists in the OKR workspace.');
      if (!state.view.keyResults.some((kr) => kr.keyResultId === keyResultId)) {
        const added: PanelKeyResult = panelKeyResult({ keyResultId, title: entry.title, objective: entry.objective, progress: null, counts: { new: 1, indeterminate: 0, done: 0 }, issueCount: 1, computedAt: null });
        state.view = { ...state.view, keyResults: [...state.view.keyResults, added] };
      }
      return success(state.view);
    },
    'panel.unlink': ({ keyResultId }) => {
      if (!state.view.canLink) return failure('FORBIDDEN', 'You cannot unlink key results on this issue.');
      state.view = { ...state.view, keyResults: state.view.keyResults.filter((kr) => kr.keyResultId !== keyResultId) };
      return success(state.view);
    },
  };
  const route: InvokeRoute = async (functionKey, payload) => {
    const key = functionKey as PanelResolverKey;
    const handler = (overrides[key] ?? handlers[key]) as ((payload: unknown) => Answer<PanelResolverKey>) | undefined;
    if (!handler) throw new Error(`The fake panel resolver has no "${functionKey}"`);
    return handler(payload);
  };
  return { route, state };
}
