/**
 * Progress Calculation Settings: the percentage each status category counts for.
 * Checked here (integers 0..100, To Do < In Progress < Done) and again on the server.
 */
import Button from '@atlaskit/button/new';
import { ErrorMessage, MessageWrapper } from '@atlaskit/form';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { type FormEvent, useState } from 'react';
import type { AdminSettingsView } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { ErrorBanner } from './error-banner';
import { WeightsSaved } from './weights-saved';
import { errorField } from './resolver-errors';
import { TextFieldRow } from './text-field-row';
import { type WeightErrors, type WeightField, type WeightInputs, WEIGHT_FIELDS, checkWeights, toWeightInputs } from './weights-checks';

const LABELS: Record<WeightField, string> = { todo: 'To Do', inProgress: 'In Progress', done: 'Done' };
const IDS: Record<WeightField, string> = { todo: 'weight-todo', inProgress: 'weight-inprogress', done: 'weight-done' };
const ORDER_ERROR_ID = 'weights-order-error';

export interface WeightsSectionProps {
  settings: AdminSettingsView;
  onSettings: (settings: AdminSettingsView) => void;
}

export function WeightsSection({ settings, onSettings }: WeightsSectionProps) {
  const [inputs, setInputs] = useState<WeightInputs>(() => toWeightInputs(settings.weights));
  const [fieldErrors, setFieldErrors] = useState<WeightErrors>({});
  const [orderError, setOrderError] = useState<string | undefined>();
  const [serverError, setServerError] = useState<ResolverError | undefined>();
  const [isSaving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string | undefined>();

  const edit = (field: WeightField, value: string) => {
    setInputs((current) => ({ ...current, [field]: value }));
    setSavedAt(undefined);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (isSaving) return;
    setServerError(undefined);
    const check = checkWeights(inputs);
    setFieldErrors(check.ok ? {} : check.fieldErrors);
    setOrderError(check.ok ? undefined : check.orderError);
    if (!check.ok) return;
    setSaving(true);
    const answer = await callAdmin('admin.saveWeights', check.weights);
    setSaving(false);
    if (answer.ok) {
      onSettings(answer.data);
      setInputs(toWeightInputs(answer.data.weights));
      const w = answer.data.weights;
      setSavedAt(`${w.todo}% / ${w.inProgress}% / ${w.done}%`);
      return;
    }
    const field = errorField(answer.error, WEIGHT_FIELDS);
    if (field) setFieldErrors({ [field]: answer.error.message });
    else setServerError(answer.error);
  };

  return (
    <Stack space="space.200">
      <Text as="p">
        A key result&apos;s progress is the average, over its linked issues, of the percentage for each issue&apos;s status category. Each value is a
        whole number from 0 to 100, and To Do &lt; In Progress &lt; Done.
      </Text>
      <form onSubmit={(event) => void save(event)} noValidate aria-label="Progress calculation settings">
        <Stack space="space.200">
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
                value={inputs[field]}
                onChange={(value) => edit(field, value)}
                error={fieldErrors[field]}
                isDisabled={isSaving}
                describedBy={orderError ? ORDER_ERROR_ID : undefined}
              />
            ))}
          </Inline>
          <MessageWrapper>
            {orderError ? (
              <div id={ORDER_ERROR_ID}>
                <ErrorMessage testId="weights-order-error">{orderError}</ErrorMessage>
              </div>
            ) : null}
          </MessageWrapper>
          <ErrorBanner error={serverError} testId="weights-error" />
          <div>
            <Button type="submit" appearance="primary" isLoading={isSaving} testId="weights-save">
              Save
            </Button>
          </div>
        </Stack>
      </form>
      {savedAt ? <WeightsSaved summary={savedAt} /> : null}
    </Stack>
  );
}
