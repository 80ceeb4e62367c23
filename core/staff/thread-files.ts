/**
 * Files staff share in a ticket's thread (a wiring photo, a quote, an invoice): each goes to
 * the customer as a photo or a document, through the outbox, within the customer platform's
 * upload limits; a file over them stays in the thread and staff are told why.
 */
import type { OutgoingFile } from "../customer/types.ts";

/** Telegram Bot API: a photo uploaded with sendPhoto may be at most 10 MB. */
export const CUSTOMER_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Telegram Bot API: a file uploaded with sendDocument may be at most 50 MB. */
export const CUSTOMER_DOCUMENT_MAX_BYTES = 50 * 1024 * 1024;
/** Image types Telegram shows as photos (others, e.g. GIF, SVG or HEIC, go as documents). */
const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

/** A file shared in the thread, as the staff platform describes it. */
export interface SharedFile {
  id: string;
  name: string;
  mimetype: string;
  size: number;
}

/** What becomes of one shared file. */
export type FilePlan = { send: OutgoingFile } | { tooBig: SharedFile; limitBytes: number };

/**
 * How a shared file reaches the customer: a photo when it is a common image within the photo
 * limit, else a document within the document limit, else not at all (too big).
 *
 * @example
 * ```ts
 * planFile({ id: "F1", name: "接线图.jpg", mimetype: "image/jpeg", size: 300_000 }, "slack", "王师傅（工单 #1001）："); // { send: { as: "photo", … } }
 * ```
 */
export function planFile(file: SharedFile, platform: string, caption?: string): FilePlan {
  const photo = PHOTO_TYPES.has(file.mimetype.toLowerCase()) && file.size <= CUSTOMER_PHOTO_MAX_BYTES;
  if (!photo && file.size > CUSTOMER_DOCUMENT_MAX_BYTES) return { tooBig: file, limitBytes: CUSTOMER_DOCUMENT_MAX_BYTES };
  return {
    send: {
      source: { platform, fileId: file.id },
      filename: file.name,
      mimetype: file.mimetype,
      size: file.size,
      as: photo ? "photo" : "document",
      ...(caption ? { caption } : {}),
    },
  };
}

/** Megabytes, for people. */
export function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "");
}
