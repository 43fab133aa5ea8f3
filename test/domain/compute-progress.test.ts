import { computeProgress, weightOf } from '../../src/domain/compute-progress';
import { STATUS_CATEGORY_KEYS } from '../../src/domain/status-category';
import { counts, rulesOf, weights } from '../factories/domain';
import { mulberry32, randomInt } from '../factories/random';

describe('weightOf', () => {
  const custom = weights({ todo: 10, inProgress: 40, done: 90 });

  it.each([
    ['new', 10],
    ['indeterminate', 40],
    ['done', 90],
  ] as const)('maps category key %s to its weight %i', (category, expected) => {
    expect(weightOf(category, custom)).toBe(expected);
  });

  it('uses the defaults 0 / 50 / 100', () => {
    expect(STATUS_CATEGORY_KEYS.map((key) => weightOf(key, weights()))).toEqual([0, 50, 100]);
  });
});

describe('computeProgress', () => {
  it('is null, not 0, when no issue is linked', () => {
    expect(computeProgress(counts(), rulesOf(weights()))).toEqual({ progress: null, weightedSum: 0, issueCount: 0, excludedIssueCount: 0 });
  });

  it('is null with no issues whatever the weights', () => {
    expect(computeProgress(counts(), rulesOf(weights({ todo: 10, inProgress: 40, done: 90 })))).toEqual({ progress: null, weightedSum: 0, issueCount: 0, excludedIssueCount: 0 });
  });

  it('is 0, not null, when every linked issue is To Do', () => {
    expect(computeProgress(counts({ new: 4 }), rulesOf(weights()))).toEqual({ progress: 0, weightedSum: 0, issueCount: 4, excludedIssueCount: 0 });
  });

  it('is 100 when every linked issue is Done', () => {
    expect(computeProgress(counts({ done: 3 }), rulesOf(weights()))).toEqual({ progress: 100, weightedSum: 300, issueCount: 3, excludedIssueCount: 0 });
  });

  it('averages 1 Done and 2 To Do to 33.33 (weightedSum 100, issueCount 3)', () => {
    expect(computeProgress(counts({ new: 2, done: 1 }), rulesOf(weights()))).toEqual({ progress: 33.33, weightedSum: 100, issueCount: 3, excludedIssueCount: 0 });
  });

  it('rounds 200 / 3 up to 66.67', () => {
    expect(computeProgress(counts({ new: 1, done: 2 }), rulesOf(weights()))).toEqual({ progress: 66.67, weightedSum: 200, issueCount: 3, excludedIssueCount: 0 });
  });

  it('keeps an exact average unrounded: 1 In Progress and 1 Done is 75', () => {
    expect(computeProgress(counts({ indeterminate: 1, done: 1 }), rulesOf(weights()))).toEqual({ progress: 75, weightedSum: 150, issueCount: 2, excludedIssueCount: 0 });
  });

  it('weighs each category by its own weight (10 / 40 / 90)', () => {
    const result = computeProgress(counts({ new: 1, indeterminate: 1, done: 1 }), rulesOf(weights({ todo: 10, inProgress: 40, done: 90 })));
    expect(result).toEqual({ progress: 46.67, weightedSum: 140, issueCount: 3, excludedIssueCount: 0 });
  });

  it('counts every category: one of each with 0 / 50 / 100 is 50', () => {
    expect(computeProgress(counts({ new: 1, indeterminate: 1, done: 1 }), rulesOf(weights()))).toEqual({ progress: 50, weightedSum: 150, issueCount: 3, excludedIssueCount: 0 });
  });

  it('rounds half up at the second decimal (1 / 8 = 0.125 → 0.13)', () => {
    expect(computeProgress(counts({ new: 7, indeterminate: 1 }), rulesOf(weights({ todo: 0, inProgress: 1, done: 2 }))).progress).toBe(0.13);
  });

  it('rounds once, from the integers: 201 / 200 = 1.005 → 1.01 (rounding the float average would give 1.00)', () => {
    // 1.005 is stored as 1.00499999…, so Math.round(1.005 * 100) / 100 is 1; the exact quotient is 1.005.
    const result = computeProgress(counts({ indeterminate: 199, done: 1 }), rulesOf(weights({ todo: 0, inProgress: 1, done: 2 })));
    expect(result).toEqual({ progress: 1.01, weightedSum: 201, issueCount: 200, excludedIssueCount: 0 });
  });

  it('does not modify its inputs', () => {
    const inputCounts = counts({ new: 2, done: 1 });
    const inputWeights = weights();
    computeProgress(inputCounts, rulesOf(inputWeights));
    expect(inputCounts).toEqual({ new: 2, indeterminate: 0, done: 1 });
    expect(inputWeights).toEqual({ todo: 0, inProgress: 50, done: 100 });
  });

  it('over random counts: progress is weightedSum / issueCount to two decimals, within the weights', () => {
    const random = mulberry32(20240304);
    for (let run = 0; run < 500; run += 1) {
      const todo = randomInt(random, 0, 98);
      const inProgress = randomInt(random, todo + 1, 99);
      const done = randomInt(random, inProgress + 1, 100);
      const w = { todo, inProgress, done };
      const c = counts({ new: randomInt(random, 0, 40), indeterminate: randomInt(random, 0, 40), done: randomInt(random, 0, 40) });
      const result = computeProgress(c, rulesOf(w));
      const issueCount = c.new + c.indeterminate + c.done;
      expect(result.issueCount).toBe(issueCount);
      if (issueCount === 0) {
        expect(result).toEqual({ progress: null, weightedSum: 0, issueCount: 0, excludedIssueCount: 0 });
        continue;
      }
      expect(result.weightedSum).toBe(c.new * todo + c.indeterminate * inProgress + c.done * done);
      const progress = result.progress as number;
      expect(Math.abs(progress - result.weightedSum / issueCount)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(progress * 100 - Math.round(progress * 100))).toBeLessThan(1e-6);
      expect(progress).toBeGreaterThanOrEqual(todo);
      expect(progress).toBeLessThanOrEqual(done);
    }
  });
});
