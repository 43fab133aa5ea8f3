/** Confirmation before progress updates are switched off: nothing is paused by a stray click. */
import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Text } from '@atlaskit/primitives';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { ErrorBanner } from './error-banner';

export interface PauseModalProps {
  isPausing: boolean;
  error: ResolverError | undefined;
  onPause: () => void;
  onKeepOn: () => void;
}

export function PauseModal({ isPausing, error, onPause, onKeepOn }: PauseModalProps) {
  const keepOn = () => {
    if (!isPausing) onKeepOn();
  };
  return (
    <Modal onClose={keepOn} testId="pause-modal" width="small">
      <ModalHeader>
        <ModalTitle appearance="warning">Pause progress updates?</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Text as="p">
          Key results will stop following their linked Jira issues until you turn updates on again. The connection and your settings are kept.
        </Text>
        <ErrorBanner error={error} testId="pause-error" />
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={keepOn} isDisabled={isPausing} testId="pause-keep-on" autoFocus>
          Keep on
        </Button>
        <Button appearance="warning" onClick={onPause} isLoading={isPausing} testId="pause-confirm">
          Pause
        </Button>
      </ModalFooter>
    </Modal>
  );
}
