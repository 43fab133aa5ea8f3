/** One key result this issue counts toward: objective, title, progress, what it is made of, how and when. */
import React from 'react';
import { ErrorMessage, Inline, LoadingButton, ProgressBar, Stack, Text } from '@forge/react';
import type { PanelKeyResult } from '../../resolvers/issue-panel-api';
import { describeComposition, describeComputedAt, describeLink, keyResultTitle, progressPercent } from './describe-key-result';

export interface LinkedKeyResultProps {
  keyResult: PanelKeyResult;
  /** Offer Unlink (the user may link here); undefined shows the key result read-only. */
  onUnlink?: (() => void) | undefined;
  unlinking: boolean;
  unlinkError: string | undefined;
}

export function LinkedKeyResult({ keyResult: kr, onUnlink, unlinking, unlinkError }: LinkedKeyResultProps) {
  const title = keyResultTitle(kr);
  return (
    <Stack space="space.075">
      {kr.objective !== null && (
        <Text size="small" color="color.text.subtle">
          {kr.objective}
        </Text>
      )}
      <Inline space="space.100" spread="space-between" alignBlock="center">
        <Text weight="semibold">{title}</Text>
        {onUnlink && (
          <LoadingButton appearance="subtle" spacing="compact" isLoading={unlinking} onClick={onUnlink}>
            Unlink
          </LoadingButton>
        )}
      </Inline>
      {kr.progress === null ? (
        <Text>No progress yet</Text>
      ) : (
        <Stack space="space.050">
          <ProgressBar value={Math.min(100, Math.max(0, kr.progress)) / 100} ariaLabel={`Progress of ${title}`} appearance={kr.progress >= 100 ? 'success' : 'default'} />
          <Text>{`${progressPercent(kr.progress)}%`}</Text>
        </Stack>
      )}
      <Text size="small">{describeComposition(kr)}</Text>
      <Text size="small" color="color.text.subtlest">{`${describeLink(kr.linkedVia)} · ${describeComputedAt(kr.computedAt, Date.now())}`}</Text>
      {unlinkError !== undefined && <ErrorMessage>{unlinkError}</ErrorMessage>}
    </Stack>
  );
}
