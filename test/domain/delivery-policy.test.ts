import { type DeliveryResponse, MAX_AGE_MILLIS, classifyDelivery, isExpired, nextAttemptAt, parseRetryAfter, scheduledWaitSeconds } from '../../src/domain/delivery-policy';

const NOW = new Date('2024-03-04T10:00:00.000Z');

const response = (status: number, headers: { retryAfter?: string | null; location?: string | null } = {}): DeliveryResponse => ({
  kind: 'response',
  status,
  retryAfter: headers.retryAfter ?? null,
  location: headers.location ?? null,
});

const always = (value: number) => (): number => value;


describe('parseRetryAfter', () => {
  it('is undefined without a header', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  it.each([
    ['120', 120],
    ['0', 0],
    ['1', 1],
    [' 30 ', 30],
    ['007', 7],
    ['3600', 3600],
  ])('reads delta seconds %j as %i', (header, seconds) => {
    expect(parseRetryAfter(header, NOW)).toBe(seconds);
  });

  it('reads an HTTP date (IMF-fixdate) against the injected clock', () => {
    expect(parseRetryAfter('Mon, 04 Mar 2024 10:02:00 GMT', NOW)).toBe(120);
    expect(parseRetryAfter('Mon, 04 Mar 2024 10:02:00 GMT', new Date('2024-03-04T10:01:00.000Z'))).toBe(60);
  });

  it('rounds a date part of a second away up, so the retry is never early', () => {
    expect(parseRetryAfter('Mon, 04 Mar 2024 10:00:01 GMT', new Date('2024-03-04T09:59:59.500Z'))).toBe(2);
  });

  it('reads the obsolete HTTP date forms (RFC 850, and asctime as GMT)', () => {
    // asctime has no zone and HTTP defines it as GMT: with a non-UTC TZ (e.g.
    // `TZ=America/New_York npx jest test/domain`) this catches a local-time reading.
    expect(parseRetryAfter('Monday, 04-Mar-24 10:00:30 GMT', NOW)).toBe(30);
    expect(parseRetryAfter('Mon Mar  4 10:00:30 2024', NOW)).toBe(30);
  });

  it('reads an ISO 8601 timestamp (X-RateLimit-Reset is sent in that form)', () => {
    expect(parseRetryAfter('2024-03-04T10:05:00Z', NOW)).toBe(300);
  });

  it('is 0 for a date in the past, never negative', () => {
    expect(parseRetryAfter('Mon, 04 Mar 2024 09:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
  });

  it.each(['', '   ', 'soon', 'abc', '1e3', '120s', '0x10', 'tomorrow', '5 minutes', 'NaN', '2.0'])('is undefined for the garbage %j', (header) => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });

  // Regression: "1.5", "-5", "+5" and "in 5" used to go to Date.parse, whose legacy parser
  // reads them as days in 2001, so garbage became "retry after 0 s".
  it.each(['1.5', '-5', '+5', 'in 5', '12/31', 'Mar 4'])('is undefined for the number-like garbage %j, not a date', (header) => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });

  it('is undefined for a date in the right form that is not a real time', () => {
    expect(parseRetryAfter('Mon, 99 Mar 2024 10:00:00 GMT', NOW)).toBeUndefined();
    expect(parseRetryAfter('Mon, 04 Mar 2024 25:00:00 GMT', NOW)).toBeUndefined();
    expect(parseRetryAfter('2024-13-45T10:00Z', NOW)).toBeUndefined();
  });

  it('is undefined for a date-like text with a day name in the wrong form', () => {
    expect(parseRetryAfter('Monday, 04 Mar 2024 10:02:00 GMT', NOW)).toBeUndefined();
    expect(parseRetryAfter('Mon, 04 Mar 2024 10:02:00 UTC', NOW)).toBeUndefined();
  });
});

describe('classifyDelivery', () => {
  it.each([200, 201, 202, 204, 299])('HTTP %i is delivered', (status) => {
    expect(classifyDelivery(response(status), NOW)).toEqual({ kind: 'delivered', status });
  });

  it.each([301, 302, 307, 308])('HTTP %i is dead, naming the Location', (status) => {
    const outcome = classifyDelivery(response(status, { location: 'https://okr.example.com/new-hooks' }), NOW);
    expect(outcome).toEqual({ kind: 'dead', reason: expect.stringContaining(`HTTP ${status}`) });
    expect(outcome.kind === 'dead' && outcome.reason).toContain('(Location: https://okr.example.com/new-hooks)');
    expect(outcome.kind === 'dead' && outcome.reason).toContain('redirects are not followed');
  });

  it('a redirect without Location is dead without a Location part', () => {
    const outcome = classifyDelivery(response(302), NOW);
    expect(outcome).toEqual({ kind: 'dead', reason: 'HTTP 302: redirects are not followed; update the backend URL' });
  });

  it('a redirect is dead even with a Retry-After', () => {
    expect(classifyDelivery(response(307, { retryAfter: '5' }), NOW).kind).toBe('dead');
  });

  it.each([400, 404, 405, 410, 413, 422])('HTTP %i is dead: the backend refused the event', (status) => {
    expect(classifyDelivery(response(status), NOW)).toEqual({ kind: 'dead', reason: `HTTP ${status}: the backend refused the event` });
  });

  it('keeps what the backend said with a refusal, as an excerpt', () => {
    expect(classifyDelivery({ kind: 'response', status: 422, retryAfter: null, location: null, bodyExcerpt: 'data.sequence: required' }, NOW)).toEqual({ kind: 'dead', reason: 'HTTP 422: the backend refused the event; the backend said: data.sequence: required' });
  });

  it.each([408, 409, 425])('HTTP %i (not now, rather than never) is retried, with its Retry-After', (status) => {
    expect(classifyDelivery(response(status, { retryAfter: '10' }), NOW)).toEqual({ kind: 'retry', reason: `HTTP ${status}`, retryAfterSeconds: 10 });
  });

  it.each([401, 403])('HTTP %i refuses our credentials: delivery pauses until a reconnect, nothing is dropped', (status) => {
    const outcome = classifyDelivery(response(status), NOW);
    expect(outcome).toMatchObject({ kind: 'refused-credentials', status });
    expect(outcome.kind === 'refused-credentials' && outcome.reason).toContain('reconnect');
  });

  it('a 4xx with a Retry-After is still dead', () => {
    expect(classifyDelivery(response(400, { retryAfter: '10' }), NOW).kind).toBe('dead');
  });

  it.each([429, 500, 502, 503, 504])('HTTP %i is retried, with its Retry-After in seconds', (status) => {
    expect(classifyDelivery(response(status, { retryAfter: '42' }), NOW)).toEqual({ kind: 'retry', reason: `HTTP ${status}`, retryAfterSeconds: 42 });
  });

  it('HTTP 503 with an HTTP-date Retry-After is retried after the seconds until that date', () => {
    expect(classifyDelivery(response(503, { retryAfter: 'Mon, 04 Mar 2024 10:01:30 GMT' }), NOW)).toEqual({
      kind: 'retry',
      reason: 'HTTP 503',
      retryAfterSeconds: 90,
    });
  });

  it('a retry without, or with an unreadable, Retry-After has retryAfterSeconds undefined', () => {
    expect(classifyDelivery(response(429), NOW)).toEqual({ kind: 'retry', reason: 'HTTP 429', retryAfterSeconds: undefined });
    expect(classifyDelivery(response(500, { retryAfter: 'later' }), NOW)).toEqual({ kind: 'retry', reason: 'HTTP 500', retryAfterSeconds: undefined });
  });

  it('a 2xx ignores a Retry-After', () => {
    expect(classifyDelivery(response(200, { retryAfter: '60' }), NOW)).toEqual({ kind: 'delivered', status: 200 });
  });

  it('a network error is retried, keeping the message', () => {
    expect(classifyDelivery({ kind: 'network-error', message: 'ECONNRESET' }, NOW)).toEqual({
      kind: 'retry',
      reason: 'network error: ECONNRESET',
      retryAfterSeconds: undefined,
    });
  });

  it('a request refused by Forge egress is dead, naming the host and the manifest fix', () => {
    const outcome = classifyDelivery({ kind: 'egress-refused', host: 'okr.example.com' }, NOW);
    expect(outcome.kind).toBe('dead');
    expect(outcome.kind === 'dead' && outcome.reason).toContain('okr.example.com');
    expect(outcome.kind === 'dead' && outcome.reason).toContain('manifest.yml');
  });

  it('a timeout is retried, keeping the limit', () => {
    expect(classifyDelivery({ kind: 'timeout', seconds: 10 }, NOW)).toEqual({ kind: 'retry', reason: 'no answer within 10 s', retryAfterSeconds: undefined });
  });

  it('uses the injected clock for HTTP dates, not the real one', () => {
    const header = 'Mon, 04 Mar 2024 10:10:00 GMT';
    const early = classifyDelivery(response(503, { retryAfter: header }), new Date('2024-03-04T10:00:00Z'));
    const late = classifyDelivery(response(503, { retryAfter: header }), new Date('2024-03-04T10:09:00Z'));
    expect(early.kind === 'retry' && early.retryAfterSeconds).toBe(600);
    expect(late.kind === 'retry' && late.retryAfterSeconds).toBe(60);
  });
});

describe('the retry schedule', () => {
  const HOUR = 3600 * 1000;
  const at = (attempts: number, retryAfterSeconds: number | undefined, random = 0, now = 0, ageFrom = 0) => nextAttemptAt({ attempts, ageFrom, now, retryAfterSeconds, random: always(random) });

  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h after each failure', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12].map(scheduledWaitSeconds)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000, 36000]);
    expect(scheduledWaitSeconds(0)).toBe(5);
  });

  it('adds at most 10 % jitter, and none with random 0', () => {
    expect(at(2, undefined, 0)).toBe(300_000);
    expect(at(2, undefined, 0.999)).toBe(Math.round(300_000 * 1.0999));
  });

  it('spreads about a dozen attempts over the 72 hours before a record expires', () => {
    let now = 0;
    let attempts = 0;
    while (!isExpired(0, now)) {
      attempts += 1;
      const next = at(attempts, undefined, 0, now);
      if (next <= now) break;
      now = next;
    }
    expect(attempts).toBeGreaterThanOrEqual(10);
    expect(attempts).toBeLessThanOrEqual(14);
    expect(MAX_AGE_MILLIS).toBe(72 * HOUR);
  });

  it('makes the last attempt shortly before the maximum age, never after it', () => {
    const next = at(9, undefined, 0, 70 * HOUR);
    expect(next).toBe(72 * HOUR - 5 * 60 * 1000);
    expect(isExpired(0, next)).toBe(false);
  });

  it('honours a Retry-After exactly (at least 1 s), even past the schedule, not earlier', () => {
    expect(at(1, 120, 0.999, 1000)).toBe(121_000);
    expect(at(7, 0, 0, 1000)).toBe(2000);
    // Past the maximum age: the record expires rather than being sent before it was allowed.
    expect(at(3, 80 * 3600, 0, 0)).toBe(80 * HOUR);
  });

  it('counts the age from ageFrom (a Redeliver starts a new 72 hours)', () => {
    expect(isExpired(10 * HOUR, 81 * HOUR)).toBe(false);
    expect(isExpired(10 * HOUR, 82 * HOUR)).toBe(true);
  });
});
