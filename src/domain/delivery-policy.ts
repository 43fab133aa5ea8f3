/**
 * What to do with the answer to one webhook delivery, and when to try again. 2xx is
 * delivered. 408, 409, 425, 429, 5xx, timeouts and network failures are worth retrying
 * (honouring Retry-After). 401 and 403 say our credentials are refused: delivery pauses
 * for every event, none is dropped, until an admin reconnects. Redirects and every other
 * 4xx will not get better by retrying: the event becomes a dead letter, the answer kept.
 */
export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; reason: string; retryAfterSeconds: number | undefined }
  | { kind: 'refused-credentials'; status: number; reason: string }
  | { kind: 'dead'; reason: string };

export type DeliveryResponse =
  | { kind: 'response'; status: number; retryAfter: string | null; location: string | null; bodyExcerpt?: string }
  | { kind: 'network-error'; message: string }
  | { kind: 'timeout'; seconds: number }
  /** Forge refused the request: the manifest's egress does not list the backend's host. */
  | { kind: 'egress-refused'; host: string };

const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** RFC 9110 obliges recipients to accept the obsolete RFC 850 and asctime forms too. */
const RFC850_DATE = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
/** Jira's X-RateLimit-Reset is ISO 8601 (e.g. 2026-03-02T14:05Z). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Seconds to wait from a Retry-After (delta seconds or HTTP date) or an ISO 8601 reset
 * time, against the given clock. Anything else is "no hint" (undefined), never a
 * surprising date: Date.parse would read "1.5" as a day in 2001.
 */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (![HTTP_DATE, RFC850_DATE, ASCTIME_DATE, ISO_DATE].some((form) => form.test(trimmed))) return undefined;
  // asctime carries no zone but is defined as GMT; Date.parse would read it as local time.
  const at = Date.parse(ASCTIME_DATE.test(trimmed) ? `${trimmed} GMT` : trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** 4xx answers that mean "not now" rather than "never": Request Timeout, Conflict, Too Early, Too Many Requests. */
const RETRIED_CLIENT_ERRORS: readonly number[] = [408, 409, 425, 429];

const withExcerpt = (reason: string, excerpt: string | undefined): string => (excerpt ? `${reason}; the backend said: ${excerpt}` : reason);

export function classifyDelivery(response: DeliveryResponse, now: Date): DeliveryOutcome {
  if (response.kind === 'network-error') return { kind: 'retry', reason: `network error: ${response.message}`, retryAfterSeconds: undefined };
  if (response.kind === 'egress-refused') {
    return { kind: 'dead', reason: `the app may not call ${response.host}: add it to permissions.external.fetch.backend in manifest.yml and redeploy` };
  }
  if (response.kind === 'timeout') return { kind: 'retry', reason: `no answer within ${response.seconds} s`, retryAfterSeconds: undefined };
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (RETRIED_CLIENT_ERRORS.includes(status) || status >= 500) {
    return { kind: 'retry', reason: `HTTP ${status}`, retryAfterSeconds: parseRetryAfter(response.retryAfter, now) };
  }
  if (status === 401 || status === 403) {
    return { kind: 'refused-credentials', status, reason: withExcerpt(`HTTP ${status}: the backend refused the app's signature or workspace; reconnect on the admin page`, response.bodyExcerpt) };
  }
  if (status >= 300 && status < 400) {
    return { kind: 'dead', reason: `HTTP ${status}: redirects are not followed${response.location ? ` (Location: ${response.location})` : ''}; update the backend URL` };
  }
  return { kind: 'dead', reason: withExcerpt(`HTTP ${status}: the backend refused the event`, response.bodyExcerpt) };
}

/**
 * The wait after each failed attempt (Svix's schedule, which Standard Webhooks
 * recommends): 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h, until the record is
 * MAX_AGE old. About a dozen attempts over three days.
 */
export const RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 300, 1800, 7200, 18000, 36000];
/** An event not delivered this long after it was owed becomes a dead letter, and the admin is told. */
export const MAX_AGE_MILLIS = 72 * 3600 * 1000;
/** The last attempt is made this long before the maximum age, so it is not lost to the expiry check. */
const LAST_ATTEMPT_MARGIN_MILLIS = 5 * 60 * 1000;

/** The schedule's wait after `failures` failed attempts in a row (1 = the first failure). */
export function scheduledWaitSeconds(failures: number): number {
  const index = Math.min(Math.max(failures, 1), RETRY_SCHEDULE_SECONDS.length) - 1;
  return RETRY_SCHEDULE_SECONDS[index]!;
}

/**
 * When a record that just failed its `attempts`-th attempt is tried again: at the time
 * the backend asked for (Retry-After, never earlier), else after the schedule's wait with
 * up to 10 % jitter so a recovering backend is not hit by every retry at once; never past
 * the last attempt before the maximum age. `random` is injected for tests.
 */
export function nextAttemptAt(input: { attempts: number; ageFrom: number; now: number; retryAfterSeconds: number | undefined; random: () => number }): number {
  const wait = input.retryAfterSeconds !== undefined ? Math.max(input.retryAfterSeconds, 1) * 1000 : scheduledWaitSeconds(input.attempts) * 1000 * (1 + 0.1 * input.random());
  const last = input.ageFrom + MAX_AGE_MILLIS - LAST_ATTEMPT_MARGIN_MILLIS;
  const at = Math.round(input.now + wait);
  // A Retry-After past the last attempt is honoured: the record expires instead of being sent early.
  return input.retryAfterSeconds !== undefined ? at : Math.max(input.now, Math.min(at, last));
}

/** Whether a record owed since `ageFrom` is past its maximum age. */
export const isExpired = (ageFrom: number, now: number): boolean => now >= ageFrom + MAX_AGE_MILLIS;
