/**
 * The pacer on fake time: the spacing is measured on the clock the pacer reads, so what is
 * checked is the pacer's arithmetic, not how fast this machine is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPacer } from "../../core/outbox/pacer.ts";
import { stallEventLoop } from "../support/time.ts";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets fake time run on by `ms`, then waits for `work`. */
async function after<T>(ms: number, work: Promise<T>): Promise<T> {
  await vi.advanceTimersByTimeAsync(ms);
  return work;
}

describe("pacer", () => {
  it("keeps a chat's messages in order and spaced from the previous actual send", async () => {
    const pacer = createPacer({ perChatPerSec: 10, globalPerSec: 1000, margin: 0 });
    const sent: { n: number; at: number }[] = [];
    await after(
      1000,
      Promise.all([1, 2, 3, 4].map((n) => pacer.schedule("chat", false, async () => void sent.push({ n, at: Date.now() })))),
    );
    expect(sent.map((s) => s.n)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(99);
    await pacer.stop();
  });

  it("spaces group chats by the per-minute limit", async () => {
    const pacer = createPacer({ perChatPerSec: 100, perGroupPerMin: 600, margin: 0 }); // 100 ms apart
    const at: number[] = [];
    await after(1000, Promise.all([1, 2, 3].map(() => pacer.schedule("-100", true, async () => void at.push(Date.now())))));
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(199);
    await pacer.stop();
  });

  it("does not burst after the event loop stalled", async () => {
    const pacer = createPacer({ perChatPerSec: 1000, globalPerSec: 50, margin: 0 }); // 20 ms apart overall
    const at: number[] = [];
    const all = Array.from({ length: 20 }, (_, i) => pacer.schedule(`c${i}`, false, async () => void at.push(Date.now())));
    await vi.advanceTimersByTimeAsync(5);
    await stallEventLoop(300); // timers that were due pile up
    await after(2000, Promise.all(all));
    expect(at).toHaveLength(20);
    at.sort((a, b) => a - b);
    // no 1-second window (here: any 100 ms) holds more than the limit allows
    for (let i = 5; i < at.length; i++) expect(at[i]! - at[i - 5]!).toBeGreaterThanOrEqual(99);
    await pacer.stop();
  });
});
