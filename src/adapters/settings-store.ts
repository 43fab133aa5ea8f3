import { kvs } from '@forge/kvs';
import { type AccessControl, type AppSettings, DEFAULT_SETTINGS, type OkrConnection } from '../domain/app-settings';
import { parseProgressWeights } from '../domain/progress-weights';
import { isObject } from '../domain/read-json';
import type { StatusRule } from '../domain/status-rules';
import { ConcurrentUpdateError } from './key-result-store';
import { createEmptyRecord, isConditionFailure, unchangedSince, withCounter } from './compare-and-set';
import { INBOUND_SIGNING_SECRET, OKR_API_TOKEN_SECRET, SETTINGS_ENTITY, SETTINGS_KEY, WEBHOOK_SIGNING_SECRET } from './storage-keys';

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

/** Settings live in one entity record, replaced under a condition on its revision. */
interface StoredSettings {
  revision: number;
  value: unknown;
}

/** The stored settings and their revision (0: none yet in the entity; a record of an older version may sit under the plain key). */
async function loadStored(): Promise<{ settings: AppSettings; revision: number }> {
  const record = withCounter(await kvs.entity<StoredSettings>(SETTINGS_ENTITY).get(SETTINGS_KEY), 'revision');
  if (record) return { settings: readSettings(record.value), revision: record.revision };
  return { settings: readSettings(await kvs.get<unknown>(SETTINGS_KEY)), revision: 0 };
}

export async function loadSettings(): Promise<AppSettings> {
  return (await loadStored()).settings;
}

/** Attempts before a change gives up on settings that keep changing under it (admins clicking at once). */
const MAX_ATTEMPTS = 8;

/**
 * Applies `change` to the settings as they are when it is written: read, change, write only
 * if nobody wrote since (else read again and apply the change again). So a slow Connect
 * cannot undo a pause or a weights change made while it waited for the workspace. Returns
 * the settings written.
 */
export async function updateSettings(change: (current: AppSettings) => AppSettings): Promise<AppSettings> {
  for (let attempt = 1; ; attempt += 1) {
    const before = await loadStored();
    const after = change(before.settings);
    let tx = kvs.transact().set(SETTINGS_KEY, { revision: before.revision + 1, value: after } satisfies StoredSettings, { entityName: SETTINGS_ENTITY, conditions: unchangedSince<StoredSettings>('revision', before.revision) });
    // The first write moves settings of an older version out of the plain key.
    if (before.revision === 0) tx = tx.delete(SETTINGS_KEY);
    try {
      await tx.execute();
      return after;
    } catch (error) {
      if (!isConditionFailure(error) || attempt >= MAX_ATTEMPTS) throw isConditionFailure(error) ? new ConcurrentUpdateError('The settings kept changing; try again.') : error;
      // The first write, on a platform that refuses conditions on missing records: the next attempt finds one.
      if (before.revision === 0) await createEmptyRecord(SETTINGS_ENTITY, SETTINGS_KEY);
    }
  }
}

/**
 * Reads settings, falling back to defaults field by field, so a record written by an
 * older version (or damaged by hand) never stops event processing with a crash.
 */
function readSettings(stored: unknown): AppSettings {
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
    installationEpoch: Number.isSafeInteger(stored['installationEpoch']) && (stored['installationEpoch'] as number) > 0 ? (stored['installationEpoch'] as number) : null,
  };
}

/** Replaces the settings whatever they are now (seeding and tests; the app's own changes use updateSettings). */
export async function saveSettings(settings: AppSettings): Promise<void> {
  // The epoch belongs to the installation: replacing the settings never resets it.
  await updateSettings((current) => ({ ...settings, installationEpoch: settings.installationEpoch ?? current.installationEpoch }));
}

/**
 * The installation's epoch, set now if it has none yet (an installation connected before
 * epochs existed): the first writer wins, so every event of the installation carries one value.
 */
export async function ensureInstallationEpoch(settings: AppSettings): Promise<number> {
  if (settings.installationEpoch !== null) return settings.installationEpoch;
  const next = await updateSettings((current) => (current.installationEpoch !== null ? current : { ...current, installationEpoch: Date.now() }));
  return next.installationEpoch!;
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
