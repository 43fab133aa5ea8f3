import type { KindCounts } from '../../src/domain/activity-day';
import { buildUsageRows, splitUsageReport, type SiteUser } from '../../src/domain/usage-report';

const user = (overrides: Partial<SiteUser> = {}): SiteUser => ({ accountId: 'u-1', displayName: 'Uma', email: 'uma@acme.example', emailHidden: false, active: true, licences: [{ productKey: 'jira-software', name: 'Jira Software' }], ...overrides });
const days = new Map<string, Map<string, KindCounts>>([
  ['2026-11-29', new Map<string, KindCounts>([['u-1', { comment: 2 }]])],
  ['2026-11-30', new Map<string, KindCounts>([['u-2', { worklog: 1 }]])],
  ['2026-12-01', new Map<string, KindCounts>([['u-1', { history: 3, worklog: 1 }]])],
]);

describe('buildUsageRows', () => {
  it('counts active days, kinds and the last active day in the window', () => {
    const [row] = buildUsageRows([user()], days, { includeHiddenEmails: false });
    expect(row).toMatchObject({ accountId: 'u-1', activeDays: 2, counts: { comment: 2, worklog: 1, issue: 0, history: 3 }, lastActiveDay: '2026-12-01' });
  });

  it('keeps a licensed user with no activity, and a deactivated one, in the report', () => {
    const rows = buildUsageRows([user({ accountId: 'u-idle' }), user({ accountId: 'u-gone', active: false })], days, { includeHiddenEmails: false });
    expect(rows.map((r) => [r.accountId, r.activeDays, r.lastActiveDay, r.active])).toEqual([
      ['u-idle', 0, null, true],
      ['u-gone', 0, null, false],
    ]);
  });

  it('syncs a user who hides their email by accountId and name; the email only with the option on', () => {
    const hidden = user({ accountId: 'u-2', displayName: 'Hidden Hal', email: 'hal@acme.example', emailHidden: true });
    expect(buildUsageRows([hidden], days, { includeHiddenEmails: false })[0]).toMatchObject({ accountId: 'u-2', displayName: 'Hidden Hal', email: null, emailHidden: true, activeDays: 1 });
    expect(buildUsageRows([hidden], days, { includeHiddenEmails: true })[0]).toMatchObject({ email: 'hal@acme.example' });
  });
});

describe('splitUsageReport', () => {
  it('splits into numbered parts that say how many there are', () => {
    const rows = buildUsageRows(Array.from({ length: 5 }, (_, i) => user({ accountId: `u-${i}` })), days, { includeHiddenEmails: false });
    const parts = splitUsageReport('r-1', { from: '2026-11-02', to: '2026-12-01' }, rows, 2);
    expect(parts.map((p) => [p.part, p.partCount, p.users.length])).toEqual([
      [1, 3, 2],
      [2, 3, 2],
      [3, 3, 1],
    ]);
    expect(splitUsageReport('r-2', { from: 'a', to: 'b' }, [])).toEqual([{ reportId: 'r-2', part: 1, partCount: 1, window: { from: 'a', to: 'b' }, users: [] }]);
  });
});
