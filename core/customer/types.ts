import type { MessageCard } from "../card.ts";

/** Who wrote, as the platform adapter saw it. */
export interface CustomerRef {
  userId: string;
  chatId: string;
  displayName?: string;
  /** the platform's language hint, e.g. Telegram's language_code */
  languageCode?: string;
  /** false in group chats: the desk serves customers only in private chats */
  privateChat: boolean;
}

/** What the customer did, in platform-neutral terms. */
export type CustomerInput =
  | { type: "command"; command: string; args: string }
  | { type: "text"; text: string }
  | { type: "photo"; fileId: string; caption?: string }
  | { type: "button"; action: string; value?: string; callbackId: string; messageId?: number }
  /** a shared contact: `own` when it is the sender's own (then the platform vouches for the number) */
  | { type: "contact"; phone: string; own: boolean }
  | { type: "unsupported"; what: "sticker" | "voice" | "video" | "document" | "location" | "other" };

/** What the desk says back; the adapter's outbox transport turns these into API calls. */
export type Reply =
  | { kind: "send"; card: MessageCard }
  /** replace a message's text and buttons */
  | { kind: "edit"; messageId: number; card: MessageCard }
  /** replace only a message's buttons (none = remove them) */
  | { kind: "markup"; messageId: number; card: MessageCard }
  | { kind: "answer"; callbackId: string; text?: string }
  /** a file (a staff photo or document) for the customer, fetched from where it was shared at delivery */
  | { kind: "file"; file: OutgoingFile };

/** A file going to a customer: where to fetch it, and how to show it. */
export interface OutgoingFile {
  source: { platform: string; fileId: string };
  filename: string;
  mimetype: string;
  /** bytes, as the source reported them */
  size: number;
  /** a photo (shown inline) or a document */
  as: "photo" | "document";
  caption?: string;
}

/** The maximum text a customer message may carry (Telegram's own limit). */
export const MAX_INPUT_TEXT = 4096;
export const MAX_DESCRIPTION = 2000;
export const MAX_FIELD = { name: 50, address: 200, model: 60 } as const;
