/**
 * The words of the Delivery log and of the landing view's delivery warning, apart from the
 * markup so every case is tested without a browser. Ages are measured from `now` (the time
 * the page got the answer); times of day are the admin's own. Numbers and dates follow the
 * browser's locale unless one is given (the tests give one).
 */
import type { DeliveryAttemptView, DeliveryHealthView, RedeliverResult } from '../../../src/resolvers/admin-api';

export interface TextOptions {
  locale?: string;
  timeZone?: string;
}

const count = (n: number, locale?: string): string => new Intl.NumberFormat(locale).format(n);
const plural = (n: number, one: string, many: string, locale?: string) => `${count(n, locale)} ${n === 1 ? one : many}`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span of time in words, rounded down: "less than a minute", "5 minutes", "3 hours", "2 days, 5 hours". */
export function formatAge(millis: number, locale?: string): string {
  if (millis < MINUTE) return 'less than a minute';
  if (millis < HOUR) return plural(Math.floor(millis / MINUTE), 'minute', 'minutes', locale);
  if (millis < DAY) return plural(Math.floor(millis / HOUR), 'hour', 'hours', locale);
  const days = Math.floor(millis / DAY);
  const hours = Math.floor((millis % DAY) / HOUR);
  return hours === 0 ? plural(days, 'day', 'days', locale) : `${plural(days, 'day', 'days', locale)}, ${plural(hours, 'hour', 'hours', locale)}`;
}

/** How long ago `iso` was: "5 minutes ago", "just now" (a clock a little ahead of the server's counts as now). */
export function formatAgo(iso: string, now: number, locale?: string): string {
  const millis = now - Date.parse(iso);
  return millis < MINUTE ? 'just now' : `${formatAge(millis, locale)} ago`;
}

const zoned = (options: TextOptions) => (options.timeZone ? { timeZone: options.timeZone } : {});
const dayOf = (millis: number, options: TextOptions) => new Intl.DateTimeFormat(options.locale, { year: 'numeric', month: 'numeric', day: 'numeric', ...zoned(options) }).format(millis);

/** "1 Dec, 14:05" in the admin's time zone (or the one given). */
export const formatDateTime = (iso: string, options: TextOptions = {}): string =>
  new Intl.DateTimeFormat(options.locale, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', ...zoned(options) }).format(Date.parse(iso));

/**
 * A moment as the admin reads it: the time alone when it falls on the same day as `now`
 * ("14:05"), else with the day ("1 Dec, 14:05"). With `seconds`, attempts seconds apart
 * stay apart ("14:05:09").
 */
export function formatWhen(iso: string, now: number, options: TextOptions & { seconds?: boolean } = {}): string {
  const at = Date.parse(iso);
  const sameDay = dayOf(at, options) === dayOf(now, options);
  return new Intl.DateTimeFormat(options.locale, {
    ...(sameDay ? {} : { day: 'numeric', month: 'short' }),
    hour: 'numeric',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
    ...zoned(options),
  }).format(at);
}

/** A count the server stopped at (countsCapped): "1,000 or more". */
export const formatCappedCount = (n: number, capped: boolean, locale?: string): string => (capped && n >= 1000 ? `${count(n, locale)} or more` : count(n, locale));

/** What the backend answered: "HTTP 422"; "No answer" when it sent none (network error, timeout); "Not sent" before any attempt. */
export function statusText(status: number | null, attempts: number): string {
  if (status !== null) return `HTTP ${status}`;
  return attempts === 0 ? 'Not sent' : 'No answer';
}

/** "84 ms", "1.2 s", or "–" when nothing was timed. */
export function latencyText(latencyMs: number | null, locale?: string): string {
  if (latencyMs === null) return '–';
  if (latencyMs < 1000) return `${count(Math.round(latencyMs), locale)} ms`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(latencyMs / 1000)} s`;
}

export type OutcomeAppearance = 'success' | 'inprogress' | 'moved' | 'removed';

/** An attempt's outcome as a lozenge says it: a word, and a colour that only repeats the word. */
export function outcomeLabel(attempt: Pick<DeliveryAttemptView, 'outcome' | 'error'>): { text: string; appearance: OutcomeAppearance } {
  switch (attempt.outcome) {
    case 'delivered':
      return { text: 'Delivered', appearance: 'success' };
    case 'retrying':
      return { text: 'Will retry', appearance: 'inprogress' };
    case 'paused':
      return { text: 'Paused', appearance: 'moved' };
    case 'dead':
      return { text: 'Dead letter', appearance: 'removed' };
    case 'test':
      return attempt.error === null ? { text: 'Test delivered', appearance: 'success' } : { text: 'Test refused', appearance: 'removed' };
  }
}

/** What needs the admin, one sentence each, most urgent first; empty when deliveries are healthy. */
export function healthProblems(health: DeliveryHealthView, now: number, options: TextOptions = {}): string[] {
  const problems: string[] = [];
  if (health.reconnectNeeded) problems.push('Reconnect needed: the OKR backend refused the app’s credentials, so deliveries wait, in order, until you connect again under Credentials.');
  if (health.retryAt !== null) problems.push(`The OKR backend is failing: next try at ${formatWhen(health.retryAt, now, options)}. Waiting events are kept and sent when it answers.`);
  if (health.deadLetters > 0) {
    const n = formatCappedCount(health.deadLetters, health.countsCapped, options.locale);
    problems.push(
      health.deadLetters === 1
        ? '1 dead letter: an event the backend refused, or could not take within 72 hours, is not sent again unless you redeliver it.'
        : `${n} dead letters: events the backend refused, or could not take within 72 hours, are not sent again unless you redeliver them.`,
    );
  }
  return problems;
}

/** The summary's parts: when the backend last took an event, what waits and for how long, the dead letters. */
function summaryParts(health: DeliveryHealthView, now: number, locale?: string): { last: string; waiting: string; dead: string } {
  const last = health.lastSuccessAt === null ? 'Nothing delivered yet.' : `Last delivered ${formatAgo(health.lastSuccessAt, now, locale)}.`;
  let waiting = 'Nothing waiting.';
  if (health.backlog > 0) {
    const n = formatCappedCount(health.backlog, health.countsCapped, locale);
    const events = health.backlog === 1 ? '1 event waiting' : `${n} events waiting`;
    const age = health.oldestUndeliveredAt === null ? null : formatAge(Math.max(0, now - Date.parse(health.oldestUndeliveredAt)), locale);
    const oldest = age === null ? '' : health.backlog === 1 ? ` for ${age}` : `, the oldest for ${age}`;
    waiting = `${events}${oldest}.`;
  }
  const dead = health.deadLetters === 0 ? 'No dead letters.' : `${health.deadLetters === 1 ? '1 dead letter' : `${formatCappedCount(health.deadLetters, health.countsCapped, locale)} dead letters`}.`;
  return { last, waiting, dead };
}

/** The summary sentence: "Last delivered 5 minutes ago. 3 events waiting, the oldest for 2 minutes. No dead letters." */
export function healthSummary(health: DeliveryHealthView, now: number, options: TextOptions = {}): string {
  const { last, waiting, dead } = summaryParts(health, now, options.locale);
  return `${last} ${waiting} ${dead}`;
}

/** The landing view's warning, in one paragraph: the problems (dead letters among them), then when the last event went and what waits. */
export function healthWarning(health: DeliveryHealthView, now: number, options: TextOptions = {}): string {
  const { last, waiting } = summaryParts(health, now, options.locale);
  return [...healthProblems(health, now, options), last, waiting].join(' ');
}

/** What a Redeliver did: how many go again, and whether more dead letters remain. */
export function redeliverText(result: Pick<RedeliverResult, 'redelivered' | 'more'>, locale?: string): string {
  if (result.redelivered === 0) return 'No dead letters to redeliver: the log is up to date.';
  const sent = result.redelivered === 1 ? '1 dead letter is being sent again.' : `${count(result.redelivered, locale)} dead letters are being sent again.`;
  return result.more ? `${sent} More dead letters remain: press Redeliver all again to send the next ones.` : sent;
}

/** The Redeliver all button: how many it sends. */
export function redeliverAllLabel(health: Pick<DeliveryHealthView, 'deadLetters' | 'countsCapped'>, locale?: string): string {
  return `Redeliver all (${formatCappedCount(health.deadLetters, health.countsCapped, locale)})`;
}

/** Under the dead letters table when it lists only the oldest of them. */
export function deadLettersShownText(listed: number, health: Pick<DeliveryHealthView, 'deadLetters' | 'countsCapped'>, locale?: string): string | null {
  if (listed >= health.deadLetters) return null;
  return `Showing the oldest ${count(listed, locale)} of ${formatCappedCount(health.deadLetters, health.countsCapped, locale)} dead letters.`;
}

/** What the latest attempts came to, for the recent deliveries while their table is hidden. */
export function recentSummary(recent: ReadonlyArray<Pick<DeliveryAttemptView, 'outcome'>>, locale?: string): string {
  if (recent.length === 0) return 'No deliveries yet.';
  const counts = new Map<DeliveryAttemptView['outcome'], number>();
  for (const attempt of recent) counts.set(attempt.outcome, (counts.get(attempt.outcome) ?? 0) + 1);
  const words: ReadonlyArray<[DeliveryAttemptView['outcome'], string, string]> = [
    ['delivered', 'delivered', 'delivered'],
    ['retrying', 'to retry', 'to retry'],
    ['paused', 'paused', 'paused'],
    ['dead', 'dead letter', 'dead letters'],
    ['test', 'test event', 'test events'],
  ];
  const parts = words.flatMap(([outcome, one, many]) => {
    const n = counts.get(outcome) ?? 0;
    return n === 0 ? [] : [plural(n, one, many, locale)];
  });
  const latest = recent.length === 1 ? 'The latest attempt' : `The latest ${count(recent.length, locale)} attempts`;
  return `${latest}: ${parts.join(', ')}.`;
}
