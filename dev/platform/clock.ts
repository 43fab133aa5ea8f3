/** The platform's notion of now: manual in tests (so delays need no waiting), real in the sandbox. */
export interface Clock {
  now(): number;
}

const RealDate = globalThis.Date;

/**
 * Real time plus an offset that tests move forward. With `shiftSystemTime()` the whole
 * process (the app's Date.now(), webhook timestamps, the receiver's signature check)
 * sees the same shifted time, so "ten minutes later" means the same thing everywhere.
 * Timers are left alone: only wall-clock readings move.
 */
export class ManualClock implements Clock {
  private offset = 0;

  now(): number {
    return RealDate.now() + this.offset;
  }

  advance(millis: number): void {
    this.offset += millis;
  }

  /** Makes `Date` follow this clock until the returned function is called. */
  shiftSystemTime(): () => void {
    const now = () => this.now();
    const Shifted = function (this: unknown, ...args: unknown[]) {
      if (!new.target) return new RealDate(now()).toString();
      return args.length === 0 ? new RealDate(now()) : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
    } as unknown as DateConstructor;
    Object.setPrototypeOf(Shifted, RealDate);
    Object.defineProperty(Shifted, 'prototype', { value: RealDate.prototype });
    Object.defineProperty(Shifted, 'now', { value: now });
    globalThis.Date = Shifted;
    return () => {
      globalThis.Date = RealDate;
    };
  }
}

export const realClock: Clock = { now: () => RealDate.now() };
