import type { AppSettings } from '../domain/app-settings';
import type { AdminSettingsView } from '../domain/admin-views';

/** What the admin page may see of the settings: never a token or a signing secret. */
export const toAdminView = (settings: AppSettings): AdminSettingsView => ({
  progressUpdatesEnabled: settings.progressUpdatesEnabled,
  weights: { ...settings.weights },
  statusRules: settings.statusRules.map((r) => ({ ...r })),
  connection: settings.connection
    ? { email: settings.connection.email, serverUrl: settings.connection.serverUrl, workspaceName: settings.connection.workspaceName, connectedAt: settings.connection.connectedAt }
    : null,
  access: { mode: settings.access.mode, selectedCount: settings.access.selectedCount },
  includeHiddenEmails: settings.includeHiddenEmails,
});
