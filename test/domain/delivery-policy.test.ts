import {
  type DeliveryResponse,
  MAX_DELIVERY_ATTEMPTS,
  MAX_QUEUE_DELAY_SECONDS,
  classifyDelivery,
  nextRetryDelaySeconds,
  parseRetryAfter,
} from '../../src/domain/delivery-policy';

const NOW = new Date('2024-03-04T10:00:00.000Z');

const response = (status: number, headers: { retryAfter?: string | null; location?: string | null } = {}): DeliveryResponse => ({
  kind: 'response',
  status,
  retryAfter: headers.retryAfter ?? null,
  location: headers.location ?? null,
});

const always = (value: number) => (): number => value;


describe('constants', () => {
  it('allows 8 attempts and delays of at most 900 s (the queue limit)', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8);
    expect(MAX_QUEUE_DELAY_SECONDS).toBe(900);
  });
});

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

  it.each([400, 401, 403, 404, 405, 409, 410, 413, 422])('HTTP %i is dead: the backend refused the event', (status) => {
    expect(classifyDelivery(response(status), NOW)).toEqual({ kind: 'dead', reason: `HTTP ${status}: the backend refused the event` });
  });

  it('HTTP 408 (Request Timeout) is dead as the code stands: only 429 among the 4xx is retried', () => {
    expect(classifyDelivery(response(408, { retryAfter: '10' }), NOW)).toEqual({ kind: 'dead', reason: 'HTTP 408: the backend refused the event' });
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

describe('nextRetryDelaySeconds', () => {
  it.each([
    [0, 1],
    [1, 1],
    [42, 42],
    [899, 899],
    [900, 900],
    [901, 900],
    [86_400, 900],
  ])('honours Retry-After %i as %i s (at least 1, at most 900)', (retryAfter, expected) => {
    expect(nextRetryDelaySeconds(3, retryAfter, always(0.999))).toBe(expected);
  });

  it('ignores the attempt number and the jitter when Retry-After is given', () => {
    expect(nextRetryDelaySeconds(1, 120, always(0.999))).toBe(120);
    expect(nextRetryDelaySeconds(7, 120, always(0))).toBe(120);
  });

  it.each([
    [1, 15],
    [2, 30],
    [3, 60],
    [4, 120],
    [5, 240],
    [6, 480],
    [7, 900],
    [8, 900],
    [30, 900],
  ])('backs off exponentially without jitter: attempt %i → %i s', (attempt, expected) => {
    expect(nextRetryDelaySeconds(attempt, undefined, always(0))).toBe(expected);
  });

  it.each([
    [1, 18],
    [2, 36],
    [3, 72],
    [4, 144],
    [5, 288],
    [6, 576],
    [7, 900],
  ])('adds at most 20 %% jitter: attempt %i with random 0.999 → %i s', (attempt, expected) => {
    expect(nextRetryDelaySeconds(attempt, undefined, always(0.999))).toBe(expected);
  });

  it('treats attempt 0 (or below) like the first attempt', () => {
    expect(nextRetryDelaySeconds(0, undefined, always(0))).toBe(15);
    expect(nextRetryDelaySeconds(-3, undefined, always(0))).toBe(15);
  });

  it('stays within [base, 1.2 × base] and 900 for any random value, and returns whole seconds', () => {
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      const base = 15 * 2 ** (attempt - 1);
      for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.999]) {
        const delay = nextRetryDelaySeconds(attempt, undefined, always(r));
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(Math.min(base, MAX_QUEUE_DELAY_SECONDS));
        expect(delay).toBeLessThanOrEqual(Math.min(Math.round(base * 1.2), MAX_QUEUE_DELAY_SECONDS));
      }
    }
  });

  it('calls random only for backoff, not when Retry-After decides', () => {
    let calls = 0;
    const counting = (): number => {
      calls += 1;
      return 0.5;
    };
    nextRetryDelaySeconds(2, 30, counting);
    expect(calls).toBe(0);
    expect(nextRetryDelaySeconds(2, undefined, counting)).toBe(33);
    expect(calls).toBe(1);
  });

  it('never exceeds the queue limit over all attempts', () => {
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      expect(nextRetryDelaySeconds(attempt, undefined, always(0.999))).toBeLessThanOrEqual(MAX_QUEUE_DELAY_SECONDS);
    }
  });
});
