/**
 * Pacing of outbound messages within platform limits, behind one small interface.
 * Implemented with bottleneck; limits are expressed as minimum spacing (`minTime`) with a
 * safety margin, which holds exactly in any window (a fixed-window reservoir would allow
 * bursts across the window edge).
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

/**
 * Creates a pacer.
 *
 * @example
 * ```ts
 * const pacer = createPacer({ perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 });
 * await pacer.schedule("12345", false, () => api.sendMessage(12345, "hi"));
 * ```
 */
export function createPacer(limits: PaceLimits): Pacer {
  const margin = 1 + (limits.margin ?? 0.1);
  const chatGap = Math.ceil((1000 / limits.perChatPerSec) * margin);
  const groupGap = limits.perGroupPerMin ? Math.max(chatGap, Math.ceil((60_000 / limits.perGroupPerMin) * margin)) : chatGap;
  const chats = new Bottleneck.Group({ maxConcurrent: 1, minTime: chatGap });
  const groups = new Bottleneck.Group({ maxConcurrent: 1, minTime: groupGap });
  const global = limits.globalPerSec ? new Bottleneck({ minTime: Math.ceil((1000 / limits.globalPerSec) * margin) }) : null;
  // (a Group drops a chat's limiter after 5 idle minutes, so memory stays flat)
  return {
    schedule(chatKey, group, fn) {
      const perChat = (group ? groups : chats).key(chatKey);
      return perChat.schedule(() => (global ? global.schedule(fn) : fn()));
    },
    async stop() {
      await Promise.all([
        ...chats.limiters().map((l) => l.limiter.stop({ dropWaitingJobs: true }).catch(() => {})),
        ...groups.limiters().map((l) => l.limiter.stop({ dropWaitingJobs: true }).catch(() => {})),
        global?.stop({ dropWaitingJobs: true }).catch(() => {}),
      ]);
    },
  };
}
