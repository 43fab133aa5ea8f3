/**
 * State and submit logic shared by the "Integrate with Jira" modal and the Credentials
 * section: client-side checks first, then admin.connect; a server error tagged with a field
 * shows under that field, any other under the form.
 */
import { useState } from 'react';
import type { AdminSettingsView } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { type ConnectionErrors, type ConnectionField, type ConnectionInput, checkConnectionInput, hasErrors } from './connection-checks';
import { errorField } from './resolver-errors';

const FIELDS: readonly ConnectionField[] = ['email', 'serverUrl', 'apiToken'];

export interface ConnectionFormOptions {
  initial: ConnectionInput;
  requireToken: boolean;
  allowLoopbackHttp: boolean;
  onConnected: (settings: AdminSettingsView) => void | Promise<void>;
}

export interface ConnectionForm {
  values: ConnectionInput;
  setValue: (field: ConnectionField, value: string) => void;
  fieldErrors: ConnectionErrors;
  formError: ResolverError | undefined;
  isSubmitting: boolean;
  submit: () => Promise<void>;
}

export function useConnectionForm(options: ConnectionFormOptions): ConnectionForm {
  const [values, setValues] = useState<ConnectionInput>(options.initial);
  const [fieldErrors, setFieldErrors] = useState<ConnectionErrors>({});
  const [formError, setFormError] = useState<ResolverError | undefined>();
  const [isSubmitting, setSubmitting] = useState(false);

  const setValue = (field: ConnectionField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    // A message about the old value would be stale once the admin edits it.
    setFieldErrors((current) => {
      const { [field]: _dropped, ...rest } = current;
      return rest;
    });
  };

  const submit = async () => {
    if (isSubmitting) return;
    const errors = checkConnectionInput(values, { requireToken: options.requireToken, allowLoopbackHttp: options.allowLoopbackHttp });
    setFieldErrors(errors);
    setFormError(undefined);
    if (hasErrors(errors)) return;
    setSubmitting(true);
    const answer = await callAdmin('admin.connect', { email: values.email.trim(), serverUrl: values.serverUrl.trim(), apiToken: values.apiToken.trim() });
    setSubmitting(false);
    if (answer.ok) {
      setValues((current) => ({ ...current, apiToken: '' }));
      await options.onConnected(answer.data);
      return;
    }
    const field = errorField(answer.error, FIELDS);
    if (field) setFieldErrors({ [field]: answer.error.message });
    else setFormError(answer.error);
  };

  return { values, setValue, fieldErrors, formError, isSubmitting, submit };
}
