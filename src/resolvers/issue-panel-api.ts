/**
 * The issue panel's resolver contract: every key, its payload and its answer. The panel
 * (src/frontend/issue-panel) imports these types; the resolver implements them. The
 * viewed issue and the caller always come from the invocation context, never a payload.
 */

import type { KeyResultSearchHit, PanelView } from '../domain/issue-panel-view';

export type { KeyResultSearchHit, PanelKeyResult, PanelLinkState, PanelView } from '../domain/issue-panel-view';

/** Resolver key → [payload, answer data]. */
export interface PanelResolvers {
  'panel.getView': [Record<string, never>, PanelView];
  /** query: what the user typed (1..100 characters after trimming). */
  'panel.searchKeyResults': [{ query: string }, { keyResults: KeyResultSearchHit[] }];
  'panel.link': [{ keyResultId: string }, PanelView];
  'panel.unlink': [{ keyResultId: string }, PanelView];
}

export type PanelResolverKey = keyof PanelResolvers;
