import { kvs } from '@forge/kvs';
import { type AccessControl, type AppSettings, DEFAULT_SETTINGS, type OkrConnection } from '../domain/app-settings';
import { parseProgressWeights } from '../domain/progress-weights';
import { isObject } from '../domain/read-json';
import type { StatusRule } from '../domain/status-rules';
import { INBOUND_SIGNING_SECRET, OKR_API_TOKEN_SECRET, SETTINGS_KEY, WEBHOOK_SIGNING_SECRET } from './storage-keys';

function readAccess(value: unknown): AccessControl {
  if (!isObject(value)) return { ...DEFAULT_SETTINGS.access };
  const count = value['selectedCount'];
  return { mode: value['mode'] === 'selected' ? 'selected' : 'all', selectedCount: typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : 0 };
}

/** Rules as stored; a damaged entry is dropped rather than stopping progress. */
function readStatusRules(value: unknown): StatusRule[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (r): r is StatusRule => isObject(r) && typeof r['statusId'] === 'string' && (r['weight'] === null || (Number.isInteger(r['weight']) && (r['weight'] as number) >= 0 && (r['weight'] as number) <= 100)),
  );
}

/**
 * Reads settings, falling back to defaults field by field, so a record written by an
 * older version (or damaged by hand) never stops event processing with a crash.
 */
export async function loadSettings(): Promise<AppSettings> {
  const stored = await kvs.get<unknown>(SETTINGS_KEY);
  if (!isObject(stored)) return { ...DEFAULT_SETTINGS };
  const weights = parseProgressWeights(stored['weights']);
  return {
    progressUpdatesEnabled: stored['progressUpdatesEnabled'] === true,
    weights: weights.ok ? weights.value : DEFAULT_SETTINGS.weights,
    statusRules: readStatusRules(stored['statusRules']),
    connection: isObject(stored['connection']) ? (stored['connection'] as unknown as OkrConnection) : null,
    access: readAccess(stored['access']),
    includeHiddenEmails: stored['includeHiddenEmails'] === true,
    activityCountingSince: typeof stored['activityCountingSince'] === 'string' ? stored['activityCountingSince'] : null,
  };
}

export async function saveSettings(settings: AppSettings): Promise<void> {
  await kvs.set(SETTINGS_KEY, settings);
}

export async function saveConnectionSecrets(secrets: { apiToken: string; signingSecret: string; inboundSigningSecret: string | null }): Promise<void> {
  await kvs.setSecret(OKR_API_TOKEN_SECRET, secrets.apiToken);
  await kvs.setSecret(WEBHOOK_SIGNING_SECRET, secrets.signingSecret);
  // A workspace that gives none cannot call the app: an older secret must not stay valid.
  if (secrets.inboundSigningSecret) await kvs.setSecret(INBOUND_SIGNING_SECRET, secrets.inboundSigningSecret);
  else await kvs.deleteSecret(INBOUND_SIGNING_SECRET);
}

/** The secret the backend's calls to the web trigger are signed with (undefined: it cannot call). */
export async function loadInboundSigningSecret(): Promise<string | undefined> {
  return kvs.getSecret<string>(INBOUND_SIGNING_SECRET);
}

export async function loadSigningSecret(): Promise<string | undefined> {
  return kvs.getSecret<string>(WEBHOOK_SIGNING_SECRET);
}

export async function loadApiToken(): Promise<string | undefined> {
  return kvs.getSecret<string>(OKR_API_TOKEN_SECRET);
}
