/**
 * One status and how it counts: a radio group named by the status (arrow keys move the
 * choice), and once "Own weight" is chosen its box below the radios, in the same column:
 * Tab reaches it next, and nothing beside it moves (the page is too narrow for it on the
 * radios' line). Every control's name includes the status's name, since "Own weight"
 * alone would be ambiguous among a dozen rows.
 */
import { ErrorMessage, MessageWrapper } from '@atlaskit/form';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { Radio } from '@atlaskit/radio';
import Textfield from '@atlaskit/textfield';
import type { ChangeEvent } from 'react';
import type { AdminStatusRow } from '../../../src/resolvers/admin-api';
import type { RuleChoice, RuleInput } from './status-rules-form';

export interface StatusRuleRowProps {
  status: AdminStatusRow;
  input: RuleInput;
  /** The category's weight as typed, when valid; shown in the default choice's label. */
  categoryWeight: number | undefined;
  error: string | undefined;
  isDisabled: boolean;
  onChoose: (choice: RuleChoice) => void;
  onOwnWeight: (value: string) => void;
}

// Names line up in one column; the name box's padding centres one line of text on a radio's line.
const nameStyles = xcss({ width: '8.5rem', flexShrink: 0, paddingBlockStart: 'space.025' });
// The rest of the row, so a long message wraps inside it; below the name only when the page is too narrow for the radios.
const controlsStyles = xcss({ flexGrow: 1, flexShrink: 1, flexBasis: '24rem', minWidth: '0' });
const suffixStyles = xcss({ paddingInlineEnd: 'space.100' });

export function StatusRuleRow({ status, input, categoryWeight, error, isDisabled, onChoose, onOwnWeight }: StatusRuleRowProps) {
  const base = `status-${status.id}`;
  const nameId = `${base}-name`;
  const errorId = `${base}-error`;
  const describedBy = error ? { 'aria-describedby': errorId } : {};
  const radio = (choice: RuleChoice, label: string) => (
    <Radio
      name={`${base}-rule`}
      value={choice}
      label={label}
      ariaLabel={`${status.name}: ${label}`}
      isChecked={input.choice === choice}
      isDisabled={isDisabled}
      isInvalid={Boolean(error)}
      onChange={() => onChoose(choice)}
      testId={`${base}-${choice}`}
      {...describedBy}
    />
  );
  return (
    <Box testId={`${base}-row`}>
      <Inline space="space.200" alignBlock="start" shouldWrap>
        <Box xcss={nameStyles}>
          <span id={nameId}>
            <Text weight="medium">{status.name}</Text>
          </span>
        </Box>
        <Box xcss={controlsStyles}>
          <Stack space="space.050">
            <div role="radiogroup" aria-labelledby={nameId}>
              <Inline space="space.150" alignBlock="center" shouldWrap>
                {radio('category', categoryWeight === undefined ? 'Category weight' : `Category weight (${categoryWeight}%)`)}
                {radio('leaveOut', 'Leave out of progress')}
                {radio('own', 'Own weight')}
              </Inline>
            </div>
            {input.choice === 'own' ? (
              <Textfield
                id={`${base}-weight`}
                testId={`${base}-weight`}
                aria-label={`${status.name}: own weight in percent`}
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                width={88}
                value={input.weight}
                onChange={(event: ChangeEvent<HTMLInputElement>) => onOwnWeight(event.currentTarget.value)}
                isInvalid={Boolean(error)}
                isDisabled={isDisabled}
                elemAfterInput={
                  <Box xcss={suffixStyles} aria-hidden="true">
                    <Text color="color.text.subtle">%</Text>
                  </Box>
                }
                {...describedBy}
              />
            ) : null}
            <MessageWrapper>
              {error ? (
                <div id={errorId}>
                  <ErrorMessage testId={errorId}>{error}</ErrorMessage>
                </div>
              ) : null}
            </MessageWrapper>
          </Stack>
        </Box>
      </Inline>
    </Box>
  );
}
