/** The panel's states that are not a list: failed to load, not connected, paused. */
import React from 'react';
import { Button, Inline, SectionMessage, Stack, Text } from '@forge/react';

export function LoadFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <SectionMessage appearance="error" title="Could not load key results">
      <Stack space="space.100">
        <Text>{message}</Text>
        <Inline>
          <Button onClick={onRetry}>Retry</Button>
        </Inline>
      </Stack>
    </SectionMessage>
  );
}

export function NotConnected() {
  return (
    <SectionMessage appearance="information" title="Not connected to an OKR workspace">
      <Text>
        OKR Sync is not connected to an OKR workspace yet, so no key results can be shown or linked here. A Jira administrator can connect it in Jira settings → Apps → OKR Sync.
      </Text>
    </SectionMessage>
  );
}

export function Paused() {
  return (
    <SectionMessage appearance="warning" title="Progress updates are paused">
      <Text>Progress updates are paused by a Jira admin. The progress below may be out of date until they are turned back on.</Text>
    </SectionMessage>
  );
}
