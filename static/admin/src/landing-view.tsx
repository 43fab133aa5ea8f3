/**
 * The page admins land on: the "Turn on progress update using Jira" toggle. On without a
 * connection opens "Integrate with Jira"; on with a stored connection just resumes; off asks
 * first. Once connected, "Manage Integration" (above the toggle) leads to the settings, and
 * a warning shows there when deliveries to the backend need the admin.
 */
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import Toggle from '@atlaskit/toggle';
import { useState } from 'react';
import type { AdminSettingsView } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { ConnectModal } from './connect-modal';
import { DeliveryHealthBanner } from './delivery-health-banner';
import { ErrorBanner } from './error-banner';
import { PageHeading } from './page-heading';
import { PauseModal } from './pause-modal';
import { MANAGE_HREF } from './use-hash-route';

export interface LandingViewProps {
  settings: AdminSettingsView;
  allowLoopbackHttp: boolean;
  onSettings: (settings: AdminSettingsView) => void;
}

type Dialog = 'none' | 'connect' | 'pause';

const TOGGLE_LABEL = 'Turn on progress update using Jira';
const DESCRIPTION_ID = 'progress-toggle-description';

export function LandingView({ settings, allowLoopbackHttp, onSettings }: LandingViewProps) {
  const [dialog, setDialog] = useState<Dialog>('none');
  const [isUpdating, setUpdating] = useState(false);
  const [error, setError] = useState<ResolverError | undefined>();
  const { connection, progressUpdatesEnabled } = settings;

  const setEnabled = async (enabled: boolean): Promise<boolean> => {
    setUpdating(true);
    const answer = await callAdmin('admin.setProgressUpdates', { enabled });
    setUpdating(false);
    if (answer.ok) onSettings(answer.data);
    else setError(answer.error);
    return answer.ok;
  };

  const onToggle = () => {
    if (isUpdating) return;
    setError(undefined);
    if (progressUpdatesEnabled) setDialog('pause');
    else if (!connection) setDialog('connect');
    else void setEnabled(true);
  };

  const onConnected = async (connected: AdminSettingsView) => {
    onSettings(connected);
    setDialog('none');
    // Connecting from the toggle means "turn it on": do so if connecting alone did not.
    if (!connected.progressUpdatesEnabled) await setEnabled(true);
  };

  const onPause = async () => {
    if (await setEnabled(false)) setDialog('none');
  };

  return (
    <Stack space="space.300">
      <PageHeading id="landing-heading">OKR Sync for Jira</PageHeading>
      {connection ? (
        <Stack space="space.100">
          <Inline space="space.100" alignBlock="center">
            <Text testId="connection-status">Connected to {connection.workspaceName}</Text>
            <Lozenge appearance={progressUpdatesEnabled ? 'success' : 'default'}>{progressUpdatesEnabled ? 'Updating' : 'Paused'}</Lozenge>
          </Inline>
          <div>
            <a href={MANAGE_HREF} data-testid="manage-integration-link">
              Manage Integration
            </a>
          </div>
        </Stack>
      ) : null}
      {connection ? <DeliveryHealthBanner /> : null}
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center">
          <Toggle
            id="progress-toggle"
            testId="progress-toggle"
            size="large"
            label={TOGGLE_LABEL}
            descriptionId={DESCRIPTION_ID}
            isChecked={progressUpdatesEnabled}
            isLoading={isUpdating}
            onChange={onToggle}
          />
          <label htmlFor="progress-toggle">
            <Text weight="medium">{TOGGLE_LABEL}</Text>
          </label>
        </Inline>
        <Text as="p" id={DESCRIPTION_ID} color="color.text.subtle">
          Progress of linked key results is updated from the number of Jira issues in each status category.
        </Text>
      </Stack>
      <ErrorBanner error={dialog === 'pause' ? undefined : error} testId="progress-error" />
      {dialog === 'connect' ? <ConnectModal allowLoopbackHttp={allowLoopbackHttp} onConnected={onConnected} onCancel={() => setDialog('none')} /> : null}
      {dialog === 'pause' ? (
        <PauseModal
          isPausing={isUpdating}
          error={error}
          onPause={() => void onPause()}
          onKeepOn={() => {
            setError(undefined);
            setDialog('none');
          }}
        />
      ) : null}
    </Stack>
  );
}
