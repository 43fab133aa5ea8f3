import { isSyncActive } from '../domain/app-settings';
import { lastDays } from '../domain/activity-day';
import { TransientError } from '../domain/app-errors';
import { licencesOf } from '../domain/licences';
import { type SiteUser, buildUsageRows, splitUsageReport } from '../domain/usage-report';
import { buildUsageReportPart } from '../domain/webhook-events';
import { loadActivityDays } from '../adapters/activity-store';
import { emailsOf } from '../adapters/jira-users';
import { logEvent } from '../adapters/log';
import { newOutboxRecord, saveNewOutboxRecord } from '../adapters/outbox-store';
import { type ProductRef, productAccessByGroups, productAccessOfUser } from '../adapters/product-access';
import { listSitePeople } from '../adapters/site-people';
import { deleteAccessSlices, loadAccessSlices, saveAccessSlice } from '../adapters/usage-access-store';
import type { UsageSyncResume } from '../domain/work-message';
import { loadSettings } from '../adapters/settings-store';
import { saveUsageSnapshot } from '../adapters/usage-snapshot-store';
import { pushWorkMessages } from '../adapters/work-queue';
import { askForDelivery } from './deliver-owed-webhooks';

/** The usage window: the last 30 days, today (UTC) included. */
export const USAGE_WINDOW_DAYS = 30;
/** Hidden emails asked for per call (the bulk endpoint takes a list of ids; no limit is documented). */
const EMAIL_BATCH = 100;

export interface UsageSyncReport {
  users: number;
  parts: number;
  /** How product access was read: the products' groups (Administer Jira) or one call per user. */
  method: 'groups' | 'per-user';
  jiraCalls: number;
}

/** People whose access is read per user in one chunk: about 20 s at 150 ms a call, under a fifth of the 120 s limit. */
const PER_USER_SLICE = 150;

type AccessRead = { kind: 'all'; access: Map<string, ProductRef[]>; method: UsageSyncReport['method']; calls: number } | { kind: 'continues' };

async function accessOfEach(people: readonly { accountId: string }[]): Promise<Map<string, ProductRef[]>> {
  const access = new Map<string, ProductRef[]>();
  for (const person of people) access.set(person.accountId, await productAccessOfUser(person.accountId));
  return access;
}

/**
 * Product access through the groups when the app may read the roles (cheapest: one
 * invocation), else per user, a slice of PER_USER_SLICE people per queue chunk, kept in
 * storage until the last chunk sends the report. A 401/403 on both means the app's
 * permissions have not reached the site yet (they arrive gradually after install):
 * TransientError, so the chunk runs again later.
 */
async function readProductAccess(people: readonly { accountId: string }[], syncId: string, resume: UsageSyncResume | undefined): Promise<AccessRead> {
  if (!resume) {
    try {
      const byGroups = await productAccessByGroups();
      return { kind: 'all', ...byGroups, method: 'groups' };
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      logEvent('usage.roles-refused', { reason: error.message });
    }
  }
  const offset = resume?.offset ?? 0;
  const slice = people.slice(offset, offset + PER_USER_SLICE);
  if (offset + PER_USER_SLICE < people.length) {
    await saveAccessSlice(syncId, offset, await accessOfEach(slice));
    const { failed, reason } = await pushWorkMessages([{ message: { kind: 'sync-usage', resume: { syncId, offset: offset + PER_USER_SLICE } } }]);
    // Not queued: this chunk is asked for again (its slice is saved already, and saving it again is harmless).
    if (failed.length > 0) throw new TransientError(`the next part of the usage sync could not be queued: ${reason ?? 'unknown reason'}`, 30);
    return { kind: 'continues' };
  }
  // The last chunk: the slices saved before, this one, and anyone who joined the site meanwhile.
  const { access, keys } = await loadAccessSlices(syncId);
  for (const [accountId, products] of await accessOfEach(slice)) access.set(accountId, products);
  const joined = people.filter((p) => !access.has(p.accountId));
  for (const [accountId, products] of await accessOfEach(joined)) access.set(accountId, products);
  await deleteAccessSlices(keys);
  return { kind: 'all', access, method: 'per-user', calls: slice.length + joined.length };
}

/**
 * The daily (and after Connect) usage sync: every person with their licences and their
 * last 30 days of activity, sent as a usage.report in parts. A user who hides their email
 * is synced by accountId and name; the email is asked for only when the admin turned on
 * "Include emails that users hid".
 */
export async function syncUsage(cloudId: string, now: Date = new Date(), resume?: UsageSyncResume): Promise<UsageSyncReport | 'skipped' | 'continues'> {
  const settings = await loadSettings();
  if (!isSyncActive(settings)) return 'skipped';
  const syncId = resume?.syncId ?? `usage-${now.toISOString()}`;
  const { people, calls: peopleCalls } = await listSitePeople();
  const read = await readProductAccess(people, syncId, resume);
  if (read.kind === 'continues') return 'continues';
  const { access, method, calls: accessCalls } = read;
  let emailCalls = 0;
  const hiddenEmails = new Map<string, string>();
  if (settings.includeHiddenEmails) {
    const hidden = people.filter((p) => p.email === null).map((p) => p.accountId);
    for (let i = 0; i < hidden.length; i += EMAIL_BATCH) {
      for (const [id, email] of await emailsOf(hidden.slice(i, i + EMAIL_BATCH))) hiddenEmails.set(id, email);
      emailCalls += 1;
    }
  }
  const users: SiteUser[] = people.map((p) => ({
    accountId: p.accountId,
    displayName: p.displayName,
    email: p.email ?? hiddenEmails.get(p.accountId) ?? null,
    emailHidden: p.email === null,
    active: p.active,
    licences: licencesOf(access.get(p.accountId) ?? []),
  }));
  const today = now.toISOString().slice(0, 10);
  const days = lastDays(today, USAGE_WINDOW_DAYS);
  const rows = buildUsageRows(users, await loadActivityDays(days), { includeHiddenEmails: settings.includeHiddenEmails });
  const parts = splitUsageReport(syncId, { from: days[0]!, to: today }, rows);
  const webhooks = parts.map((part) => buildUsageReportPart(cloudId, part, now));
  for (const webhook of webhooks) await saveNewOutboxRecord(newOutboxRecord({ id: webhook.id, type: webhook.type, body: JSON.stringify(webhook), keyResultId: null, now: now.getTime() }));
  // A failed push leaves the parts pending for the redrive.
  await askForDelivery('queue');
  // The admin page's Usage section lists the people as this report carries them (rows: a
  // hidden email only with the option on), once the report is on its way.
  await saveUsageSnapshot(
    rows.map(({ accountId, displayName, email, emailHidden, active, licences }) => ({ accountId, displayName, email, emailHidden, active, licences })),
    now.toISOString(),
  );
  const report: UsageSyncReport = { users: users.length, parts: parts.length, method, jiraCalls: peopleCalls + accessCalls + emailCalls };
  logEvent('usage.synced', { ...report });
  return report;
}
