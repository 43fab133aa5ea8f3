/**
 * The daily active users chart's axes, as numbers: a y axis up to a round number with
 * whole-number ticks (users come whole), and which days get a date under the x axis.
 */

/** The smallest of 1, 2, 5 × 10^k at or above `value` (at least 1). */
export function roundUp125(value: number): number {
  if (!(value > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/** Ticks from 0 to the axis' top in at most about four round steps; the last tick is the top. */
export function yTicks(max: number): number[] {
  const step = roundUp125(max / 4);
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: top / step + 1 }, (_, i) => i * step);
}

/** Every `every`-th day counted back from today, so today always has its date. */
export function dateLabelIndexes(count: number, every = 7): number[] {
  const indexes: number[] = [];
  for (let i = count - 1; i >= 0; i -= every) indexes.unshift(i);
  return indexes;
}
