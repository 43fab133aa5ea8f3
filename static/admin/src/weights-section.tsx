/**
 * Progress Calculation Settings: the percentage each status category counts for, and the
 * statuses treated apart. Checked here (integers 0..100, To Do < In Progress < Done; own
 * weights 0..100) and again on the server. Preview shows what would change; one Save stores
 * both and recalculates the key results.
 */
import Button from '@atlaskit/button/new';
import { ErrorMessage, MessageWrapper } from '@atlaskit/form';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { FormEvent } from 'react';
import type { AdminSettingsView } from '../../../src/resolvers/admin-api';
import { ErrorBanner } from './error-banner';
import { RulesPreviewPanel } from './rules-preview';
import { RulesSaved } from './rules-saved';
import { StatusRulesEditor } from './status-rules-editor';
import { TextFieldRow } from './text-field-row';
import { useProgressRulesForm } from './use-progress-rules-form';
import { useSiteStatuses } from './use-site-statuses';
import { type WeightField, WEIGHT_FIELDS } from './weights-checks';

const LABELS: Record<WeightField, string> = { todo: 'To Do', inProgress: 'In Progress', done: 'Done' };
const IDS: Record<WeightField, string> = { todo: 'weight-todo', inProgress: 'weight-inprogress', done: 'weight-done' };
const ORDER_ERROR_ID = 'weights-order-error';

export interface WeightsSectionProps {
  settings: AdminSettingsView;
  onSettings: (settings: AdminSettingsView) => void;
}

export function WeightsSection({ settings, onSettings }: WeightsSectionProps) {
  const statusList = useSiteStatuses();
  const statuses = statusList.list.kind === 'ready' ? statusList.list.statuses : undefined;
  const form = useProgressRulesForm(settings, statuses, onSettings);
  const isSaving = form.busy === 'save';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.save();
  };

  return (
    <Stack space="space.200">
      <Text as="p">
        A key result&apos;s progress is the average, over its linked issues, of the percentage for each issue&apos;s status category (the statuses
        below can be counted differently). Each value is a whole number from 0 to 100, and To Do &lt; In Progress &lt; Done.
      </Text>
      <form onSubmit={onSubmit} noValidate aria-label="Progress calculation settings">
        <Stack space="space.300">
          <Stack space="space.0">
            <Inline space="space.200" shouldWrap>
              {WEIGHT_FIELDS.map((field) => (
                <TextFieldRow
                  key={field}
                  id={IDS[field]}
                  label={LABELS[field]}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={100}
                  width={120}
                  suffix="%"
                  isRequired
                  value={form.weights[field]}
                  onChange={(value) => form.editWeight(field, value)}
                  error={form.weightErrors[field]}
                  isDisabled={isSaving}
                  describedBy={form.orderError ? ORDER_ERROR_ID : undefined}
                />
              ))}
            </Inline>
            <MessageWrapper>
              {form.orderError ? (
                <div id={ORDER_ERROR_ID}>
                  <ErrorMessage testId="weights-order-error">{form.orderError}</ErrorMessage>
                </div>
              ) : null}
            </MessageWrapper>
          </Stack>
          <StatusRulesEditor
            list={statusList.list}
            onRetry={statusList.retry}
            inputs={form.rules}
            errors={form.ruleErrors}
            weights={form.weights}
            isDisabled={isSaving}
            onChoose={form.choose}
            onOwnWeight={form.editOwnWeight}
          />
          <ErrorBanner error={form.formError} testId="weights-error" />
          <Inline space="space.100">
            <Button onClick={() => void form.runPreview()} isLoading={form.busy === 'preview'} isDisabled={isSaving} testId="rules-preview">
              Preview
            </Button>
            <Button type="submit" appearance="primary" isLoading={isSaving} isDisabled={form.busy === 'preview'} testId="weights-save">
              Save
            </Button>
          </Inline>
        </Stack>
      </form>
      {/* The save's answer first, by the buttons; a preview asked for afterwards goes below it. */}
      {form.saved ? <RulesSaved saved={form.saved} /> : null}
      {form.preview ? <RulesPreviewPanel shown={form.preview} /> : null}
    </Stack>
  );
}
