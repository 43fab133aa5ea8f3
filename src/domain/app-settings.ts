import { DEFAULT_PROGRESS_WEIGHTS, type ProgressWeights } from './progress-weights';

/** The connection to the OKR workspace. Token and signing secret live in secret storage, never here. */
export interface OkrConnection {
  email: string;
  serverUrl: string;
  workspaceName: string;
  /** Where webhooks go; returned by the backend's connect endpoint. */
  webhookUrl: string;
  connectedAt: string;
}

export interface AppSettings {
  progressUpdatesEnabled: boolean;
  weights: ProgressWeights;
  connection: OkrConnection | null;
}

export const DEFAULT_SETTINGS: Readonly<AppSettings> = Object.freeze({
  progressUpdatesEnabled: false,
  weights: DEFAULT_PROGRESS_WEIGHTS,
  connection: null,
});

/** Events are worth processing only when an admin turned updates on and a workspace is connected. */
export const isSyncActive = (settings: AppSettings): settings is AppSettings & { connection: OkrConnection } =>
  settings.progressUpdatesEnabled && settings.connection !== null;
