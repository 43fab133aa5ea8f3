/**
 * Issue panel (UI Kit): the key results this issue counts toward, with their progress.
 * Linking and unlinking from the panel arrive with the issue-panel issue; this view reads
 * only, through the `panel.getLinkedKeyResults` resolver (issue id from the invocation
 * context, never from the page).
 */
import React, { useEffect, useState } from 'react';
import ForgeReconciler, { EmptyState, ProgressBar, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import { invoke } from '@forge/bridge';
import type { LinkedKeyResultView } from '../../resolvers/issue-panel-resolver';
import type { ResolverResponse } from '../../resolvers/resolver-response';

type PanelState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; keyResults: LinkedKeyResultView[] };

const percent = (progress: number | null): string => (progress === null ? 'no linked issues' : `${Math.round(progress)}%`);

function KeyResultsPanel() {
  const [state, setState] = useState<PanelState>({ kind: 'loading' });

  useEffect(() => {
    // Called without metadata, the bridge answers with the resolver's value itself.
    (invoke('panel.getLinkedKeyResults') as Promise<ResolverResponse<LinkedKeyResultView[]>>)
      .then((answer) => setState(answer.ok ? { kind: 'ready', keyResults: answer.data } : { kind: 'error', message: answer.error.message }))
      .catch(() => setState({ kind: 'error', message: 'Could not load the linked key results. Reload the issue to try again.' }));
  }, []);

  if (state.kind === 'loading') return <Spinner label="Loading linked key results" />;
  if (state.kind === 'error') return <SectionMessage appearance="error"><Text>{state.message}</Text></SectionMessage>;
  if (state.keyResults.length === 0) return <EmptyState header="No key results linked" description="This issue does not count toward any key result yet." />;
  return (
    <Stack space="space.200">
      {state.keyResults.map((kr) => (
        <Stack key={kr.keyResultId} space="space.050">
          <Text>{`${kr.keyResultId}: ${percent(kr.progress)} across ${kr.issueCount} linked issue(s)`}</Text>
          <ProgressBar value={(kr.progress ?? 0) / 100} ariaLabel={`Progress of ${kr.keyResultId}`} />
        </Stack>
      ))}
    </Stack>
  );
}

ForgeReconciler.render(
  <React.StrictMode>
    <KeyResultsPanel />
  </React.StrictMode>,
);
