/**
 * Credentials: the stored connection, editable. The API token never comes back to the
 * browser: its box stays blank ("stored"), and leaving it blank keeps the stored token.
 */
import Button from '@atlaskit/button/new';
import { Stack, Text } from '@atlaskit/primitives';
import { type FormEvent, useState } from 'react';
import type { AdminSettingsView } from '../../../src/resolvers/admin-api';
import { ConnectionFields } from './connection-fields';
import { useConnectionForm } from './use-connection-form';

export interface CredentialsSectionProps {
  connection: NonNullable<AdminSettingsView['connection']>;
  allowLoopbackHttp: boolean;
  onSettings: (settings: AdminSettingsView) => void;
}

export function CredentialsSection({ connection, allowLoopbackHttp, onSettings }: CredentialsSectionProps) {
  const [connectedTo, setConnectedTo] = useState<string | undefined>();
  const form = useConnectionForm({
    initial: { email: connection.email, serverUrl: connection.serverUrl, apiToken: '' },
    requireToken: false,
    allowLoopbackHttp,
    onConnected: (settings) => {
      setConnectedTo(settings.connection?.workspaceName ?? '');
      onSettings(settings);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setConnectedTo(undefined);
    void form.submit();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Credentials">
      <Stack space="space.200">
        <Text as="p">Change any field and connect again. The API token is stored securely and never shown; a new server or email needs the token again.</Text>
        <ConnectionFields form={form} idPrefix="credentials" tokenRequired={false} tokenPlaceholder="•••••• (stored)" />
        <div>
          <Button type="submit" appearance="primary" isLoading={form.isSubmitting} testId="credentials-connect">
            Connect
          </Button>
        </div>
        <div role="status" data-testid="credentials-status">
          {connectedTo !== undefined ? <Text as="p">Connected to {connectedTo}.</Text> : null}
        </div>
      </Stack>
    </form>
  );
}
