/**
 * The usage sync: every person on the site (deactivated included; apps and customers
 * not) with their licences and last 30 days of activity, as a usage.report in parts. A
 * user who hides their email is synced by accountId and name; the email only with the
 * admin's option on. Product access comes from the products' groups when the app may read
 * them, else per user; an app whose permissions have not reached the site yet retries.
 */
import { issueCommentedEvent } from '../../../dev/platform/jira/forge-events';
import { DEMO_PEOPLE } from '../../../dev/demo/demo-directory';
import { type AdminPlatform, ADMIN, createDirectorySite, startAdminPlatform } from '../../support/admin-platform';

interface UsageRowWire {
  accountId: string;
  displayName: string;
  email: string | null;
  emailHidden: boolean;
  active: boolean;
  licences: Array<{ productKey: string }>;
  activeDays: number;
  counts: Record<string, number>;
}
interface BackendEvent {
  type: string;
  verification: string;
  payload?: { data: { reportId: string; part: number; partCount: number; users: UsageRowWire[] } };
}

let env: AdminPlatform;
beforeEach(async () => {
  const site = createDirectorySite();
  site.addUser({ accountId: 'qm:customer-1', displayName: 'A Customer', accountType: 'customer' });
  env = await startAdminPlatform({ site });
  expect((await env.connect()).ok).toBe(true);
  await env.platform.drain();
});
afterEach(() => env.stop());

async function usageRows(): Promise<UsageRowWire[]> {
  const { events } = (await (await fetch(`${env.backend.url}/api/events`)).json()) as { events: BackendEvent[] };
  const parts = events.filter((e) => e.type === 'usage.report' && e.verification === 'verified').map((e) => e.payload!.data);
  const latest = parts.sort((a, b) => b.reportId.localeCompare(a.reportId))[0];
  if (!latest) return [];
  const mine = parts.filter((p) => p.reportId === latest.reportId);
  expect(new Set(mine.map((p) => p.part)).size).toBe(latest.partCount);
  return mine.flatMap((p) => p.users);
}
const runSync = async () => {
  await env.platform.runScheduledTrigger('sync-usage-daily');
  await env.platform.drain();
};

describe('the usage sync', () => {
  it('runs right after Connect and lists every person, with licences de-duplicated, deactivated ones included', async () => {
    const rows = await usageRows();
    const ids = rows.map((r) => r.accountId);
    expect(ids).toEqual(expect.arrayContaining(DEMO_PEOPLE.map((p) => p.accountId)));
    expect(ids).toContain('557058:gone-0001');
    expect(ids).not.toContain('557058:app-automation');
    expect(ids).not.toContain('qm:customer-1');
    expect(rows.find((r) => r.accountId === '557058:gone-0001')).toMatchObject({ active: false });
    const product = DEMO_PEOPLE.find((p) => p.products.includes('jira-software') && p.products.includes('jira-product-discovery'))!;
    expect(rows.find((r) => r.accountId === product.accountId)!.licences.map((l) => l.productKey)).toEqual(['jira-product-discovery', 'jira-software']);
  });

  it('does not count Jira Work Management again for a user who also has Jira Software', async () => {
    const engineer = DEMO_PEOPLE.find((p) => p.products.length === 1 && p.products[0] === 'jira-software')!;
    env.site.giveProductAccess(engineer.accountId, 'jira-core');
    await runSync();
    expect((await usageRows()).find((r) => r.accountId === engineer.accountId)!.licences.map((l) => l.productKey)).toEqual(['jira-software']);
  });

  it('syncs a user who hides their email by id and name; the email only once the admin turns the option on', async () => {
    const hidden = DEMO_PEOPLE.find((p) => p.emailHidden)!;
    expect((await usageRows()).find((r) => r.accountId === hidden.accountId)).toMatchObject({ displayName: hidden.displayName, email: null, emailHidden: true });
    expect(await env.call('admin.setIncludeHiddenEmails', { enabled: true })).toMatchObject({ ok: true });
    await runSync();
    expect((await usageRows()).find((r) => r.accountId === hidden.accountId)).toMatchObject({ email: hidden.email, emailHidden: true });
  });

  it('carries each person’s activity of the window', async () => {
    const issue = env.site.createIssue({ projectKey: 'OKR', summary: 'Talk', reporterId: ADMIN.accountId });
    const author = DEMO_PEOPLE[4]!;
    for (const body of ['one', 'two']) await env.platform.fireProductEvent(issueCommentedEvent(env.site, issue, env.site.addComment(issue.id, { authorId: author.accountId, body })));
    await env.platform.drain();
    await runSync();
    expect((await usageRows()).find((r) => r.accountId === author.accountId)).toMatchObject({ activeDays: 1, counts: { comment: 2 } });
  });

  it('reads product access per user when the app may not read the roles, with the same licences', async () => {
    const before = await usageRows();
    env.site.setAppGlobalPermissions(['USER_PICKER']);
    const calls = env.platform.jira.exchanges.length;
    await runSync();
    const paths = env.platform.jira.exchanges.slice(calls).map((e) => e.url.split('?')[0]);
    expect(paths.filter((p) => p === '/rest/api/3/user').length).toBeGreaterThan(20);
    const licencesOf = (rows: UsageRowWire[]) => Object.fromEntries(rows.map((r) => [r.accountId, r.licences.map((l) => l.productKey)]));
    expect(licencesOf(await usageRows())).toEqual(licencesOf(before));
  });

  it('reads per user in chunks of 150 people on a bigger site, counting everyone once, the same licences as through the groups', async () => {
    for (let i = 0; i < 400; i += 1) {
      const accountId = `557058:many-${String(i).padStart(4, '0')}`;
      env.site.addUser({ accountId, displayName: `Many ${i}` });
      env.site.giveProductAccess(accountId, i % 3 === 0 ? 'jira-servicedesk' : 'jira-software');
    }
    await runSync();
    const byGroups = await usageRows();
    env.site.setAppGlobalPermissions(['USER_PICKER']);
    const chunks = env.platform.queue.stats.pushedByKind['sync-usage'] ?? 0;
    await runSync();
    const perUser = await usageRows();
    // The first chunk, queued by the trigger, then one more per further 150 people.
    expect((env.platform.queue.stats.pushedByKind['sync-usage'] ?? 0) - chunks).toBe(Math.ceil(byGroups.length / 150));
    const licencesOf = (rows: UsageRowWire[]) => Object.fromEntries(rows.map((r) => [r.accountId, r.licences.map((l) => l.productKey)]));
    expect(perUser).toHaveLength(byGroups.length);
    expect(licencesOf(perUser)).toEqual(licencesOf(byGroups));
    // Nothing of the chunks is left in storage.
    expect(JSON.stringify(env.platform.kvs.snapshot().data.map(([key]) => key))).not.toContain('usage-access:');
  });

  it('retries later, instead of giving up, while the app’s permissions have not reached the site', async () => {
    env.platform.jira.injectFault((method, path, principal) => principal.kind === 'app' && (path === '/rest/api/3/applicationrole' || path === '/rest/api/3/user'), { status: 403, body: { errorMessages: ['Forbidden'] } }, 3);
    const before = env.platform.queue.stats.retried;
    await env.platform.runScheduledTrigger('sync-usage-daily');
    await env.platform.settle();
    expect(env.platform.queue.stats.retried).toBeGreaterThan(before);
    expect((await usageRows()).length).toBeGreaterThan(DEMO_PEOPLE.length - 1);
  });
});
