import type { RulesPreview } from '../../../src/resolvers/admin-api';
import { formatProgress, previewHeadline, previewNotes, recalculationText, rulesSummary } from '../../../static/admin/src/progress-rules-text';

const row = { keyResultId: 'kr-1', title: null, before: 40, after: 50, issueCountBefore: 4, issueCountAfter: 3 };
const preview = (overrides: Partial<RulesPreview>): RulesPreview => ({ checked: 4, changed: 1, truncated: false, keyResults: [row], ...overrides });
const STATUSES = [
  { id: '10002', name: 'In Review', categoryKey: 'indeterminate' as const },
  { id: '10004', name: "Won't Do", categoryKey: 'done' as const },
];

describe('progress rules wording', () => {
  it('shows progress with at most two decimals, and null as "No progress yet" (never 0%)', () => {
    expect(formatProgress(46.666)).toBe('46.67%');
    expect(formatProgress(38)).toBe('38%');
    expect(formatProgress(0)).toBe('0%');
    expect(formatProgress(null)).toBe('No progress yet');
  });

  it('says how many key results would change, or that none would', () => {
    expect(previewHeadline(preview({}))).toBe('1 of 4 key results would change');
    expect(previewHeadline(preview({ checked: 1 }))).toBe('1 of 1 key result would change');
    expect(previewHeadline(preview({ changed: 0, keyResults: [] }))).toBe('No key result would change (4 key results compared).');
    expect(previewHeadline(preview({ checked: 0, changed: 0, keyResults: [] }))).toBe('No key result has linked issues yet, so no key result would change.');
  });

  it('notes what the table leaves out: rows past the biggest changes, key results past the scan', () => {
    expect(previewNotes(preview({}))).toEqual([]);
    const five = ['kr-1', 'kr-2', 'kr-3', 'kr-4', 'kr-5'].map((keyResultId) => ({ ...row, keyResultId }));
    expect(previewNotes(preview({ checked: 500, changed: 12, truncated: true, keyResults: five }))).toEqual([
      'Showing the 5 biggest changes.',
      'Only the first 500 key results were compared; others may change too.',
    ]);
    expect(previewNotes(preview({ changed: 2 }))).toEqual(['Showing the biggest change.']);
  });

  it('says what saving did to the key results', () => {
    expect(recalculationText({ recalculating: 4, progressUpdatesEnabled: true, changed: true })).toMatch(/^Recalculating 4 key results with the new rules/);
    expect(recalculationText({ recalculating: 1, progressUpdatesEnabled: true, changed: true })).toMatch(/^Recalculating 1 key result with/);
    // Many are paced (a hundred every 30 s): the admin is told how long it takes.
    expect(recalculationText({ recalculating: 650, progressUpdatesEnabled: true, changed: true })).toBe('Recalculating 650 key results with the new rules, a hundred every 30 seconds; all their progress reaches the OKR workspace within about 4 minutes.');
    expect(recalculationText({ recalculating: 0, progressUpdatesEnabled: false, changed: true })).toMatch(/^Progress updates are paused/);
    expect(recalculationText({ recalculating: 0, progressUpdatesEnabled: true, changed: false })).toBe('Nothing changed, so no key result needs recalculating.');
    expect(recalculationText({ recalculating: 0, progressUpdatesEnabled: true, changed: true })).toMatch(/nothing to recalculate/);
  });

  it('sums up the saved rules, statuses by name, or counted when the list is not loaded', () => {
    const weights = { todo: 10, inProgress: 40, done: 90 };
    const rules = [{ statusId: '10002', weight: 70 }, { statusId: '10004', weight: null }];
    expect(rulesSummary(weights, [], STATUSES)).toBe('Progress counts To Do / In Progress / Done as 10% / 40% / 90%.');
    expect(rulesSummary(weights, rules, STATUSES)).toBe("Progress counts To Do / In Progress / Done as 10% / 40% / 90%; In Review counts as 70%; Won't Do is left out of progress.");
    expect(rulesSummary(weights, rules, undefined)).toBe('Progress counts To Do / In Progress / Done as 10% / 40% / 90%, with 1 status left out of progress and 1 status on an own weight.');
  });
});
