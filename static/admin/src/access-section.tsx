/**
 * User Access Control: "Allow all users" (default) or "Allow selected users". Choosing the
 * second opens "Edit Jira Users"; the mode switches when that selection is saved, so Cancel
 * changes nothing. Going back to "all" keeps the stored selection for later.
 */
import Button from '@atlaskit/button/new';
import { RadioGroup } from '@atlaskit/radio';
import { Stack, Text } from '@atlaskit/primitives';
import { useState } from 'react';
import type { AccessMode, AdminSettingsView } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { EditUsersModal } from './edit-users-modal';
import { ErrorBanner } from './error-banner';

export interface AccessSectionProps {
  settings: AdminSettingsView;
  onSettings: (settings: AdminSettingsView) => void;
  labelledBy: string;
}

export function AccessSection({ settings, onSettings, labelledBy }: AccessSectionProps) {
  const { mode, selectedCount } = settings.access;
  const [isEditing, setEditing] = useState(false);
  const [isSwitching, setSwitching] = useState(false);
  const [error, setError] = useState<ResolverError | undefined>();

  const choose = async (chosen: AccessMode) => {
    setError(undefined);
    if (chosen === 'selected') {
      setEditing(true);
      return;
    }
    if (mode === 'all') return;
    setSwitching(true);
    const answer = await callAdmin('admin.setAccessMode', { mode: 'all' });
    setSwitching(false);
    if (answer.ok) onSettings(answer.data);
    else setError(answer.error);
  };

  // While the dialog is open after choosing "selected", the radio shows the pending choice.
  const shownMode: AccessMode = isEditing ? 'selected' : mode;
  return (
    <Stack space="space.150">
      <Text as="p">Choose who may link Jira issues to key results.</Text>
      <RadioGroup
        name="access-mode"
        aria-labelledby={labelledBy}
        value={shownMode}
        isDisabled={isSwitching}
        onChange={(event) => void choose(event.currentTarget.value as AccessMode)}
        options={[
          { name: 'access-mode', value: 'all', label: 'Allow all users', testId: 'access-all' },
          { name: 'access-mode', value: 'selected', label: 'Allow selected users', testId: 'access-selected' },
        ]}
      />
      <div aria-live="polite" data-testid="access-summary">
        <Text as="p" color="color.text.subtle">
          {mode === 'selected'
            ? `${selectedCount} ${selectedCount === 1 ? 'user is' : 'users are'} allowed to link issues.`
            : selectedCount > 0
              ? `Everyone may link issues. Your selection of ${selectedCount} ${selectedCount === 1 ? 'user' : 'users'} is kept for later.`
              : 'Everyone may link issues.'}
        </Text>
      </div>
      {mode === 'selected' ? (
        <div>
          <Button onClick={() => setEditing(true)} testId="edit-users">
            Edit users
          </Button>
        </div>
      ) : null}
      <ErrorBanner error={error} testId="access-error" />
      {isEditing ? (
        <EditUsersModal
          switchToSelectedMode={mode !== 'selected'}
          storedCount={selectedCount}
          onSaved={(saved) => {
            setEditing(false);
            onSettings(saved);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : null}
    </Stack>
  );
}
