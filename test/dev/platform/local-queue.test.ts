/**
 * The local async-events queue, driven through the real @forge/events SDK (Queue.push,
 * InvocationError) and, where the behaviour is the harness's own (concurrency, order),
 * through LocalQueue directly with a fake consumer. A fixture app (fixtures/queue-app)
 * supplies the consumer, scripted by each event's body.
 */
import path from 'node:path';
import {
  InvalidPushSettingsError,
  PayloadTooBigError,
  Queue,
  RateLimitError,
  TooManyEventsError,
} from '@forge/events';
import { ManualClock } from '../../../dev/platform/clock';
import { LocalForgePlatform, type LocalPlatformOptions } from '../../../dev/platform/local-platform';
import { type AsyncEvent, type ConsumerOutcome, LocalQueue, QUEUE_LIMITS, type QueueOptions } from '../../../dev/platform/queue/local-queue';
import { seededRandom } from '../../support/test-site';
import { type ConsumerScript, recorder } from './fixtures/queue-app/src/index';

const FIXTURE_APP = path.join(__dirname, 'fixtures', 'queue-app');
const queue = new Queue({ key: 'webhook-delivery' });
const script = (s: ConsumerScript) => ({ body: s as unknown as Record<string, unknown> });

describe('Queue.push through the SDK against the local platform', () => {
  let platform: LocalForgePlatform;
  let clock: ManualClock;

  async function start(queueOptions?: LocalPlatformOptions['queue']): Promise<void> {
    clock = new ManualClock();
    platform = await LocalForgePlatform.start({ root: FIXTURE_APP, clock, ...(queueOptions ? { queue: queueOptions } : {}) });
    recorder.reset(() => clock.now());
  }

  afterEach(async () => {
    jest.useRealTimers();
    await platform.stop();
  });

  describe('push limits', () => {
    beforeEach(() => start());

    it('51 events in one push: TooManyEventsError before anything reaches the platform', async () => {
      const events = Array.from({ length: 51 }, (_, i) => script({ mode: 'ok', i } as unknown as ConsumerScript));
      await expect(queue.push(events)).rejects.toBeInstanceOf(TooManyEventsError);
      expect(platform.queue.stats.pushed).toBe(0);
      await expect(queue.push(events.slice(0, 50))).resolves.toEqual({ jobId: expect.any(String) });
      expect(platform.queue.stats.pushed).toBe(50);
    });

    it('more than 200 KB in one push: PayloadTooBigError, nothing queued', async () => {
      const big = { body: { mode: 'ok', padding: 'x'.repeat(201 * 1024) } };
      await expect(queue.push(big)).rejects.toBeInstanceOf(PayloadTooBigError);
      const twoHalves = [{ body: { padding: 'x'.repeat(101 * 1024) } }, { body: { padding: 'y'.repeat(101 * 1024) } }];
      await expect(queue.push(twoHalves)).rejects.toBeInstanceOf(PayloadTooBigError);
      expect(platform.queue.stats.pushed).toBe(0);
    });

    it('a single event over 100 KB is refused when the consumer declares a timeout over 55 s (limits: "payload size for long running functions")', async () => {
      // The fixture's consumer, like the app's delivery consumer, declares timeoutSeconds: 120.
      await expect(queue.push({ body: { mode: 'ok', padding: 'x'.repeat(150 * 1024) } })).rejects.toThrow();
      await platform.drain();
      expect(recorder.deliveries).toHaveLength(0);
    });

    it('delayInSeconds outside 0..900: InvalidPushSettingsError', async () => {
      await expect(queue.push({ ...script({ mode: 'ok' }), delayInSeconds: 901 })).rejects.toBeInstanceOf(InvalidPushSettingsError);
      await expect(queue.push({ ...script({ mode: 'ok' }), delayInSeconds: -1 })).rejects.toBeInstanceOf(InvalidPushSettingsError);
      expect(platform.queue.stats.pushed).toBe(0);
    });

    it('more than 500 events within one platform minute: RateLimitError; accepted again a minute later', async () => {
      const fifty = Array.from({ length: 50 }, () => script({ mode: 'ok' }));
      for (let i = 0; i < 10; i += 1) await queue.push(fifty);
      expect(platform.queue.stats.pushed).toBe(500);
      await expect(queue.push(script({ mode: 'ok' }))).rejects.toBeInstanceOf(RateLimitError);
      expect(platform.queue.stats.pushed).toBe(500);

      await platform.advance(61);
      expect(recorder.completed).toBe(500);
      await expect(queue.push(script({ mode: 'ok' }))).resolves.toEqual({ jobId: expect.any(String) });
      expect(platform.queue.stats.pushed).toBe(501);
    });
  });

  describe('delivery', () => {
    it('delivers the pushed body with queueName, jobId and eventId, once, with no retryContext', async () => {
      await start();
      const { jobId } = await queue.push(script({ mode: 'ok' }));
      await platform.drain();
      expect(recorder.deliveries).toHaveLength(1);
      const event = recorder.deliveries[0]!.event;
      expect(event).toMatchObject({ body: { mode: 'ok' }, queueName: 'webhook-delivery', jobId, eventId: expect.any(String) });
      expect(event.retryContext).toBeUndefined();
    });

    it('honours delayInSeconds: drain() does not deliver before the platform clock passes it', async () => {
      await start();
      await queue.push([{ ...script({ mode: 'ok' }), delayInSeconds: 120 }, script({ mode: 'ok' })]);
      await platform.drain();
      expect(recorder.deliveries).toHaveLength(1);
      await platform.advance(119);
      expect(recorder.deliveries).toHaveLength(1);
      await platform.advance(1);
      expect(recorder.deliveries).toHaveLength(2);
      expect(recorder.deliveries[1]!.at - recorder.deliveries[0]!.at).toBeGreaterThanOrEqual(120_000);
    });

    it('a concurrency key with limit 1, pushed through the SDK: never two of that key at once', async () => {
      await start({ parallelism: 8 });
      const keyed = (key: string) => ({ ...script({ mode: 'yield', turns: 5 }), concurrency: { key, limit: 1 } });
      await queue.push([...Array.from({ length: 6 }, () => keyed('kr-a')), ...Array.from({ length: 6 }, () => keyed('kr-b'))]);
      await platform.drain();
      expect(recorder.completed).toBe(12);
      expect(recorder.maxInFlight.get('kr-a')).toBe(1);
      expect(recorder.maxInFlight.get('kr-b')).toBe(1);
      // The two keys did run side by side, so the check above could have seen an overlap.
      expect(recorder.maxInFlight.get('(all)')).toBe(2);
    });

    it('shuffle: with a seeded random the delivery order is not FIFO, and every event still arrives once', async () => {
      await start({ shuffle: true, random: seededRandom(7), parallelism: 1 });
      await queue.push(Array.from({ length: 20 }, (_, i) => ({ body: { mode: 'ok', n: i } })));
      await platform.drain();
      const order = recorder.deliveries.map((d) => d.event.body['n'] as number);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(order).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    });

    it('without shuffle and one at a time, the order is FIFO', async () => {
      await start({ parallelism: 1 });
      await queue.push(Array.from({ length: 20 }, (_, i) => ({ body: { mode: 'ok', n: i } })));
      await platform.drain();
      expect(recorder.deliveries.map((d) => d.event.body['n'])).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });

    it('duplicateRate 1: every event is delivered exactly twice, with the same eventId', async () => {
      await start({ duplicateRate: 1 });
      await queue.push(Array.from({ length: 5 }, (_, i) => ({ body: { mode: 'ok', n: i } })));
      await platform.drain();
      expect(recorder.deliveries).toHaveLength(10);
      const perEvent = new Map<string, number>();
      for (const d of recorder.deliveries) perEvent.set(d.event.eventId, (perEvent.get(d.event.eventId) ?? 0) + 1);
      expect([...perEvent.values()]).toEqual([2, 2, 2, 2, 2]);
      expect(platform.queue.stats.duplicatesInjected).toBe(5);
    });
  });

  describe('retries', () => {
    beforeEach(() => start());

    it('a consumer returning { _retry: true, retryOptions: { retryAfter: 30 } } is redelivered 30 s later with retryCount 1', async () => {
      const { jobId } = await queue.push(script({ mode: 'retry-plain', retryAfter: 30, times: 1 }));
      await platform.drain();
      expect(recorder.deliveries).toHaveLength(1);
      await platform.advance(29);
      expect(recorder.deliveries).toHaveLength(1);
      await platform.advance(1);
      expect(recorder.deliveries).toHaveLength(2);
      const first = recorder.deliveries[0]!;
      const second = recorder.deliveries[1]!;
      expect(second.at - first.at).toBeGreaterThanOrEqual(30_000);
      expect(second.at - first.at).toBeLessThan(31_000);
      expect(second.event).toMatchObject({ jobId, eventId: first.event.eventId, body: first.event.body });
      expect(second.event.retryContext).toMatchObject({ retryCount: 1, retryReason: 'FUNCTION_RETRY_REQUEST' });
      await platform.settle();
      expect(recorder.deliveries).toHaveLength(2);
    });

    it('InvocationError from @forge/events: retryReason and retryData come back, retryCount counts up', async () => {
      await queue.push(script({ mode: 'retry', retryAfter: 10, times: 3, retryData: { cursor: 'abc' } }));
      await platform.settle();
      expect(recorder.deliveries.map((d) => d.event.retryContext?.retryCount ?? 0)).toEqual([0, 1, 2, 3]);
      for (const d of recorder.deliveries.slice(1)) {
        expect(d.event.retryContext).toMatchObject({ retryReason: 'FUNCTION_RETRY_REQUEST', retryData: { cursor: 'abc' } });
      }
      expect(recorder.completed).toBe(1);
    });

    it('a retryAfter above 900 s is lowered to 900', async () => {
      await queue.push(script({ mode: 'retry', retryAfter: 5000, times: 1 }));
      await platform.settle();
      expect(recorder.deliveries[1]!.at - recorder.deliveries[0]!.at).toBeGreaterThanOrEqual(900_000);
      expect(recorder.deliveries[1]!.at - recorder.deliveries[0]!.at).toBeLessThan(901_000);
    });

    it('a throwing consumer is redelivered with retryReason FUNCTION_ERROR_HOSTED_APP_CODE', async () => {
      await queue.push(script({ mode: 'throw', times: 1 }));
      await platform.drain();
      expect(recorder.deliveries).toHaveLength(1);
      await platform.advance(60);
      expect(recorder.deliveries).toHaveLength(2);
      expect(recorder.deliveries[1]!.event.retryContext).toMatchObject({ retryCount: 1, retryReason: 'FUNCTION_ERROR_HOSTED_APP_CODE' });
      expect(recorder.completed).toBe(1);
    });

    it('nothing is retried past the 24 h retention window: the event is dropped and recorded as failed', async () => {
      const pushedAt = clock.now();
      await queue.push(script({ mode: 'retry', retryAfter: 900, times: Number.MAX_SAFE_INTEGER }));
      await platform.settle(48 * 3600);
      const times = recorder.deliveries.map((d) => d.at - pushedAt);
      expect(Math.max(...times)).toBeLessThanOrEqual(QUEUE_LIMITS.retentionMillis);
      // Every 15 minutes for a day: the push plus 95 retries (a 96th would land on the boundary).
      expect(recorder.deliveries.length).toBeGreaterThanOrEqual(96);
      expect(recorder.deliveries.length).toBeLessThanOrEqual(97);
      expect(recorder.deliveries.map((d) => d.event.retryContext?.retryCount ?? 0)).toEqual(recorder.deliveries.map((_, i) => i));
      expect(platform.queue.size).toBe(0);
      expect(platform.queue.stats.failed).toEqual([{ eventId: recorder.deliveries[0]!.event.eventId, error: expect.stringMatching(/retention window/) }]);
    });
  });

  describe("the consumer function's own timeout (manifest timeoutSeconds: 120)", () => {
    beforeEach(() => start());

    it('a consumer that needs 90 s of its 120 s is not cut off at the default 55 s', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      await queue.push(script({ mode: 'sleep-first', seconds: 90 }));
      const draining = platform.drain();
      await jest.advanceTimersByTimeAsync(91_000);
      await draining;
      jest.useRealTimers();
      expect(recorder.completed).toBe(1);
      expect(platform.log.filter((l) => l.kind === 'consumer-error')).toEqual([]);
      expect(platform.queue.stats.retried).toBe(0);
    });

    it('a consumer that overruns its timeout is redelivered with retryReason FUNCTION_TIME_OUT', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      await queue.push(script({ mode: 'sleep-first', seconds: 600 }));
      const draining = platform.drain();
      await jest.advanceTimersByTimeAsync(121_000);
      await draining;
      jest.useRealTimers();
      await platform.settle();
      expect(recorder.deliveries).toHaveLength(2);
      expect(recorder.deliveries[1]!.event.retryContext).toMatchObject({ retryCount: 1, retryReason: 'FUNCTION_TIME_OUT' });
    });
  });
});

describe('LocalQueue directly, with a fake consumer', () => {
  function localQueue(options: Partial<QueueOptions> & Pick<QueueOptions, 'consume'>): { queue: LocalQueue; clock: ManualClock } {
    const clock = new ManualClock();
    return { queue: new LocalQueue({ now: () => clock.now(), ...options }), clock };
  }

  const push = (q: LocalQueue, payload: unknown[]) => q.handlePush({ queueName: 'webhook-delivery', jobId: 'job-1', payload });
  const turns = async (n: number) => {
    for (let i = 0; i < n; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
  };

  /** A consumer that overlaps with others for a few turns and records the most in flight per key. */
  function overlapRecorder() {
    const inFlight = new Map<string, number>();
    const max = new Map<string, number>();
    const consume = async (event: AsyncEvent): Promise<ConsumerOutcome> => {
      const key = event.concurrency?.key ?? '(none)';
      for (const k of [key, '(all)']) {
        inFlight.set(k, (inFlight.get(k) ?? 0) + 1);
        max.set(k, Math.max(max.get(k) ?? 0, inFlight.get(k)!));
      }
      await turns(3);
      for (const k of [key, '(all)']) inFlight.set(k, inFlight.get(k)! - 1);
      return { kind: 'done' };
    };
    return { consume, max };
  }

  it('concurrency limit 1: no two events with the same key run at once, other keys still run in parallel', async () => {
    const { consume, max } = overlapRecorder();
    const { queue: q } = localQueue({ consume, parallelism: 8 });
    const ev = (key: string, limit: number) => ({ body: {}, concurrency: { key, limit } });
    expect(push(q, [...Array.from({ length: 10 }, () => ev('kr-1', 1)), ...Array.from({ length: 10 }, () => ev('kr-2', 1)), ...Array.from({ length: 4 }, () => ({ body: {} }))]).status).toBe(201);
    await q.drain();
    expect(q.stats.delivered).toBe(24);
    expect(max.get('kr-1')).toBe(1);
    expect(max.get('kr-2')).toBe(1);
    expect(max.get('(all)')).toBeGreaterThan(2);
  });

  it('concurrency limit 3 allows exactly three of that key at once', async () => {
    const { consume, max } = overlapRecorder();
    const { queue: q } = localQueue({ consume, parallelism: 8 });
    push(q, Array.from({ length: 9 }, () => ({ body: {}, concurrency: { key: 'k', limit: 3 } })));
    await q.drain();
    expect(max.get('k')).toBe(3);
  });

  it('shuffle delivers in a non-FIFO order for a seed; without shuffle the order is FIFO', async () => {
    const run = async (shuffle: boolean) => {
      const order: number[] = [];
      const { queue: q } = localQueue({ consume: async (e) => (order.push(e.body['n'] as number), { kind: 'done' }), parallelism: 1, shuffle, random: seededRandom(42) });
      push(q, Array.from({ length: 30 }, (_, n) => ({ body: { n } })));
      await q.drain();
      return order;
    };
    const fifo = Array.from({ length: 30 }, (_, n) => n);
    expect(await run(false)).toEqual(fifo);
    const shuffled = await run(true);
    expect(shuffled).not.toEqual(fifo);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(fifo);
  });

  it('answers the publish endpoint with the documented server-side refusals (the SDK checks first, but a raw push is refused too)', () => {
    const { queue: q } = localQueue({ consume: async () => ({ kind: 'done' }) });
    expect(push(q, Array.from({ length: 51 }, () => ({ body: {} }))).status).toBe(400);
    expect(push(q, [{ body: { padding: 'x'.repeat(201 * 1024) } }]).status).toBe(413);
    expect(push(q, []).status).toBe(400);
    expect(q.handlePush({ queueName: 'bad/name', jobId: 'j', payload: [{ body: {} }] }).status).toBe(400);
    const partial = push(q, [{ body: {} }, { body: {}, delayInSeconds: 901 }]);
    expect(partial).toEqual({ status: 202, body: { failedEvents: [{ index: 1, errorMessage: expect.any(String) }] } });
    expect(q.size).toBe(1);
  });

  it('a thrown-error retry is dropped once the next attempt would fall after the 24 h window', async () => {
    let deliveries = 0;
    const { queue: q, clock } = localQueue({ consume: async () => (deliveries++, { kind: 'failed', error: 'boom' }) });
    push(q, [{ body: {} }]);
    clock.advance(QUEUE_LIMITS.retentionMillis - 30_000);
    await q.drain();
    expect(deliveries).toBe(1);
    expect(q.size).toBe(0);
    expect(q.stats.failed).toHaveLength(1);
  });
});
