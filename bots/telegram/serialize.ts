/**
 * The pure Telegram serializer: a platform-neutral {@link MessageCard} → Bot API
 * sendMessage parameters (HTML parse mode), within Telegram's limits.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from "grammy/types";
import { buttonData, type MessageCard } from "../../core/card.ts";

/** Bot API: a message text is at most 4096 characters after entity parsing. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** Bot API: a photo caption is at most 1024 characters. */
export const TELEGRAM_CAPTION_LIMIT = 1024;
/** Bot API: callback_data is 1–64 bytes. */
export const TELEGRAM_CALLBACK_DATA_LIMIT = 64;
/** Bot API: at most 100 buttons in an inline keyboard (8 per row is the practical width). */
export const TELEGRAM_MAX_BUTTONS = 100;

export interface TelegramMessage {
  text: string;
  parse_mode: "HTML";
  reply_markup?: InlineKeyboardMarkup;
  /** for a new message without inline buttons: the reply keyboard (share my contact), or its removal */
  reply_keyboard?: ReplyKeyboardMarkup | ReplyKeyboardRemove;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Light Markdown (KB bodies) → Telegram HTML: **bold**, `code`, # headings; the rest as text. */
export function markdownToHtml(md: string): string {
  return md
    .split("\n")
    .map((line) => {
      const h = /^#{1,6}\s+(.*)$/.exec(line);
      let out = escapeHtml(h ? h[1]! : line);
      out = out.replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>").replace(/`([^`]+)`/g, "<code>$1</code>");
      out = out.replace(/^\s*[-*]\s+/, "• ");
      return h ? `<b>${out}</b>` : out;
    })
    .join("\n");
}

/** Visible length as Telegram counts it (tags do not count; entities are one character). */
function visibleLength(html: string): number {
  return html.replace(/<[^>]+>/g, "").replace(/&(amp|lt|gt|quot);/g, "x").length;
}

function render(card: MessageCard, body: string | undefined): string {
  const parts: string[] = [];
  if (card.internal) parts.push("🔒");
  if (card.title) parts.push(`<b>${escapeHtml(card.title)}</b>`);
  if (card.fields?.length) parts.push(card.fields.map((f) => `${escapeHtml(f.label)}: ${escapeHtml(f.value)}`).join("\n"));
  if (body) parts.push(card.format === "markdown" ? markdownToHtml(body) : escapeHtml(body));
  if (card.footer) parts.push(`<i>${escapeHtml(card.footer)}</i>`);
  return parts.join("\n\n") || "…";
}

/** The inline keyboard for a card's buttons (undefined when it has none). */
export function keyboard(card: MessageCard): InlineKeyboardMarkup | undefined {
  if (!card.buttons?.length) return undefined;
  let count = 0;
  const rows: InlineKeyboardButton[][] = [];
  for (const row of card.buttons) {
    const out: InlineKeyboardButton[] = [];
    for (const b of row) {
      if (++count > TELEGRAM_MAX_BUTTONS) break;
      if (b.url) {
        out.push({ text: b.label, url: b.url });
        continue;
      }
      const data = buttonData(b.action, b.value);
      if (Buffer.byteLength(data, "utf8") > TELEGRAM_CALLBACK_DATA_LIMIT) {
        throw new RangeError(`callback data "${data}" exceeds ${TELEGRAM_CALLBACK_DATA_LIMIT} bytes`);
      }
      out.push({ text: b.label, callback_data: data });
    }
    if (out.length) rows.push(out);
  }
  return { inline_keyboard: rows };
}

/**
 * Serializes a card for sendMessage/editMessageText. A body too long for Telegram is cut
 * (with "…") so the title, fields, footer and buttons always survive.
 *
 * @example
 * ```ts
 * const m = toTelegram({ title: "工单 #1024", body: "冰箱不制冷" });
 * await api.sendMessage(chatId, m.text, { parse_mode: m.parse_mode, reply_markup: m.reply_markup });
 * ```
 */
export function toTelegram(card: MessageCard, limit = TELEGRAM_TEXT_LIMIT): TelegramMessage {
  let body = card.body;
  let text = render(card, body);
  while (visibleLength(text) > limit && body) {
    const over = visibleLength(text) - limit;
    body = body.slice(0, Math.max(0, body.length - over - 2)).replace(/<[^>]*$/, "") + "…";
    if (body.length <= 1) body = undefined;
    text = render(card, body);
  }
  if (visibleLength(text) > limit) text = escapeHtml(text.replace(/<[^>]+>/g, "").slice(0, limit - 1)) + "…";
  const inline = keyboard(card);
  const reply = inline ? undefined : replyKeyboard(card);
  return { text, parse_mode: "HTML", reply_markup: inline, ...(reply ? { reply_keyboard: reply } : {}) };
}

/** The reply keyboard of a card without inline buttons: a one-time "share my contact" button, or its removal. */
function replyKeyboard(card: MessageCard): ReplyKeyboardMarkup | ReplyKeyboardRemove | undefined {
  if (card.contactRequest)
    return { keyboard: [[{ text: card.contactRequest, request_contact: true }]], resize_keyboard: true, one_time_keyboard: true };
  if (card.removeKeyboard) return { remove_keyboard: true };
  return undefined;
}
