/**
 * Where seeded history falls in time: a deterministic PRNG, and instants inside a window
 * drawn day by day with uneven weights (weekdays busy, weekends quiet, some days busier than
 * others) and mostly in working hours, so a chart of the seeded activity looks like a team's.
 */

/** mulberry32: small, fast and good enough for test data; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A day's weight: weekdays around 1 (0.5 to 1.5), Saturdays and Sundays about a tenth of that. */
export const defaultDayWeight = (day: Date, random: () => number): number => {
  const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
  return (weekend ? 0.1 : 1) * (0.5 + random());
};

export class Timeline {
  /** Start of each UTC day touching the window, and the cumulative weights up to each day's end. */
  private readonly starts: number[] = [];
  private readonly cumulative: number[] = [];

  constructor(
    readonly from: number,
    readonly until: number,
    private readonly random: () => number,
    dayWeight: (day: Date, random: () => number) => number = defaultDayWeight,
  ) {
    let total = 0;
    for (let start = Math.floor(from / DAY_MS) * DAY_MS; start < until; start += DAY_MS) {
      // A part day at either end of the window weighs only for the part inside it.
      const inside = (Math.min(start + DAY_MS, until) - Math.max(start, from)) / DAY_MS;
      total += Math.max(0, dayWeight(new Date(start), random)) * inside;
      this.starts.push(start);
      this.cumulative.push(total);
    }
  }

  /** An instant after `after` (and after the window's start), before the window's end. */
  pick(after: number = this.from): number {
    const lower = Math.max(after, this.from);
    if (lower >= this.until - 1) return this.until - 1;
    const first = this.dayOf(lower);
    const below = first > 0 ? this.cumulative[first - 1]! : 0;
    const total = this.cumulative[this.cumulative.length - 1]!;
    // Days before `after` are out; the first day counts whole (its earlier part is skipped below).
    const target = below + this.random() * (total - below);
    let day = first;
    while (day < this.cumulative.length - 1 && this.cumulative[day]! < target) day += 1;
    const start = this.starts[day]!;
    const lo = Math.max(start, lower + 1);
    const hi = Math.min(start + DAY_MS, this.until);
    if (hi <= lo) return Math.min(this.until - 1, lo);
    // Four in five in working hours (08:00 to 18:00 UTC), the rest any time.
    const working = start + 8 * HOUR_MS + this.random() * 10 * HOUR_MS;
    if (this.random() < 0.8 && working > lo && working < hi) return Math.floor(working);
    return Math.floor(lo + this.random() * (hi - lo));
  }

  private dayOf(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
