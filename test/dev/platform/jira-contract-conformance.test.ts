/**
 * The simulated Jira, reached through the real @forge/api SDK, must answer in the shapes
 * Atlassian's published OpenAPI document describes; and the app's own Jira traffic must
 * use only documented operations and parameters. Every recorded exchange is held against
 * the contract, so a new endpoint or field in the simulator is checked as soon as it is used.
 */
import api, { NeedsAuthenticationError, route } from '@forge/api';
import { issueUpdatedEvent } from '../../../dev/platform/jira/forge-events';
import type { JiraExchange } from '../../../dev/platform/jira/jira-server';
import { runInvocation } from '../../../dev/platform/forge-globals';
import { LocalForgePlatform } from '../../../dev/platform/local-platform';
import { type ConformanceProblem, loadJiraContract } from '../../../dev/platform/openapi/jira-contract';
import type { JiraSite, SimIssue } from '../../../dev/platform/jira/site-model';
import type { WebhookReceiver } from '../../../dev/receiver/webhook-receiver';
import { linkIssueToKeyResult } from '../../../src/services/link-issue';
import { startConnectedPlatform } from '../../support/connected-platform';
import { ADMIN_ID, USER_ID, createTestSite } from '../../support/test-site';

const contract = loadJiraContract();

function problemsOf(exchanges: readonly JiraExchange[]): ConformanceProblem[] {
  return exchanges.flatMap((e) =>
    contract.checkExchange({ method: e.method, url: e.url, status: e.status, requestBody: e.requestBody, responseBody: e.responseBody }),
  );
}

async function json(response: { json(): Promise<unknown> }): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('the simulated Jira, called through @forge/api, answers as the OpenAPI contract documents', () => {
  let platform: LocalForgePlatform;
  const { site, issues } = createTestSite(5);

  beforeAll(async () => {
    platform = await LocalForgePlatform.start({ site });
  });

  afterAll(async () => {
    await platform.stop();
  });

  it('GET /status and /statuscategory as the app', async () => {
    const statuses = await api.asApp().requestJira(route`/rest/api/3/status`);
    expect(statuses.status).toBe(200);
    const statusList = (await statuses.json()) as Array<Record<string, unknown>>;
    expect(statusList.map((s) => s['id'])).toEqual(site.data.statuses.map((s) => s.id));

    const categories = await api.asApp().requestJira(route`/rest/api/3/statuscategory`);
    expect(categories.status).toBe(200);
    const keys = ((await categories.json()) as Array<{ key: string }>).map((c) => c.key).sort();
    expect(keys).toEqual(['done', 'indeterminate', 'new', 'undefined']);
  });

  it('GET /issue/{id}?fields=status and /issue/{key} (all fields) as the app', async () => {
    const issue = issues[0]!;
    const byId = await json(await api.asApp().requestJira(route`/rest/api/3/issue/${issue.id}?fields=status`));
    expect(byId).toMatchObject({ id: issue.id, key: issue.key, fields: { status: { id: '10000', statusCategory: { key: 'new' } } } });
    expect(Object.keys(byId['fields'] as object)).toEqual(['status']);

    const byKey = await json(await api.asApp().requestJira(route`/rest/api/3/issue/${issue.key}`));
    expect(byKey).toMatchObject({ id: issue.id, key: issue.key, fields: { summary: 'Task 1', status: { id: '10000' } } });
  });

  it('a missing issue is a 404 ErrorCollection', async () => {
    const response = await api.asApp().requestJira(route`/rest/api/3/issue/${'OKR-999'}`);
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ errorMessages: [expect.any(String)] });
  });

  it('GET /search/jql pages with nextPageToken until isLast, each issue once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const response = token
        ? await api.asApp().requestJira(route`/rest/api/3/search/jql?jql=${'project = OKR'}&maxResults=2&fields=status&nextPageToken=${token}`)
        : await api.asApp().requestJira(route`/rest/api/3/search/jql?jql=${'project = OKR'}&maxResults=2&fields=status`);
      expect(response.status).toBe(200);
      const body = await json(response);
      const page = body['issues'] as Array<{ key: string; fields: Record<string, unknown> }>;
      expect(page.length).toBeLessThanOrEqual(2);
      for (const issue of page) expect(Object.keys(issue.fields)).toEqual(['status']);
      seen.push(...page.map((i) => i.key));
      token = body['nextPageToken'] as string | undefined;
      expect(body['isLast']).toBe(token === undefined);
      pages += 1;
    } while (token !== undefined && pages < 10);
    expect(pages).toBe(3);
    // Jira promises no order without ORDER BY: only "each issue exactly once" is checked.
    expect(seen).toHaveLength(issues.length);
    expect([...seen].sort()).toEqual(issues.map((i) => i.key).sort());
  });

  it('the JQL in the request is what the app literally sent, percent-encoded', () => {
    const search = platform.jira.exchanges.find((e) => e.url.startsWith('/rest/api/3/search/jql'));
    expect(search?.url).toBe('/rest/api/3/search/jql?jql=project%20%3D%20OKR&maxResults=2&fields=status');
  });

  it('GET /project/search', async () => {
    const body = await json(await api.asApp().requestJira(route`/rest/api/3/project/search`));
    expect(body).toMatchObject({ total: 1, isLast: true, values: [{ id: '10000', key: 'OKR' }] });
  });

  it('GET /mypermissions?permissions=ADMINISTER as a user: the admin has it, a plain user does not', async () => {
    const admin = await json(await api.asUser(ADMIN_ID).requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`));
    expect(admin).toMatchObject({ permissions: { ADMINISTER: { key: 'ADMINISTER', havePermission: true } } });
    const user = await json(await api.asUser(USER_ID).requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`));
    expect(user).toMatchObject({ permissions: { ADMINISTER: { key: 'ADMINISTER', havePermission: false } } });
  });

  it('GET /myself as a user', async () => {
    const me = await json(await api.asUser(ADMIN_ID).requestJira(route`/rest/api/3/myself`));
    expect(me).toMatchObject({ accountId: ADMIN_ID, displayName: 'Ada Admin', active: true });
  });

  it('inside a user invocation (a resolver), asUser() with no id acts as that user', async () => {
    const ask = () => api.asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`);
    const asAdmin = await runInvocation({ functionKey: 'admin-resolver', moduleKey: 'okr-sync-admin', accountId: ADMIN_ID, timeoutMillis: 25_000 }, ask);
    expect(await json(asAdmin)).toMatchObject({ permissions: { ADMINISTER: { havePermission: true } } });
    const asUser = await runInvocation({ functionKey: 'admin-resolver', moduleKey: 'okr-sync-admin', accountId: USER_ID, timeoutMillis: 25_000 }, ask);
    expect(await json(asUser)).toMatchObject({ permissions: { ADMINISTER: { havePermission: false } } });
  });

  it('inside an invocation without a user (a trigger), asUser() is refused', async () => {
    const before = platform.jira.exchanges.length;
    const inTrigger = runInvocation({ functionKey: 'on-issue-event', moduleKey: 'on-issue-event', accountId: undefined, timeoutMillis: 25_000 }, () =>
      api.asUser().requestJira(route`/rest/api/3/myself`),
    );
    await expect(inTrigger).rejects.toBeInstanceOf(NeedsAuthenticationError);
    expect(platform.jira.exchanges.length).toBe(before);
  });

  it('asUser() with no user, outside any invocation, is refused by the proxy (NeedsAuthenticationError) and never reaches Jira', async () => {
    const before = platform.jira.exchanges.length;
    await expect(api.asUser().requestJira(route`/rest/api/3/myself`)).rejects.toBeInstanceOf(NeedsAuthenticationError);
    expect(platform.jira.exchanges.length).toBe(before);
  });

  it('every exchange recorded above conforms to the Jira OpenAPI contract', () => {
    const exchanges = platform.jira.exchanges;
    expect(exchanges.length).toBeGreaterThanOrEqual(12);
    expect(new Set(exchanges.map((e) => e.url.split('?')[0]))).toEqual(
      new Set([
        '/rest/api/3/status',
        '/rest/api/3/statuscategory',
        `/rest/api/3/issue/${issues[0]!.id}`,
        `/rest/api/3/issue/${issues[0]!.key}`,
        '/rest/api/3/issue/OKR-999',
        '/rest/api/3/search/jql',
        '/rest/api/3/project/search',
        '/rest/api/3/mypermissions',
        '/rest/api/3/myself',
      ]),
    );
    expect(problemsOf(exchanges)).toEqual([]);
  });

  it('project permissions follow the project: a restricted project answers no edit, an issue the user cannot see 404s', async () => {
    const issue = issues[0]!;
    const project = site.data.projects.find((p) => p.id === issue.projectId)!;
    const ask = async (accountId: string) => {
      const response = await api.asUser(accountId).requestJira(route`/rest/api/3/mypermissions?issueId=${issue.id}&permissions=BROWSE_PROJECTS,EDIT_ISSUES`);
      const body = response.ok ? ((await response.json()) as { permissions: Record<string, { havePermission: boolean }> }) : undefined;
      return { status: response.status, browse: body?.permissions['BROWSE_PROJECTS']?.havePermission, edit: body?.permissions['EDIT_ISSUES']?.havePermission };
    };
    expect(await ask(USER_ID)).toEqual({ status: 200, browse: true, edit: true });
    site.setProjectAccess(project.key, { edit: [ADMIN_ID] });
    expect(await ask(USER_ID)).toEqual({ status: 200, browse: true, edit: false });
    expect(await ask(ADMIN_ID)).toEqual({ status: 200, browse: true, edit: true });
    site.setProjectAccess(project.key, { browse: [ADMIN_ID] });
    expect(await ask(USER_ID)).toMatchObject({ status: 404 });
    expect((await api.asUser(USER_ID).requestJira(route`/rest/api/3/issue/${issue.id}?fields=status`)).status).toBe(404);
    expect((await api.asApp().requestJira(route`/rest/api/3/issue/${issue.id}?fields=status`)).status).toBe(200);
    site.setProjectAccess(project.key, {});
  });

  it('changelogs page oldest first with a total; issue properties are created (201), replaced (200), read and deleted (204)', async () => {
    const issue = issues[1]!;
    const ids = [site.transitionIssue(issue.id, '3', USER_ID).changelog.id, site.transitionIssue(issue.id, '10003', USER_ID).changelog.id];
    const page = await json(await api.asApp().requestJira(route`/rest/api/3/issue/${issue.id}/changelog?startAt=1&maxResults=1`));
    expect(page).toMatchObject({ startAt: 1, maxResults: 1, total: 2, isLast: true, values: [{ id: ids[1] }] });
    const put = (value: unknown) =>
      api.asApp().requestJira(route`/rest/api/3/issue/${issue.id}/properties/okr-sync-key-results`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });
    expect((await put({ keyResultIds: ['kr-1'] })).status).toBe(201);
    expect((await put({ keyResultIds: ['kr-1', 'kr-2'] })).status).toBe(200);
    expect(await json(await api.asApp().requestJira(route`/rest/api/3/issue/${issue.id}/properties/okr-sync-key-results`))).toEqual({ key: 'okr-sync-key-results', value: { keyResultIds: ['kr-1', 'kr-2'] } });
    expect((await put({ big: 'x'.repeat(33_000) })).status).toBe(400);
    expect((await api.asApp().requestJira(route`/rest/api/3/issue/${issue.id}/properties/okr-sync-key-results`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.asApp().requestJira(route`/rest/api/3/issue/${issue.id}/properties/okr-sync-key-results`)).status).toBe(404);
    expect(problemsOf(platform.jira.exchanges)).toEqual([]);
  });
});

describe('the simulated Jira refuses what Atlassian documents as a 400', () => {
  let platform: LocalForgePlatform;
  const { site } = createTestSite(3);

  beforeAll(async () => {
    platform = await LocalForgePlatform.start({ site });
  });

  afterAll(async () => {
    await platform.stop();
  });

  it('mypermissions with an unknown permission key is a 400 ("contains an invalid key"), not havePermission false', async () => {
    const response = await api.asUser(ADMIN_ID).requestJira(route`/rest/api/3/mypermissions?permissions=NOT_A_PERMISSION`);
    expect(response.status).toBe(400);
  });

  it('search/jql without a bounded jql is a 400 ("this parameter requires a bounded query"), not every issue of the site', async () => {
    const response = await api.asApp().requestJira(route`/rest/api/3/search/jql?maxResults=3&fields=status`);
    expect(response.status).toBe(400);
  });
});

describe("the app's own Jira traffic in its main flow conforms to the contract", () => {
  let platform: LocalForgePlatform;
  let receiver: WebhookReceiver;
  let stop: () => Promise<void>;
  let site: JiraSite;
  let issues: SimIssue[];

  beforeAll(async () => {
    ({ platform, receiver, stop, site, issues } = await startConnectedPlatform({ issueCount: 4 }));
    for (const issue of issues.slice(0, 3)) await linkIssueToKeyResult({ keyResultId: 'kr-1', issueId: issue.id, cloudId: site.cloudId, actor: { kind: 'system', reason: 'seed' } });
    await platform.drain();
    const { issue, changelog } = site.transitionIssue(issues[0]!.id, '10003', USER_ID);
    await platform.fireProductEvent(issueUpdatedEvent(site, issue, changelog));
    // The lean payload makes the app resolve the category from Jira as well.
    const second = site.transitionIssue(issues[1]!.id, '3', USER_ID);
    await platform.fireProductEvent(issueUpdatedEvent(site, second.issue, second.changelog, { withStatusCategory: false }));
    await platform.drain();
  });

  afterAll(() => stop());

  it('the flow ran: progress webhooks arrived and the app called Jira', () => {
    expect(receiver.verifiedOfType('key_result.progress_updated').length).toBeGreaterThanOrEqual(4);
    expect(platform.jira.exchanges.length).toBeGreaterThanOrEqual(3);
    expect(platform.jira.exchanges.every((e) => e.status < 400)).toBe(true);
  });

  it('the app used exactly the operations it is known to use: getChangeLogs, getIssue (fields=status) and setIssueProperty to link, getStatuses', () => {
    const operations = platform.jira.exchanges.map((e) => contract.findOperation(e.method, e.url)?.operationId);
    expect(new Set(operations)).toEqual(new Set(['getChangeLogs', 'getIssue', 'setIssueProperty', 'getStatuses']));
    for (const e of platform.jira.exchanges.filter((x) => x.url.startsWith('/rest/api/3/issue/'))) {
      expect(e.url).toMatch(/^\/rest\/api\/3\/issue\/\d+(\?fields=status|\/changelog\?startAt=0&maxResults=100|\/properties\/okr-sync-key-results)$/);
      expect(e.principal).toBe('app');
    }
  });

  it('every request the app made is a documented operation with declared parameters, and every answer has the documented shape', () => {
    expect(problemsOf(platform.jira.exchanges)).toEqual([]);
  });
});
