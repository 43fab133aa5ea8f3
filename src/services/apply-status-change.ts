import { applyStatusObservation, type StatusObservation } from '../domain/key-result-state';
import type { Operation } from '../adapters/compare-and-set';
import { logEvent } from '../adapters/log';
import { askForDelivery } from './deliver-owed-webhooks';
import { type KeyResultUpdate, updateKeyResult } from './update-key-result';

/**
 * One transition applied to one key result, at most once. `issueKey`: as the transition's
 * event named it, for the cause (null when it did not); `alongside`: writes made exactly
 * when the change is (a consumed pending transition).
 */
export async function applyOneStatusChange(keyResultId: string, observation: StatusObservation, cloudId: string, issueKey: string | null, alongside?: readonly Operation[]): Promise<KeyResultUpdate> {
  const update = await updateKeyResult({
    keyResultId,
    issueId: observation.issueId,
    cloudId,
    decide: (aggregate, link) => applyStatusObservation(aggregate, link, observation),
    cause: { kind: 'issue_status_changed', issueId: observation.issueId, issueKey, changelogId: observation.changelogId },
    alongside,
  });
  logEvent('key-result.status-applied', { keyResultId, issueId: observation.issueId, changelogId: observation.changelogId, result: update.kind, ...(update.kind === 'unchanged' ? { reason: update.reason } : {}) });
  return update;
}

/** An `apply-status` message an older version queued (one per transition and key result): applied, then delivered. */
export async function applyStatusChange(keyResultId: string, observation: StatusObservation, cloudId: string, issueKey: string | null = null): Promise<void> {
  await applyOneStatusChange(keyResultId, observation, cloudId, issueKey);
  // Always: the transition's issue.status_changed and activity records wait for this walk (see on-issue-event).
  await askForDelivery('walk-here');
}
