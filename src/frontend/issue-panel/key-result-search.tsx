/**
 * Search the OKR workspace's key results by title and link one: a debounced Textfield,
 * the hits with Link (or "Linked"), and a failed search or link shown where it happened.
 */
import React, { useEffect, useRef, useState } from 'react';
import { ErrorMessage, Inline, Label, LoadingButton, Lozenge, Spinner, Stack, Text, Textfield } from '@forge/react';
import type { KeyResultSearchHit, PanelView } from '../../resolvers/issue-panel-api';
import { MAX_QUERY_LENGTH, searchKeyResults } from './panel-client';

/** How long typing must pause before the panel searches. */
export const SEARCH_DEBOUNCE_MS = 300;

const SEARCH_FIELD_ID = 'okr-key-result-search';

type SearchState =
  | { kind: 'idle' }
  | { kind: 'failed'; query: string; message: string }
  /** `view` is the view the hits were found against: once it changes, it says what is linked. */
  | { kind: 'results'; query: string; hits: KeyResultSearchHit[]; view: PanelView };

export interface KeyResultSearchProps {
  view: PanelView;
  onLink: (keyResultId: string) => void;
  isLinking: (keyResultId: string) => boolean;
  linkError: (keyResultId: string) => string | undefined;
}

export function KeyResultSearch({ view, onLink, isLinking, linkError }: KeyResultSearchProps) {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState>({ kind: 'idle' });
  // The previous answer stays on screen while the next search runs.
  const [searching, setSearching] = useState(false);
  const latestView = useRef(view);
  latestView.current = view;
  // Each keystroke gets a ticket; only the newest search may show its answer.
  const ticket = useRef(0);

  useEffect(() => {
    const text = query.trim();
    const mine = ++ticket.current;
    if (text === '') {
      setSearch({ kind: 'idle' });
      setSearching(false);
      return undefined;
    }
    const timer = setTimeout(() => {
      setSearching(true);
      void searchKeyResults(text).then((answer) => {
        if (mine !== ticket.current) return;
        setSearching(false);
        setSearch(answer.ok ? { kind: 'results', query: text, hits: answer.data.keyResults, view: latestView.current } : { kind: 'failed', query: text, message: answer.error.message });
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const linkedNow = new Set(view.keyResults.map((kr) => kr.keyResultId));
  const isLinked = (hit: KeyResultSearchHit, foundAgainst: PanelView): boolean => linkedNow.has(hit.id) || (foundAgainst === view && hit.linked);

  return (
    <Stack space="space.100">
      <Label labelFor={SEARCH_FIELD_ID}>Link a key result</Label>
      <Textfield
        id={SEARCH_FIELD_ID}
        name="keyResultSearch"
        placeholder="Search key results by title"
        value={query}
        maxLength={MAX_QUERY_LENGTH}
        onChange={(event) => setQuery(String(event.target.value ?? ''))}
      />
      {searching && <Spinner size="small" label="Searching key results" />}
      {search.kind === 'failed' && <ErrorMessage>{search.message}</ErrorMessage>}
      {search.kind === 'results' && search.hits.length === 0 && <Text>{`No key results match “${search.query}”.`}</Text>}
      {search.kind === 'results' &&
        search.hits.map((hit) => (
          <Stack key={hit.id} space="space.050">
            <Inline space="space.100" spread="space-between" alignBlock="center">
              <Stack space="space.0">
                <Text weight="medium">{hit.title}</Text>
                {hit.objective !== null && (
                  <Text size="small" color="color.text.subtle">
                    {hit.objective}
                  </Text>
                )}
              </Stack>
              {isLinked(hit, search.view) ? (
                <Lozenge appearance="success">Linked</Lozenge>
              ) : (
                <LoadingButton spacing="compact" isLoading={isLinking(hit.id)} onClick={() => onLink(hit.id)}>
                  Link
                </LoadingButton>
              )}
            </Inline>
            {linkError(hit.id) !== undefined && <ErrorMessage>{linkError(hit.id)}</ErrorMessage>}
          </Stack>
        ))}
    </Stack>
  );
}
