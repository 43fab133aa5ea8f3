/**
 * The panel's state: the view from `panel.getView` (loading, failed with a retry, or
 * ready), and link/unlink actions with their own pending flags and errors, so a failed
 * action is shown next to what caused it while the list stays.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PanelView } from '../../resolvers/issue-panel-api';
import type { ResolverResponse } from '../../resolvers/resolver-response';
import { getPanelView, linkKeyResult, unlinkKeyResult } from './panel-client';

export type ViewState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; view: PanelView };

export type ActionKind = 'link' | 'unlink';

/** `link:KR-1` / `unlink:KR-1`: one slot per action and key result. */
export const actionSlot = (kind: ActionKind, keyResultId: string): string => `${kind}:${keyResultId}`;

const ACTIONS: Record<ActionKind, (keyResultId: string) => Promise<ResolverResponse<PanelView>>> = { link: linkKeyResult, unlink: unlinkKeyResult };

export interface PanelController {
  state: ViewState;
  reload: () => void;
  run: (kind: ActionKind, keyResultId: string) => void;
  /** Slots with an action in flight. */
  pending: ReadonlySet<string>;
  /** The message of the last failed action per slot. */
  errors: Readonly<Record<string, string>>;
}

export function usePanelView(): PanelController {
  const [state, setState] = useState<ViewState>({ kind: 'loading' });
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  // Only the newest answer may set the view: a retry or an action overtakes an older load.
  const viewTicket = useRef(0);

  const reload = useCallback(() => {
    const ticket = ++viewTicket.current;
    setState({ kind: 'loading' });
    void getPanelView().then((answer) => {
      if (ticket !== viewTicket.current) return;
      setState(answer.ok ? { kind: 'ready', view: answer.data } : { kind: 'failed', message: answer.error.message });
    });
  }, []);

  useEffect(reload, [reload]);

  const run = useCallback((kind: ActionKind, keyResultId: string) => {
    const slot = actionSlot(kind, keyResultId);
    setPending((current) => new Set(current).add(slot));
    setErrors(({ [slot]: _previous, ...rest }) => rest);
    void ACTIONS[kind](keyResultId).then((answer) => {
      setPending((current) => {
        const next = new Set(current);
        next.delete(slot);
        return next;
      });
      if (!answer.ok) {
        setErrors((current) => ({ ...current, [slot]: answer.error.message }));
        return;
      }
      viewTicket.current += 1;
      setState({ kind: 'ready', view: answer.data });
    });
  }, []);

  return { state, reload, run, pending, errors };
}
