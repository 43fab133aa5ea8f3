import { dateLabelIndexes, roundUp125, yTicks } from '../../../static/admin/src/chart-scale';
import { checkInactiveDays } from '../../../static/admin/src/usage-checks';
import { activityBreakdown, chartSummary, formatDay, historyImportText, inactiveHeadline, lastActiveText, lastSyncText, licencesText } from '../../../static/admin/src/usage-text';
import type { HistoryImportView, UsageUserRow } from '../../../src/resolvers/admin-api';

const GB = { locale: 'en-GB', timeZone: 'UTC' };
const progress = (overrides: Partial<HistoryImportView>): HistoryImportView => ({ state: 'running', issuesDone: 12_400, issuesTotal: 31_000, activitiesCounted: 0, resumesAt: null, failure: null, ...overrides });
const row = (overrides: Partial<UsageUserRow> = {}): UsageUserRow => ({
  accountId: 'u-1',
  displayName: 'Uma',
  email: null,
  active: true,
  licences: [],
  lastActiveDay: null,
  activeDays: 0,
  counts: { comment: 0, worklog: 0, issue: 0, history: 0 },
  ...overrides,
});

describe('the history import line', () => {
  it('counts issues with thousands separators, or says how far it got when the total is not known', () => {
    expect(historyImportText(progress({}), GB)).toBe('Importing history: 12,400 of 31,000 issues');
    expect(historyImportText(progress({ issuesTotal: null }), GB)).toBe('Importing history: 12,400 issues so far');
  });

  it('says until when it waits for Jira, in the admin’s time', () => {
    expect(historyImportText(progress({ state: 'waiting', resumesAt: '2026-12-01T14:05:00.000Z' }), GB)).toBe(
      'Importing history: 12,400 of 31,000 issues. Waiting for Jira until 14:05 (Jira asked the app to slow down).',
    );
    expect(historyImportText(progress({ state: 'waiting', resumesAt: '2026-12-01T14:05:00.000Z' }), { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toContain('until 15:05');
  });

  it('says what was imported, or why it stopped; nothing when no import began', () => {
    expect(historyImportText(progress({ state: 'done', activitiesCounted: 48_213 }), GB)).toBe('History imported: 48,213 activities from the last 30 days');
    expect(historyImportText(progress({ state: 'done', activitiesCounted: 1 }), GB)).toBe('History imported: 1 activity from the last 30 days');
    expect(historyImportText(progress({ state: 'failed', failure: 'Jira refused the app access to issues.' }), GB)).toBe(
      'History import stopped: Jira refused the app access to issues. Activity from now on is still counted.',
    );
    expect(historyImportText(null)).toBeNull();
  });
});

describe('the Usage section’s words', () => {
  it('says where names and licences come from, or that they come with the first sync', () => {
    expect(lastSyncText(null)).toBe('Users and licences appear after the first daily usage sync. Activity is shown already.');
    expect(lastSyncText({ syncedAt: '2026-12-01T02:00:00.000Z', users: 10_021 }, GB)).toBe('Users and licences as of the daily usage sync, 1 Dec, 02:00 (10,021 people).');
  });

  it('formats UTC days as days, whatever the admin’s time zone', () => {
    expect(formatDay('2026-12-01', 'en-GB')).toBe('1 Dec');
    expect(lastActiveText(row({ lastActiveDay: '2026-11-03' }), 'en-GB')).toBe('3 Nov');
    expect(lastActiveText(row())).toBe('Not in the last 30 days');
  });

  it('lists licences and the kinds of activity, leaving out what is not there', () => {
    expect(licencesText(row())).toBe('None');
    expect(licencesText(row({ licences: [{ productKey: 'jira-software', name: 'Jira Software' }, { productKey: 'jira-servicedesk', name: 'Jira Service Management' }] }))).toBe('Jira Software, Jira Service Management');
    expect(activityBreakdown(row({ counts: { comment: 4, worklog: 1, issue: 0, history: 1_200 } }), 'en-GB')).toBe('4 comments, 1 work log, 1,200 changes');
    expect(activityBreakdown(row())).toBe('');
  });

  it('describes the chart in words: range, average, busiest day and today', () => {
    const days = [
      { day: '2026-11-29', users: 2 },
      { day: '2026-11-30', users: 7 },
      { day: '2026-12-01', users: 3 },
    ];
    expect(chartSummary(days, 'en-GB')).toBe('From 29 Nov to 1 Dec (UTC days): 4 active users a day on average, the most 7 on 30 Nov; today so far 3.');
    expect(chartSummary(days.map((d) => ({ ...d, users: 0 })), 'en-GB')).toBe('From 29 Nov to 1 Dec (UTC days): nobody was active.');
  });

  it('words the headline number', () => {
    expect(inactiveHeadline(17, 14)).toBe('licensed users with no activity in the last 14 days');
    expect(inactiveHeadline(1, 1)).toBe('licensed user with no activity in the last day');
  });
});

describe('the inactive days box', () => {
  it('takes whole days from 1 to 30 and refuses anything else before asking', () => {
    expect(checkInactiveDays(' 14 ')).toEqual({ ok: true, days: 14 });
    expect(checkInactiveDays('30')).toEqual({ ok: true, days: 30 });
    for (const text of ['', '0', '31', '7.5', '-3', '1e1', 'abc']) expect(checkInactiveDays(text).ok).toBe(false);
  });
});

describe('the chart’s axes', () => {
  it('ends the y axis on a round number with whole-number ticks', () => {
    expect(roundUp125(0)).toBe(1);
    expect(roundUp125(1.75)).toBe(2);
    expect(roundUp125(308)).toBe(500);
    expect(yTicks(0)).toEqual([0, 1]);
    expect(yTicks(1)).toEqual([0, 1]);
    expect(yTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(yTicks(23)).toEqual([0, 10, 20, 30]);
    expect(yTicks(1_234)).toEqual([0, 500, 1_000, 1_500]);
  });

  it('dates every seventh day counted back from today, today included', () => {
    expect(dateLabelIndexes(30)).toEqual([1, 8, 15, 22, 29]);
    expect(dateLabelIndexes(3)).toEqual([2]);
  });
});
