/**
 * The "Key results" issue panel: the key results this issue counts toward with their
 * progress, and for users allowed to link, search + Link and Unlink. Every state is
 * designed: loading, failed (Retry), not connected, paused, empty, read-only.
 */
import React from 'react';
import { Spinner, Stack, Text } from '@forge/react';
import type { PanelView } from '../../resolvers/issue-panel-api';
import { KeyResultSearch } from './key-result-search';
import { LinkedKeyResult } from './linked-key-result';
import { LoadFailed, NotConnected, Paused } from './panel-messages';
import { type PanelController, actionSlot, usePanelView } from './use-panel-view';

const READ_ONLY_FALLBACK = 'You can see these key results but not change which ones this issue counts toward.';

export function KeyResultsPanel() {
  const panel = usePanelView();
  switch (panel.state.kind) {
    case 'loading':
      return <Spinner label="Loading key results" />;
    case 'failed':
      return <LoadFailed message={panel.state.message} onRetry={panel.reload} />;
    case 'ready':
      return <PanelBody view={panel.state.view} panel={panel} />;
  }
}

function PanelBody({ view, panel }: { view: PanelView; panel: PanelController }) {
  if (view.state === 'not-connected') return <NotConnected />;
  const slotError = (slot: string): string | undefined => panel.errors[slot];
  return (
    <Stack space="space.200">
      {view.state === 'paused' && <Paused />}
      {view.keyResults.length === 0 ? (
        <Text>This issue does not count toward any key result yet.</Text>
      ) : (
        view.keyResults.map((kr) => (
          <LinkedKeyResult
            key={kr.keyResultId}
            keyResult={kr}
            onUnlink={view.canLink && kr.linkedVia !== 'jql' ? () => panel.run('unlink', kr.keyResultId) : undefined}
            unlinking={panel.pending.has(actionSlot('unlink', kr.keyResultId))}
            unlinkError={slotError(actionSlot('unlink', kr.keyResultId))}
          />
        ))
      )}
      {view.canLink ? (
        <KeyResultSearch
          view={view}
          onLink={(id) => panel.run('link', id)}
          isLinking={(id) => panel.pending.has(actionSlot('link', id))}
          linkError={(id) => slotError(actionSlot('link', id))}
        />
      ) : (
        <Text size="small" color="color.text.subtle">
          {view.readOnlyReason ?? READ_ONLY_FALLBACK}
        </Text>
      )}
    </Stack>
  );
}
