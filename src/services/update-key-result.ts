import { isSyncActive, progressRulesOf } from '../domain/app-settings';
import { type KeyResultAggregate, type LinkedIssueState, type Transition } from '../domain/key-result-state';
import type { ProgressRules } from '../domain/compute-progress';
import { type EventOrigin, type ProgressCause, buildKeyResultIssueLinkChanged, buildKeyResultProgressUpdated } from '../domain/webhook-events';
import { ConcurrentUpdateError, commitKeyResultChange, loadAggregate, loadLink, saveLinkState } from '../adapters/key-result-store';
import { type OutboxRecord, newOutboxRecord } from '../adapters/outbox-store';
import type { Operation } from '../adapters/compare-and-set';
import { ensureInstallationEpoch, loadSettings } from '../adapters/settings-store';

const MAX_CONFLICT_RETRIES = 8;

export type KeyResultUpdate =
  | { kind: 'unchanged'; reason: string }
  | { kind: 'link-only' }
  /** `outbox` is the progress update; `linkOutbox` the issue_linked/unlinked event, when the change was one. */
  | { kind: 'progress-changed'; aggregate: KeyResultAggregate; outbox: OutboxRecord | undefined; linkOutbox: OutboxRecord | undefined };

/** A link or unlink also tells the backend who linked what (key_result.issue_linked / issue_unlinked). */
export interface LinkEventSpec {
  type: 'key_result.issue_linked' | 'key_result.issue_unlinked';
  issueKey: string | null;
  actorAccountId: string | null;
}

/** Whether a change wrote outbox records (its link event, its progress update) that are now owed. */
export const owesDelivery = (update: KeyResultUpdate): boolean => update.kind === 'progress-changed' && (update.outbox !== undefined || update.linkOutbox !== undefined);

/** Runs a read-decide-write attempt again when another invocation changed the key result meanwhile. */
export async function retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || n >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}

/** The outbox record of a key result's new progress, as every change writes it. */
/**
 * When the next outbox record of a key result is created: now, but always after its
 * previous one (clocks of two invocations can disagree, and two records can fall in one
 * millisecond), so creation order is sequence order.
 */
export const nextOutboxTime = (aggregate: KeyResultAggregate): number => Math.max(Date.now(), (aggregate.outboxAt ?? 0) + 1);

/** The outbox record of a key result's new progress, created at `createdAt` (see nextOutboxTime). */
export function progressOutbox(origin: EventOrigin, aggregate: KeyResultAggregate, rules: ProgressRules, cause: ProgressCause, createdAt: number): OutboxRecord {
  const event = buildKeyResultProgressUpdated(origin, aggregate, rules, cause, new Date());
  return newOutboxRecord({ id: event.id, type: event.type, body: JSON.stringify(event), keyResultId: aggregate.keyResultId, now: createdAt });
}

function linkEventOutbox(origin: EventOrigin, keyResultId: string, issueId: string, sequence: number, spec: LinkEventSpec, createdAt: number): OutboxRecord {
  const event = buildKeyResultIssueLinkChanged(origin, spec.type, { keyResultId, issueId, issueKey: spec.issueKey, actorAccountId: spec.actorAccountId, sequence }, new Date());
  return newOutboxRecord({ id: event.id, type: event.type, body: JSON.stringify(event), keyResultId, now: createdAt });
}

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
  linkEvent?: LinkEventSpec;
  /** Writes made exactly when the change is (see commitKeyResultChange); an unchanged result writes nothing. */
  alongside?: readonly Operation[] | undefined;
}): Promise<KeyResultUpdate> {
  const settings = await loadSettings();
  const origin = isSyncActive(settings) ? { cloudId: input.cloudId, epoch: await ensureInstallationEpoch(settings) } : undefined;
  return retryOnConflict(async (): Promise<KeyResultUpdate> => {
    const [aggregate, link] = await Promise.all([loadAggregate(input.keyResultId), loadLink(input.keyResultId, input.issueId)]);
    const transition = input.decide(aggregate, link);
    if (transition.kind === 'unchanged') return { kind: 'unchanged', reason: transition.reason };
    if (transition.kind === 'link-only') {
      await saveLinkState(aggregate, transition.link, input.alongside);
      return { kind: 'link-only' };
    }
    // The link event first, then the progress update: one millisecond apart at least.
    const linkAt = nextOutboxTime(aggregate);
    const progressAt = input.linkEvent ? linkAt + 1 : linkAt;
    const linkOutbox = origin && input.linkEvent ? linkEventOutbox(origin, input.keyResultId, input.issueId, transition.aggregate.sequence, input.linkEvent, linkAt) : undefined;
    const outbox = origin ? progressOutbox(origin, transition.aggregate, progressRulesOf(settings), input.cause, progressAt) : undefined;
    const after = origin ? { ...transition.aggregate, outboxAt: progressAt } : transition.aggregate;
    const linkChange = transition.link
      ? { set: transition.link, existed: link !== undefined }
      : { delete: { keyResultId: input.keyResultId, issueId: input.issueId } };
    const records = [linkOutbox, outbox].filter((r): r is OutboxRecord => r !== undefined);
    await commitKeyResultChange({ before: aggregate, after, link: linkChange, outbox: records, alongside: input.alongside });
    return { kind: 'progress-changed', aggregate: after, outbox, linkOutbox };
  });
}
