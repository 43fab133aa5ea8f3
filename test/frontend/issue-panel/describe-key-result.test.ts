import { describeComposition, describeComputedAt, keyResultTitle, progressPercent } from '../../../src/frontend/issue-panel/describe-key-result';

describe('issue panel wording', () => {
  test('percentages never claim done too early or hide a start', () => {
    expect([0, 0.3, 33.4, 66.7, 99.6, 100, 140, -5].map(progressPercent)).toEqual([0, 1, 33, 67, 99, 100, 100, 0]);
  });

  test('composition counts issues done and in progress', () => {
    expect(describeComposition({ issueCount: 12, counts: { new: 4, indeterminate: 3, done: 5 } })).toBe('5 of 12 issues done, 3 in progress');
    expect(describeComposition({ issueCount: 1, counts: { new: 1, indeterminate: 0, done: 0 } })).toBe('0 of 1 issue done');
    expect(describeComposition({ issueCount: 0, counts: { new: 0, indeterminate: 0, done: 0 } })).toBe('No issues count toward it yet');
  });

  test('computed time reads relative to now, then as a date', () => {
    const now = Date.parse('2026-03-20T12:00:00Z');
    expect(describeComputedAt(null, now)).toBe('Progress not computed yet');
    expect(describeComputedAt('not a date', now)).toBe('Progress computed at an unknown time');
    expect(describeComputedAt('2026-03-20T11:59:30Z', now)).toBe('Progress computed just now');
    expect(describeComputedAt('2026-03-20T12:05:00Z', now)).toBe('Progress computed just now');
    expect(describeComputedAt('2026-03-20T11:59:00Z', now)).toBe('Progress computed 1 minute ago');
    expect(describeComputedAt('2026-03-20T10:00:00Z', now)).toBe('Progress computed 2 hours ago');
    expect(describeComputedAt('2026-03-13T12:00:00Z', now)).toBe('Progress computed 7 days ago');
    expect(describeComputedAt('2026-01-02T08:00:00Z', now)).toBe('Progress computed on 2026-01-02');
  });

  test('the title falls back to the id', () => {
    expect(keyResultTitle({ keyResultId: 'kr-1', title: null })).toBe('kr-1');
    expect(keyResultTitle({ keyResultId: 'kr-1', title: '  ' })).toBe('kr-1');
    expect(keyResultTitle({ keyResultId: 'kr-1', title: 'Ship' })).toBe('Ship');
  });
});
