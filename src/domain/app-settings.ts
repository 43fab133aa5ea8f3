import type { AccessMode } from './admin-views';
import type { ProgressRules } from './compute-progress';
import { DEFAULT_PROGRESS_WEIGHTS, type ProgressWeights } from './progress-weights';
import type { StatusRule } from './status-rules';

/** The connection to the OKR workspace. Token and signing secret live in secret storage, never here. */
export interface OkrConnection {
  email: string;
  serverUrl: string;
  workspaceName: string;
  /** Where webhooks go; returned by the backend's connect endpoint. */
  webhookUrl: string;
  connectedAt: string;
  /**
   * The backend answered a delivery with 401 or 403 (it no longer takes our signature or
   * workspace): delivery pauses, every owed event kept in order, until an admin connects
   * again (a new connection has none).
   */
  deliveryRefused?: { status: number; at: string } | null;
}

/** Who may link issues to key results. The selection itself lives in one key per user. */
export interface AccessControl {
  mode: AccessMode;
  selectedCount: number;
}

export interface AppSettings {
  progressUpdatesEnabled: boolean;
  weights: ProgressWeights;
  /** Statuses left out of progress or given their own weight, on top of the category weights. */
  statusRules: StatusRule[];
  connection: OkrConnection | null;
  access: AccessControl;
  /** Usage reports carry the emails of users who hide them only when an admin turned this on. */
  includeHiddenEmails: boolean;
  /**
   * When live activity counting began (the first Connect), or null on sites connected
   * before the history import existed. Live events count activities from then on; the
   * history import counts what came before (see domain/history-import.ts).
   */
  activityCountingSince: string | null;
  /**
   * When this installation started sending (Unix milliseconds), set once on its first
   * Connect (or, on an installation connected before epochs existed, on its next event).
   * Storage is per installation, so a reinstall or another Forge environment gets a later
   * one: events with sequences carry it, and receivers order by (epoch, sequence).
   */
  installationEpoch: number | null;
}

export const DEFAULT_SETTINGS: Readonly<AppSettings> = Object.freeze({
  progressUpdatesEnabled: false,
  weights: DEFAULT_PROGRESS_WEIGHTS,
  statusRules: [],
  connection: null,
  access: Object.freeze({ mode: 'all', selectedCount: 0 }) as AccessControl,
  includeHiddenEmails: false,
  activityCountingSince: null,
  installationEpoch: null,
});

export const progressRulesOf = (settings: Pick<AppSettings, 'weights' | 'statusRules'>): ProgressRules => ({ weights: settings.weights, statusRules: settings.statusRules });

/** Events are worth processing only when an admin turned updates on and a workspace is connected. */
export const isSyncActive = (settings: AppSettings): settings is AppSettings & { connection: OkrConnection } =>
  settings.progressUpdatesEnabled && settings.connection !== null;
