import {
  deadLettersShownText,
  formatAge,
  formatAgo,
  formatCappedCount,
  formatDateTime,
  formatWhen,
  healthProblems,
  healthSummary,
  healthWarning,
  latencyText,
  outcomeLabel,
  recentSummary,
  redeliverAllLabel,
  redeliverText,
  statusText,
} from '../../../static/admin/src/delivery-text';
import { manageSectionHref, routeOf, sectionOf } from '../../../static/admin/src/hash-routes';
import type { DeliveryHealthView } from '../../../src/resolvers/admin-api';

const GB = { locale: 'en-GB', timeZone: 'UTC' };
const NOW = Date.parse('2026-12-01T14:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const before = (millis: number) => new Date(NOW - millis).toISOString();

const health = (overrides: Partial<DeliveryHealthView> = {}): DeliveryHealthView => ({
  healthy: true,
  lastSuccessAt: before(5 * MINUTE),
  lastFailureAt: null,
  lastFailure: null,
  retryAt: null,
  backlog: 0,
  deadLetters: 0,
  countsCapped: false,
  oldestUndeliveredAt: null,
  reconnectNeeded: false,
  ...overrides,
});

describe('ages and times in words', () => {
  it('rounds a span down to what the admin needs: minutes, hours, then days and hours', () => {
    expect(formatAge(0)).toBe('less than a minute');
    expect(formatAge(59_999)).toBe('less than a minute');
    expect(formatAge(MINUTE)).toBe('1 minute');
    expect(formatAge(59 * MINUTE + 59_000)).toBe('59 minutes');
    expect(formatAge(HOUR)).toBe('1 hour');
    expect(formatAge(23 * HOUR + 59 * MINUTE)).toBe('23 hours');
    expect(formatAge(24 * HOUR)).toBe('1 day');
    expect(formatAge(71 * HOUR + 50 * MINUTE)).toBe('2 days, 23 hours');
    expect(formatAge(25 * HOUR)).toBe('1 day, 1 hour');
    expect(formatAge(1_500 * 24 * HOUR, 'en-GB')).toBe('1,500 days');
  });

  it('says how long ago, and "just now" for a time the admin’s clock has not reached yet', () => {
    expect(formatAgo(before(3 * HOUR), NOW)).toBe('3 hours ago');
    expect(formatAgo(before(10_000), NOW)).toBe('just now');
    expect(formatAgo(before(-5_000), NOW)).toBe('just now');
  });

  it('formats times of day in the admin’s time zone: the time alone today, with the day otherwise, seconds for attempts', () => {
    expect(formatDateTime('2026-12-01T14:05:09.000Z', GB)).toBe('1 Dec, 14:05');
    expect(formatDateTime('2026-12-01T14:05:09.000Z', { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe('1 Dec, 15:05');
    expect(formatWhen('2026-12-01T09:05:09.000Z', NOW, GB)).toBe('9:05');
    expect(formatWhen('2026-12-01T09:05:09.000Z', NOW, { ...GB, seconds: true })).toBe('9:05:09');
    expect(formatWhen('2026-11-30T23:59:00.000Z', NOW, GB)).toBe('30 Nov, 23:59');
    expect(formatWhen('2026-12-01T09:05:09.000Z', NOW, { locale: 'en-US', timeZone: 'UTC', seconds: true })).toBe('9:05:09 AM');
    // The same moment is on another day where the admin is.
    expect(formatWhen('2026-11-30T23:30:00.000Z', NOW, { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe('0:30');
  });
});

describe('an attempt’s cells', () => {
  it('says what the backend answered, or that it did not answer, or that nothing was sent', () => {
    expect(statusText(422, 1)).toBe('HTTP 422');
    expect(statusText(null, 3)).toBe('No answer');
    expect(statusText(null, 0)).toBe('Not sent');
  });

  it('shows latency in ms under a second, in seconds above, and a dash when untimed', () => {
    expect(latencyText(84.4)).toBe('84 ms');
    expect(latencyText(1_234, 'en-GB')).toBe('1.2 s');
    expect(latencyText(10_000, 'en-GB')).toBe('10 s');
    expect(latencyText(null)).toBe('–');
  });

  it('names every outcome in words; a test event is delivered or refused', () => {
    expect(outcomeLabel({ outcome: 'delivered', error: null })).toEqual({ text: 'Delivered', appearance: 'success' });
    expect(outcomeLabel({ outcome: 'retrying', error: 'HTTP 503' })).toEqual({ text: 'Will retry', appearance: 'inprogress' });
    expect(outcomeLabel({ outcome: 'paused', error: 'HTTP 401' })).toEqual({ text: 'Paused', appearance: 'moved' });
    expect(outcomeLabel({ outcome: 'dead', error: 'HTTP 422' })).toEqual({ text: 'Dead letter', appearance: 'removed' });
    expect(outcomeLabel({ outcome: 'test', error: null })).toEqual({ text: 'Test delivered', appearance: 'success' });
    expect(outcomeLabel({ outcome: 'test', error: 'HTTP 500' })).toEqual({ text: 'Test refused', appearance: 'removed' });
  });
});

describe('the health summary', () => {
  it('healthy and idle: when the backend last took an event, nothing waiting, no dead letters', () => {
    expect(healthSummary(health(), NOW, GB)).toBe('Last delivered 5 minutes ago. Nothing waiting. No dead letters.');
    expect(healthSummary(health({ lastSuccessAt: null }), NOW, GB)).toBe('Nothing delivered yet. Nothing waiting. No dead letters.');
    expect(healthProblems(health(), NOW, GB)).toEqual([]);
  });

  it('says how many events wait and how long the oldest has waited', () => {
    expect(healthSummary(health({ backlog: 1, oldestUndeliveredAt: before(90 * MINUTE) }), NOW, GB)).toBe('Last delivered 5 minutes ago. 1 event waiting for 1 hour. No dead letters.');
    expect(healthSummary(health({ backlog: 2_400, oldestUndeliveredAt: before(26 * HOUR) }), NOW, GB)).toBe(
      'Last delivered 5 minutes ago. 2,400 events waiting, the oldest for 1 day, 2 hours. No dead letters.',
    );
    expect(healthSummary(health({ backlog: 3, oldestUndeliveredAt: null }), NOW, GB)).toContain('3 events waiting.');
  });

  it('counts a capped count as "or more"', () => {
    expect(formatCappedCount(1_000, true, 'en-GB')).toBe('1,000 or more');
    expect(formatCappedCount(1_000, false, 'en-GB')).toBe('1,000');
    // Only the count that reached the cap is "or more".
    expect(formatCappedCount(3, true, 'en-GB')).toBe('3');
    expect(healthSummary(health({ healthy: false, backlog: 1_000, deadLetters: 1_000, countsCapped: true, oldestUndeliveredAt: before(HOUR) }), NOW, GB)).toBe(
      'Last delivered 5 minutes ago. 1,000 or more events waiting, the oldest for 1 hour. 1,000 or more dead letters.',
    );
  });

  it('names each problem, most urgent first: Reconnect needed, a failing backend, dead letters', () => {
    const all = health({ healthy: false, reconnectNeeded: true, retryAt: '2026-12-01T16:30:00.000Z', deadLetters: 2 });
    const problems = healthProblems(all, NOW, GB);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('Reconnect needed: the OKR backend refused the app’s credentials, so deliveries wait, in order, until you connect again under Credentials.');
    expect(problems[1]).toBe('The OKR backend is failing: next try at 16:30. Waiting events are kept and sent when it answers.');
    expect(healthProblems(health({ healthy: false, retryAt: '2026-12-02T06:00:00.000Z' }), NOW, GB)[0]).toContain('next try at 2 Dec, 6:00.');
    expect(problems[2]).toBe('2 dead letters: events the backend refused, or could not take within 72 hours, are not sent again unless you redeliver them.');
    expect(healthProblems(health({ healthy: false, deadLetters: 1 }), NOW, GB)).toEqual(['1 dead letter: an event the backend refused, or could not take within 72 hours, is not sent again unless you redeliver it.']);
  });

  it('the landing view’s warning: the problems, then when the last event went and what waits (the dead letters said once)', () => {
    expect(healthWarning(health({ healthy: false, deadLetters: 1 }), NOW, GB)).toBe(
      '1 dead letter: an event the backend refused, or could not take within 72 hours, is not sent again unless you redeliver it. Last delivered 5 minutes ago. Nothing waiting.',
    );
    expect(healthWarning(health({ healthy: false, reconnectNeeded: true, backlog: 4, oldestUndeliveredAt: before(3 * HOUR) }), NOW, GB)).toBe(
      'Reconnect needed: the OKR backend refused the app’s credentials, so deliveries wait, in order, until you connect again under Credentials. Last delivered 5 minutes ago. 4 events waiting, the oldest for 3 hours.',
    );
  });
});

describe('the recent deliveries, summed up', () => {
  it('counts the latest attempts by outcome, in a fixed order, leaving out what is not there', () => {
    const attempts = (...outcomes: Array<'delivered' | 'retrying' | 'dead' | 'paused' | 'test'>) => outcomes.map((outcome) => ({ outcome }));
    expect(recentSummary(attempts('test', 'dead', 'delivered', 'delivered'))).toBe('The latest 4 attempts: 2 delivered, 1 dead letter, 1 test event.');
    expect(recentSummary(attempts('retrying', 'retrying', 'paused'))).toBe('The latest 3 attempts: 2 to retry, 1 paused.');
    expect(recentSummary(attempts('delivered'))).toBe('The latest attempt: 1 delivered.');
    expect(recentSummary([])).toBe('No deliveries yet.');
  });
});

describe('Redeliver', () => {
  it('says how many go again, and that more remain when they do', () => {
    expect(redeliverText({ redelivered: 1, more: false })).toBe('1 dead letter is being sent again.');
    expect(redeliverText({ redelivered: 200, more: true }, 'en-GB')).toBe('200 dead letters are being sent again. More dead letters remain: press Redeliver all again to send the next ones.');
    expect(redeliverText({ redelivered: 0, more: false })).toBe('No dead letters to redeliver: the log is up to date.');
  });

  it('labels Redeliver all with its count, and says when the table lists only the oldest', () => {
    expect(redeliverAllLabel({ deadLetters: 3, countsCapped: false })).toBe('Redeliver all (3)');
    expect(redeliverAllLabel({ deadLetters: 1_000, countsCapped: true }, 'en-GB')).toBe('Redeliver all (1,000 or more)');
    expect(deadLettersShownText(50, { deadLetters: 120, countsCapped: false })).toBe('Showing the oldest 50 of 120 dead letters.');
    expect(deadLettersShownText(3, { deadLetters: 3, countsCapped: false })).toBeNull();
  });
});

describe('links to a section of the manage view', () => {
  it('stay on the manage view and name the section', () => {
    expect(manageSectionHref('delivery-log')).toBe('#manage/delivery-log');
    expect(sectionOf('#manage/delivery-log')).toBe('delivery-log');
    expect(sectionOf('#manage')).toBeUndefined();
    expect(sectionOf('#manage/')).toBeUndefined();
    expect(sectionOf('#delivery-log')).toBeUndefined();
    expect(routeOf('#manage/delivery-log')).toBe('manage');
    expect(routeOf('#manage')).toBe('manage');
    expect(routeOf('#delivery-log')).toBe('landing');
    expect(routeOf('#managed')).toBe('landing');
    expect(routeOf('')).toBe('landing');
  });
});
