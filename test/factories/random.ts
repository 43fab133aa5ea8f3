/**
 * Seeded pseudo-random numbers for property-style tests: the same seed always gives the
 * same sequence, so a failing case can be replayed by its seed.
 */
import { seededRandom } from '../../dev/platform/jira/seed-timeline';
export type Random = () => number;

/** mulberry32: a tiny 32-bit PRNG, uniform in [0, 1) (the simulator's). Not for cryptography. */
export const mulberry32: (seed: number) => Random = seededRandom;

/** An integer in [min, max] (both inclusive). */
export const randomInt = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[randomInt(random, 0, items.length - 1)] as T;
}

/** A shuffled copy (Fisher–Yates); the input is left alone. */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(random, 0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
