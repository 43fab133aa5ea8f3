/**
 * Usage reports and hidden emails: users who hide their email are always synced (by
 * account id and name); their email goes to the OKR workspace only if an admin ticks this.
 * Off by default, saved at once, and explained where it is set.
 */
import { Checkbox } from '@atlaskit/checkbox';
import { Stack, Text } from '@atlaskit/primitives';
import { useState } from 'react';
import type { AdminSettingsView } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { ErrorBanner } from './error-banner';

export function UsagePrivacySection({ settings, onSettings }: { settings: AdminSettingsView; onSettings: (settings: AdminSettingsView) => void }) {
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<ResolverError | undefined>();
  const toggle = async (enabled: boolean) => {
    // Not disabled while saving: a disabled checkbox drops keyboard focus. A second press meanwhile waits for the first.
    if (isSaving) return;
    setSaving(true);
    setError(undefined);
    const answer = await callAdmin('admin.setIncludeHiddenEmails', { enabled });
    setSaving(false);
    if (answer.ok) onSettings(answer.data);
    else setError(answer.error);
  };
  return (
    <Stack space="space.150">
      <Text as="p">
        Every day, and right after connecting, the app sends the OKR workspace who uses Jira: each person, their product licences and their active days in the last 30
        days. People who hide their email in their Atlassian profile are included by name and account id only.
      </Text>
      <Checkbox
        name="include-hidden-emails"
        label="Include emails that users hid"
        isChecked={settings.includeHiddenEmails}
        onChange={(event) => void toggle(event.currentTarget.checked)}
        testId="include-hidden-emails"
      />
      <div aria-live="polite" data-testid="hidden-emails-summary">
        <Text as="p" color="color.text.subtle">
          {settings.includeHiddenEmails
            ? 'The next usage reports include the emails of people who hid them. Make sure your organisation allows this.'
            : 'Emails people hid are not sent.'}
        </Text>
      </div>
      <ErrorBanner error={error} testId="hidden-emails-error" />
    </Stack>
  );
}
