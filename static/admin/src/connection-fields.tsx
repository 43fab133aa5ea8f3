/** The three connection fields (Email address, Server, API token) of a ConnectionForm. */
import { Stack } from '@atlaskit/primitives';
import { ErrorBanner } from './error-banner';
import { TextFieldRow } from './text-field-row';
import type { ConnectionForm } from './use-connection-form';

export interface ConnectionFieldsProps {
  form: ConnectionForm;
  /** Prefix of element ids and test ids, so the modal and the Credentials section never clash. */
  idPrefix: string;
  tokenRequired: boolean;
  tokenPlaceholder?: string;
}

export function ConnectionFields({ form, idPrefix, tokenRequired, tokenPlaceholder }: ConnectionFieldsProps) {
  const formErrorId = `${idPrefix}-form-error`;
  return (
    <Stack space="space.150">
      <TextFieldRow
        id={`${idPrefix}-email`}
        label="Email address"
        type="email"
        autoComplete="email"
        isRequired
        value={form.values.email}
        onChange={(value) => form.setValue('email', value)}
        error={form.fieldErrors.email}
        isDisabled={form.isSubmitting}
        helper="The email of the OKR workspace admin the API token belongs to."
      />
      <TextFieldRow
        id={`${idPrefix}-server`}
        label="Server"
        type="url"
        autoComplete="url"
        isRequired
        placeholder="https://your-company.okr-backend.example.com"
        value={form.values.serverUrl}
        onChange={(value) => form.setValue('serverUrl', value)}
        error={form.fieldErrors.serverUrl}
        isDisabled={form.isSubmitting}
        helper="The URL of your OKR workspace."
      />
      <TextFieldRow
        id={`${idPrefix}-token`}
        label="API token"
        type="password"
        autoComplete="off"
        isRequired={tokenRequired}
        {...(tokenPlaceholder !== undefined ? { placeholder: tokenPlaceholder } : {})}
        value={form.values.apiToken}
        onChange={(value) => form.setValue('apiToken', value)}
        error={form.fieldErrors.apiToken}
        isDisabled={form.isSubmitting}
        helper={tokenRequired ? 'Issued by your OKR workspace (Settings → API tokens).' : 'Leave blank to keep the stored token.'}
        describedBy={form.formError ? formErrorId : undefined}
      />
      <ErrorBanner error={form.formError} testId={`${idPrefix}-error`} id={formErrorId} />
    </Stack>
  );
}
