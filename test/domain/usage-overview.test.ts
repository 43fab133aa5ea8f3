import { type KindCounts, lastDays } from '../../src/domain/activity-day';
import type { HistoryImportProgress } from '../../src/domain/history-import';
import {
  type SnapshotUser,
  type UsageQuery,
  type UsageUserRow,
  buildUsageOverview,
  isLicensedButInactive,
  matchesSearch,
  parseUsageQuery,
  sortRows,
  summariseActivity,
  usageRows,
} from '../../src/domain/usage-overview';

const TODAY = '2026-12-01';
const WINDOW = lastDays(TODAY, 30);
const SOFTWARE = { productKey: 'jira-software', name: 'Jira Software' };
const DISCOVERY = { productKey: 'jira-product-discovery', name: 'Jira Product Discovery' };

const person = (accountId: string, overrides: Partial<SnapshotUser> = {}): SnapshotUser => ({
  accountId,
  displayName: `Person ${accountId}`,
  email: `${accountId}@acme.example`,
  emailHidden: false,
  active: true,
  licences: [SOFTWARE],
  ...overrides,
});
const row = (overrides: Partial<UsageUserRow> = {}): UsageUserRow => ({
  accountId: 'u-1',
  displayName: 'Uma',
  email: 'uma@acme.example',
  active: true,
  licences: [SOFTWARE],
  lastActiveDay: null,
  activeDays: 0,
  counts: { comment: 0, worklog: 0, issue: 0, history: 0 },
  ...overrides,
});
const activity = (entries: Array<[string, string, KindCounts]>) => {
  const days = new Map<string, Map<string, KindCounts>>();
  for (const [day, accountId, counts] of entries) days.set(day, (days.get(day) ?? new Map()).set(accountId, counts));
  return days;
};
const query = (overrides: Partial<UsageQuery> = {}): UsageQuery => ({ search: '', sortKey: 'user', sortOrder: 'ASC', page: 1, pageSize: 20, inactiveDays: 14, onlyInactive: false, ...overrides });

describe('summariseActivity', () => {
  it('counts daily active users per UTC day, oldest first, today last, and sums each user', () => {
    const summary = summariseActivity(
      WINDOW,
      activity([
        ['2026-11-30', 'u-1', { comment: 2 }],
        ['2026-11-30', 'u-2', { worklog: 1 }],
        [TODAY, 'u-1', { history: 3, issue: 1 }],
      ]),
    );
    expect(summary.days).toEqual(WINDOW);
    expect(summary.days.at(-1)).toBe(TODAY);
    expect(summary.dailyActive.slice(-2)).toEqual([2, 1]);
    expect(summary.dailyActive.slice(0, -2).every((n) => n === 0)).toBe(true);
    expect(summary.users.get('u-1')).toEqual({ lastActiveDay: TODAY, activeDays: 2, counts: { comment: 2, worklog: 0, issue: 1, history: 3 } });
  });

  it('does not count a user whose counts that day are all zero as active', () => {
    const summary = summariseActivity(WINDOW, activity([[TODAY, 'u-1', { comment: 0 }]]));
    expect(summary.dailyActive.at(-1)).toBe(0);
    expect(summary.users.has('u-1')).toBe(false);
  });
});

describe('usageRows', () => {
  const seen = summariseActivity(WINDOW, activity([[TODAY, 'u-1', { comment: 1 }], [TODAY, 'u-new', { comment: 1 }]])).users;

  it('lists the people of the last sync with their activity; someone not active has none', () => {
    const rows = usageRows([person('u-1'), person('u-2')], seen, { includeHiddenEmails: false });
    expect(rows.map((r) => [r.accountId, r.activeDays, r.lastActiveDay])).toEqual([
      ['u-1', 1, TODAY],
      ['u-2', 0, null],
    ]);
  });

  it('before the first sync, lists the accounts seen in the activity, without names or licences', () => {
    expect(usageRows(null, seen, { includeHiddenEmails: false }).map((r) => [r.accountId, r.displayName, r.licences.length])).toEqual([
      ['u-1', null, 0],
      ['u-new', null, 0],
    ]);
  });

  it('shows a hidden email only while the admin’s option is on', () => {
    const hidden = person('u-3', { email: 'hal@acme.example', emailHidden: true });
    expect(usageRows([hidden], seen, { includeHiddenEmails: false })[0]!.email).toBeNull();
    expect(usageRows([hidden], seen, { includeHiddenEmails: true })[0]!.email).toBe('hal@acme.example');
  });
});

describe('isLicensedButInactive', () => {
  it('counts a licensed, active account with no activity in the last N days (today included) or never', () => {
    expect(isLicensedButInactive(row({ lastActiveDay: null }), 14, TODAY)).toBe(true);
    // The last 14 days are 2026-11-18 … 2026-12-01.
    expect(isLicensedButInactive(row({ lastActiveDay: '2026-11-17' }), 14, TODAY)).toBe(true);
    expect(isLicensedButInactive(row({ lastActiveDay: '2026-11-18' }), 14, TODAY)).toBe(false);
    expect(isLicensedButInactive(row({ lastActiveDay: TODAY }), 1, TODAY)).toBe(false);
    expect(isLicensedButInactive(row({ lastActiveDay: '2026-11-30' }), 1, TODAY)).toBe(true);
  });

  it('leaves out people without a licence and deactivated accounts', () => {
    expect(isLicensedButInactive(row({ licences: [] }), 14, TODAY)).toBe(false);
    expect(isLicensedButInactive(row({ active: false }), 14, TODAY)).toBe(false);
  });
});

describe('matchesSearch', () => {
  it('matches names and emails, case-insensitively; blank matches everyone', () => {
    expect(matchesSearch(row(), '  ')).toBe(true);
    expect(matchesSearch(row(), 'UMA')).toBe(true);
    expect(matchesSearch(row(), 'acme.example')).toBe(true);
    expect(matchesSearch(row({ email: null }), 'acme')).toBe(false);
    expect(matchesSearch(row({ displayName: null, accountId: '557058:abc' }), '557058')).toBe(true);
  });

  it('leaves accents out, both ways', () => {
    expect(matchesSearch(row({ displayName: 'Rosa Jiménez' }), 'jimenez')).toBe(true);
    expect(matchesSearch(row({ displayName: 'Rosa Jimenez' }), 'Jiménez')).toBe(true);
    expect(matchesSearch(row({ displayName: 'Rosa Jimenez' }), 'Jimena')).toBe(false);
  });
});

describe('sortRows', () => {
  const rows = [
    row({ accountId: 'a', displayName: 'bea', activeDays: 3, lastActiveDay: '2026-11-20', licences: [SOFTWARE, DISCOVERY] }),
    row({ accountId: 'b', displayName: 'Ali', activeDays: 3, lastActiveDay: null, licences: [] }),
    row({ accountId: 'c', displayName: 'Cem', activeDays: 9, lastActiveDay: TODAY }),
    row({ accountId: 'd', displayName: null, activeDays: 1, lastActiveDay: '2026-11-21' }),
  ];
  const ids = (sorted: UsageUserRow[]) => sorted.map((r) => r.accountId).join('');

  it('sorts by name ignoring case, people without a name last', () => {
    expect(ids(sortRows(rows, 'user', 'ASC'))).toBe('bacd');
    expect(ids(sortRows(rows, 'user', 'DESC'))).toBe('dcab');
  });

  it('sorts by last active with never as the oldest, by active days and by licences, ties by name A→Z', () => {
    expect(ids(sortRows(rows, 'lastActive', 'ASC'))).toBe('badc');
    expect(ids(sortRows(rows, 'activeDays', 'DESC'))).toBe('cbad');
    expect(ids(sortRows(rows, 'licences', 'ASC'))).toBe('bcda');
  });
});

describe('buildUsageOverview', () => {
  const people = Array.from({ length: 45 }, (_, i) => person(`u-${String(i).padStart(2, '0')}`));
  const summary = summariseActivity(
    WINDOW,
    activity([
      [TODAY, 'u-00', { comment: 1 }],
      ['2026-11-10', 'u-01', { worklog: 1 }],
    ]),
  );
  const build = (q: Partial<UsageQuery>, overrides: Partial<Parameters<typeof buildUsageOverview>[0]> = {}) =>
    buildUsageOverview({ query: query(q), summary, activityReadAt: `${TODAY}T10:00:00.000Z`, snapshot: { syncedAt: `${TODAY}T02:00:00.000Z`, users: people }, includeHiddenEmails: false, historyImport: null, ...overrides });

  it('answers the window, 30 days of daily active users and the sync time', () => {
    const overview = build({});
    expect(overview.window).toEqual({ from: WINDOW[0], to: TODAY });
    expect(overview.dailyActiveUsers).toHaveLength(30);
    expect(overview.dailyActiveUsers.at(-1)).toEqual({ day: TODAY, users: 1 });
    expect(overview.lastSync).toEqual({ syncedAt: `${TODAY}T02:00:00.000Z`, users: 45 });
  });

  it('pages the users; a page past the last answers the last', () => {
    expect(build({ page: 2 }).users).toMatchObject({ total: 45, page: 2, pageCount: 3, pageSize: 20 });
    expect(build({ page: 2 }).users.rows[0]!.accountId).toBe('u-20');
    expect(build({ page: 9 }).users).toMatchObject({ page: 3, rows: expect.arrayContaining([expect.objectContaining({ accountId: 'u-44' })]) });
  });

  it('counts the licensed but inactive for N days, and lists only them when asked', () => {
    // u-00 was active today, u-01 19 days ago: inactive for 14 days, not for 30.
    expect(build({ inactiveDays: 14 }).licensedInactive).toEqual({ days: 14, users: 44 });
    expect(build({ inactiveDays: 30 }).licensedInactive).toEqual({ days: 30, users: 43 });
    const only = build({ inactiveDays: 30, onlyInactive: true, search: 'u-0' });
    expect(only.users.total).toBe(8);
    expect(only.users.rows.map((r) => r.accountId)).not.toContain('u-00');
  });

  it('says there is no sync yet but still shows the activity', () => {
    const overview = build({}, { snapshot: null });
    expect(overview.lastSync).toBeNull();
    expect(overview.users.rows.map((r) => r.accountId)).toEqual(['u-00', 'u-01']);
    expect(overview.licensedInactive.users).toBe(0);
  });

  it('passes on only what the page shows of the history import', () => {
    const progress: HistoryImportProgress = {
      importId: 'imp-1',
      state: 'waiting',
      issuesDone: 12_400,
      issuesTotal: 31_000,
      activitiesCounted: 50_000,
      unattributedDeletions: 0,
      resumesAt: `${TODAY}T14:05:00.000Z`,
      waitsInARow: 1,
      windowFrom: `${WINDOW[0]}T00:00:00.000Z`,
      countingSince: `${TODAY}T00:00:00.000Z`,
      startedAt: `${TODAY}T00:00:00.000Z`,
      updatedAt: `${TODAY}T01:00:00.000Z`,
      finishedAt: null,
      failure: null,
      parts: 3,
    };
    expect(build({}, { historyImport: progress }).historyImport).toEqual({ state: 'waiting', issuesDone: 12_400, issuesTotal: 31_000, activitiesCounted: 50_000, resumesAt: progress.resumesAt, failure: null });
  });
});

describe('parseUsageQuery', () => {
  it('fills every absent field with its default', () => {
    expect(parseUsageQuery(undefined, 30)).toEqual({ ok: true, value: query() });
    expect(parseUsageQuery({ search: '  ada ', sortKey: 'lastActive', sortOrder: 'DESC', page: 3, pageSize: 50, inactiveDays: 30, onlyInactive: true }, 30)).toEqual({
      ok: true,
      value: { search: 'ada', sortKey: 'lastActive', sortOrder: 'DESC', page: 3, pageSize: 50, inactiveDays: 30, onlyInactive: true },
    });
  });

  it.each([
    ['payload', [], 'must be a JSON object'],
    ['cursor', { cursor: 'x' }, 'Unknown field "cursor"'],
    ['search', { search: 3 }, 'must be text'],
    ['search', { search: 'x'.repeat(201) }, 'at most 200'],
    ['sortKey', { sortKey: 'email' }, 'Sort by one of'],
    ['sortOrder', { sortOrder: 'up' }, 'ASC or DESC'],
    ['page', { page: 0 }, 'whole number'],
    ['page', { page: 1.5 }, 'whole number'],
    ['pageSize', { pageSize: 101 }, 'from 1 to 100'],
    ['inactiveDays', { inactiveDays: 31 }, 'from 1 to 30'],
    ['inactiveDays', { inactiveDays: '14' }, 'from 1 to 30'],
    ['onlyInactive', { onlyInactive: 'yes' }, 'on or off'],
  ])('refuses a bad %s, naming it', (field, payload, message) => {
    const parsed = parseUsageQuery(payload, 30);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.field).toBe(field);
      expect(parsed.error.message).toContain(message);
    }
  });
});
