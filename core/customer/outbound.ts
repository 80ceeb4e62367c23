/**
 * Customer replies into the outbox. Customers are on Telegram; the payloads are
 * platform-neutral cards that the Telegram transport serializes at delivery time.
 */
import type { JsonValue, OutboxInput, Store } from "../store/index.ts";
import type { Reply } from "./types.ts";

/** The platform customers use. */
export const CUSTOMER_PLATFORM = "telegram";

/** Callback answers get their own ordering key so they never wait behind a chat's messages. */
export function callbackChatKey(chatId: string): string {
  return `cb:${chatId}`;
}

/**
 * Turns replies into outbox rows for one chat.
 *
 * @example
 * ```ts
 * await s.outbox.enqueue(repliesToOutbox("42", [{ kind: "send", card: { body: "你好" } }]), now);
 * ```
 */
export function repliesToOutbox(chatId: string, replies: Reply[], purpose?: JsonValue): OutboxInput[] {
  return replies.map((r): OutboxInput => {
    switch (r.kind) {
      case "answer":
        return {
          platform: CUSTOMER_PLATFORM,
          chatKey: callbackChatKey(chatId),
          kind: "answer",
          payload: { callbackId: r.callbackId, text: r.text ?? null },
        };
      case "send":
        return {
          platform: CUSTOMER_PLATFORM,
          chatKey: chatId,
          kind: "send",
          payload: { chatId, card: r.card as unknown as JsonValue },
          purpose,
        };
      case "file":
        return {
          platform: CUSTOMER_PLATFORM,
          chatKey: chatId,
          kind: "file",
          payload: { chatId, ...r.file } as unknown as JsonValue,
          purpose,
        };
      case "edit":
      case "markup":
        return {
          platform: CUSTOMER_PLATFORM,
          chatKey: chatId,
          kind: r.kind,
          payload: { chatId, messageId: r.messageId, card: r.card as unknown as JsonValue },
        };
    }
  });
}

/** Enqueues replies to a customer chat (none for a customer file not linked to Telegram yet). */
export async function enqueueReplies(s: Store, chatId: string | null, replies: Reply[], now: Date, purpose?: JsonValue): Promise<void> {
  if (chatId === null) return;
  await s.outbox.enqueue(repliesToOutbox(chatId, replies, purpose), now);
}
