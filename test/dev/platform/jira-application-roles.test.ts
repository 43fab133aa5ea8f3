/**
 * Product access in the simulated Jira, reached through the real @forge/api SDK: application
 * roles, group members (paged, inactive users, hidden emails) and a user with their groups
 * and roles, each with the permission Atlassian documents, and every exchange held against
 * the OpenAPI contract. The licence sync the app will build reads exactly these.
 */
import api, { route } from '@forge/api';
import type { JiraExchange } from '../../../dev/platform/jira/jira-server';
import { JiraSite } from '../../../dev/platform/jira/site-model';
import { LocalForgePlatform } from '../../../dev/platform/local-platform';
import { type ConformanceProblem, loadJiraContract } from '../../../dev/platform/openapi/jira-contract';
import { ADMIN_ID, USER_ID, createTestSite } from '../../support/test-site';

const contract = loadJiraContract();
const problemsOf = (exchanges: readonly JiraExchange[]): ConformanceProblem[] =>
  exchanges.flatMap((e) => contract.checkExchange({ method: e.method, url: e.url, status: e.status, requestBody: e.requestBody, responseBody: e.responseBody }));

const HIDDEN_ID = '5b10ac8d82e05b22cc7d0001';
const INACTIVE_ID = '5b10ac8d82e05b22cc7d0002';
const BOT_ID = '5b10ac8d82e05b22cc7d0003';
const CUSTOMER_ID = 'qm:5b10ac8d-0004';
const UNLICENSED_ID = '5b10ac8d82e05b22cc7d0005';
const DEVELOPER_IDS = Array.from({ length: 50 }, (_, i) => `5b10ac8d82e05b22cc7e${String(i).padStart(4, '0')}`);

type Json = Record<string, unknown>;
type Role = { key: string; name: string; groups: string[]; groupDetails: Array<{ groupId: string; name: string }>; defaultGroups: string[]; userCount: number; [field: string]: unknown };
type Page = { startAt: number; maxResults: number; total: number; isLast: boolean; nextPage?: string; self: string; values: Json[] };

/**
 * Admin and Uma (test-site), Hana who hides her email, Ivo who was deactivated, an app's bot
 * account and a service desk customer, Nils with no product, and 50 developers in a second
 * Jira Software group (with Uma again), for pages of group members past Jira's cap of 50.
 */
function createAccessSite(): JiraSite {
  const { site } = createTestSite(0);
  site.addUser({ accountId: HIDDEN_ID, displayName: 'Hana Hidden', emailHidden: true });
  site.addUser({ accountId: INACTIVE_ID, displayName: 'Ivo Inactive', active: false });
  site.addUser({ accountId: BOT_ID, displayName: 'Automation for Jira', accountType: 'app' });
  site.addUser({ accountId: CUSTOMER_ID, displayName: 'Cleo Customer', accountType: 'customer' });
  site.addUser({ accountId: UNLICENSED_ID, displayName: 'Nils Nolicence' });
  DEVELOPER_IDS.forEach((accountId, i) => site.addUser({ accountId, displayName: `Dev ${String(i + 1).padStart(2, '0')}` }));
  site.addStandardProducts();
  site.product('jira-software')!.seats = 100;
  for (const id of [ADMIN_ID, USER_ID, HIDDEN_ID, INACTIVE_ID, BOT_ID]) site.giveProductAccess(id, 'jira-software');
  site.giveProductAccess(ADMIN_ID, 'jira-servicedesk');
  site.giveProductAccess(HIDDEN_ID, 'jira-product-discovery');
  site.addGroup({ name: 'jira-developers', memberIds: [USER_ID, ...DEVELOPER_IDS] });
  site.grantProductToGroup('jira-software', 'jira-developers');
  return site;
}

let platform: LocalForgePlatform;
let site: JiraSite;
const json = async <T = Json>(response: { json(): Promise<unknown> }) => (await response.json()) as T;
const groupId = (name: string) => site.findGroup(name)!.groupId;

beforeAll(async () => {
  site = createAccessSite();
  platform = await LocalForgePlatform.start({ site });
});
afterAll(() => platform.stop());

describe('GET /applicationrole: every product with its groups and licensed users (Administer Jira)', () => {
  it('a site admin gets the four products; userCount counts active human members once, apps and the deactivated not', async () => {
    const response = await api.asUser(ADMIN_ID).requestJira(route`/rest/api/3/applicationrole`);
    expect(response.status).toBe(200);
    const roles = await json<Role[]>(response);
    expect(roles.map((r) => [r.key, r.name])).toEqual([
      ['jira-software', 'Jira Software'],
      ['jira-servicedesk', 'Jira Service Management'],
      ['jira-product-discovery', 'Jira Product Discovery'],
      ['jira-core', 'Jira Work Management'],
    ]);
    const software = roles[0]!;
    expect(software).toMatchObject({ groups: ['jira-software-users', 'jira-developers'], defaultGroups: ['jira-software-users'], platform: false, hasUnlimitedSeats: false, numberOfSeats: 100 });
    expect(software.groupDetails).toEqual([
      { groupId: groupId('jira-software-users'), name: 'jira-software-users', self: `${site.data.baseUrl}/rest/api/3/group?groupId=${groupId('jira-software-users')}` },
      { groupId: groupId('jira-developers'), name: 'jira-developers', self: `${site.data.baseUrl}/rest/api/3/group?groupId=${groupId('jira-developers')}` },
    ]);
    // Admin, Uma (in both groups, once), Hana and the 50 developers; not Ivo, not the bot.
    expect(software).toMatchObject({ userCount: 53, remainingSeats: 47, userCountDescription: '53 users' });
    expect(roles[1]).toMatchObject({ userCount: 1, hasUnlimitedSeats: true, platform: false });
    expect(roles[1]).not.toHaveProperty('numberOfSeats');
    expect(roles[3]).toMatchObject({ userCount: 0, platform: true, groups: ['jira-core-users'] });
  });

  it('a user without Administer Jira gets 403; the app, whose user holds it, gets the same roles as the admin', async () => {
    expect((await api.asUser(USER_ID).requestJira(route`/rest/api/3/applicationrole`)).status).toBe(403);
    const asApp = await api.asApp().requestJira(route`/rest/api/3/applicationrole`);
    expect(asApp.status).toBe(200);
    const asAdmin = await api.asUser(ADMIN_ID).requestJira(route`/rest/api/3/applicationrole`);
    expect(await json(asApp)).toEqual(await json(asAdmin));
  });

  it('an app whose user lacks Administer Jira (scopes not yet synced to the site) gets 403, until it holds it', async () => {
    site.setAppGlobalPermissions(['USER_PICKER']);
    expect((await api.asApp().requestJira(route`/rest/api/3/applicationrole`)).status).toBe(403);
    site.setAppGlobalPermissions(undefined);
    expect((await api.asApp().requestJira(route`/rest/api/3/applicationrole`)).status).toBe(200);
  });

  it('GET /applicationrole/{key}: one role, 404 for an unknown key', async () => {
    expect(await json(await api.asApp().requestJira(route`/rest/api/3/applicationrole/${'jira-product-discovery'}`))).toMatchObject({ key: 'jira-product-discovery', userCount: 1, groups: ['jira-product-discovery-users'] });
    expect((await api.asApp().requestJira(route`/rest/api/3/applicationrole/${'confluence'}`)).status).toBe(404);
  });
});

describe('GET /group/member: a group in pages of at most 50', () => {
  it('maxResults above 50 gets 50; pages are walked with startAt until isLast, each member once, ordered by display name', async () => {
    const first = await json<Page>(await api.asApp().requestJira(route`/rest/api/3/group/member?groupId=${groupId('jira-developers')}&maxResults=100`));
    expect(first).toMatchObject({ startAt: 0, maxResults: 50, total: 51, isLast: false });
    expect(first.values).toHaveLength(50);
    expect(first.nextPage).toBe(`${site.data.baseUrl}/rest/api/3/group/member?groupId=${groupId('jira-developers')}&includeInactiveUsers=false&startAt=50&maxResults=50`);
    const second = await json<Page>(await api.asApp().requestJira(route`/rest/api/3/group/member?groupId=${groupId('jira-developers')}&startAt=${50}&maxResults=${50}`));
    expect(second).toMatchObject({ startAt: 50, maxResults: 50, total: 51, isLast: true, values: [{ accountId: USER_ID, displayName: 'Uma User' }] });
    expect(second).not.toHaveProperty('nextPage');
    const names = [...first.values, ...second.values].map((u) => u['displayName']);
    expect(names).toEqual([...names].sort((a, b) => String(a).localeCompare(String(b))));
    expect(new Set([...first.values, ...second.values].map((u) => u['accountId']))).toEqual(new Set([USER_ID, ...DEVELOPER_IDS]));
    // UserDetails: no locale, unlike the full User.
    expect(first.values[0]).not.toHaveProperty('locale');
  });

  it('small pages: maxResults=2 pages the default group with nextPage until isLast', async () => {
    const seen: string[] = [];
    for (let startAt = 0, pages = 0; pages < 5; pages += 1) {
      const page = await json<Page>(await api.asApp().requestJira(route`/rest/api/3/group/member?groupname=${'jira-software-users'}&startAt=${startAt}&maxResults=${2}`));
      seen.push(...page.values.map((u) => String(u['accountId'])));
      if (page.isLast) break;
      startAt += page.values.length;
    }
    expect(seen.sort()).toEqual([ADMIN_ID, USER_ID, HIDDEN_ID, BOT_ID].sort());
  });

  it('deactivated members only with includeInactiveUsers=true; app accounts are members like any other', async () => {
    const ids = async (include: boolean) => {
      const page = await json<Page>(await api.asApp().requestJira(route`/rest/api/3/group/member?groupId=${groupId('jira-software-users')}&includeInactiveUsers=${String(include)}`));
      return page.values.map((u) => [u['accountId'], u['accountType'], u['active']]);
    };
    expect(await ids(false)).not.toContainEqual([INACTIVE_ID, 'atlassian', false]);
    expect(await ids(false)).toContainEqual([BOT_ID, 'app', true]);
    expect(await ids(true)).toContainEqual([INACTIVE_ID, 'atlassian', false]);
    expect(await ids(true)).toHaveLength(5);
  });

  it('a member who hides their email has no emailAddress, even for the app; the others have theirs', async () => {
    const page = await json<Page>(await api.asApp().requestJira(route`/rest/api/3/group/member?groupId=${groupId('jira-software-users')}`));
    const byId = new Map(page.values.map((u) => [u['accountId'], u]));
    expect(byId.get(HIDDEN_ID)).not.toHaveProperty('emailAddress');
    expect(byId.get(USER_ID)).toMatchObject({ emailAddress: 'uma.user@example.com' });
  });

  it('an unknown group is a 404 (by id or name); naming no group is a 400', async () => {
    expect((await api.asApp().requestJira(route`/rest/api/3/group/member?groupId=${'00000000-0000-4000-8000-999999999999'}`)).status).toBe(404);
    expect((await api.asApp().requestJira(route`/rest/api/3/group/member?groupname=${'nobody-here'}`)).status).toBe(404);
    expect((await api.asApp().requestJira(route`/rest/api/3/group/member?maxResults=${10}`)).status).toBe(400);
  });

  it('needs Browse users and groups or Administer Jira, as a user and as the app; refused before the group is looked up', async () => {
    const status = async (principal: 'app' | string, group = groupId('jira-software-users')) =>
      (await (principal === 'app' ? api.asApp() : api.asUser(principal)).requestJira(route`/rest/api/3/group/member?groupId=${group}`)).status;
    expect(await status(USER_ID)).toBe(200);
    site.setBrowseUsersGroups(['jira-product-discovery-users']);
    try {
      expect(await status(HIDDEN_ID)).toBe(200);
      expect(await status(USER_ID)).toBe(403);
      expect(await status(USER_ID, 'not-a-group')).toBe(403);
      // The admin is not in the group: Administer Jira suffices.
      expect(await status(ADMIN_ID)).toBe(200);
      site.setAppGlobalPermissions(['USER_PICKER']);
      expect(await status('app')).toBe(200);
      site.setAppGlobalPermissions(['ADMINISTER']);
      expect(await status('app')).toBe(200);
      site.setAppGlobalPermissions([]);
      expect(await status('app')).toBe(403);
    } finally {
      site.setBrowseUsersGroups(undefined);
      site.setAppGlobalPermissions(undefined);
    }
  });
});

describe('GET /user: one account with its groups and application roles', () => {
  type UserBody = { accountId: string; active: boolean; emailAddress?: string; applicationRoles: { size: number; items: Json[] }; groups: { size: number; items: Json[] } };
  const getUser = async (accountId: string, expand?: string) =>
    json<UserBody>(await api.asApp().requestJira(expand === undefined ? route`/rest/api/3/user?accountId=${accountId}` : route`/rest/api/3/user?accountId=${accountId}&expand=${expand}`));

  it('expand=groups,applicationRoles lists them; without expand only their sizes', async () => {
    const expanded = await getUser(USER_ID, 'groups,applicationRoles');
    expect(expanded.applicationRoles).toEqual({ size: 1, items: [{ key: 'jira-software', name: 'Jira Software' }] });
    expect(expanded.groups.size).toBe(2);
    expect(expanded.groups.items.map((g) => g['name']).sort()).toEqual(['jira-developers', 'jira-software-users']);
    const plain = await getUser(USER_ID);
    expect(plain).toMatchObject({ accountId: USER_ID, emailAddress: 'uma.user@example.com', applicationRoles: { size: 1, items: [] }, groups: { size: 2, items: [] } });
    const rolesOnly = await getUser(ADMIN_ID, 'applicationRoles');
    expect(rolesOnly.applicationRoles.items.map((r) => r['key'])).toEqual(['jira-software', 'jira-servicedesk']);
    expect(rolesOnly.groups.items).toEqual([]);
  });

  it('a user without a product has none; a hidden email stays hidden; a deactivated user is still found', async () => {
    expect((await getUser(UNLICENSED_ID, 'applicationRoles')).applicationRoles).toEqual({ size: 0, items: [] });
    const hidden = await getUser(HIDDEN_ID, 'applicationRoles');
    expect(hidden).not.toHaveProperty('emailAddress');
    expect(hidden.applicationRoles.items.map((r) => r['key'])).toEqual(['jira-software', 'jira-product-discovery']);
    expect(await getUser(INACTIVE_ID, 'applicationRoles')).toMatchObject({ active: false, applicationRoles: { size: 1 } });
  });

  it('an unknown account, or none, is a 404', async () => {
    expect((await api.asApp().requestJira(route`/rest/api/3/user?accountId=${'5b10ac8d82e05b22ccffffff'}`)).status).toBe(404);
    expect((await api.asApp().requestJira(route`/rest/api/3/user`)).status).toBe(404);
  });

  it('needs Browse users and groups: a user without it gets 403, and so does an app whose user lacks it', async () => {
    expect((await api.asUser(USER_ID).requestJira(route`/rest/api/3/user?accountId=${HIDDEN_ID}`)).status).toBe(200);
    site.setBrowseUsersGroups(['jira-servicedesk-users']);
    site.setAppGlobalPermissions(['ADMINISTER']);
    try {
      expect((await api.asUser(USER_ID).requestJira(route`/rest/api/3/user?accountId=${HIDDEN_ID}`)).status).toBe(403);
      expect((await api.asUser(ADMIN_ID).requestJira(route`/rest/api/3/user?accountId=${HIDDEN_ID}`)).status).toBe(200);
      expect((await api.asApp().requestJira(route`/rest/api/3/user?accountId=${HIDDEN_ID}`)).status).toBe(403);
    } finally {
      site.setBrowseUsersGroups(undefined);
      site.setAppGlobalPermissions(undefined);
    }
  });
});

it('users/search still carries no applicationRoles or groups, as the real one does', async () => {
  const users = await json<Json[]>(await api.asApp().requestJira(route`/rest/api/3/users/search?maxResults=${100}`));
  expect(users.length).toBe(site.data.users.length);
  for (const user of users) {
    expect(user).not.toHaveProperty('applicationRoles');
    expect(user).not.toHaveProperty('groups');
  }
});

it("a permission reaching a big site gradually: injected 403s/401s for the app's first calls leave the user's calls alone", async () => {
  platform.jira.injectFault((method, path, principal) => principal.kind === 'app' && path === '/rest/api/3/applicationrole', { status: 403, body: { errorMessages: ['Administrator privileges are required.'], errors: {} } }, 2);
  platform.jira.injectFault((method, path, principal) => principal.kind === 'app' && path === '/rest/api/3/group/member', { status: 401, body: { errorMessages: ['Unauthorized; scope does not match'], errors: {} } }, 1);
  expect((await api.asApp().requestJira(route`/rest/api/3/applicationrole`)).status).toBe(403);
  // A user's call in between is answered as usual and does not use up the fault.
  expect((await api.asUser(ADMIN_ID).requestJira(route`/rest/api/3/applicationrole`)).status).toBe(200);
  expect((await api.asApp().requestJira(route`/rest/api/3/applicationrole`)).status).toBe(403);
  expect((await api.asApp().requestJira(route`/rest/api/3/applicationrole`)).status).toBe(200);
  const members = route`/rest/api/3/group/member?groupId=${groupId('jira-software-users')}`;
  expect((await api.asApp().requestJira(members)).status).toBe(401);
  expect((await api.asApp().requestJira(members)).status).toBe(200);
});

it('every exchange above is a documented operation with declared parameters, answered in the documented shape', () => {
  const exchanges = platform.jira.exchanges;
  const operations = new Set(exchanges.map((e) => contract.findOperation(e.method, e.url)?.operationId));
  expect(operations).toEqual(new Set(['getAllApplicationRoles', 'getApplicationRole', 'getUsersFromGroup', 'getUser', 'getAllUsers']));
  expect(new Set(exchanges.map((e) => e.status))).toEqual(new Set([200, 400, 401, 403, 404]));
  expect(problemsOf(exchanges)).toEqual([]);
});

describe('the site model behind it', () => {
  it('product access follows groups: revoking a product or leaving a group takes it away', () => {
    const s = createAccessSite();
    expect(s.productAccessOf(USER_ID).map((p) => p.key)).toEqual(['jira-software']);
    s.removeGroupMembers('jira-software-users', [USER_ID]);
    expect(s.productAccessOf(USER_ID).map((p) => p.key)).toEqual(['jira-software']);
    s.revokeProductFromGroup('jira-software', 'jira-developers');
    expect(s.productAccessOf(USER_ID)).toEqual([]);
    expect(s.productAccessOf(DEVELOPER_IDS[0]!)).toEqual([]);
    expect(s.productAccessOf(ADMIN_ID).map((p) => p.key)).toEqual(['jira-software', 'jira-servicedesk']);
  });

  it('refuses what would be a mistake in a test: a duplicate group name, an unknown member or product', () => {
    const s = createAccessSite();
    expect(() => s.addGroup({ name: 'jira-developers' })).toThrow(/exists/);
    expect(() => s.addGroupMembers('jira-developers', ['nobody'])).toThrow(/No user/);
    expect(() => s.grantProductToGroup('confluence', 'jira-developers')).toThrow(/No product/);
    expect(() => s.giveProductAccess(USER_ID, 'jira-software')).not.toThrow();
    expect(s.addStandardProducts()).toHaveLength(4);
    expect(s.data.products).toHaveLength(4);
  });

  it('a bare site has no products, and a site saved before products existed loads with none', () => {
    expect(JiraSite.create().data).toMatchObject({ groups: [], products: [] });
    const { groups: _groups, products: _products, counters, ...older } = createTestSite(1).site.toJSON();
    const { nextGroupId: _next, ...olderCounters } = counters;
    const loaded = JiraSite.fromJSON(JSON.parse(JSON.stringify({ ...older, counters: olderCounters })));
    expect(loaded.data).toMatchObject({ groups: [], products: [] });
    expect(loaded.addGroup({ name: 'g' }).groupId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
