import type { KeyResultAggregate, LinkedIssueState, Transition } from '../domain/key-result-state';
import { LINK_BATCH_SIZE, commitLinkBatch, loadAggregate, loadLink } from '../adapters/key-result-store';
import { retryOnConflict } from './update-key-result';

export interface LinkDecision {
  issueId: string;
  decide: (aggregate: KeyResultAggregate, link: LinkedIssueState | undefined) => Transition;
}

/**
 * Applies many per-issue decisions to one key result, LINK_BATCH_SIZE per transaction,
 * each decided again from fresh reads when a live change got there first. Returns how
 * many issues changed; no webhook is written (the caller sends one progress update).
 */
export async function applyLinkDecisions(keyResultId: string, decisions: readonly LinkDecision[]): Promise<number> {
  let changed = 0;
  for (let start = 0; start < decisions.length; start += LINK_BATCH_SIZE) {
    const batch = decisions.slice(start, start + LINK_BATCH_SIZE);
    changed += await retryOnConflict(async () => {
      const [before, ...links] = await Promise.all([loadAggregate(keyResultId), ...batch.map((d) => loadLink(keyResultId, d.issueId))]);
      let totals = before;
      const set: LinkedIssueState[] = [];
      const remove: string[] = [];
      batch.forEach((decision, i) => {
        const transition = decision.decide(totals, links[i]);
        if (transition.kind === 'unchanged') return;
        // Each decision moves the running totals; the batch is committed as one step.
        if (transition.kind === 'progress-changed') totals = { ...transition.aggregate, sequence: before.sequence };
        if (transition.link) set.push(transition.link);
        else remove.push(decision.issueId);
      });
      if (set.length + remove.length === 0) return 0;
      const totalsMoved = totals !== before;
      await commitLinkBatch({ before, after: { ...totals, sequence: totalsMoved ? before.sequence + 1 : before.sequence }, set, remove });
      return set.length + remove.length;
    });
  }
  return changed;
}
