import { applyLink, applyRemoval, applyUnlink, isDirectLink, type LinkedIssueState } from '../domain/key-result-state';
import { parseIssueId, parseKeyResultId } from '../domain/key-result-id';
import { PermanentError } from '../domain/app-errors';
import { readIssueLinkState } from '../adapters/issue-link-state';
import { writeKeyResultsProperty } from '../adapters/issue-key-results-property';
import { listKeyResultsOfIssue, loadLink } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { mayLinkIssues } from './link-access';
import { type KeyResultUpdate, owesDelivery, updateKeyResult } from './update-key-result';
import { askForDelivery } from './deliver-owed-webhooks';

/**
 * After a link or unlink: queue the key result's new progress and bring the issue's JQL
 * property up to date. A failed property write is logged and leaves the link in place
 * (storage is the truth; the property only feeds Jira's search): two links made at the
 * same moment can race on it, which the next link or unlink of that issue repairs
 * (reconciliation does not rewrite properties yet).
 */
async function afterLinkChange(update: KeyResultUpdate, issueId: string, options: { writeProperty: boolean } = { writeProperty: true }): Promise<void> {
  if (update.kind === 'unchanged') return;
  // Queued, not sent from the resolver: the panel answers at once whatever the backend does.
  if (owesDelivery(update)) await askForDelivery('queue');
  if (!options.writeProperty) return;
  try {
    await writeKeyResultsProperty(issueId, await directKeyResultsOf(issueId));
  } catch (error) {
    logEvent('link.property-failed', { issueId, reason: (error as Error).message });
  }
}

/**
 * The property lists direct links only: a JQL match is the backend's own query, and
 * writing it to every matched issue would cost one Jira call per issue per match.
 */
export async function directKeyResultsOf(issueId: string): Promise<string[]> {
  const ids = await listKeyResultsOfIssue(issueId);
  const links = await Promise.all(ids.map((keyResultId) => loadLink(keyResultId, issueId)));
  return ids.filter((_, i) => {
    const link = links[i];
    return link !== undefined && isDirectLink(link);
  });
}

/**
 * Who links: a user (from the invocation context, never a payload), checked against the
 * admin's User Access Control; or the app itself (seeding, later JQL links), named so it
 * is never an accident.
 */
export type LinkActor = { kind: 'user'; accountId: string } | { kind: 'system'; reason: string };

export class LinkNotAllowedError extends PermanentError {}

const actorAccountIdOf = (actor: LinkActor): string | null => (actor.kind === 'user' ? actor.accountId : null);

async function assertMayLink(actor: LinkActor): Promise<void> {
  if (actor.kind === 'system') return;
  if (!(await mayLinkIssues(actor.accountId))) {
    throw new LinkNotAllowedError('Your Jira administrator allows only selected users to link issues to key results.');
  }
}

/**
 * Links an issue to a key result (idempotent) and queues the key result's new progress.
 * The shared core of the issue panel and the tests; it checks the actor first.
 */
export async function linkIssueToKeyResult(input: { keyResultId: unknown; issueId: unknown; cloudId: string; actor: LinkActor }): Promise<KeyResultUpdate> {
  await assertMayLink(input.actor);
  const keyResultId = parseKeyResultId(input.keyResultId);
  if (!keyResultId.ok) throw new PermanentError(keyResultId.error);
  const issueId = parseIssueId(input.issueId);
  if (!issueId.ok) throw new PermanentError(issueId.error);
  const { state, issueKey } = await readIssueLinkState(issueId.value);
  const link: LinkedIssueState = { keyResultId: keyResultId.value, ...state };
  const update = await updateKeyResult({
    keyResultId: keyResultId.value,
    issueId: state.issueId,
    cloudId: input.cloudId,
    decide: (aggregate, existing) => applyLink(aggregate, existing, link),
    cause: { kind: 'issue_linked', issueId: state.issueId, issueKey },
    linkEvent: { type: 'key_result.issue_linked', issueKey, actorAccountId: actorAccountIdOf(input.actor) },
  });
  await afterLinkChange(update, state.issueId);
  return update;
}

/**
 * `issueKey`: the key as the caller knows it (the panel's context), for the unlink event.
 * `issueDeleted`: Jira deleted the issue, so there is no property left to update and the
 * cause says why.
 */
export async function unlinkIssueFromKeyResult(input: {
  keyResultId: unknown;
  issueId: unknown;
  issueKey?: string | null;
  cloudId: string;
  actor: LinkActor;
  issueDeleted?: boolean;
}): Promise<KeyResultUpdate> {
  await assertMayLink(input.actor);
  const keyResultId = parseKeyResultId(input.keyResultId);
  if (!keyResultId.ok) throw new PermanentError(keyResultId.error);
  const issueId = parseIssueId(input.issueId);
  if (!issueId.ok) throw new PermanentError(issueId.error);
  const update = await updateKeyResult({
    keyResultId: keyResultId.value,
    issueId: issueId.value,
    cloudId: input.cloudId,
    // A deleted issue leaves entirely; an unlink keeps an issue the key result's JQL still matches.
    decide: (aggregate, existing) => (input.issueDeleted ? applyRemoval(aggregate, existing) : applyUnlink(aggregate, existing)),
    cause: { kind: input.issueDeleted ? 'issue_deleted' : 'issue_unlinked', issueId: issueId.value, issueKey: input.issueKey ?? null },
    linkEvent: { type: 'key_result.issue_unlinked', issueKey: input.issueKey ?? null, actorAccountId: actorAccountIdOf(input.actor) },
  });
  await afterLinkChange(update, issueId.value, { writeProperty: !input.issueDeleted });
  return update;
}
