import {
  type KeyResultAggregate,
  type LinkedIssueState,
  type StatusObservation,
  applyLink,
  applyStatusObservation,
  applyUnlink,
  newAggregate,
  reconcileLink,
} from '../../src/domain/key-result-state';
import { STATUS_CATEGORY_KEYS, type StatusCategoryKey } from '../../src/domain/status-category';
import { KEY_RESULT_ID, aggregate, counts, linkedIssue, observation } from '../factories/domain';
import { type Random, mulberry32, pick, randomInt, shuffled } from '../factories/random';

describe('newAggregate', () => {
  it('starts with zero counts and sequence 0', () => {
    expect(newAggregate('kr-1')).toEqual({ keyResultId: 'kr-1', counts: { new: 0, indeterminate: 0, done: 0 }, statuses: {}, sequence: 0 });
  });

  it('does not share counts between aggregates', () => {
    const first = newAggregate('kr-1');
    first.counts.done = 3;
    expect(newAggregate('kr-1').counts.done).toBe(0);
  });
});

describe('applyStatusObservation', () => {
  const before = aggregate({ counts: counts({ new: 2, indeterminate: 1 }), sequence: 5 });

  it('leaves an issue that is not linked unchanged', () => {
    expect(applyStatusObservation(before, undefined, observation())).toEqual({ kind: 'unchanged', reason: 'not-linked' });
  });

  it('applies a newer change that moves the category: counts shift, sequence +1, link takes the new state', () => {
    const link = linkedIssue({ statusId: '10000', categoryKey: 'new', version: '0' });
    const transition = applyStatusObservation(before, link, observation({ statusId: '3', categoryKey: 'indeterminate', changelogId: '10094' }));
    expect(transition).toEqual({
      kind: 'progress-changed',
      link: { ...link, statusId: '3', categoryKey: 'indeterminate', version: '10094' },
      aggregate: { keyResultId: KEY_RESULT_ID, counts: { new: 1, indeterminate: 2, done: 0 }, sequence: 6 },
    });
  });

  it('moves In Progress → Done', () => {
    const link = linkedIssue({ statusId: '3', categoryKey: 'indeterminate', version: '10094' });
    const transition = applyStatusObservation(before, link, observation({ statusId: '10001', categoryKey: 'done', changelogId: '10100' }));
    expect(transition.kind === 'progress-changed' && transition.aggregate.counts).toEqual({ new: 2, indeterminate: 0, done: 1 });
  });

  it('moves the status totals (not the category counts) for a move inside one category, so status rules stay exact', () => {
    const withStatuses = { ...before, statuses: { 'new:10000': 2, 'indeterminate:3': 1 } };
    const link = linkedIssue({ statusId: '3', categoryKey: 'indeterminate', version: '10094' });
    const transition = applyStatusObservation(withStatuses, link, observation({ statusId: '10005', categoryKey: 'indeterminate', changelogId: '10095' }));
    expect(transition).toEqual({
      kind: 'progress-changed',
      link: { ...link, statusId: '10005', version: '10095' },
      aggregate: { ...withStatuses, statuses: { 'new:10000': 2, 'indeterminate:10005': 1 }, sequence: 6 },
    });
  });

  it('treats a newer change to the same status as link-only: only the version moves', () => {
    const link = linkedIssue({ statusId: '3', categoryKey: 'indeterminate', version: '10094' });
    expect(applyStatusObservation(before, link, observation({ statusId: '3', categoryKey: 'indeterminate', changelogId: '10095' }))).toEqual({ kind: 'link-only', link: { ...link, version: '10095' } });
  });

  it('ignores a duplicate (the same changelog id again)', () => {
    const link = linkedIssue({ statusId: '3', categoryKey: 'indeterminate', version: '10094' });
    expect(applyStatusObservation(before, link, observation({ categoryKey: 'done', changelogId: '10094' }))).toEqual({
      kind: 'unchanged',
      reason: 'stale-or-duplicate',
    });
  });

  it('ignores a stale change (an older changelog id)', () => {
    const link = linkedIssue({ statusId: '10001', categoryKey: 'done', version: '10100' });
    expect(applyStatusObservation(before, link, observation({ categoryKey: 'indeterminate', changelogId: '10094' }))).toEqual({
      kind: 'unchanged',
      reason: 'stale-or-duplicate',
    });
  });

  it('orders changelog ids as numbers: "10" is newer than "9"', () => {
    const link = linkedIssue({ categoryKey: 'new', version: '9' });
    expect(applyStatusObservation(before, link, observation({ categoryKey: 'done', changelogId: '10' })).kind).toBe('progress-changed');
    const newer = linkedIssue({ categoryKey: 'new', version: '10' });
    expect(applyStatusObservation(before, newer, observation({ categoryKey: 'done', changelogId: '9' })).kind).toBe('unchanged');
  });

  it('applies any real changelog id to a link made at version "0" (the link-time read has no changelog id)', () => {
    // Known limit of the contract: a change older than the link-time read but delivered
    // after the link is still applied, because "0" precedes every changelog id.
    const link = linkedIssue({ statusId: '10002', categoryKey: 'new', version: '0' });
    expect(applyStatusObservation(before, link, observation({ categoryKey: 'indeterminate', changelogId: '1' })).kind).toBe('progress-changed');
  });

  it('does not modify the aggregate, link or observation it is given', () => {
    const agg = aggregate({ counts: counts({ new: 1 }), sequence: 2 });
    const link = linkedIssue();
    const obs = observation({ categoryKey: 'done' });
    const snapshot = JSON.stringify([agg, link, obs]);
    applyStatusObservation(agg, link, obs);
    expect(JSON.stringify([agg, link, obs])).toBe(snapshot);
  });

  it('returns a new counts object, not the one it was given', () => {
    const agg = aggregate({ counts: counts({ new: 1 }) });
    const transition = applyStatusObservation(agg, linkedIssue(), observation({ categoryKey: 'done' }));
    if (transition.kind !== 'progress-changed') throw new Error('expected progress-changed');
    expect(transition.aggregate.counts).not.toBe(agg.counts);
  });
});

describe('applyLink', () => {
  it('counts a new link in its category and increments the sequence', () => {
    const link = linkedIssue({ categoryKey: 'done' });
    expect(applyLink(aggregate({ sequence: 3 }), undefined, link)).toEqual({
      kind: 'progress-changed',
      link,
      aggregate: { keyResultId: KEY_RESULT_ID, counts: { new: 0, indeterminate: 0, done: 1 }, sequence: 4 },
    });
  });

  it('is idempotent: linking an issue that is already linked changes nothing', () => {
    const link = linkedIssue();
    expect(applyLink(aggregate({ counts: counts({ new: 1 }), sequence: 1 }), link, link)).toEqual({ kind: 'unchanged', reason: 'already-linked' });
  });

  it('does not double-count when applied twice in a row', () => {
    const link = linkedIssue({ categoryKey: 'indeterminate' });
    const first = applyLink(newAggregate(KEY_RESULT_ID), undefined, link);
    if (first.kind !== 'progress-changed' || !first.link) throw new Error('expected progress-changed');
    const second = applyLink(first.aggregate, first.link, link);
    expect(second.kind).toBe('unchanged');
    expect(first.aggregate.counts).toEqual({ new: 0, indeterminate: 1, done: 0 });
  });
});

describe('applyUnlink', () => {
  it('removes the link from its category count and increments the sequence', () => {
    const existing = linkedIssue({ categoryKey: 'indeterminate' });
    expect(applyUnlink(aggregate({ counts: counts({ new: 1, indeterminate: 2 }), sequence: 7 }), existing)).toEqual({
      kind: 'progress-changed',
      link: undefined,
      aggregate: { keyResultId: KEY_RESULT_ID, counts: { new: 1, indeterminate: 1, done: 0 }, sequence: 8 },
    });
  });

  it('is idempotent: unlinking an issue that is not linked changes nothing', () => {
    expect(applyUnlink(aggregate({ sequence: 7 }), undefined)).toEqual({ kind: 'unchanged', reason: 'not-linked-to-unlink' });
  });

  it('link then unlink restores the counts, with two sequence steps', () => {
    const start = aggregate({ counts: counts({ new: 2, done: 1 }), sequence: 10 });
    const link = linkedIssue({ categoryKey: 'done' });
    const linked = applyLink(start, undefined, link);
    if (linked.kind !== 'progress-changed') throw new Error('expected progress-changed');
    const unlinked = applyUnlink(linked.aggregate, link);
    if (unlinked.kind !== 'progress-changed') throw new Error('expected progress-changed');
    expect(unlinked.aggregate).toEqual({ ...start, sequence: 12 });
  });
});

/**
 * A small in-memory model of one key result: the aggregate plus the links, updated only
 * through the domain functions, exactly as the service does under its conditional write.
 */
class KeyResultModel {
  aggregate: KeyResultAggregate = newAggregate(KEY_RESULT_ID);
  readonly links = new Map<string, LinkedIssueState>();
  /** The sequence of every progress-changed transition, in the order they were applied. */
  readonly sequences: number[] = [];

  link(issueId: string, statusId: string, categoryKey: StatusCategoryKey): void {
    this.commit(applyLink(this.aggregate, this.links.get(issueId), { keyResultId: KEY_RESULT_ID, issueId, statusId, categoryKey, version: '0' }), issueId);
  }

  observe(obs: StatusObservation): void {
    this.commit(applyStatusObservation(this.aggregate, this.links.get(obs.issueId), obs), obs.issueId);
  }

  private commit(transition: ReturnType<typeof applyLink>, issueId: string): void {
    if (transition.kind === 'unchanged') return;
    if (transition.kind === 'link-only') {
      this.links.set(issueId, transition.link);
      return;
    }
    expect(transition.aggregate.sequence).toBe(this.aggregate.sequence + 1);
    this.aggregate = transition.aggregate;
    this.sequences.push(transition.aggregate.sequence);
    if (transition.link) this.links.set(issueId, transition.link);
    else this.links.delete(issueId);
  }

  /** Counts recomputed from the links: the aggregate must always agree with them. */
  countsFromLinks(): Record<StatusCategoryKey, number> {
    const result = counts();
    for (const link of this.links.values()) result[link.categoryKey] += 1;
    return result;
  }
}

interface Scenario {
  issues: Array<{ issueId: string; statusId: string; categoryKey: StatusCategoryKey }>;
  observations: StatusObservation[];
}

/** Statuses of a typical workflow: two per category, so same-category moves happen too. */
const STATUSES: ReadonlyArray<{ statusId: string; categoryKey: StatusCategoryKey }> = [
  { statusId: '10000', categoryKey: 'new' },
  { statusId: '10002', categoryKey: 'new' },
  { statusId: '3', categoryKey: 'indeterminate' },
  { statusId: '10003', categoryKey: 'indeterminate' },
  { statusId: '10001', categoryKey: 'done' },
  { statusId: '10004', categoryKey: 'done' },
];

/** N issues, each starting in a random status, then a random run of transitions with increasing changelog ids. */
function randomScenario(random: Random): Scenario {
  const issueCount = randomInt(random, 1, 8);
  const issues = Array.from({ length: issueCount }, (_, i) => ({ issueId: String(10070 + i), ...pick(random, STATUSES) }));
  const observations: StatusObservation[] = [];
  // Changelog ids are global and increasing in Jira; gaps and digit-count changes (99 → 100…) included.
  let changelogId = randomInt(random, 1, 120);
  const transitions = randomInt(random, 0, 40);
  for (let i = 0; i < transitions; i += 1) {
    changelogId += randomInt(random, 1, 30);
    const issue = pick(random, issues);
    const status = pick(random, STATUSES);
    observations.push({ issueId: issue.issueId, statusId: status.statusId, categoryKey: status.categoryKey, changelogId: String(changelogId) });
  }
  return { issues, observations };
}

function linkAll(scenario: Scenario): KeyResultModel {
  const model = new KeyResultModel();
  for (const issue of scenario.issues) model.link(issue.issueId, issue.statusId, issue.categoryKey);
  return model;
}

describe('applyStatusObservation under at-least-once, out-of-order delivery (property)', () => {
  const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);

  it(`over ${SEEDS.length} seeded scenarios, a shuffled run with duplicates ends where the ordered run ends`, () => {
    for (const seed of SEEDS) {
      const random = mulberry32(seed);
      const scenario = randomScenario(random);

      const ordered = linkAll(scenario);
      for (const obs of scenario.observations) ordered.observe(obs);

      // Every observation at least once, some several times, in any order.
      const duplicates = scenario.observations.filter(() => random() < 0.4);
      const delivered = shuffled(random, [...scenario.observations, ...duplicates, ...duplicates.filter(() => random() < 0.5)]);
      const shuffledRun = linkAll(scenario);
      for (const obs of delivered) shuffledRun.observe(obs);

      const context = `seed ${seed}`;
      expect({ context, counts: shuffledRun.aggregate.counts }).toEqual({ context, counts: ordered.aggregate.counts });
      expect({ context, links: [...shuffledRun.links.entries()].sort() }).toEqual({ context, links: [...ordered.links.entries()].sort() });
      for (const model of [ordered, shuffledRun]) {
        expect({ context, counts: model.aggregate.counts }).toEqual({ context, counts: model.countsFromLinks() });
        // Strictly increasing by exactly one per applied change, starting after the links.
        model.sequences.forEach((sequence, index) => expect({ context, sequence }).toEqual({ context, sequence: index + 1 }));
        expect(model.aggregate.sequence).toBe(model.sequences.length);
      }
      const total = scenario.issues.length;
      expect(STATUS_CATEGORY_KEYS.reduce((sum, key) => sum + shuffledRun.aggregate.counts[key], 0)).toBe(total);
    }
  });

  it('the final state of each issue is its newest observation (or its link-time status when there is none)', () => {
    for (const seed of SEEDS.slice(0, 100)) {
      const random = mulberry32(seed * 7919);
      const scenario = randomScenario(random);
      const model = linkAll(scenario);
      for (const obs of shuffled(random, scenario.observations)) model.observe(obs);
      for (const issue of scenario.issues) {
        const newest = scenario.observations.filter((obs) => obs.issueId === issue.issueId).at(-1);
        const expected = newest ? { statusId: newest.statusId, categoryKey: newest.categoryKey, version: newest.changelogId } : { statusId: issue.statusId, categoryKey: issue.categoryKey, version: '0' };
        expect(model.links.get(issue.issueId)).toEqual({ keyResultId: KEY_RESULT_ID, issueId: issue.issueId, ...expected });
      }
    }
  });

  it('a duplicate never moves a count twice', () => {
    const model = linkAll({ issues: [{ issueId: '10073', statusId: '10000', categoryKey: 'new' }], observations: [] });
    const done = observation({ issueId: '10073', statusId: '10001', categoryKey: 'done', changelogId: '10200' });
    model.observe(done);
    model.observe(done);
    model.observe({ ...done });
    expect(model.aggregate.counts).toEqual({ new: 0, indeterminate: 0, done: 1 });
    expect(model.sequences).toEqual([1, 2]);
  });
});

describe('reconcileLink', () => {
  const linkIn = (categoryKey: 'new' | 'indeterminate' | 'done', statusId: string, version = '100') => ({ keyResultId: 'kr-r', issueId: '10001', statusId, categoryKey, version });
  const agg = { keyResultId: 'kr-r', counts: { new: 1, indeterminate: 0, done: 2 }, sequence: 5 };

  it('moves the counts when Jira has the issue in another category, and never lowers the version', () => {
    expect(reconcileLink(agg, linkIn('new', '10000', '100'), { kind: 'found', statusId: '10003', categoryKey: 'done', version: '90' })).toEqual({
      kind: 'progress-changed',
      link: linkIn('done', '10003', '100'),
      aggregate: { keyResultId: 'kr-r', counts: { new: 0, indeterminate: 0, done: 3 }, sequence: 6 },
    });
    expect(reconcileLink(agg, linkIn('new', '10000', '100'), { kind: 'found', statusId: '10003', categoryKey: 'done', version: '120' })).toMatchObject({ link: { version: '120' } });
  });

  it('moves only the status totals for another status of the same category, and changes nothing when Jira agrees', () => {
    expect(reconcileLink(agg, linkIn('new', '10000'), { kind: 'found', statusId: '10001', categoryKey: 'new', version: '130' })).toMatchObject({
      kind: 'progress-changed',
      link: linkIn('new', '10001', '130'),
      aggregate: { counts: agg.counts, sequence: agg.sequence + 1 },
    });
    expect(reconcileLink(agg, linkIn('new', '10000'), { kind: 'found', statusId: '10000', categoryKey: 'new', version: '130' })).toMatchObject({ kind: 'unchanged' });
  });

  it('takes an issue Jira no longer shows out of the average as unreachable, keeping the link, and ignores a link that is already gone', () => {
    const lost = reconcileLink(agg, linkIn('done', '10003'), { kind: 'missing' });
    expect(lost).toEqual({ kind: 'progress-changed', link: { ...linkIn('done', '10003'), unreachable: true }, aggregate: { keyResultId: 'kr-r', counts: { new: 1, indeterminate: 0, done: 1 }, unreachable: 1, sequence: 6 } });
    expect(reconcileLink(agg, undefined, { kind: 'missing' })).toEqual({ kind: 'unchanged', reason: 'not-linked' });
    if (lost.kind !== 'progress-changed') throw new Error('expected a change');
    // Missing again: nothing more; shown again: back in the average, in its status now.
    expect(reconcileLink(lost.aggregate, lost.link, { kind: 'missing' })).toMatchObject({ kind: 'unchanged' });
    expect(reconcileLink(lost.aggregate, lost.link, { kind: 'found', statusId: '3', categoryKey: 'indeterminate', version: '140' })).toEqual({
      kind: 'progress-changed',
      link: linkIn('indeterminate', '3', '140'),
      aggregate: { keyResultId: 'kr-r', counts: { new: 1, indeterminate: 1, done: 1 }, unreachable: 0, sequence: 7 },
    });
  });

  it('lets a status event bring an unreachable link back (Jira shows the issue again)', () => {
    const link = { ...linkIn('done', '10003'), unreachable: true };
    const back = applyStatusObservation({ ...agg, counts: { new: 1, indeterminate: 0, done: 1 }, unreachable: 1 }, link, { issueId: '10001', statusId: '10003', categoryKey: 'done', changelogId: '200' });
    expect(back).toMatchObject({ kind: 'progress-changed', link: linkIn('done', '10003', '200'), aggregate: { counts: { new: 1, indeterminate: 0, done: 2 }, unreachable: 0 } });
  });
});
