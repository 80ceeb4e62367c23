/**
 * Staff-side outbox payloads (platform "slack"). Core writes these; the Slack transport
 * (bots/slack/transport.ts) delivers them. Cards are platform-neutral; the transport's
 * serializer turns them into Block Kit.
 */
import type { MessageCard } from "../card.ts";
import type { JsonValue, OutboxInput } from "../store/index.ts";

export const STAFF_PLATFORM = "slack";

/** Where a message goes inside a channel: top level, or the thread of a ticket's card. */
export type ThreadRef = { ticketId: number } | { ts: string };

export type StaffOutbound =
  /** chat.postMessage; `purpose: { type: "ticketCard", ticketId }` records the card's ts on the ticket */
  | { kind: "post"; channel: string; card: MessageCard; thread?: ThreadRef }
  /**
   * chat.update of a ticket's card (its ts looked up at delivery, so an update queued right
   * after the card's post waits for it) or of a message whose ts is known
   */
  | { kind: "update"; channel: string; ticketId?: number; ts?: string; card: MessageCard }
  /** chat.postEphemeral */
  | { kind: "ephemeral"; channel: string; user: string; card: MessageCard; thread?: ThreadRef }
  /** POST to an interaction's response_url (ephemeral by default) */
  | { kind: "respond"; responseUrl: string; user: string; card: MessageCard; replaceOriginal?: boolean }
  /** a direct message (conversations.open + chat.postMessage) */
  | { kind: "dm"; user: string; card: MessageCard }
  /**
   * a file uploaded into a channel (or a ticket's thread): a customer's photo fetched from its
   * platform, or content the desk made (a CSV report)
   */
  | { kind: "file"; channel: string; thread?: ThreadRef; source: FileSource; title?: string };

export type FileSource =
  | { platform: string; fileId: string }
  /** a file the desk made: text (a CSV), or bytes in base64 (a PNG chart) */
  | { platform: "inline"; filename: string; content: string; encoding?: "utf8" | "base64" };

/**
 * The bytes of an inline file.
 *
 * @example
 * ```ts
 * inlineBytes({ platform: "inline", filename: "chart.png", content: png.toString("base64"), encoding: "base64" });
 * ```
 */
export function inlineBytes(src: { content: string; encoding?: "utf8" | "base64" }): Buffer {
  return Buffer.from(src.content, src.encoding === "base64" ? "base64" : "utf8");
}

/** The pacing/ordering key of a staff message. */
export function staffChatKey(m: StaffOutbound): string {
  switch (m.kind) {
    case "dm":
      return `dm:${m.user}`;
    case "respond":
      return `resp:${m.user}`;
    default:
      return m.channel;
  }
}

/**
 * @example
 * ```ts
 * await s.outbox.enqueue([toOutbox({ kind: "post", channel: "C1", card })], now);
 * ```
 */
export function toOutbox(m: StaffOutbound, purpose?: JsonValue): OutboxInput {
  const { kind, ...payload } = m;
  return { platform: STAFF_PLATFORM, chatKey: staffChatKey(m), kind, payload: payload as unknown as JsonValue, purpose };
}
