import { applyStatusObservation, type StatusObservation } from '../domain/key-result-state';
import { logEvent } from '../adapters/log';
import { askForDelivery } from './deliver-owed-webhooks';
import { updateKeyResult } from './update-key-result';

/** Consumer side of a transition: one key result, applied at most once, then delivered. */
/** `issueKey`: as the transition's event named it, for the cause (null when it did not). */
export async function applyStatusChange(keyResultId: string, observation: StatusObservation, cloudId: string, issueKey: string | null = null): Promise<void> {
  const update = await updateKeyResult({
    keyResultId,
    issueId: observation.issueId,
    cloudId,
    decide: (aggregate, link) => applyStatusObservation(aggregate, link, observation),
    cause: { kind: 'issue_status_changed', issueId: observation.issueId, issueKey, changelogId: observation.changelogId },
  });
  logEvent('key-result.status-applied', { keyResultId, issueId: observation.issueId, changelogId: observation.changelogId, result: update.kind, ...(update.kind === 'unchanged' ? { reason: update.reason } : {}) });
  // Always: the transition's issue.status_changed and activity records wait for this walk (see on-issue-event).
  await askForDelivery('walk-here');
}
