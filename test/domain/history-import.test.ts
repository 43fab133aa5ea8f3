import { addToCounts, backoffSeconds, countEntries, countedInBulk, mergeDay, windowStart, type ImportCounts } from '../../src/domain/history-import';

describe('history import arithmetic', () => {
  it('splits at the moment live counting began: before it in bulk, from it on the keyed path', () => {
    const since = '2026-12-01T10:00:00.000Z';
    expect(countedInBulk({ key: 'k', accountId: 'u', kind: 'comment', occurredAt: '2026-12-01T09:59:59.999Z' }, since)).toBe(true);
    expect(countedInBulk({ key: 'k', accountId: 'u', kind: 'comment', occurredAt: since }, since)).toBe(false);
  });

  it('merges the parts of one day per user and kind', () => {
    const a: ImportCounts = {};
    const b: ImportCounts = {};
    addToCounts(a, '2026-11-20', 'u-1', 'comment');
    addToCounts(a, '2026-11-20', 'u-1', 'comment');
    addToCounts(a, '2026-11-21', 'u-1', 'worklog');
    addToCounts(b, '2026-11-20', 'u-1', 'history', 3);
    addToCounts(b, '2026-11-20', 'u-2', 'issue');
    expect(countEntries(a)).toBe(2);
    expect(Object.fromEntries(mergeDay([a, b], '2026-11-20'))).toEqual({ 'u-1': { comment: 2, history: 3 }, 'u-2': { issue: 1 } });
    expect(mergeDay([a, b], '2026-11-22').size).toBe(0);
  });

  it('backs off exponentially with jitter, between half and all of a ceiling that stops at 15 minutes', () => {
    expect(backoffSeconds(0, () => 0)).toBe(5);
    expect(backoffSeconds(0, () => 1)).toBe(10);
    expect(backoffSeconds(3, () => 0)).toBe(40);
    expect(backoffSeconds(20, () => 1)).toBe(900);
    expect(backoffSeconds(20, () => 0)).toBe(450);
  });

  it('starts the 30-day window at UTC midnight 29 days before today', () => {
    expect(windowStart(new Date('2026-12-01T10:30:00Z'), 30)).toBe('2026-11-02T00:00:00.000Z');
  });
});
