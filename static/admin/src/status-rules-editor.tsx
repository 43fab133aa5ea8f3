/**
 * "Statuses treated apart": the site's statuses grouped by category, each counted with its
 * category's weight (the default), an own weight, or left out of progress. The list comes
 * from Jira when the section shows; while it loads or after it failed, the weights above
 * still work and saving keeps the stored status settings.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives';
import type { AdminStatusRow } from '../../../src/resolvers/admin-api';
import { ErrorBanner } from './error-banner';
import { Loading } from './loading';
import { StatusRuleRow } from './status-rule-row';
import { type CategoryKey, type RuleChoice, type RuleErrors, type RuleInputs, categoryWeight, groupByCategory, inputFor } from './status-rules-form';
import type { StatusList } from './use-site-statuses';
import type { WeightInputs } from './weights-checks';

const CATEGORY_LABELS: Record<CategoryKey, string> = { new: 'To Do', indeterminate: 'In Progress', done: 'Done' };

export interface StatusRulesEditorProps {
  list: StatusList;
  onRetry: () => void;
  inputs: RuleInputs;
  errors: RuleErrors;
  weights: WeightInputs;
  isDisabled: boolean;
  onChoose: (status: AdminStatusRow, choice: RuleChoice) => void;
  onOwnWeight: (status: AdminStatusRow, value: string) => void;
}

export function StatusRulesEditor(props: StatusRulesEditorProps) {
  return (
    <Stack space="space.150" testId="status-rules">
      <Heading size="small" as="h3">
        Statuses treated apart
      </Heading>
      <Text as="p">
        Some statuses should neither help nor hurt a key result: an issue closed as Won&apos;t Do or Duplicate is neither progress nor work left. Leave such
        statuses out of progress, or give one its own weight; every other status counts with its category&apos;s weight.
      </Text>
      <StatusListBody {...props} />
    </Stack>
  );
}

function StatusListBody({ list, onRetry, inputs, errors, weights, isDisabled, onChoose, onOwnWeight }: StatusRulesEditorProps) {
  switch (list.kind) {
    case 'loading':
      return <Loading label="Loading the site's statuses" testId="statuses-loading" />;
    case 'failed':
      return (
        <Stack space="space.100">
          <ErrorBanner error={list.error} testId="statuses-error" />
          <Text as="p" color="color.text.subtle">
            The statuses could not be loaded. Saving now changes only the weights and keeps how each status counts.
          </Text>
          <div>
            <Button onClick={onRetry} testId="statuses-retry">
              Retry
            </Button>
          </div>
        </Stack>
      );
    case 'ready':
      if (list.statuses.length === 0) return <Text as="p">This Jira site has no statuses to list.</Text>;
      return (
        <Stack space="space.200">
          {groupByCategory(list.statuses).map((group) => (
            <Stack space="space.100" key={group.categoryKey} testId={`status-group-${group.categoryKey}`}>
              <Heading size="xsmall" as="h4">
                {CATEGORY_LABELS[group.categoryKey]} statuses
              </Heading>
              {group.statuses.map((status) => (
                <StatusRuleRow
                  key={status.id}
                  status={status}
                  input={inputFor(inputs, status.id)}
                  categoryWeight={categoryWeight(status.categoryKey, weights)}
                  error={errors[status.id]}
                  isDisabled={isDisabled}
                  onChoose={(choice) => onChoose(status, choice)}
                  onOwnWeight={(value) => onOwnWeight(status, value)}
                />
              ))}
            </Stack>
          ))}
        </Stack>
      );
  }
}
