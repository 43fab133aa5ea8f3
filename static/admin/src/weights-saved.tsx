/**
 * Shown after the weights are saved: key results follow the new weights as their issues
 * change, and one click recalculates all of them now (admin.recomputeAll queues the work).
 */
import Button from '@atlaskit/button/new';
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { ErrorBanner } from './error-banner';

export function WeightsSaved({ summary }: { summary: string }) {
  const [isRunning, setRunning] = useState(false);
  const [result, setResult] = useState<number | undefined>();
  const [error, setError] = useState<ResolverError | undefined>();
  const run = async () => {
    setRunning(true);
    setError(undefined);
    const answer = await callAdmin('admin.recomputeAll', {});
    setRunning(false);
    if (answer.ok) setResult(answer.data.keyResults);
    else setError(answer.error);
  };
  return (
    <div data-testid="weights-saved">
      <SectionMessage appearance="success" title="Weights saved">
        <Stack space="space.100">
          <div role="status">
            <Text as="p">
              Progress now counts To Do / In Progress / Done as {summary}. Key results move to the new values as their issues change; to update
              all of them now, recalculate.
            </Text>
          </div>
          <div>
            <Button onClick={() => void run()} isLoading={isRunning} testId="recompute-all">
              Recalculate all key results
            </Button>
          </div>
          <div role="status">
            {result !== undefined ? (
              <Text as="p" testId="recompute-result">
                Recalculating {result} {result === 1 ? 'key result' : 'key results'} with the new weights; their progress is sent to the OKR workspace in
                the next moments.
              </Text>
            ) : null}
          </div>
          <ErrorBanner error={error} testId="recompute-error" />
        </Stack>
      </SectionMessage>
    </div>
  );
}
