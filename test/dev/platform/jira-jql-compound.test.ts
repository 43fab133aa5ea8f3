/**
 * OR, NOT and parentheses in the simulated Jira's JQL, through every endpoint that takes
 * JQL (search/jql, jql/match, jql/parse, search/approximate-count), called through the real
 * @forge/api SDK and held against Atlassian's OpenAPI document. Precedence is Jira's: NOT
 * binds tighter than AND, AND tighter than OR; and NOT is searched as Jira searches it,
 * moved onto each clause with its operator flipped.
 */
import { readFileSync } from 'node:fs';
import api from '@forge/api';
import { DEFAULT_JIRA_CONTRACT_FILE } from '../../../dev/platform/openapi/jira-contract';
import { compileJql, isBounded } from '../../../dev/platform/jira/simple-jql';
import { LocalForgePlatform } from '../../../dev/platform/local-platform';
import { USER_ID } from '../../support/test-site';
import { PROPERTY, contract, count, createJqlSite, match, parse, problemsOf, searchKeys } from './jql-test-site';

/** The jql-test-site issues, with OKR-2 (In Progress) and OKR-3 (Done) labelled q3. */
function createCompoundSite() {
  const jqlSite = createJqlSite();
  for (const issue of jqlSite.okr.slice(1, 3)) issue.labels = ['q3'];
  return jqlSite;
}

const clause = (name: string, operator: string, value: string, encodedValue = value) => ({ field: { name, encodedName: name }, operator, operand: { value, encodedValue } });
const compound = (operator: 'and' | 'or' | 'not', ...clauses: unknown[]) => ({ operator, clauses });

/** The properties the contract declares for each JqlQueryClause variant the simulator answers with. */
const schemas = (JSON.parse(readFileSync(DEFAULT_JIRA_CONTRACT_FILE, 'utf8')) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } }).components.schemas;
const declared = (schema: string) => Object.keys(schemas[schema]!.properties).sort();

/**
 * Where a structure's clause tree has a key its schema does not declare. The contract
 * check cannot see that (CompoundClause and FieldValueClause do not forbid other keys), so
 * a leaked internal field (`kind`) would otherwise pass. A NOT has exactly one clause.
 */
function shapeProblems(where: unknown, at = 'where'): string[] {
  const node = where as Record<string, unknown>;
  const isCompound = 'clauses' in node;
  const keys = Object.keys(node).sort();
  const allowed = declared(isCompound ? 'CompoundClause' : 'FieldValueClause');
  const problems = keys.filter((k) => !allowed.includes(k)).map((k) => `${at}.${k} is not in ${isCompound ? 'CompoundClause' : 'FieldValueClause'}`);
  if (!isCompound) return problems;
  const clauses = node['clauses'] as unknown[];
  if (node['operator'] === 'not' && clauses.length !== 1) problems.push(`${at}: a NOT with ${clauses.length} clauses`);
  if (node['operator'] !== 'not' && clauses.length < 2) problems.push(`${at}: an ${String(node['operator'])} with ${clauses.length} clause(s)`);
  return [...problems, ...clauses.flatMap((c, i) => shapeProblems(c, `${at}.clauses[${i}]`))];
}

describe('compound JQL (OR, NOT, parentheses), called through @forge/api', () => {
  let platform: LocalForgePlatform;
  const { site, okr, ops } = createCompoundSite();
  const ids = [...okr, ops].map((i) => Number(i.id));
  const idsOf = (...keys: string[]) => keys.map((key) => Number(site.findIssue(key)!.id));

  beforeAll(async () => {
    platform = await LocalForgePlatform.start({ site });
  });

  afterAll(async () => {
    await platform.stop();
  });

  describe('through search/jql', () => {
    it.each([
      // The brief's three shapes.
      ['okrKeyResult = "kr-1" OR (project = OKR AND labels = q3)', ['OKR-1', 'OKR-2', 'OKR-3', 'OPS-1']],
      ['(labels = perf OR labels = q3) AND statusCategory = done', ['OKR-3']],
      ['NOT statusCategory = done', ['OKR-1', 'OKR-2', 'OKR-4', 'OKR-5', 'OPS-1']],
      // AND binds tighter than OR, on either side and without parentheses.
      ['labels = perf OR labels = q3 AND statusCategory = done', ['OKR-3', 'OKR-5', 'OPS-1']],
      ['statusCategory = done AND labels = q3 OR project = OPS', ['OKR-3', 'OPS-1']],
      // NOT binds tighter than AND; parentheses widen it.
      ['NOT project = OPS AND statusCategory = new', ['OKR-1', 'OKR-4', 'OKR-5']],
      ['NOT (project = OPS AND statusCategory = new)', ['OKR-1', 'OKR-2', 'OKR-3', 'OKR-4', 'OKR-5']],
      ['NOT (project = OKR OR statusCategory = done)', ['OPS-1']],
      ['NOT NOT project = OPS', ['OPS-1']],
      ['NOT project in (OKR) OR NOT status != Done', ['OKR-3', 'OPS-1']],
      // Under two NOTs a clause keeps its own operator: `key =` runs, where `key !=` would not.
      ['NOT (project = OPS OR NOT key = OKR-1)', ['OKR-1']],
      // Nesting, and Jira's symbols for NOT, AND and OR.
      ['((project = OKR AND (labels = q3 OR issuetype = Bug)) OR key = OPS-1) AND NOT status = Done', ['OKR-2', 'OKR-5', 'OPS-1']],
      ['!project = OKR', ['OPS-1']],
      ['labels = perf || labels = q3 && project = OPS', ['OKR-5', 'OPS-1']],
      ['labels = perf & project = OKR | key = OKR-1', ['OKR-1', 'OKR-5']],
      // Quoted, the connectives and parentheses are only text.
      ['status = "Done OR (To Do)"', []],
    ])('%s', async (jql, keys) => {
      expect((await searchKeys(jql)).sort()).toEqual(keys);
    });

    it('ORDER BY still sorts after a compound where-clause', async () => {
      expect(await searchKeys('(labels = perf OR labels = q3) ORDER BY key DESC')).toEqual(['OPS-1', 'OKR-5', 'OKR-3', 'OKR-2']);
      expect(await searchKeys('NOT project = OPS ORDER BY created ASC, key DESC')).toEqual(['OKR-5', 'OKR-4', 'OKR-3', 'OKR-2', 'OKR-1']);
    });

    it('an OR reaches only issues the caller may browse', async () => {
      expect((await searchKeys('labels = perf OR project = OPS', api.asUser(USER_ID))).sort()).toEqual(['OKR-5']);
    });
  });

  describe('through jql/match', () => {
    it('answers each compound JQL; one it cannot run (a side beyond the subset, NOT over labels, a missing parenthesis) has errors and no matches', async () => {
      const matches = await match(ids, [
        'okrKeyResult = "kr-1" OR (project = OKR AND labels = q3)',
        'NOT statusCategory = done AND project = OKR',
        'project = OPS OR summary ~ crash',
        'NOT labels = perf',
        '(labels = perf OR labels = q3',
      ]);
      expect(matches.slice(0, 2)).toEqual([
        { matchedIssues: idsOf('OKR-1', 'OKR-2', 'OKR-3', 'OPS-1'), errors: [] },
        { matchedIssues: idsOf('OKR-1', 'OKR-2', 'OKR-4', 'OKR-5'), errors: [] },
      ]);
      expect(matches[2]).toEqual({ matchedIssues: [], errors: [expect.stringMatching(/^Error in the JQL Query: The operator '~' is not supported by the simulated Jira/)] });
      expect(matches[3]).toEqual({ matchedIssues: [], errors: [expect.stringMatching(/^Error in the JQL Query: The operator '!=' on the field 'labels', which is what NOT makes of '='/)] });
      expect(matches[4]).toEqual({ matchedIssues: [], errors: ["Error in the JQL Query: Expecting ')' before the end of the query."] });
    });
  });

  describe('through jql/parse', () => {
    const kr1 = { field: { name: 'okrKeyResult', encodedName: 'okrKeyResult', property: [{ entity: 'issue', key: PROPERTY, path: 'keyResultIds', type: 'string' }] }, operator: '=', operand: { value: 'kr-1', encodedValue: '"kr-1"' } };
    // status, not labels: under NOT a labels clause is the unsupported `labels !=`, which has no structure.
    const [a, b, c] = [clause('status', '=', 'a'), clause('status', '=', 'b'), clause('status', '=', 'c')];

    it.each([
      ['okrKeyResult = "kr-1" OR (project = OKR AND labels = q3)', compound('or', kr1, compound('and', clause('project', '=', 'OKR'), clause('labels', '=', 'q3')))],
      ['(labels = a OR labels = b) AND statusCategory = done', compound('and', compound('or', clause('labels', '=', 'a'), clause('labels', '=', 'b')), clause('statusCategory', '=', 'done'))],
      ['NOT statusCategory = done', compound('not', clause('statusCategory', '=', 'done'))],
      // Precedence: AND groups first, NOT before AND.
      ['status = a OR status = b AND status = c', compound('or', a, compound('and', b, c))],
      ['status = a AND status = b OR status = c', compound('or', compound('and', a, b), c)],
      ['NOT status = a AND status = b', compound('and', compound('not', a), b)],
      ['NOT (status = a AND status = b)', compound('not', compound('and', a, b))],
      ['NOT NOT status = a', compound('not', compound('not', a))],
      // A chain is one node; parentheses nest but add no node of their own.
      ['status = a AND status = b AND status = c', compound('and', a, b, c)],
      ['(status = a AND status = b) AND status = c', compound('and', compound('and', a, b), c)],
      ['((status = a))', a],
      ['status = a | status = b && !status = c', compound('or', a, compound('and', b, compound('not', c)))],
    ])('%s', async (query, where) => {
      expect(await parse([query])).toEqual([{ query, structure: { where } }]);
    });

    it('ORDER BY comes after a compound where-clause in the structure', async () => {
      const [parsed] = await parse(['(status = a OR status = b) ORDER BY key DESC']);
      expect(parsed!['structure']).toEqual({ where: compound('or', a, b), orderBy: { fields: [{ field: { name: 'key', encodedName: 'key' }, direction: 'desc' }] } });
    });

    it('an unknown field inside a compound is a validation error: warn shows the structure, strict does not; a beyond-subset side has no structure in any mode', async () => {
      const queries = ['foo = 1 OR NOT project = OKR', 'project = OKR OR status IS EMPTY'];
      const unknown = "Field 'foo' does not exist or you do not have permission to view it.";
      const where = compound('or', clause('foo', '=', '1'), compound('not', clause('project', '=', 'OKR')));
      const [warned, warnedBeyond] = await parse(queries, 'warn');
      expect(warned).toEqual({ query: queries[0], errors: [unknown], structure: { where } });
      expect(Object.keys(warnedBeyond!)).toEqual(['query', 'errors']);
      expect(await parse(queries.slice(0, 1), 'strict')).toEqual([{ query: queries[0], errors: [unknown] }]);
    });

    it('every structure has the shape of the contract: the variants its schema declares, NOT with one clause, AND/OR with two or more, and a wrong one is caught', async () => {
      const answers = await parse([
        'okrKeyResult = "kr-1" OR (project = OKR AND labels = q3)',
        '((project = OKR AND (labels = q3 OR issuetype in (Bug, Task))) OR key = OPS-1) AND NOT !status = Done ORDER BY key',
        'NOT (project = OKR OR status = Done OR issuetype = Bug)',
      ]);
      for (const answer of answers) {
        const { where } = answer['structure'] as { where: unknown };
        expect({ query: answer['query'], problems: shapeProblems(where) }).toEqual({ query: answer['query'], problems: [] });
      }
      // The contract check itself looks inside nested compounds: a wrong operator deep down is a problem.
      const wrong = { queries: [{ query: 'x', structure: { where: compound('or', a, { operator: 'xor', clauses: [b, c] }) } }] };
      expect(contract.checkResponse({ method: 'POST', url: '/rest/api/3/jql/parse?validation=strict', status: 200, requestBody: { queries: ['x'] }, responseBody: wrong }).length).toBeGreaterThan(0);
      expect(shapeProblems({ ...compound('and', a, b), kind: 'and' })).toEqual(['where.kind is not in CompoundClause']);
    });
  });

  describe('through search/approximate-count', () => {
    it('counts a compound query among the issues the caller may browse', async () => {
      expect(await count('labels = perf OR labels = q3')).toEqual({ status: 200, body: { count: 4 } });
      expect(await count('labels = perf OR labels = q3', api.asUser(USER_ID))).toEqual({ status: 200, body: { count: 3 } });
      expect(await count('NOT statusCategory = done ORDER BY key')).toEqual({ status: 200, body: { count: 5 } });
    });

    it('ORDER BY alone is still unbounded; an unbalanced query is a 400 with its position', async () => {
      expect(await count('ORDER BY key')).toMatchObject({ status: 400, body: { errorMessages: [expect.stringMatching(/^Unbounded JQL queries/)] } });
      expect(await count('labels = perf)')).toEqual({ status: 400, body: { errorMessages: ["Error in the JQL Query: Expecting either 'OR' or 'AND' but got ')'. (line 1, character 14)"], errors: {} } });
    });
  });

  it('every exchange conforms to the Jira OpenAPI contract', () => {
    const operations = new Set(platform.jira.exchanges.map((e) => contract.findOperation(e.method, e.url)?.operationId));
    expect(operations).toEqual(new Set(['searchAndReconsileIssuesUsingJql', 'parseJqlQueries', 'matchIssues', 'countIssues']));
    expect(problemsOf(platform.jira.exchanges)).toEqual([]);
  });
});

describe('compileJql with OR, NOT and parentheses: Jira-worded errors, with positions', () => {
  const { site } = createCompoundSite();

  // The first ones are Jira's own parser tests (TestJqlParsing), word for word.
  it.each([
    ['(a=b and c = d', "Error in the JQL Query: Expecting ')' before the end of the query."],
    ['a =a and j not is empty', "Error in the JQL Query: Expecting 'IN' but got 'is'. (line 1, character 16)"],
    ['a=b c=d', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'c'. (line 1, character 5)"],
    ['a=b !c=d', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got '!'. (line 1, character 5)"],
    ['a=!', "Error in the JQL Query: Expecting either a value, list or function but got '!'. You must surround '!' in quotation marks to use it as a value. (line 1, character 3)"],
    [', a = b', "Error in the JQL Query: Expecting a field name but got ','. You must surround ',' in quotation marks to use it as a field name. (line 1, character 1)"],
    // Unbalanced parentheses.
    ['((project = OKR) AND labels = perf', "Error in the JQL Query: Expecting ')' before the end of the query."],
    ['project = OKR)', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got ')'. (line 1, character 14)"],
    ['(project = OKR))', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got ')'. (line 1, character 16)"],
    ['(project = OKR ORDER BY key', "Error in the JQL Query: Expecting ')' but got 'ORDER'. (line 1, character 16)"],
    ['(project in (OKR) labels = perf)', "Error in the JQL Query: Expecting ')' but got 'labels'. (line 1, character 19)"],
    ['(project = OKR labels = perf)', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'labels'. (line 1, character 16)"],
    ['()', "Error in the JQL Query: Expecting a field name but got ')'. You must surround ')' in quotation marks to use it as a field name. (line 1, character 2)"],
    [')project = OKR(', "Error in the JQL Query: Expecting a field name but got ')'. You must surround ')' in quotation marks to use it as a field name. (line 1, character 1)"],
    // Connectives with nothing to join.
    ['NOT', 'Error in the JQL Query: Expecting a field name before the end of the query.'],
    ['project = OKR OR', 'Error in the JQL Query: Expecting a field name before the end of the query.'],
    ['project = OKR OR OR labels = perf', "Error in the JQL Query: Expecting a field name but got 'OR'. You must surround 'OR' in quotation marks to use it as a field name. (line 1, character 18)"],
    ['project = OKR AND NOT AND labels = perf', "Error in the JQL Query: Expecting a field name but got 'AND'. You must surround 'AND' in quotation marks to use it as a field name. (line 1, character 23)"],
    // `|` ends a word, as in Jira: this is an OR whose right side has no operator, not the label "a|b".
    ['labels = a|b', "Error in the JQL Query: Expecting operator before the end of the query. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'."],
    // Beyond the subset, however deep, and NOT where the flipped operator is not modelled.
    ['project = OKR AND (labels = perf OR summary ~ x)', expect.stringMatching(/^Error in the JQL Query: The operator '~' is not supported by the simulated Jira/)],
    ['NOT okrKeyResult in (kr-1)', "Field 'okrKeyResult' does not exist or you do not have permission to view it."],
    ['NOT (project = OKR AND key = OKR-1)', expect.stringMatching(/^Error in the JQL Query: The operator '!=' on the field 'key', which is what NOT makes of '='/)],
  ])('%s', (jql, error) => {
    expect(compileJql(site, jql)).toMatchObject({ ok: false, errors: [error] });
  });

  it('nesting deeper than 100 is refused as beyond the subset, not a stack overflow; 100 deep runs', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}project = OKR${')'.repeat(depth)}`;
    expect(compileJql(site, nested(100))).toMatchObject({ ok: true });
    expect(compileJql(site, nested(101))).toMatchObject({ ok: false, errors: [expect.stringMatching(/^Error in the JQL Query: Nesting NOT and parentheses more than 100 deep is not supported/)] });
    expect(compileJql(site, `${'NOT '.repeat(5000)}project = OKR`)).toMatchObject({ ok: false });
  });

  it('bounded: any where-clause restricts, NOT and OR included; nothing or ORDER BY alone does not', () => {
    const bounded = (jql: string) => {
      const compiled = compileJql(site, jql);
      if (!compiled.ok) throw new Error(compiled.errors.join('; '));
      return isBounded(compiled);
    };
    expect(['NOT project = OKR', 'labels = perf OR NOT (project = OKR AND status = Done)', '(labels = perf) ORDER BY key'].map(bounded)).toEqual([true, true, true]);
    expect(['', 'ORDER BY key'].map(bounded)).toEqual([false, false]);
  });
});
