/**
 * What the settings on screen would do before they are saved: how many key results would
 * change and the biggest changes, progress and issues counted, now → after. An edit after
 * the preview leaves it on screen, labelled out of date in words (not only a colour).
 */
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { RulesPreviewRow } from '../../../src/resolvers/admin-api';
import { formatProgress, previewHeadline, previewNotes } from './progress-rules-text';
import type { ShownPreview } from './use-progress-rules-form';

const HEAD = {
  cells: [
    { key: 'keyResult', content: 'Key result' },
    { key: 'progress', content: 'Progress now → after', width: 30 },
    { key: 'issues', content: 'Issues counted now → after', width: 28 },
  ],
};

export function RulesPreviewPanel({ shown }: { shown: ShownPreview }) {
  const { preview, isStale } = shown;
  return (
    <Stack space="space.100" testId="rules-preview-result">
      <Heading size="xsmall" as="h3">
        Preview
      </Heading>
      <div role="status">
        <Stack space="space.050">
          {isStale ? (
            <Inline space="space.100" alignBlock="center" testId="rules-preview-stale">
              <Lozenge appearance="moved">Out of date</Lozenge>
              <Text>You changed the settings after this preview; preview again to see their effect.</Text>
            </Inline>
          ) : null}
          <Text as="p" weight="bold" testId="rules-preview-headline">
            {previewHeadline(preview)}
          </Text>
          {previewNotes(preview).map((note) => (
            <Text as="p" color="color.text.subtle" key={note}>
              {note}
            </Text>
          ))}
        </Stack>
      </div>
      {preview.keyResults.length > 0 ? <DynamicTable testId="rules-preview-table" label="Key results that would change" head={HEAD} rows={preview.keyResults.map(row)} /> : null}
    </Stack>
  );
}

function row(kr: RulesPreviewRow) {
  return {
    key: kr.keyResultId,
    testId: `rules-preview-row-${kr.keyResultId}`,
    cells: [
      { key: 'keyResult', content: kr.title ?? kr.keyResultId },
      { key: 'progress', content: `${formatProgress(kr.before)} → ${formatProgress(kr.after)}` },
      { key: 'issues', content: `${kr.issueCountBefore} → ${kr.issueCountAfter}` },
    ],
  };
}
