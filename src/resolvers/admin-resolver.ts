import Resolver from '@forge/resolver';
import { parseAccessModeInput, parseEnabledInput, parseHiddenEmailsInput, parseRedeliverInput, parseSelectionChange } from '../domain/admin-payloads';
import type { EnvironmentType } from '../domain/backend-url';
import { isSyncActive, progressRulesOf } from '../domain/app-settings';
import type { ProgressRules } from '../domain/compute-progress';
import { parseProgressWeights } from '../domain/progress-weights';
import { parseProgressRulesInput } from '../domain/status-rules';
import { isObject } from '../domain/read-json';
import { applySelectionChange } from '../adapters/access-store';
import { isJiraAdmin } from '../adapters/check-admin';
import { logEvent } from '../adapters/log';
import { storageRateLimited } from '../adapters/storage-rate-limit';
import { listSiteStatuses } from '../adapters/status-categories';
import { loadSettings, updateSettings } from '../adapters/settings-store';
import { toAdminView } from '../services/admin-settings-view';
import { type CallerContext, connectToWorkspace } from '../services/connect-workspace';
import { listSiteUsers } from '../services/list-site-users';
import { previewProgressRules } from '../services/preview-progress-rules';
import { reconcileAllKeyResults, recomputeAllKeyResults } from '../services/queue-every-key-result';
import { usageOverview } from '../services/usage-overview';
import { describeDeliveryHealth, redeliver } from '../services/delivery-health';
import { describeDeliveryLog, sendTestEvent } from '../services/delivery-log';
import { askForDelivery } from '../services/deliver-owed-webhooks';
import type { AdminResolverKey, AdminResolvers } from './admin-api';
import { type ResolverResponse, failure, success } from './resolver-response';

interface AdminRequest {
  payload: unknown;
  context: Record<string, unknown>;
}
type AdminHandler<K extends AdminResolverKey> = (request: AdminRequest) => Promise<ResolverResponse<AdminResolvers[K][1]>>;

/** Every admin resolver goes through this guard first: no definition can forget it. */
export function adminOnly<K extends AdminResolverKey>(name: K, handler: AdminHandler<K>): AdminHandler<K> {
  return async (request) => {
    if (typeof request.context['accountId'] !== 'string' || !(await isJiraAdmin())) {
      logEvent('resolver.refused', { resolver: name, reason: 'caller is not a Jira administrator' });
      return failure('FORBIDDEN', 'Only Jira administrators can use this page.');
    }
    try {
      return await handler(request);
    } catch (error) {
      logEvent('resolver.failed', { resolver: name, reason: (error as Error).name });
      if (storageRateLimited(error)) return failure('UNAVAILABLE', 'The app’s storage is busy right now (its per-minute limit is reached); try again in a minute.');
      return failure('INTERNAL', 'Something went wrong; try again. If it persists, check the app logs.');
    }
  };
}

const ENVIRONMENT_TYPES: readonly EnvironmentType[] = ['DEVELOPMENT', 'STAGING', 'PRODUCTION'];

/** Who and where, from the invocation context only. Unknown environments count as production (the strict rules). */
function callerOf(context: Record<string, unknown>): CallerContext {
  const env = context['environmentType'];
  return {
    environmentType: ENVIRONMENT_TYPES.includes(env as EnvironmentType) ? (env as EnvironmentType) : 'PRODUCTION',
    cloudId: typeof context['cloudId'] === 'string' ? context['cloudId'] : '',
    siteUrl: typeof context['siteUrl'] === 'string' ? context['siteUrl'] : undefined,
  };
}

const noPayload = (payload: unknown): boolean => payload === undefined || (isObject(payload) && Object.keys(payload).length === 0);

const resolver = new Resolver();
const define = <K extends AdminResolverKey>(key: K, handler: AdminHandler<K>) => resolver.define(key, adminOnly(key, handler) as never);

define('admin.getSettings', async () => success(toAdminView(await loadSettings())));

define('admin.connect', async ({ payload, context }) => connectToWorkspace(payload, callerOf(context)));

define('admin.setProgressUpdates', async ({ payload }) => {
  const enabled = parseEnabledInput(payload);
  if (!enabled.ok) return failure('INVALID_INPUT', enabled.error.message, enabled.error.field);
  const settings = await loadSettings();
  if (enabled.value && !settings.connection) return failure('NOT_CONNECTED', 'Connect to your OKR workspace first.');
  const next = await updateSettings((current) => ({ ...current, progressUpdatesEnabled: enabled.value }));
  logEvent('admin.progress-updates', { enabled: enabled.value });
  // Resuming corrects every key result against Jira (transitions made while paused were
  // not applied), then sends each one's progress.
  if (enabled.value && !settings.progressUpdatesEnabled) {
    await reconcileAllKeyResults('sync_started');
    // What waited while paused goes out now, not at the next redrive.
    await askForDelivery('queue');
  }
  return success(toAdminView(next));
});

define('admin.saveWeights', async ({ payload }) => {
  const weights = parseProgressWeights(payload);
  if (!weights.ok) {
    const first = weights.error[0]!;
    return failure('INVALID_INPUT', weights.error.map((e) => e.message).join(' '), first.field);
  }
  const next = await updateSettings((current) => ({ ...current, weights: weights.value }));
  return success(toAdminView(next));
});

define('admin.recomputeAll', async ({ payload }) => {
  if (!noPayload(payload)) return failure('INVALID_INPUT', 'admin.recomputeAll takes no fields.', 'payload');
  const settings = await loadSettings();
  if (!settings.connection) return failure('NOT_CONNECTED', 'Connect to your OKR workspace first.');
  if (!settings.progressUpdatesEnabled) return failure('INVALID_INPUT', 'Progress updates are paused; turn them on to recalculate.');
  const { keyResults, queued } = await recomputeAllKeyResults('weights_changed');
  if (!queued) return failure('UNAVAILABLE', 'The recalculation could not be started: the platform’s queue is busy. Try again in a minute.');
  return success({ keyResults });
});

define('admin.listStatuses', async ({ payload }) => {
  if (!noPayload(payload)) return failure('INVALID_INPUT', 'admin.listStatuses takes no fields.', 'payload');
  return success(await listSiteStatuses());
});

/** Reads the proposed rules against the site's current statuses (one Jira call). */
async function readProposedRules(payload: unknown): Promise<ResolverResponse<ProgressRules>> {
  const statuses = await listSiteStatuses();
  const parsed = parseProgressRulesInput(payload, new Map(statuses.map((s) => [s.id, s.name])));
  return parsed.ok ? success(parsed.value) : failure('INVALID_INPUT', parsed.error.message, parsed.error.field);
}

define('admin.previewProgressRules', async ({ payload }) => {
  const proposed = await readProposedRules(payload);
  if (!proposed.ok) return proposed;
  const settings = await loadSettings();
  return success(await previewProgressRules(progressRulesOf(settings), proposed.data, settings.connection));
});

define('admin.saveProgressRules', async ({ payload }) => {
  const proposed = await readProposedRules(payload);
  if (!proposed.ok) return proposed;
  const settings = await loadSettings();
  const changed = JSON.stringify(progressRulesOf(settings)) !== JSON.stringify(proposed.data);
  const next = await updateSettings((current) => ({ ...current, weights: proposed.data.weights, statusRules: [...proposed.data.statusRules] }));
  logEvent('admin.progress-rules', { statusRules: next.statusRules.length, changed });
  // Sent under the new rules now, with the totals the preview read: its numbers are what the backend gets.
  const fanOut = changed && isSyncActive(next) ? await recomputeAllKeyResults('weights_changed') : { keyResults: 0, queued: true };
  // Not started (the queue refused even its first event): the page is told none are on their way.
  const recalculating = fanOut.queued ? fanOut.keyResults : 0;
  return success({ settings: toAdminView(next), recalculating });
});

define('admin.setAccessMode', async ({ payload }) => {
  const mode = parseAccessModeInput(payload);
  if (!mode.ok) return failure('INVALID_INPUT', mode.error.message, mode.error.field);
  // Switching back to "all" keeps the stored selection (unused) for the next time.
  const next = await updateSettings((current) => ({ ...current, access: { ...current.access, mode: mode.value } }));
  return success(toAdminView(next));
});

define('admin.setIncludeHiddenEmails', async ({ payload }) => {
  const enabled = parseHiddenEmailsInput(payload);
  if (!enabled.ok) return failure('INVALID_INPUT', enabled.error.message, enabled.error.field);
  const next = await updateSettings((current) => ({ ...current, includeHiddenEmails: enabled.value }));
  logEvent('admin.include-hidden-emails', { enabled: enabled.value });
  return success(toAdminView(next));
});

define('admin.listUsers', async ({ payload }) => listSiteUsers(payload));

define('admin.saveSelection', async ({ payload }) => {
  const change = parseSelectionChange(payload);
  if (!change.ok) return failure('INVALID_INPUT', change.error.message, change.error.field);
  const delta = await applySelectionChange(change.value);
  const next = await updateSettings((current) => ({ ...current, access: { ...current.access, selectedCount: Math.max(0, current.access.selectedCount + delta) } }));
  return success(toAdminView(next));
});

define('admin.usageOverview', async ({ payload }) => usageOverview(payload));

define('admin.deliveryHealth', async ({ payload }) => {
  if (!noPayload(payload)) return failure('INVALID_INPUT', 'admin.deliveryHealth takes no fields.', 'payload');
  return success(await describeDeliveryHealth(new Date()));
});

define('admin.deliveryLog', async ({ payload }) => {
  if (!noPayload(payload)) return failure('INVALID_INPUT', 'admin.deliveryLog takes no fields.', 'payload');
  return success(await describeDeliveryLog(new Date()));
});

define('admin.redeliver', async ({ payload }) => {
  const target = parseRedeliverInput(payload);
  if (!target.ok) return failure('INVALID_INPUT', target.error.message, target.error.field);
  const settings = await loadSettings();
  if (!isSyncActive(settings)) return failure('INVALID_INPUT', 'Progress updates are off or no workspace is connected: turn them on to redeliver.');
  const done = await redeliver(target.value, new Date());
  if ('id' in target.value && done.redelivered === 0) return failure('NOT_FOUND', 'That event is not a dead letter (any more): reload the delivery log.');
  return success({ ...done, log: await describeDeliveryLog(new Date()) });
});

define('admin.sendTestEvent', async ({ payload, context }) => {
  if (!noPayload(payload)) return failure('INVALID_INPUT', 'admin.sendTestEvent takes no fields.', 'payload');
  const result = await sendTestEvent(callerOf(context).cloudId);
  if (result === 'not-connected') return failure('NOT_CONNECTED', 'Connect to your OKR workspace first.');
  return success({ ...result, log: await describeDeliveryLog(new Date()) });
});

export const adminResolver = resolver.getDefinitions();
