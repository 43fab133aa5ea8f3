/**
 * What to do with the answer to one webhook delivery. 2xx is delivered; 429, 5xx and
 * network failures are worth retrying (honouring Retry-After); any other status will not
 * get better by retrying, so the event is dead-lettered with the reason kept.
 */
export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; reason: string; retryAfterSeconds: number | undefined }
  | { kind: 'dead'; reason: string };

export type DeliveryResponse =
  | { kind: 'response'; status: number; retryAfter: string | null; location: string | null }
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

export function classifyDelivery(response: DeliveryResponse, now: Date): DeliveryOutcome {
  if (response.kind === 'network-error') return { kind: 'retry', reason: `network error: ${response.message}`, retryAfterSeconds: undefined };
  if (response.kind === 'egress-refused') {
    return { kind: 'dead', reason: `the app may not call ${response.host}: add it to permissions.external.fetch.backend in manifest.yml and redeploy` };
  }
  if (response.kind === 'timeout') return { kind: 'retry', reason: `no answer within ${response.seconds} s`, retryAfterSeconds: undefined };
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 429 || status >= 500) {
    return { kind: 'retry', reason: `HTTP ${status}`, retryAfterSeconds: parseRetryAfter(response.retryAfter, now) };
  }
  if (status >= 300 && status < 400) {
    return { kind: 'dead', reason: `HTTP ${status}: redirects are not followed${response.location ? ` (Location: ${response.location})` : ''}; update the backend URL` };
  }
  return { kind: 'dead', reason: `HTTP ${status}: the backend refused the event` };
}

export const MAX_DELIVERY_ATTEMPTS = 8;
/** The queue cannot delay an event longer than this. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/**
 * Seconds before the next attempt: the server's Retry-After when it gave one, otherwise
 * exponential backoff (15 s, 30 s, 60 s, …) with up to 20 % jitter so a recovering
 * backend is not hit by every retry at once. `random` is injected for tests.
 */
export function nextRetryDelaySeconds(attempt: number, retryAfterSeconds: number | undefined, random: () => number): number {
  if (retryAfterSeconds !== undefined) return Math.min(Math.max(retryAfterSeconds, 1), MAX_QUEUE_DELAY_SECONDS);
  const base = 15 * 2 ** Math.max(0, attempt - 1);
  const jittered = base * (1 + 0.2 * random());
  return Math.min(Math.round(jittered), MAX_QUEUE_DELAY_SECONDS);
}
