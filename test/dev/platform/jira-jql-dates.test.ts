/**
 * JQL date comparisons on created and updated (absolute dates in Jira's four formats,
 * periods relative to the platform clock, epoch milliseconds), ORDER BY on them, and
 * search/jql by POST with the fields a history import asks for.
 */
import api, { route } from '@forge/api';
import { JiraServer, PRINCIPAL_HEADER } from '../../../dev/platform/jira/jira-server';
import { compileJql, matchingIssues } from '../../../dev/platform/jira/simple-jql';
import { LocalForgePlatform } from '../../../dev/platform/local-platform';
import { ADMIN_ID, USER_ID, createTestSite } from '../../support/test-site';
import { jsonPost, problemsOf } from './jql-test-site';

const NOW = Date.parse('2026-11-15T12:00:00.000Z');
const DAY = 86_400_000;

/** OKR-1 created 40 days ago and updated 2 days ago; OKR-2 created and updated 10 days ago; OKR-3 created 2026-11-01 10:00, updated an hour ago. */
function createDatedSite() {
  const { site, issues } = createTestSite(0);
  const old = site.createIssue({ projectKey: 'OKR', summary: 'Old', reporterId: USER_ID, creatorId: ADMIN_ID, at: new Date(NOW - 40 * DAY) });
  site.transitionIssue(old.id, '3', USER_ID, new Date(NOW - 2 * DAY));
  site.createIssue({ projectKey: 'OKR', summary: 'Ten days', reporterId: USER_ID, at: new Date(NOW - 10 * DAY) });
  const third = site.createIssue({ projectKey: 'OKR', summary: 'First of November', reporterId: ADMIN_ID, at: new Date('2026-11-01T10:00:00.000Z') });
  site.addComment(third.id, { authorId: USER_ID, body: 'Later', at: new Date(NOW - 3_600_000) });
  return { site, issues };
}

describe('JQL dates (compileJql, at a fixed now)', () => {
  const { site } = createDatedSite();
  const keys = (jql: string, now = NOW) => {
    const compiled = compileJql(site, jql, [], now);
    if (!compiled.ok) throw new Error(compiled.errors.join(' '));
    return matchingIssues(site, compiled, () => true).map((i) => i.key);
  };

  it.each([
    ['updated >= -30d', ['OKR-1', 'OKR-2', 'OKR-3']],
    ['updated >= -3d', ['OKR-1', 'OKR-3']],
    ['updated > "-2d"', ['OKR-3']],
    ['updated >= "-2d"', ['OKR-1', 'OKR-3']],
    ['updated < -1d', ['OKR-1', 'OKR-2']],
    ['updated <= -10d', ['OKR-2']],
    ['updated >= -61m', ['OKR-3']],
    ['updated >= "-61"', ['OKR-3']],
    ['updated >= -1h', ['OKR-3']],
    ['updated > -1h', []],
    ['updated >= "-1w 4d"', ['OKR-1', 'OKR-2', 'OKR-3']],
    ['created >= -30d', ['OKR-2', 'OKR-3']],
    ['created < -30d', ['OKR-1']],
    ['createdDate >= -30d AND updatedDate < -1d', ['OKR-2']],
    ['created >= "2026-11-01 10:00"', ['OKR-2', 'OKR-3']],
    ['created > "2026-11-01 10:00"', ['OKR-2']],
    ['created >= "2026/11/01"', ['OKR-2', 'OKR-3']],
    ['created < 2026-11-01', ['OKR-1']],
    ['created <= "2026/11/01 10:00"', ['OKR-1', 'OKR-3']],
    [`created >= ${NOW - 11 * DAY}`, ['OKR-2']],
    // Quoted, a bare number is minutes from now (the default unit): 14 days back here.
    ['created >= "-20160"', ['OKR-2']],
    [`created >= "${NOW - 11 * DAY}"`, []],
    ['NOT updated < -3d', ['OKR-1', 'OKR-3']],
    ['project = OKR AND updated >= -30d ORDER BY created ASC', ['OKR-1', 'OKR-3', 'OKR-2']],
    ['updated >= -30d ORDER BY updated DESC', ['OKR-3', 'OKR-1', 'OKR-2']],
    ['updated >= -30d ORDER BY id DESC', ['OKR-3', 'OKR-2', 'OKR-1']],
  ])('%s', (jql, expected) => {
    expect(keys(jql)).toEqual(expected);
  });

  it('relative dates count back from the now they are given', () => {
    expect(keys('updated >= -3d')).toEqual(['OKR-1', 'OKR-3']);
    expect(keys('updated >= -3d', NOW + 2 * DAY)).toEqual(['OKR-3']);
    expect(keys('updated >= -3d', NOW + 3 * DAY)).toEqual([]);
  });

  it('a value of no date format is Jira\'s validation error (the structure is still known); = on a date is beyond the subset', () => {
    const invalid = compileJql(site, 'updated >= yesterday', [], NOW);
    expect(invalid).toMatchObject({
      ok: false,
      errors: ["Date value 'yesterday' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."],
      ast: expect.any(Object),
    });
    expect(compileJql(site, 'created >= "2026-02-30"', [], NOW)).toMatchObject({ ok: false, errors: [expect.stringMatching(/^Date value '2026-02-30'/)] });
    const equality = compileJql(site, 'updated = -1d', [], NOW);
    expect(equality).toMatchObject({ ok: false, errors: [expect.stringMatching(/The operator '=' on the field 'updated' is not supported by the simulated Jira/)] });
    expect(equality).not.toHaveProperty('ast');
    expect(compileJql(site, 'project > OKR', [], NOW)).toMatchObject({ ok: false, errors: [expect.stringMatching(/The operator '>' on the field 'project'/)] });
  });
});

describe('search/jql reads relative dates from the clock JiraServer is given', () => {
  const { site } = createDatedSite();
  let now = NOW;
  const server = new JiraServer(() => site, { now: () => now });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('the same query finds less once the clock has moved on', async () => {
    const search = async () => {
      const response = await fetch(`${server.baseUrl}/rest/api/3/search/jql?${new URLSearchParams({ jql: 'updated >= -3d ORDER BY key', fields: 'key' })}`, { headers: { [PRINCIPAL_HEADER]: 'app' } });
      return ((await response.json()) as { issues: Array<{ key: string }> }).issues.map((i) => i.key);
    };
    expect(await search()).toEqual(['OKR-1', 'OKR-3']);
    now = NOW + 2 * DAY + 1;
    expect(await search()).toEqual(['OKR-3']);
    expect(server.exchanges.map((e) => e.at)).toEqual([NOW, NOW + 2 * DAY + 1]);
  });
});

describe('search/jql by POST and GET, through @forge/api on the manual clock', () => {
  let platform: LocalForgePlatform;
  const { site } = createTestSite(0);
  const realNow = Date.now();
  const old = site.createIssue({ projectKey: 'OKR', summary: 'Old', reporterId: USER_ID, creatorId: ADMIN_ID, at: new Date(realNow - 40 * DAY) });
  site.transitionIssue(old.id, '3', USER_ID, new Date(realNow - DAY));
  for (let n = 0; n < 4; n += 1) site.createIssue({ projectKey: 'OKR', summary: `New ${n}`, reporterId: USER_ID, at: new Date(realNow - (n + 2) * DAY) });

  beforeAll(async () => {
    platform = await LocalForgePlatform.start({ site });
  });
  afterAll(async () => {
    await platform.stop();
  });

  const post = async (body: unknown) => {
    const response = await api.asApp().requestJira(route`/rest/api/3/search/jql`, jsonPost(body));
    return { status: response.status, body: (await response.json()) as { issues: Array<{ id: string; key: string; fields: Record<string, unknown> }>; nextPageToken?: string; isLast: boolean; errorMessages?: string[] } };
  };

  it('pages a POSTed search with its token, each issue once, ORDER BY id ASC', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const { status, body } = await post({ jql: 'updated >= -30d ORDER BY id ASC', fields: ['created', 'creator', 'reporter', 'project', 'updated'], maxResults: 2, ...(token ? { nextPageToken: token } : {}) });
      expect(status).toBe(200);
      expect(body.isLast).toBe(body.nextPageToken === undefined);
      seen.push(...body.issues.map((i) => i.key));
      token = body.nextPageToken;
    } while (token);
    expect(seen).toEqual(['OKR-1', 'OKR-2', 'OKR-3', 'OKR-4', 'OKR-5']);
  });

  it('created, creator, reporter, project and updated come in Jira\'s shapes; the creator is who created the issue', async () => {
    const { body } = await post({ jql: 'key = OKR-1', fields: ['created', 'creator', 'reporter', 'project', 'updated'] });
    const fields = body.issues[0]!.fields;
    expect(Object.keys(fields).sort()).toEqual(['created', 'creator', 'project', 'reporter', 'updated']);
    expect(fields).toEqual({
      created: old.created,
      updated: old.updated,
      creator: expect.objectContaining({ accountId: ADMIN_ID, accountType: 'atlassian', displayName: 'Ada Admin', active: true, self: expect.any(String) }),
      reporter: expect.objectContaining({ accountId: USER_ID, displayName: 'Uma User' }),
      project: expect.objectContaining({ id: '10000', key: 'OKR', name: 'OKR Demo' }),
    });
    const other = await post({ jql: 'key = OKR-2', fields: ['creator'] });
    expect(other.body.issues[0]!.fields['creator']).toMatchObject({ accountId: USER_ID });
  });

  it('GET takes several fields parameters; ORDER BY updated ASC', async () => {
    const response = await api.asApp().requestJira(route`/rest/api/3/search/jql?jql=${'updated >= -30d ORDER BY updated ASC'}&fields=created&fields=creator`);
    const body = (await response.json()) as { issues: Array<{ key: string; fields: Record<string, unknown> }> };
    expect(body.issues.map((i) => i.key)).toEqual(['OKR-5', 'OKR-4', 'OKR-3', 'OKR-2', 'OKR-1']);
    expect(Object.keys(body.issues[0]!.fields).sort()).toEqual(['created', 'creator']);
  });

  it('relative dates follow the platform clock', async () => {
    const keys = async () => (await post({ jql: 'updated >= -3d ORDER BY key' })).body.issues.map((i) => i.key);
    expect(await keys()).toEqual(['OKR-1', 'OKR-2']);
    await platform.advance(2 * 86_400);
    expect(await keys()).toEqual([]);
  });

  it('jql/parse gives a date clause its operator; an invalid date is a validation error, so warn still shows the structure', async () => {
    const response = await api.asApp().requestJira(route`/rest/api/3/jql/parse?validation=warn`, jsonPost({ queries: ['updated >= -30d', 'created < "2026/11/01 10:00"', 'updated > nonsense'] }));
    const { queries } = (await response.json()) as { queries: Array<Record<string, unknown>> };
    expect(queries[0]).toEqual({ query: 'updated >= -30d', structure: { where: { field: { name: 'updated', encodedName: 'updated' }, operator: '>=', operand: { value: '-30d', encodedValue: '-30d' } } } });
    expect(queries[1]).toMatchObject({ structure: { where: { operator: '<', operand: { value: '2026/11/01 10:00', encodedValue: '"2026/11/01 10:00"' } } } });
    expect(queries[2]).toMatchObject({ errors: [expect.stringMatching(/^Date value 'nonsense'/)], structure: { where: { operator: '>' } } });
  });

  it('a body that is not a search is a 400 with errorMessages', async () => {
    const bad = await post({ jql: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages).toEqual(['jql must be a string.']);
    const invalid = await post({ jql: 'updated >= soon' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errorMessages?.[0]).toMatch(/^Date value 'soon' for field 'updated' is invalid/);
  });

  it('every exchange but the malformed body conforms to the contract', () => {
    const exchanges = platform.jira.exchanges.filter((e) => (e.requestBody as { jql?: unknown } | undefined)?.jql !== 42);
    expect(exchanges).toHaveLength(platform.jira.exchanges.length - 1);
    expect(problemsOf(exchanges)).toEqual([]);
  });
});
