/**
 * The site and the calls the JQL endpoint tests share (jira-jql-endpoints and
 * jira-jql-compound): through the real @forge/api SDK, so a LocalForgePlatform must be
 * running for the calls to reach the simulated Jira.
 */
import api, { route } from '@forge/api';
import type { JiraExchange } from '../../../dev/platform/jira/jira-server';
import { type ConformanceProblem, loadJiraContract } from '../../../dev/platform/openapi/jira-contract';
import { ADMIN_ID, USER_ID, createTestSite } from '../../support/test-site';

export const contract = loadJiraContract();
export const problemsOf = (exchanges: readonly JiraExchange[]): ConformanceProblem[] =>
  exchanges.flatMap((e) => contract.checkExchange({ method: e.method, url: e.url, status: e.status, requestBody: e.requestBody, responseBody: e.responseBody }));

export const PROPERTY = 'okr-sync-key-results';
export const UNKNOWN_FOO = "Field 'foo' does not exist or you do not have permission to view it.";

/**
 * OKR-1..4 are Tasks created at one instant (OKR-2 In Progress, OKR-3 Done), OKR-5 an
 * older Bug labelled perf and customer; OPS-1, labelled perf, is in a project only the admin may browse. OKR-1 and
 * OPS-1 are linked to kr-1, OKR-1 and OKR-4 to kr-2.
 */
export function createJqlSite() {
  const { site, issues } = createTestSite(4);
  site.addProject({ id: '10001', key: 'OPS', name: 'Operations', access: { browse: [ADMIN_ID] } });
  for (const issue of issues) issue.created = '2024-01-01T00:00:00.000Z';
  const bug = site.createIssue({ projectKey: 'OKR', summary: 'Crash', issueTypeName: 'Bug', labels: ['perf', 'customer'], reporterId: USER_ID, at: new Date('2023-06-01T00:00:00Z') });
  const ops = site.createIssue({ projectKey: 'OPS', summary: 'Pager', labels: ['perf'], reporterId: ADMIN_ID });
  site.transitionIssue(issues[1]!.id, '3', USER_ID);
  site.transitionIssue(issues[2]!.id, '10003', USER_ID);
  site.setIssueProperty(issues[0]!.id, PROPERTY, { keyResultIds: ['kr-1', 'kr-2'] });
  site.setIssueProperty(ops.id, PROPERTY, { keyResultIds: ['kr-1'] });
  return { site, okr: [...issues, bug], ops };
}

export const jsonPost = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
export type Caller = ReturnType<typeof api.asApp>;

export async function parse(queries: string[], validation = 'strict'): Promise<Array<Record<string, unknown>>> {
  const response = await api.asApp().requestJira(route`/rest/api/3/jql/parse?validation=${validation}`, jsonPost({ queries }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { queries: Array<Record<string, unknown>> }).queries;
}

export async function match(issueIds: number[], jqls: string[], caller: Caller = api.asApp()): Promise<Array<{ matchedIssues: number[]; errors: string[] }>> {
  const response = await caller.requestJira(route`/rest/api/3/jql/match`, jsonPost({ issueIds, jqls }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { matches: Array<{ matchedIssues: number[]; errors: string[] }> }).matches;
}

export async function searchKeys(jql: string, caller: Caller = api.asApp()): Promise<string[]> {
  const response = await caller.requestJira(route`/rest/api/3/search/jql?jql=${jql}&fields=status&maxResults=100`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { issues: Array<{ key: string }> }).issues.map((i) => i.key);
}

/** search/approximate-count's status and body; `undefined` sends no jql at all. */
export async function count(jql: string | undefined, caller: Caller = api.asApp()): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await caller.requestJira(route`/rest/api/3/search/approximate-count`, jsonPost(jql === undefined ? {} : { jql }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
