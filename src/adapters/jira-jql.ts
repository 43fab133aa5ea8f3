import { route } from '@forge/api';
import { isObject, readArray } from '../domain/read-json';
import { JiraBadRequestError, postJiraAsApp } from './jira-client';

/**
 * Queries per jql/match call. Atlassian documents that too many queries or issue ids get
 * a 400 but not the numbers (unconfirmed; 1,000 is assumed). A 400 on a larger batch
 * splits it in halves and the size that worked is kept for the rest of this runtime's
 * life, so either answer about the limit is safe and a wrong guess costs a few calls once.
 */
export const JQL_MATCH_BATCH = 1000;
let batchSize = JQL_MATCH_BATCH;

/** Jira's own parse and validation errors for a query (empty: valid), as the app sees fields. */
export async function validateJql(jql: string): Promise<string[]> {
  const answer = await postJiraAsApp(route`/rest/api/3/jql/parse?validation=strict`, { queries: [jql] });
  const parsed = readArray(answer, 'queries')?.[0];
  const errors = readArray(parsed, 'errors') ?? [];
  return errors.filter((e): e is string => typeof e === 'string');
}

/** Per query: whether it matches the issue, or null when Jira could not run it (kept as it was). */
export type JqlMatchResult = boolean | null;

async function matchBatch(issueId: string, jqls: readonly string[]): Promise<JqlMatchResult[]> {
  try {
    const answer = await postJiraAsApp(route`/rest/api/3/jql/match`, { issueIds: [Number(issueId)], jqls });
    const matches = readArray(answer, 'matches') ?? [];
    return jqls.map((_, i) => {
      const match = matches[i];
      if (!isObject(match) || (readArray(match, 'errors') ?? []).length > 0) return null;
      return (readArray(match, 'matchedIssues') ?? []).some((id) => String(id) === issueId);
    });
  } catch (error) {
    if (!(error instanceof JiraBadRequestError) || jqls.length === 1) throw error;
    const half = Math.ceil(jqls.length / 2);
    batchSize = Math.min(batchSize, half);
    return [...(await matchBatch(issueId, jqls.slice(0, half))), ...(await matchBatch(issueId, jqls.slice(half)))];
  }
}

/**
 * Which of the queries match one issue: one call per JQL_MATCH_BATCH queries, never one
 * per key result. Jira matches only issues the caller may browse; as the app, that is all.
 */
export async function matchIssueAgainst(issueId: string, jqls: readonly string[]): Promise<JqlMatchResult[]> {
  const results: JqlMatchResult[] = [];
  for (let start = 0; start < jqls.length; ) {
    const size = batchSize;
    results.push(...(await matchBatch(issueId, jqls.slice(start, start + size))));
    start += size;
  }
  return results;
}

