/**
 * Fake time beyond what `vi` offers: an event loop that stalls.
 */
import { vi } from "vitest";

/** The part of the fake clock (@sinonjs/fake-timers, installed by `vi.useFakeTimers()`) used here. */
interface FakeClock {
  now: number;
  timers?: Record<string, { callAt: number }>;
}

function fakeClock(): FakeClock {
  // the fake-timers library hangs its clock on every function it replaces
  const clock = (globalThis.setTimeout as unknown as { clock?: FakeClock }).clock;
  if (!clock || typeof clock.now !== "number") throw new Error("stallEventLoop needs vi.useFakeTimers() first");
  return clock;
}

/**
 * Fake time moves on by `ms` while no timer runs, as when a long synchronous task blocks the
 * event loop; then every timer that fell due meanwhile fires at once, at the new time (the
 * fake-timers library's `jump`, with promise callbacks run between the timers as Node does).
 *
 * @example
 * ```ts
 * vi.useFakeTimers();
 * setTimeout(a, 10);
 * setTimeout(b, 20);
 * await stallEventLoop(300); // a and b both run now, 300 ms later, and see Date.now() + 300
 * ```
 */
export async function stallEventLoop(ms: number): Promise<void> {
  const clock = fakeClock();
  const end = clock.now + ms;
  for (const timer of Object.values(clock.timers ?? {})) if (timer.callAt < end) timer.callAt = end;
  await vi.advanceTimersByTimeAsync(ms);
}
