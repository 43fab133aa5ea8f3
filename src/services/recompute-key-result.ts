import { isSyncActive } from '../domain/app-settings';
import { buildKeyResultProgressUpdated } from '../domain/webhook-events';
import { ConcurrentUpdateError, commitKeyResultChange, loadAggregate } from '../adapters/key-result-store';
import { logEvent } from '../adapters/log';
import { newOutboxRecord } from '../adapters/outbox-store';
import { loadSettings } from '../adapters/settings-store';
import { deliverOutboxMessage } from './deliver-outbox-message';

const MAX_CONFLICT_RETRIES = 8;

/**
 * Re-sends one key result's progress under the current weights: counts unchanged, the
 * sequence moves on (so the backend takes it as newer than anything before), written
 * under the same compare-and-set as every other change.
 */
export async function recomputeKeyResult(keyResultId: string, cloudId: string): Promise<'sent' | 'skipped'> {
  const settings = await loadSettings();
  if (!isSyncActive(settings)) return 'skipped';
  for (let attempt = 1; ; attempt += 1) {
    const before = await loadAggregate(keyResultId);
    if (before.sequence === 0) return 'skipped';
    const after = { ...before, sequence: before.sequence + 1 };
    const event = buildKeyResultProgressUpdated(cloudId, after, settings.weights, { kind: 'weights_changed' }, new Date());
    const outbox = newOutboxRecord({ id: event.id, type: event.type, body: JSON.stringify(event), keyResultId, now: Date.now() });
    try {
      await commitKeyResultChange({ before, after, link: undefined, outbox: { record: outbox } });
      logEvent('key-result.recomputed', { keyResultId, sequence: after.sequence });
      await deliverOutboxMessage(outbox.id, outbox);
      return 'sent';
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}
