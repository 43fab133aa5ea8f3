/**
 * The simulated Jira's JQL endpoints (jql/parse, jql/match, search/approximate-count) and
 * the JQL subset behind them and search/jql, called through the real @forge/api SDK and
 * held against Atlassian's OpenAPI document like jira-contract-conformance.test.ts.
 */
import api, { route } from '@forge/api';
import type { JiraExchange } from '../../../dev/platform/jira/jira-server';
import { JQL_MATCH_MAX_LIST_LENGTH } from '../../../dev/platform/jira/jql-routes';
import { compileJql } from '../../../dev/platform/jira/simple-jql';
import { LocalForgePlatform } from '../../../dev/platform/local-platform';
import { ADMIN_ID, USER_ID } from '../../support/test-site';
import { PROPERTY, UNKNOWN_FOO, contract, count, createJqlSite, jsonPost, match, parse, problemsOf, searchKeys } from './jql-test-site';

describe('the simulated Jira JQL endpoints, called through @forge/api', () => {
  let platform: LocalForgePlatform;
  const { site, okr, ops } = createJqlSite();
  const ids = [...okr, ops].map((i) => Number(i.id));
  const idOf = (key: string) => Number(site.findIssue(key)!.id);
  /** Requests that break the contract on purpose: their answers must still conform. */
  const deliberatelyMalformed = new Set<JiraExchange>();
  const lastExchange = () => platform.jira.exchanges[platform.jira.exchanges.length - 1]!;

  beforeAll(async () => {
    platform = await LocalForgePlatform.start({ site });
  });

  afterAll(async () => {
    await platform.stop();
  });

  describe('the JQL subset, through search/jql', () => {
    it.each([
      ['project != OPS', ['OKR-1', 'OKR-2', 'OKR-3', 'OKR-4', 'OKR-5']],
      ['project in (OKR, OPS) AND status = "In Progress"', ['OKR-2']],
      ['project not in (OKR)', ['OPS-1']],
      ['statusCategory != done', ['OKR-1', 'OKR-2', 'OKR-4', 'OKR-5', 'OPS-1']],
      ['statusCategory in ("To Do", indeterminate) AND project = OKR', ['OKR-1', 'OKR-2', 'OKR-4', 'OKR-5']],
      ['status not in ("To Do", Done)', ['OKR-2']],
      ['status != "To Do" AND project = OKR', ['OKR-2', 'OKR-3']],
      ['issuetype = Bug', ['OKR-5']],
      ['issuetype not in (Bug) AND project = OKR', ['OKR-1', 'OKR-2', 'OKR-3', 'OKR-4']],
      ['type in (Bug, Story)', ['OKR-5']],
      ['labels = perf', ['OKR-5', 'OPS-1']],
      ['labels in (customer, nothing)', ['OKR-5']],
      ['okrKeyResult = "kr-1"', ['OKR-1', 'OPS-1']],
      ['okrKeyResult in (kr-2) AND project = OKR', ['OKR-1']],
      ['key in (OKR-1, "OKR-3")', ['OKR-1', 'OKR-3']],
    ])('%s', async (jql, keys) => {
      expect((await searchKeys(jql)).sort()).toEqual(keys);
    });

    it('ORDER BY sorts, several fields and directions; a quoted value may hold spaces and AND', async () => {
      expect(await searchKeys('project = OKR ORDER BY key DESC')).toEqual(['OKR-5', 'OKR-4', 'OKR-3', 'OKR-2', 'OKR-1']);
      expect(await searchKeys('project = OKR ORDER BY created ASC, key DESC')).toEqual(['OKR-5', 'OKR-4', 'OKR-3', 'OKR-2', 'OKR-1']);
      const unsortable = await api.asApp().requestJira(route`/rest/api/3/search/jql?jql=${'project = OKR ORDER BY statusCategory'}&fields=status`);
      expect(unsortable.status).toBe(400);
      expect(await searchKeys('status = "Ready AND waiting"')).toEqual([]);
    });

    it('a user finds only the issues of projects they may browse; the app finds them all', async () => {
      expect((await searchKeys('labels = perf', api.asUser(USER_ID))).sort()).toEqual(['OKR-5']);
      expect((await searchKeys('labels = perf', api.asUser(ADMIN_ID))).sort()).toEqual(['OKR-5', 'OPS-1']);
    });

    it('a query beyond the subset is a 400 with Jira-style errorMessages, never a wider search', async () => {
      for (const jql of ['summary ~ test', 'project = OKR OR summary ~ test', '(project = OKR AND status IS EMPTY)', 'labels != perf', 'NOT labels = perf', 'foo = bar', 'status IS EMPTY', 'assignee = currentUser()']) {
        const response = await api.asApp().requestJira(route`/rest/api/3/search/jql?jql=${jql}&fields=status`);
        expect({ jql, status: response.status }).toEqual({ jql, status: 400 });
        const body = (await response.json()) as { errorMessages: string[] };
        expect(body.errorMessages[0]).toMatch(/^(Error in the JQL Query: |Field 'foo' does not exist)/);
      }
    });

    it('the okrKeyResult alias follows the property as the app writes it over REST, and its removal', async () => {
      const put = (issueId: string, value: unknown) =>
        api.asApp().requestJira(route`/rest/api/3/issue/${issueId}/properties/${PROPERTY}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });
      expect((await put(okr[3]!.id, { keyResultIds: ['kr-2', 'kr-3'] })).status).toBe(201);
      expect((await searchKeys('okrKeyResult = kr-2')).sort()).toEqual(['OKR-1', 'OKR-4']);
      expect(await searchKeys('okrKeyResult = "kr-3"')).toEqual(['OKR-4']);
      expect((await api.asApp().requestJira(route`/rest/api/3/issue/${okr[3]!.id}/properties/${PROPERTY}`, { method: 'DELETE' })).status).toBe(204);
      expect(await searchKeys('okrKeyResult = "kr-3"')).toEqual([]);
      // The alias is exact: another id's prefix does not match.
      expect(await searchKeys('okrKeyResult = "kr"')).toEqual([]);
    });
  });

  describe('POST /jql/parse', () => {
    it('a valid query gets its structure: an AND of clauses, list operands, the alias as an issue property, ORDER BY', async () => {
      const [parsed] = await parse(['project in (OKR, "OPS") AND okrKeyResult = "kr-1" ORDER BY key DESC']);
      expect(parsed).toEqual({
        query: 'project in (OKR, "OPS") AND okrKeyResult = "kr-1" ORDER BY key DESC',
        structure: {
          where: {
            operator: 'and',
            clauses: [
              { field: { name: 'project', encodedName: 'project' }, operator: 'in', operand: { values: [{ value: 'OKR', encodedValue: 'OKR' }, { value: 'OPS', encodedValue: '"OPS"' }], encodedOperand: '(OKR, "OPS")' } },
              {
                field: { name: 'okrKeyResult', encodedName: 'okrKeyResult', property: [{ entity: 'issue', key: PROPERTY, path: 'keyResultIds', type: 'string' }] },
                operator: '=',
                operand: { value: 'kr-1', encodedValue: '"kr-1"' },
              },
            ],
          },
          orderBy: { fields: [{ field: { name: 'key', encodedName: 'key' }, direction: 'desc' }] },
        },
      });
      const [single] = await parse(['statusCategory != done']);
      expect(single).toEqual({ query: 'statusCategory != done', structure: { where: { field: { name: 'statusCategory', encodedName: 'statusCategory' }, operator: '!=', operand: { value: 'done', encodedValue: 'done' } } } });
    });

    it('answers each query in order, with Jira-worded errors and no structure under strict', async () => {
      const answers = await parse(['foo = 42', 'invalid query', 'summary ~ test', 'project = OKR OR labels != perf', 'project = OKR']);
      expect(answers.map((a) => a['query'])).toEqual(['foo = 42', 'invalid query', 'summary ~ test', 'project = OKR OR labels != perf', 'project = OKR']);
      expect(answers[0]).toEqual({ query: 'foo = 42', errors: [UNKNOWN_FOO] });
      expect(answers[1]).toEqual({
        query: 'invalid query',
        errors: ["Error in the JQL Query: Expecting operator but got 'query'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)"],
      });
      for (const beyond of [answers[2], answers[3]]) {
        expect(beyond).not.toHaveProperty('structure');
        expect((beyond?.['errors'] as string[])[0]).toMatch(/^Error in the JQL Query: .* not supported by the simulated Jira/);
      }
      expect(answers[4]).toHaveProperty('structure');
      expect(answers[4]).not.toHaveProperty('errors');
    });

    it('warn gives errors and structure for a well-formed query, none only the structure; a query beyond the subset has errors in every mode', async () => {
      const [warned, warnedBeyond] = await parse(['foo = 42', 'summary ~ test'], 'warn');
      expect(warned).toEqual({ query: 'foo = 42', errors: [UNKNOWN_FOO], structure: { where: { field: { name: 'foo', encodedName: 'foo' }, operator: '=', operand: { value: '42', encodedValue: '42' } } } });
      expect(Object.keys(warnedBeyond!)).toEqual(['query', 'errors']);
      const [unchecked, uncheckedBeyond] = await parse(['foo = 42', 'summary ~ test'], 'none');
      expect(unchecked).toEqual({ query: 'foo = 42', structure: warned!['structure'] });
      expect(Object.keys(uncheckedBeyond!)).toEqual(['query', 'errors']);
    });

    it('validation is required and must be strict, warn or none; queries must be a list of strings', async () => {
      const missing = await api.asApp().requestJira(route`/rest/api/3/jql/parse`, jsonPost({ queries: ['project = OKR'] }));
      expect(missing.status).toBe(400);
      deliberatelyMalformed.add(lastExchange());
      const wrong = await api.asApp().requestJira(route`/rest/api/3/jql/parse?validation=${'loose'}`, jsonPost({ queries: ['project = OKR'] }));
      expect(wrong.status).toBe(400);
      deliberatelyMalformed.add(lastExchange());
      const notList = await api.asApp().requestJira(route`/rest/api/3/jql/parse?validation=strict`, jsonPost({ queries: 'project = OKR' }));
      expect(notList.status).toBe(400);
      deliberatelyMalformed.add(lastExchange());
    });
  });

  describe('POST /jql/match', () => {
    it('answers per JQL, in the order of jqls, which of the given issues match', async () => {
      const matches = await match(ids, ['labels = perf', 'okrKeyResult = "kr-1"', 'project = OKR AND statusCategory = done', 'issuetype = Story']);
      expect(matches).toEqual([
        { matchedIssues: [idOf('OKR-5'), idOf('OPS-1')], errors: [] },
        { matchedIssues: [idOf('OKR-1'), idOf('OPS-1')], errors: [] },
        { matchedIssues: [idOf('OKR-3')], errors: [] },
        { matchedIssues: [], errors: [] },
      ]);
    });

    it('only the given issues are candidates; unknown ids match nothing', async () => {
      expect(await match([idOf('OKR-1'), 99_999], ['project = OKR'])).toEqual([{ matchedIssues: [idOf('OKR-1')], errors: [] }]);
    });

    it('a JQL it cannot run has errors and no matches, and does not spoil the others', async () => {
      const matches = await match(ids, ['summary ~ crash', 'foo = bar', 'project = OKR OR labels != perf', 'labels = customer']);
      expect(matches[0]).toEqual({ matchedIssues: [], errors: [expect.stringMatching(/^Error in the JQL Query: /)] });
      expect(matches[1]).toEqual({ matchedIssues: [], errors: ["Field 'foo' does not exist or you do not have permission to view it."] });
      expect(matches[2]).toEqual({ matchedIssues: [], errors: [expect.stringMatching(/^Error in the JQL Query: The operator '!=' on the field 'labels' is not supported/)] });
      expect(matches[3]).toEqual({ matchedIssues: [idOf('OKR-5')], errors: [] });
    });

    it('a user gets matches only among issues they may browse; the app among all', async () => {
      expect(await match([idOf('OPS-1'), idOf('OKR-5')], ['labels = perf'], api.asUser(USER_ID))).toEqual([{ matchedIssues: [idOf('OKR-5')], errors: [] }]);
      expect(await match([idOf('OPS-1'), idOf('OKR-5')], ['labels = perf'], api.asUser(ADMIN_ID))).toEqual([{ matchedIssues: [idOf('OPS-1'), idOf('OKR-5')], errors: [] }]);
    });

    it(`takes up to ${JQL_MATCH_MAX_LIST_LENGTH} issueIds and ${JQL_MATCH_MAX_LIST_LENGTH} jqls; one more of either is a 400`, async () => {
      const manyIds = Array.from({ length: JQL_MATCH_MAX_LIST_LENGTH }, (_, i) => 20_000 + i);
      const manyJqls = Array.from({ length: JQL_MATCH_MAX_LIST_LENGTH }, () => 'project = OKR');
      expect(await match([...manyIds.slice(1), idOf('OKR-1')], ['project = OKR'])).toEqual([{ matchedIssues: [idOf('OKR-1')], errors: [] }]);
      expect((await match([idOf('OKR-1')], manyJqls)).length).toBe(JQL_MATCH_MAX_LIST_LENGTH);
      const tooManyIds = await api.asApp().requestJira(route`/rest/api/3/jql/match`, jsonPost({ issueIds: [...manyIds, 30_000], jqls: ['project = OKR'] }));
      expect(tooManyIds.status).toBe(400);
      const tooManyJqls = await api.asApp().requestJira(route`/rest/api/3/jql/match`, jsonPost({ issueIds: [idOf('OKR-1')], jqls: [...manyJqls, 'project = OKR'] }));
      expect(tooManyJqls.status).toBe(400);
    });
  });

  describe('POST /search/approximate-count', () => {
    it('counts the matching issues the caller may browse', async () => {
      expect(await count('labels = perf')).toEqual({ status: 200, body: { count: 2 } });
      expect(await count('labels = perf', api.asUser(USER_ID))).toEqual({ status: 200, body: { count: 1 } });
      expect(await count('okrKeyResult = "kr-1" AND project = OKR')).toEqual({ status: 200, body: { count: 1 } });
    });

    it('an unbounded or unsupported query is a 400', async () => {
      expect((await count(undefined)).status).toBe(400);
      expect((await count('ORDER BY key')).status).toBe(400);
      expect(await count('summary ~ crash')).toMatchObject({ status: 400, body: { errorMessages: [expect.stringMatching(/^Error in the JQL Query: /)] } });
    });
  });

  it('every exchange conforms to the Jira OpenAPI contract; the malformed requests are flagged on the request side only', () => {
    const operations = new Set(platform.jira.exchanges.map((e) => contract.findOperation(e.method, e.url)?.operationId));
    expect(operations).toEqual(new Set(['searchAndReconsileIssuesUsingJql', 'setIssueProperty', 'deleteIssueProperty', 'parseJqlQueries', 'matchIssues', 'countIssues']));
    const conforming = platform.jira.exchanges.filter((e) => !deliberatelyMalformed.has(e));
    expect(problemsOf(conforming)).toEqual([]);
    expect(deliberatelyMalformed.size).toBe(3);
    for (const e of deliberatelyMalformed) {
      const exchange = { method: e.method, url: e.url, status: e.status, requestBody: e.requestBody, responseBody: e.responseBody };
      expect(contract.checkRequest(exchange).length).toBeGreaterThan(0);
      expect(contract.checkResponse(exchange)).toEqual([]);
    }
  });
});

describe('compileJql: one parser for every JQL endpoint, errors as values', () => {
  const { site } = createJqlSite();

  it.each([
    ['status = "Ready', "Error in the JQL Query: The quoted string 'Ready' has not been completed. (line 1, character 10)"],
    ['project =', 'Error in the JQL Query: Expecting either a value, list or function before the end of the query.'],
    ['project = OKR AND', 'Error in the JQL Query: Expecting a field name before the end of the query.'],
    ['project = OKR status = Done', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 15)"],
    ['project in OKR', `Operator 'in' does not support the non-list value '"OKR"' for field 'project'.`],
    ['project in (OKR', "Error in the JQL Query: Expecting ')' before the end of the query."],
    ['NOT labels = perf', expect.stringMatching(/^Error in the JQL Query: The operator '!=' on the field 'labels', which is what NOT makes of '='/)],
    ['cf[10010] = x', expect.stringMatching(/^Error in the JQL Query: The field 'cf\[10010\]'/)],
    ['project = OKR ORDER BY summary', expect.stringMatching(/^Error in the JQL Query: The field 'summary' is not supported/)],
    ['project = OKR ORDER BY foo', UNKNOWN_FOO],
    ['okrKeyResult = "kr-1"', "Field 'okrKeyResult' does not exist or you do not have permission to view it."],
  ])('%s', (jql, error) => {
    // No aliases given: without the app's manifest Jira has no okrKeyResult field.
    const compiled = compileJql(site, jql);
    expect(compiled).toMatchObject({ ok: false, errors: [error] });
  });

  it('an unknown field leaves the query well formed (ast kept for jql/parse); a syntax error does not', () => {
    expect(compileJql(site, 'foo = 1 AND bar = 2')).toMatchObject({ ok: false, errors: [UNKNOWN_FOO, "Field 'bar' does not exist or you do not have permission to view it."], ast: { where: { kind: 'and', clauses: [{}, {}] } } });
    expect(compileJql(site, 'foo = 1 AND summary ~ x')).not.toHaveProperty('ast');
  });

  it('field names, keywords and key values are case-insensitive; the empty query matches everything', () => {
    const compiled = compileJql(site, 'PROJECT = okr and KEY IN (okr-5) order by KEY desc');
    expect(compiled.ok && site.data.issues.filter(compiled.matches).map((i) => i.key)).toEqual(['OKR-5']);
    const empty = compileJql(site, '');
    expect(empty.ok && site.data.issues.filter(empty.matches).length).toBe(site.data.issues.length);
  });
});
