/**
 * Time as a dependency, so tests can move it.
 *
 * @example
 * ```ts
 * const clock = new ManualClock(new Date("2026-11-20T08:00:00Z"));
 * clock.advance(3600_000);
 * ```
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | number = Date.now()) {
    this.t = typeof start === "number" ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date | number): void {
    this.t = typeof at === "number" ? at : at.getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
