import { KvsFault } from './kvs-errors';

/**
 * Documented per-installation limits of the KVS and Custom Entity Store
 * (developer.atlassian.com/platform/forge/limits-kvs-ce): 1,000 requests a second, and
 * 4,000 reads and 4,000 writes a minute, each counted in 10 KB units (a 65 KB request
 * counts 7). Exceeding one answers 429 RATE_LIMIT_EXCEEDED (REST API reference).
 */
export const KVS_RATE_LIMITS = {
  requestsPerSecond: 1000,
  readUnitsPerMinute: 4000,
  writeUnitsPerMinute: 4000,
  unitBytes: 10 * 1024,
} as const;

/**
 * How a refusal looks on the wire. The REST reference documents 429 with
 * `{ code: 'RATE_LIMIT_EXCEEDED' }`; whether the SDK's service answers in that shape is
 * not documented, so a harness can also answer 429 with a body that is no Forge error
 * (@forge/kvs then throws code UNKNOWN_ERROR, status 429). The app must retry either way.
 */
export type RateLimitReply = 'documented' | 'status-only';

export class RateLimitFault extends KvsFault {
  constructor(
    message: string,
    private readonly reply: RateLimitReply,
  ) {
    super(429, 'RATE_LIMIT_EXCEEDED', message);
  }

  override toReply() {
    return this.reply === 'documented' ? super.toReply() : { status: 429, body: 'Too Many Requests' };
  }
}

export const unitsOf = (bytes: number): number => Math.max(1, Math.ceil(bytes / KVS_RATE_LIMITS.unitBytes));

/**
 * The meter: reads and writes per minute on the platform clock (tests move it to let
 * budgets refill). The 1,000-a-second request rate is not metered: the harness answers
 * in microseconds what takes production milliseconds, so a second of harness time holds
 * traffic one installation cannot produce, and a frozen test clock would put a whole test
 * in one second; the per-minute budgets, which bulk work does reach, are what bind.
 * Seeding done by tests can run unmetered.
 */
export class KvsRateMeter {
  private reads: Array<{ at: number; units: number }> = [];
  private writes: Array<{ at: number; units: number }> = [];
  private unmeteredDepth = 0;
  /** Refusals so far, by kind, for tests and benchmarks. */
  readonly refused = { reads: 0, writes: 0 };
  /** Budget units admitted so far (a transaction of several writes under 10 KB is one), metered or not. */
  readonly used = { reads: 0, writes: 0 };

  constructor(
    private readonly now: () => number,
    private readonly reply: RateLimitReply,
    private readonly enabled: boolean,
  ) {}

  async unmetered<T>(work: () => Promise<T>): Promise<T> {
    this.unmeteredDepth += 1;
    try {
      return await work();
    } finally {
      this.unmeteredDepth -= 1;
    }
  }

  private sum(entries: Array<{ at: number; units: number }>, since: number): number {
    let total = 0;
    for (const e of entries) if (e.at > since) total += e.units;
    return total;
  }

  /** Counts one request, or refuses it (nothing of it is done). */
  admit(kind: 'read' | 'write', requestBytes: number): void {
    if (this.unmeteredDepth > 0) return;
    if (!this.enabled) {
      this.used[kind === 'read' ? 'reads' : 'writes'] += unitsOf(requestBytes);
      return;
    }
    const now = this.now();
    const since = now - 60_000;
    const entries = kind === 'read' ? this.reads : this.writes;
    const kept = entries.filter((e) => e.at > since);
    if (kind === 'read') this.reads = kept;
    else this.writes = kept;
    const units = unitsOf(requestBytes);
    const limit = kind === 'read' ? KVS_RATE_LIMITS.readUnitsPerMinute : KVS_RATE_LIMITS.writeUnitsPerMinute;
    if (this.sum(kept, since) + units > limit) {
      if (kind === 'read') this.refused.reads += 1;
      else this.refused.writes += 1;
      throw new RateLimitFault(`Rate limit exceeded: more than ${limit} storage ${kind}s (10 KB units) a minute for this installation`, this.reply);
    }
    kept.push({ at: now, units });
    this.used[kind === 'read' ? 'reads' : 'writes'] += units;
  }
}
