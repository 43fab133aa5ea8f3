import { DEFAULT_PROGRESS_WEIGHTS, type ProgressWeights } from '../../src/domain/progress-weights';
import { saveConnectionSecrets, saveSettings } from '../../src/adapters/settings-store';

/**
 * Puts the app in the state the admin page leaves it in after a successful Connect
 * (that page arrives in a later change): settings in storage, secrets in secret storage.
 */
export async function connectApp(input: { webhookUrl: string; signingSecret: string; inboundSigningSecret?: string; enabled?: boolean; weights?: ProgressWeights }): Promise<void> {
  await saveConnectionSecrets({ apiToken: 'okr-demo-token', signingSecret: input.signingSecret, inboundSigningSecret: input.inboundSigningSecret ?? null });
  await saveSettings({
    progressUpdatesEnabled: input.enabled ?? true,
    weights: input.weights ?? { ...DEFAULT_PROGRESS_WEIGHTS },
    statusRules: [],
    includeHiddenEmails: false,
    activityCountingSince: null,
    // Kept by saveSettings once set: the first Connect of this installation sets it.
    installationEpoch: null,
    connection: {
      email: 'admin@okr.example',
      serverUrl: 'https://workspace.okr-backend.example.com',
      workspaceName: 'Demo workspace',
      webhookUrl: input.webhookUrl,
      connectedAt: new Date().toISOString(),
    },
    access: { mode: 'all', selectedCount: 0 },
  });
}
