import Resolver from '@forge/resolver';
import { isJiraAdmin } from '../adapters/check-admin';
import { logEvent } from '../adapters/log';
import { loadSettings } from '../adapters/settings-store';
import { type ResolverResponse, failure, success } from './resolver-response';

type AdminHandler<T> = (request: { payload: unknown; context: { accountId?: string } }) => Promise<ResolverResponse<T>>;

/** Every admin resolver goes through this guard first: no definition can forget it. */
export function adminOnly<T>(name: string, handler: AdminHandler<T>): AdminHandler<T> {
  return async (request) => {
    if (!request.context.accountId || !(await isJiraAdmin())) {
      logEvent('resolver.refused', { resolver: name, reason: 'caller is not a Jira administrator' });
      return failure('FORBIDDEN', 'Only Jira administrators can use this page.');
    }
    try {
      return await handler(request);
    } catch (error) {
      logEvent('resolver.failed', { resolver: name, reason: (error as Error).name });
      return failure('INTERNAL', 'Something went wrong; try again. If it persists, check the app logs.');
    }
  };
}

export interface AdminSettingsView {
  progressUpdatesEnabled: boolean;
  weights: { todo: number; inProgress: number; done: number };
  connection: { email: string; serverUrl: string; workspaceName: string } | null;
}

const resolver = new Resolver();

/** The settings as the admin page shows them: never a token or signing secret. */
resolver.define(
  'admin.getSettings',
  adminOnly<AdminSettingsView>('admin.getSettings', async () => {
    const settings = await loadSettings();
    const { connection } = settings;
    return success({
      progressUpdatesEnabled: settings.progressUpdatesEnabled,
      weights: settings.weights,
      connection: connection ? { email: connection.email, serverUrl: connection.serverUrl, workspaceName: connection.workspaceName } : null,
    });
  }) as never,
);

export const adminResolver = resolver.getDefinitions();
