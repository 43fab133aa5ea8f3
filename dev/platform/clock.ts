/** The platform's notion of now: manual in tests (so delays need no waiting), real in the sandbox. */
export interface Clock {
  now(): number;
}

export class ManualClock implements Clock {
  constructor(private current = Date.now()) {}

  now(): number {
    return this.current;
  }

  advance(millis: number): void {
    this.current += millis;
  }
}

export const realClock: Clock = { now: () => Date.now() };
