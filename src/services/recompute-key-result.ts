import { isSyncActive, progressRulesOf } from '../domain/app-settings';
import type { RecomputeReason } from '../domain/work-message';
import { commitKeyResultChange, loadAggregate } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { ensureInstallationEpoch, loadSettings } from '../adapters/settings-store';
import { askForDelivery } from './deliver-owed-webhooks';
import { nextOutboxTime, progressOutbox, retryOnConflict } from './update-key-result';

const ANSWERS_THE_BACKEND: readonly RecomputeReason[] = ['jql_changed', 'resync_requested'];

/**
 * Re-sends one key result's progress under the current weights (after a weights change,
 * or when sending (re)starts, so the backend holds every key result's current progress
 * without waiting for a transition): counts unchanged, the
 * sequence moves on (so the backend takes it as newer than anything before), written
 * under the same compare-and-set as every other change.
 */
export async function recomputeKeyResult(keyResultId: string, cloudId: string, reason: RecomputeReason): Promise<'sent' | 'skipped'> {
  const settings = await loadSettings();
  if (!isSyncActive(settings)) return 'skipped';
  const origin = { cloudId, epoch: await ensureInstallationEpoch(settings) };
  const sent = await retryOnConflict(async () => {
    const before = await loadAggregate(keyResultId);
    // A key result nothing ever counted toward is sent only when the backend asked about
    // it (its JQL changed, or a resync): then "no progress yet" is the answer it needs.
    if (before.sequence === 0 && !ANSWERS_THE_BACKEND.includes(reason)) return undefined;
    const createdAt = nextOutboxTime(before);
    const after = { ...before, sequence: before.sequence + 1, outboxAt: createdAt };
    const record = progressOutbox(origin, after, progressRulesOf(settings), { kind: reason }, createdAt);
    await commitKeyResultChange({ before, after, link: undefined, outbox: [record] });
    return { record, sequence: after.sequence };
  });
  if (!sent) return 'skipped';
  logEvent('key-result.recomputed', { keyResultId, sequence: sent.sequence, reason });
  await askForDelivery('walk-here');
  return 'sent';
}
