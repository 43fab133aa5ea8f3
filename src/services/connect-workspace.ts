import { webTrigger } from '@forge/api';
import { parseConnectInput } from '../domain/admin-payloads';
import { BACKEND_EGRESS_PATTERNS, type EnvironmentType, checkBackendUrl, formatBackendUrl } from '../domain/backend-url';
import { type BackendFailure, connectWorkspace } from '../adapters/okr-backend-client';
import { logEvent } from '../adapters/log';
import { pushWorkMessages } from '../adapters/work-queue';
import { queueLifecycleEventsOnConnect } from './app-lifecycle';
import { askForDelivery } from './deliver-owed-webhooks';
import { startHistoryImport } from './import-history';
import { reconcileAllKeyResults } from './queue-every-key-result';
import { loadApiToken, loadSettings, saveConnectionSecrets, updateSettings } from '../adapters/settings-store';
import { type ResolverResponse, failure, success } from '../domain/resolver-response';
import type { AdminSettingsView } from '../domain/admin-views';
import { toAdminView } from './admin-settings-view';

export const INBOUND_WEB_TRIGGER_KEY = 'okr-backend-inbound';

export interface CallerContext {
  environmentType: EnvironmentType;
  cloudId: string;
  siteUrl: string | undefined;
}

function describeFailure(failureValue: BackendFailure, host: string): ResolverResponse<never> {
  switch (failureValue.kind) {
    case 'auth-failed':
      return failure('AUTH_FAILED', 'Invalid email or API token.');
    case 'unreachable':
      return failure('UNREACHABLE', `Could not reach ${host}: ${failureValue.detail}. Check the server URL and that the workspace is online.`, 'serverUrl');
    case 'egress-refused':
      return failure('INVALID_INPUT', `This app is not allowed to call ${failureValue.host} (manifest egress).`, 'serverUrl');
    case 'unexpected':
      return failure('BACKEND_ERROR', `${host} could not connect this site: ${failureValue.detail}.`);
  }
}

/** The app's inbound URL for the backend; a site without one still connects (JQL links need it later). */
async function inboundUrl(): Promise<string | null> {
  try {
    return await webTrigger.getUrl(INBOUND_WEB_TRIGGER_KEY);
  } catch {
    logEvent('connect.no-web-trigger-url', {});
    return null;
  }
}

/**
 * Connect (or re-connect) to an OKR workspace. Every check runs before any request; the
 * token and the returned signing secret go to secret storage; nothing is stored unless the
 * workspace accepted the credentials. A blank token keeps the stored one.
 */
export async function connectToWorkspace(payload: unknown, caller: CallerContext): Promise<ResolverResponse<AdminSettingsView>> {
  const input = parseConnectInput(payload);
  if (!input.ok) return failure('INVALID_INPUT', input.error.message, input.error.field);
  const rules = { environmentType: caller.environmentType, egress: BACKEND_EGRESS_PATTERNS };
  const server = checkBackendUrl(input.value.serverUrl, rules);
  if (!server.ok) return failure('INVALID_INPUT', server.error.message, server.error.field);
  const settings = await loadSettings();
  const serverUrl = formatBackendUrl(server.value);
  // A blank token keeps the stored one only for the same workspace and account: the stored
  // token must never be sent to another server, or on behalf of another email.
  const sameAccount = settings.connection !== null && settings.connection.serverUrl === serverUrl && settings.connection.email.toLowerCase() === input.value.email.toLowerCase();
  if (!input.value.apiToken && settings.connection && !sameAccount) {
    return failure('INVALID_INPUT', 'Enter the API token again: the server or the email changed, and the stored token is only used for the workspace and account it was given for.', 'apiToken');
  }
  const apiToken = input.value.apiToken || (sameAccount ? ((await loadApiToken()) ?? '') : '');
  if (!apiToken) return failure('INVALID_INPUT', 'API token is required.', 'apiToken');

  const answer = await connectWorkspace({ serverUrl, email: input.value.email, apiToken, cloudId: caller.cloudId, siteUrl: caller.siteUrl, webTriggerUrl: await inboundUrl() });
  if (!answer.ok) {
    logEvent('connect.refused', { host: server.value.host, reason: answer.failure.kind });
    return describeFailure(answer.failure, server.value.host);
  }
  const webhook = checkBackendUrl(answer.value.webhookUrl, rules, 'webhookUrl');
  if (!webhook.ok) return failure('BACKEND_ERROR', `The workspace gave a webhook address this app cannot use: ${webhook.error.message}`);

  await saveConnectionSecrets({ apiToken, signingSecret: answer.value.signingSecret, inboundSigningSecret: answer.value.inboundSigningSecret });
  const now = new Date();
  let firstConnect = false;
  // Applied to the settings as they are after the workspace answered: a pause or a weights
  // change made meanwhile stays.
  const next = await updateSettings((current) => {
    // The first Connect on a site starts live activity counting, and the import of what came before.
    firstConnect = current.connection === null && current.activityCountingSince === null;
    return {
      ...current,
      activityCountingSince: firstConnect ? now.toISOString() : current.activityCountingSince,
      installationEpoch: current.installationEpoch ?? now.getTime(),
      // A first connection turns updates on (the admin flipped the toggle to get here); a re-connect keeps a pause.
      progressUpdatesEnabled: current.connection ? current.progressUpdatesEnabled : true,
      connection: { email: input.value.email, serverUrl, workspaceName: answer.value.workspaceName, webhookUrl: webhook.value.href, connectedAt: now.toISOString() },
    };
  });
  logEvent('connect.connected', { host: server.value.host });
  // Forge's install (and upgrade) events came while nothing could be sent: they go out now,
  // with the delivery asked for below (one storage query when none waits).
  await queueLifecycleEventsOnConnect(caller.cloudId, next);
  // The workspace (perhaps a new one) gets every key result's current progress now, checked
  // against Jira first, not at the next transition.
  if (next.progressUpdatesEnabled) {
    await reconcileAllKeyResults('sync_started');
    // The workspace gets the site's people, licences and activity now, not tomorrow.
    await pushWorkMessages([{ message: { kind: 'sync-usage' } }]);
    // What waited (a backend that refused our credentials, an outage) goes out now, oldest first.
    await askForDelivery('queue');
  }
  if (firstConnect) await startHistoryImport(now);
  return success(toAdminView(next));
}
