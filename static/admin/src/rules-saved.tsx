/**
 * Shown after the progress settings are saved: what progress now counts, and what happens
 * to the key results. Saving itself queues every key result's recalculation (the server
 * does it when updates are on and something changed), so there is nothing left to click.
 */
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import type { SavedRules } from './use-progress-rules-form';

export function RulesSaved({ saved }: { saved: SavedRules }) {
  return (
    <div data-testid="weights-saved">
      <SectionMessage appearance="success" title="Progress settings saved">
        <div role="status">
          <Stack space="space.100">
            <Text as="p">{saved.summary}</Text>
            <Text as="p" testId="recompute-result">
              {saved.recalculation}
            </Text>
          </Stack>
        </div>
      </SectionMessage>
    </div>
  );
}
