import { randomUUID } from 'node:crypto';

/** Documented async-events limits, per installation (docs: async events limits). */
export const QUEUE_LIMITS = {
  maxEventsPerPush: 50,
  maxPushBytes: 200 * 1024,
  maxEventsPerMinute: 500,
  maxDelaySeconds: 900,
  /** @forge/events 2+: an event is retried until this window after its push closes. */
  retentionMillis: 24 * 60 * 60 * 1000,
  maxRetryAfterSeconds: 900,
  maxRetryDataBytes: 4 * 1024,
} as const;

export interface RetryContext {
  retryCount: number;
  retryReason: string;
  retryData?: unknown;
}

/** What a consumer function receives: the pushed event plus invocation fields. */
export interface AsyncEvent {
  body: Record<string, unknown>;
  queueName: string;
  jobId: string;
  eventId: string;
  concurrency?: { key: string; limit: number };
  retryContext?: RetryContext;
}

interface Pending {
  event: AsyncEvent;
  readyAt: number;
  pushedAt: number;
  duplicate: boolean;
}

export type ConsumerOutcome = { kind: 'done' } | { kind: 'retry'; retryAfterSeconds: number; reason: string; retryData?: unknown } | { kind: 'failed'; error: string };

export interface QueueOptions {
  now: () => number;
  consume: (event: AsyncEvent) => Promise<ConsumerOutcome>;
  /** Probability that an event is delivered a second time: the platform is at-least-once. */
  duplicateRate?: number;
  /** Deliver ready events in random order: the platform does not promise FIFO. */
  shuffle?: boolean;
  /** Invocations in flight at once while draining. */
  parallelism?: number;
  random?: () => number;
  /** Largest single event a queue's consumer accepts (100 KB when its function's timeout is over 55 s). */
  maxEventBytes?: (queueName: string) => number | undefined;
}

export interface QueueStats {
  pushed: number;
  /** Pushed events by their body's `kind` (the app's message kinds), for tests that count one kind. */
  pushedByKind: Record<string, number>;
  delivered: number;
  duplicatesInjected: number;
  retried: number;
  failed: Array<{ eventId: string; error: string }>;
}

/**
 * The Forge async-events queue of one installation: validates pushes as the service does
 * (limits, 500 events a minute), delivers at least once and in no promised order, honours
 * delayInSeconds, concurrency keys, and retries (InvocationError or a thrown error) until
 * the 24-hour retention window closes.
 */
export class LocalQueue {
  private pending: Pending[] = [];
  private inFlightByKey = new Map<string, number>();
  private pushTimes: number[] = [];
  readonly stats: QueueStats = { pushed: 0, pushedByKind: {}, delivered: 0, duplicatesInjected: 0, retried: 0, failed: [] };

  constructor(private readonly options: QueueOptions) {}

  private random(): number {
    return (this.options.random ?? Math.random)();
  }

  get size(): number {
    return this.pending.length;
  }

  /** Answers the publish endpoint that @forge/events posts to. */
  handlePush(request: unknown): { status: number; body: unknown } {
    const r = request as { queueName?: unknown; jobId?: unknown; payload?: unknown };
    if (typeof r.queueName !== 'string' || !/^[a-zA-Z0-9-_]+$/.test(r.queueName)) {
      return { status: 400, body: { message: 'Invalid queue name' } };
    }
    if (!Array.isArray(r.payload) || r.payload.length === 0) return { status: 400, body: { message: 'No events pushed' } };
    if (r.payload.length > QUEUE_LIMITS.maxEventsPerPush) {
      return { status: 400, body: { message: `Maximum ${QUEUE_LIMITS.maxEventsPerPush} events allowed per push` } };
    }
    const bytes = Buffer.byteLength(JSON.stringify(r.payload));
    if (bytes > QUEUE_LIMITS.maxPushBytes) return { status: 413, body: { errorMessage: `Payload is ${bytes} bytes; limit is ${QUEUE_LIMITS.maxPushBytes}` } };
    const now = this.options.now();
    this.pushTimes = this.pushTimes.filter((t) => t > now - 60_000);
    if (this.pushTimes.length + r.payload.length > QUEUE_LIMITS.maxEventsPerMinute) {
      return { status: 429, body: { message: 'Rate limit exceeded: 500 events per minute per installation' } };
    }
    const failedEvents: Array<{ index: number; errorMessage: string }> = [];
    r.payload.forEach((raw: unknown, index: number) => {
      const e = raw as { body?: unknown; delayInSeconds?: unknown; concurrency?: { key?: unknown; limit?: unknown } };
      const delay = e.delayInSeconds === undefined ? 0 : Number(e.delayInSeconds);
      if (!(delay >= 0 && delay <= QUEUE_LIMITS.maxDelaySeconds)) {
        failedEvents.push({ index, errorMessage: 'delayInSeconds must be between 0 and 900' });
        return;
      }
      const maxEvent = this.options.maxEventBytes?.(r.queueName as string);
      if (maxEvent !== undefined && Buffer.byteLength(JSON.stringify(raw)) > maxEvent) {
        failedEvents.push({ index, errorMessage: `Event is larger than ${maxEvent} bytes` });
        return;
      }
      if (e.concurrency && (typeof e.concurrency.key !== 'string' || !Number.isInteger(e.concurrency.limit) || (e.concurrency.limit as number) < 1)) {
        failedEvents.push({ index, errorMessage: 'concurrency needs a key and a positive integer limit' });
        return;
      }
      this.pushTimes.push(now);
      this.stats.pushed += 1;
      const kind = String((e.body as { kind?: unknown } | undefined)?.kind ?? '');
      this.stats.pushedByKind[kind] = (this.stats.pushedByKind[kind] ?? 0) + 1;
      this.pending.push({
        event: {
          body: e.body as Record<string, unknown>,
          queueName: r.queueName as string,
          jobId: String(r.jobId),
          eventId: randomUUID(),
          ...(e.concurrency ? { concurrency: { key: e.concurrency.key as string, limit: e.concurrency.limit as number } } : {}),
        },
        readyAt: now + delay * 1000,
        pushedAt: now,
        duplicate: false,
      });
    });
    if (failedEvents.length > 0) return { status: 202, body: { failedEvents } };
    return { status: 201, body: {} };
  }

  /**
   * For tests of lost work: drops the waiting events whose body `matches`, as if their
   * retries ran out or the 24-hour retention window closed. Returns how many it dropped.
   */
  discard(matches: (body: Record<string, unknown>) => boolean): number {
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => !matches(p.event.body));
    for (let i = before - this.pending.length; i > 0; i -= 1) this.stats.failed.push({ eventId: 'discarded', error: 'discarded by a test' });
    return before - this.pending.length;
  }

  /** Seconds until the next delayed event is ready, or undefined when nothing waits. */
  nextReadyInSeconds(): number | undefined {
    if (this.pending.length === 0) return undefined;
    const soonest = Math.min(...this.pending.map((p) => p.readyAt));
    return Math.max(0, (soonest - this.options.now()) / 1000);
  }

  private takeReady(): Pending | undefined {
    const now = this.options.now();
    const ready = this.pending
      .map((p, index) => ({ p, index }))
      .filter(({ p }) => p.readyAt <= now && this.hasCapacity(p.event));
    if (ready.length === 0) return undefined;
    const pick = this.options.shuffle ? ready[Math.floor(this.random() * ready.length)]! : ready[0]!;
    this.pending.splice(pick.index, 1);
    return pick.p;
  }

  private hasCapacity(event: AsyncEvent): boolean {
    if (!event.concurrency) return true;
    return (this.inFlightByKey.get(event.concurrency.key) ?? 0) < event.concurrency.limit;
  }

  /** Delivers every event that is ready now, including ones made ready meanwhile; resolves when none is. */
  async drain(): Promise<void> {
    const parallelism = this.options.parallelism ?? 8;
    const running = new Set<Promise<void>>();
    for (;;) {
      let next = running.size < parallelism ? this.takeReady() : undefined;
      while (next) {
        const task = this.deliver(next).finally(() => running.delete(task));
        running.add(task);
        next = running.size < parallelism ? this.takeReady() : undefined;
      }
      if (running.size === 0) return;
      await Promise.race(running);
    }
  }

  private async deliver(item: Pending): Promise<void> {
    const key = item.event.concurrency?.key;
    if (key) this.inFlightByKey.set(key, (this.inFlightByKey.get(key) ?? 0) + 1);
    try {
      if (!item.duplicate && (this.options.duplicateRate ?? 0) > this.random()) {
        this.stats.duplicatesInjected += 1;
        this.pending.push({ event: { ...item.event }, readyAt: this.options.now(), pushedAt: item.pushedAt, duplicate: true });
      }
      this.stats.delivered += 1;
      const outcome = await this.options.consume(item.event);
      if (outcome.kind === 'done') return;
      const retryCount = (item.event.retryContext?.retryCount ?? 0) + 1;
      // Thrown errors are retried too; the platform waits about 40 s before those.
      const after = outcome.kind === 'retry' ? Math.min(Math.max(outcome.retryAfterSeconds, 1), QUEUE_LIMITS.maxRetryAfterSeconds) : 40;
      if (this.options.now() + after * 1000 > item.pushedAt + QUEUE_LIMITS.retentionMillis) {
        this.stats.failed.push({ eventId: item.event.eventId, error: `retention window closed: ${outcome.kind === 'failed' ? outcome.error : outcome.reason}` });
        return;
      }
      this.stats.retried += 1;
      this.pending.push({
        event: {
          ...item.event,
          retryContext: {
            retryCount,
            retryReason: outcome.kind === 'retry' ? outcome.reason : 'FUNCTION_ERROR_HOSTED_APP_CODE',
            ...(outcome.kind === 'retry' && outcome.retryData !== undefined ? { retryData: outcome.retryData } : {}),
          },
        },
        readyAt: this.options.now() + after * 1000,
        pushedAt: item.pushedAt,
        duplicate: true,
      });
    } finally {
      if (key) this.inFlightByKey.set(key, (this.inFlightByKey.get(key) ?? 1) - 1);
    }
  }
}
