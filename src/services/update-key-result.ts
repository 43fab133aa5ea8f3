import { isSyncActive } from '../domain/app-settings';
import { type KeyResultAggregate, type LinkedIssueState, type Transition } from '../domain/key-result-state';
import { type ProgressCause, buildKeyResultProgressUpdated } from '../domain/webhook-events';
import { ConcurrentUpdateError, commitKeyResultChange, loadAggregate, loadLink, saveLinkState } from '../adapters/key-result-store';
import { type OutboxRecord, newOutboxRecord } from '../adapters/outbox-store';
import { loadSettings } from '../adapters/settings-store';

const MAX_CONFLICT_RETRIES = 8;

export type KeyResultUpdate =
  | { kind: 'unchanged'; reason: string }
  | { kind: 'link-only' }
  | { kind: 'progress-changed'; aggregate: KeyResultAggregate; outbox: OutboxRecord | undefined };

/**
 * Read the key result and the link, decide (pure), then write under a condition on the
 * key result's sequence. Under a clash the whole decision is made again from fresh
 * reads, so concurrent changes compose instead of overwriting each other.
 */
export async function updateKeyResult(input: {
  keyResultId: string;
  issueId: string;
  cloudId: string;
  decide: (aggregate: KeyResultAggregate, link: LinkedIssueState | undefined) => Transition;
  cause: ProgressCause;
}): Promise<KeyResultUpdate> {
  const settings = await loadSettings();
  for (let attempt = 1; ; attempt += 1) {
    const [aggregate, link] = await Promise.all([loadAggregate(input.keyResultId), loadLink(input.keyResultId, input.issueId)]);
    const transition = input.decide(aggregate, link);
    if (transition.kind === 'unchanged') return { kind: 'unchanged', reason: transition.reason };
    if (transition.kind === 'link-only') {
      await saveLinkState(transition.link);
      return { kind: 'link-only' };
    }
    const outbox = isSyncActive(settings)
      ? (() => {
          const event = buildKeyResultProgressUpdated(input.cloudId, transition.aggregate, settings.weights, input.cause, new Date());
          return newOutboxRecord({ id: event.id, type: event.type, body: JSON.stringify(event), keyResultId: input.keyResultId, now: Date.now() });
        })()
      : undefined;
    const linkChange = transition.link
      ? { set: transition.link }
      : { delete: { keyResultId: input.keyResultId, issueId: input.issueId } };
    try {
      await commitKeyResultChange({ before: aggregate, after: transition.aggregate, link: linkChange, outbox: outbox ? { record: outbox } : undefined });
      return { kind: 'progress-changed', aggregate: transition.aggregate, outbox };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}
