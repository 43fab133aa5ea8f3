import { applyJqlMatch, applyJqlMiss, type LinkedIssueState } from '../domain/key-result-state';
import { readId, readObject, readString } from '../domain/read-json';
import { pushWorkMessages } from '../adapters/work-queue';
import { readIssueLinkState } from '../adapters/issue-link-state';
import { matchIssueAgainst } from '../adapters/jira-jql';
import { JiraNotFoundError } from '../adapters/jira-client';
import { loadJqlRegistry } from '../adapters/jql-registry-store';
import { listKeyResultsOfIssue, loadLink } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { owesDelivery, updateKeyResult } from './update-key-result';
import { askForDelivery } from './deliver-owed-webhooks';

export type JqlCheckOutcome = { kind: 'none' } | { kind: 'queued' } | { kind: 'retry'; reason: string };

/**
 * Trigger side, for a created or changed issue: on a site with JQL links, one message asks
 * the consumer which of them match it now (any field can change a match, not only the
 * status). One storage read when the site has none.
 */
export async function queueJqlCheck(event: unknown): Promise<JqlCheckOutcome> {
  const issue = readObject(event, 'issue');
  const issueId = readId(issue, 'id');
  if (!issueId) return { kind: 'none' };
  if ((await loadJqlRegistry()).links.length === 0) return { kind: 'none' };
  const { failed, reason } = await pushWorkMessages([{ message: { kind: 'match-jql', issueId, issueKey: readString(issue, 'key') ?? null } }]);
  return failed.length === 0 ? { kind: 'queued' } : { kind: 'retry', reason: `could not queue the JQL check: ${reason ?? 'unknown'}` };
}

/**
 * Consumer side: every JQL of the site against this one issue in one jql/match call (per
 * 100 queries), never one call per key result. Only key results whose match changed are
 * written, each under its own compare-and-set; a new match reads the issue's state once
 * (changelog id, then status) for all of them, so its version is exact. A query Jira cannot run changes nothing.
 */
export async function matchIssueJql(issueId: string, issueKey: string | null, cloudId: string): Promise<{ matched: number; unmatched: number }> {
  const registry = await loadJqlRegistry();
  if (registry.links.length === 0) return { matched: 0, unmatched: 0 };
  const [results, linkedTo] = await Promise.all([matchIssueAgainst(issueId, registry.links.map((l) => l.jql)), listKeyResultsOfIssue(issueId)]);
  const linked = new Set(linkedTo);
  let state: Promise<Omit<LinkedIssueState, 'keyResultId'> | null> | undefined;
  const issueState = () =>
    (state ??= readIssueLinkState(issueId).then(
      (r) => r.state,
      (error: unknown) => {
        if (error instanceof JiraNotFoundError) return null;
        throw error;
      },
    ));
  let owed = false;
  const outcome = { matched: 0, unmatched: 0 };
  for (const [i, link] of registry.links.entries()) {
    const matches = results[i];
    if (matches === null || matches === undefined) continue;
    const keyResultId = link.keyResultId;
    const existing = linked.has(keyResultId) ? await loadLink(keyResultId, issueId) : undefined;
    if (matches === (existing?.viaJql === true)) continue;
    let found: LinkedIssueState | undefined;
    if (matches) {
      const now = await issueState();
      if (!now) break; // Deleted meanwhile: its deletion event removes it everywhere.
      found = { keyResultId, ...now };
    }
    const update = await updateKeyResult({
      keyResultId,
      issueId,
      cloudId,
      decide: (aggregate, current) => (found ? applyJqlMatch(aggregate, current, found) : applyJqlMiss(aggregate, current)),
      cause: { kind: matches ? 'jql_matched' : 'jql_unmatched', issueId, issueKey },
    });
    if (update.kind === 'unchanged') continue;
    if (matches) outcome.matched += 1;
    else outcome.unmatched += 1;
    owed ||= owesDelivery(update);
  }
  if (owed) await askForDelivery('queue');
  logEvent('issue.jql-checked', { issueId, queries: registry.links.length, ...outcome });
  return outcome;
}
