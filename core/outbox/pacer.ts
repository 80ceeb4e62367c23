/**
 * Pacing of outbound messages within platform limits, behind one small interface.
 *
 * bottleneck queues the work: one message at a time per chat (so a chat's messages keep their
 * order) and a global queue spaced by `minTime`. On top of that, spacing is checked against
 * the actual send times: the gap to a chat's previous message counts from when that message
 * really went out (not from when it left the chat's queue), and global slots are reserved one
 * after another, so an event loop that stalled cannot release a burst. Limits are expressed as
 * minimum spacing with a safety margin, which holds in any window (a fixed-window reservoir
 * would allow bursts across the window edge).
 */
import Bottleneck from "bottleneck";

export interface PaceLimits {
  /** messages per second to one chat/channel */
  perChatPerSec: number;
  /** messages per minute to one group chat (Telegram) */
  perGroupPerMin?: number;
  /** messages per second overall for this platform */
  globalPerSec?: number;
  /** extra spacing, as a fraction (0.1 = 10% slower than the limit). Default 0.1. */
  margin?: number;
}

export interface Pacer {
  /** Runs `fn` when the chat's and the platform's limits allow; calls for one chat run one at a time, in order. */
  schedule<T>(chatKey: string, group: boolean, fn: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const sleepUntil = (t: number) => {
  const ms = t - Date.now();
  return ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve();
};

/**
 * The minimum spacing (ms) between messages to one chat, to one group chat, and overall
 * (0: no global limit), with the safety margin.
 *
 * @example
 * ```ts
 * paceGaps({ perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 }); // { chatGap: 1100, groupGap: 3300, globalGap: 37 }
 * ```
 */
export function paceGaps(limits: PaceLimits): { chatGap: number; groupGap: number; globalGap: number } {
  const margin = 1 + (limits.margin ?? 0.1);
  const chatGap = Math.ceil((1000 / limits.perChatPerSec) * margin);
  const groupGap = limits.perGroupPerMin ? Math.max(chatGap, Math.ceil((60_000 / limits.perGroupPerMin) * margin)) : chatGap;
  const globalGap = limits.globalPerSec ? Math.ceil((1000 / limits.globalPerSec) * margin) : 0;
  return { chatGap, groupGap, globalGap };
}

/**
 * Creates a pacer (for one process; {@link createSharedPacer} in shared-pacer.ts shares one
 * budget across processes through Redis).
 *
 * @example
 * ```ts
 * const pacer = createPacer({ perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 });
 * await pacer.schedule("12345", false, () => api.sendMessage(12345, "hi"));
 * ```
 */
export function createPacer(limits: PaceLimits): Pacer {
  const { chatGap, groupGap, globalGap } = paceGaps(limits);
  // (a Group drops a chat's limiter after 5 idle minutes, so memory stays flat)
  const chats = new Bottleneck.Group({ maxConcurrent: 1 });
  const global = globalGap ? new Bottleneck({ minTime: globalGap }) : null;
  /** when each chat's last message went out */
  const lastSend = new Map<string, number>();
  /** the next free global slot */
  let nextGlobal = 0;
  const prune = setInterval(() => {
    const old = Date.now() - groupGap;
    for (const [k, t] of lastSend) if (t < old) lastSend.delete(k);
  }, 60_000);
  prune.unref();

  const send = async <T>(chatKey: string, fn: () => Promise<T>): Promise<T> => {
    if (globalGap) {
      const slot = Math.max(Date.now(), nextGlobal);
      nextGlobal = slot + globalGap;
      await sleepUntil(slot);
    }
    lastSend.set(chatKey, Date.now());
    return fn();
  };

  return {
    schedule(chatKey, group, fn) {
      const gap = group ? groupGap : chatGap;
      return chats.key(chatKey).schedule(async () => {
        await sleepUntil((lastSend.get(chatKey) ?? 0) + gap);
        return global ? global.schedule(() => send(chatKey, fn)) : send(chatKey, fn);
      });
    },
    async stop() {
      clearInterval(prune);
      await Promise.all([
        ...chats.limiters().map((l) => l.limiter.stop({ dropWaitingJobs: true }).catch(() => {})),
        global?.stop({ dropWaitingJobs: true }).catch(() => {}),
      ]);
    },
  };
}
