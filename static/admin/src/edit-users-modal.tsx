/**
 * "Edit Jira Users": who may link issues to key results. A searchable, paginated list
 * (server-side, one page at a time); ticks are kept as a diff against the stored selection,
 * so they survive paging and searching. Save sends only the diff; Cancel drops it.
 */
import Button from '@atlaskit/button/new';
import Checkbox from '@atlaskit/checkbox';
import DynamicTable from '@atlaskit/dynamic-table';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { type FormEvent, useState } from 'react';
import type { AdminSettingsView, AdminUserRow } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { hasPrevious, pageNumber } from './cursor-pages';
import { ErrorBanner } from './error-banner';
import { saveSelectionAndMode } from './save-selection';
import { EMPTY_DIFF, type SelectionDiff, changeCount, isChecked, setChecked } from './selection-diff';
import { TextFieldRow } from './text-field-row';
import { useUserPages } from './use-user-pages';

const PAGE_SIZE = 10;
const DASH = '—';

export interface EditUsersModalProps {
  /** True when the site is not yet in "Allow selected users" mode: Save switches it too. */
  switchToSelectedMode: boolean;
  /** How many users the stored selection holds (the diff is counted against it). */
  storedCount: number;
  onSaved: (settings: AdminSettingsView) => void;
  onCancel: () => void;
}

export function EditUsersModal({ switchToSelectedMode, storedCount, onSaved, onCancel }: EditUsersModalProps) {
  const list = useUserPages(PAGE_SIZE);
  const [diff, setDiff] = useState<SelectionDiff>(EMPTY_DIFF);
  const [isSaving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ResolverError | undefined>();

  const save = async () => {
    if (isSaving) return;
    setSaveError(undefined);
    // Exact without loading everyone: added users were not stored, removed ones were.
    if (storedCount + diff.added.size - diff.removed.size === 0) {
      setSaveError({ code: 'INVALID_INPUT', message: 'Select at least one user, or choose "Allow all users": with nobody selected, no one could link issues.' });
      return;
    }
    setSaving(true);
    const answer = await saveSelectionAndMode(diff, switchToSelectedMode);
    setSaving(false);
    if (answer.ok) onSaved(answer.data);
    else setSaveError(answer.error);
  };
  const cancel = () => {
    if (!isSaving) onCancel();
  };
  const onSearchSubmit = (event: FormEvent) => {
    event.preventDefault();
    list.searchNow();
  };

  const toggle = (user: AdminUserRow, checked: boolean) => {
    setSaveError(undefined);
    setDiff((current) => setChecked(current, user, checked));
  };
  const rows = list.users.map((user) => userRow(user, diff, (checked) => toggle(user, checked), isSaving));
  return (
    <Modal onClose={cancel} testId="edit-users-modal" width="large" shouldScrollInViewport>
      <ModalHeader>
        <ModalTitle>Edit Jira Users</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.200">
          <Text as="p">Only the users you select may link Jira issues to key results.</Text>
          <form role="search" onSubmit={onSearchSubmit} aria-label="Search users">
            <TextFieldRow id="users-search" label="Search users" type="search" placeholder="Name or email" value={list.search} onChange={list.setSearch} autoComplete="off" />
          </form>
          <ErrorBanner error={list.error} testId="users-error" />
          {list.notice ? (
            <SectionMessage appearance="information" testId="users-notice">
              {list.notice}
            </SectionMessage>
          ) : null}
          <DynamicTable
            testId="users-table"
            label="Jira users"
            head={{ cells: [{ key: 'select', content: 'Select', width: 8 }, { key: 'name', content: 'Name' }, { key: 'designation', content: 'Designation' }, { key: 'ou', content: 'Organizational Unit' }] }}
            rows={rows}
            isLoading={list.isLoading}
            loadingLabel="Loading users"
            emptyView={<Text>{list.isLoading ? 'Loading users…' : list.search.trim() ? `No users match “${list.search.trim()}”.` : 'No users found.'}</Text>}
          />
          <Inline space="space.100" alignBlock="center" spread="space-between">
            <Inline space="space.100" alignBlock="center">
              <Button onClick={list.previous} isDisabled={!hasPrevious(list.pages) || list.isLoading} testId="users-prev">
                Previous
              </Button>
              <Text testId="users-page">Page {pageNumber(list.pages)}</Text>
              <Button onClick={list.next} isDisabled={!list.hasNext || list.isLoading} testId="users-next">
                Next
              </Button>
            </Inline>
            <div aria-live="polite" data-testid="selection-changes">
              <Text>{describeChanges(diff)}</Text>
            </div>
          </Inline>
          <ErrorBanner error={saveError} testId="users-save-error" />
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={cancel} isDisabled={isSaving} testId="users-cancel">
          Cancel
        </Button>
        <Button appearance="primary" onClick={() => void save()} isLoading={isSaving} testId="users-save">
          Save
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function userRow(user: AdminUserRow, diff: SelectionDiff, onToggle: (checked: boolean) => void, isDisabled: boolean) {
  return {
    key: user.accountId,
    testId: `user-row-${user.accountId}`,
    cells: [
      {
        key: 'select',
        content: (
          <Checkbox
            isChecked={isChecked(diff, user)}
            isDisabled={isDisabled}
            onChange={(event) => onToggle(event.currentTarget.checked)}
            aria-label={`Select ${user.displayName}`}
            testId={`user-select-${user.accountId}`}
          />
        ),
      },
      { key: 'name', content: user.displayName },
      { key: 'designation', content: user.designation ?? DASH },
      { key: 'ou', content: user.organizationalUnit ?? DASH },
    ],
  };
}

function describeChanges(diff: SelectionDiff): string {
  const count = changeCount(diff);
  if (count === 0) return 'No changes';
  const parts = [diff.added.size > 0 ? `${diff.added.size} added` : '', diff.removed.size > 0 ? `${diff.removed.size} removed` : ''].filter(Boolean);
  return `${count} ${count === 1 ? 'change' : 'changes'}: ${parts.join(', ')}`;
}
