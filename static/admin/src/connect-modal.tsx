/**
 * "Integrate with Jira": the connect dialog opened by turning progress updates on while
 * not connected. Enter submits (it is a form); Escape and Cancel close it and store nothing.
 */
import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import type { FormEvent } from 'react';
import type { AdminSettingsView } from '../../../src/resolvers/admin-api';
import { ConnectionFields } from './connection-fields';
import { useConnectionForm } from './use-connection-form';

export interface ConnectModalProps {
  allowLoopbackHttp: boolean;
  onConnected: (settings: AdminSettingsView) => void | Promise<void>;
  onCancel: () => void;
}

export function ConnectModal({ allowLoopbackHttp, onConnected, onCancel }: ConnectModalProps) {
  const form = useConnectionForm({ initial: { email: '', serverUrl: '', apiToken: '' }, requireToken: true, allowLoopbackHttp, onConnected });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit();
  };
  // While a connect is in flight the dialog stays: closing it would hide the outcome.
  const close = () => {
    if (!form.isSubmitting) onCancel();
  };
  return (
    <Modal onClose={close} testId="connect-modal" width="medium" shouldScrollInViewport>
      <form onSubmit={onSubmit} noValidate aria-labelledby="connect-modal-title">
        <ModalHeader>
          <ModalTitle>
            <span id="connect-modal-title">Integrate with Jira</span>
          </ModalTitle>
        </ModalHeader>
        <ModalBody>
          <ConnectionFields form={form} idPrefix="connect" tokenRequired />
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={close} isDisabled={form.isSubmitting} testId="connect-cancel">
            Cancel
          </Button>
          <Button appearance="primary" type="submit" isLoading={form.isSubmitting} testId="connect-submit">
            Connect
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
