/**
 * Telegram updates → platform-neutral customer inputs.
 */
import type { Context } from "grammy";
import type { Update } from "grammy/types";
import { parseButtonData } from "../../core/card.ts";
import type { CustomerInput, CustomerRef } from "../../core/customer/index.ts";

export interface Translated {
  who: CustomerRef;
  input: CustomerInput;
}

/** The key updates are ordered by: the chat they come from. */
export function chatKeyOf(u: Update): string {
  const chat =
    u.message?.chat ?? u.edited_message?.chat ?? u.callback_query?.message?.chat ?? u.my_chat_member?.chat ?? u.channel_post?.chat;
  if (chat) return String(chat.id);
  const from = u.callback_query?.from ?? u.inline_query?.from;
  return from ? String(from.id) : `u:${u.update_id}`;
}

/**
 * Reads what the customer did from a grammY context. Returns null for updates the desk
 * does not act on (edits, service messages, other bots' commands, channel posts).
 *
 * @example
 * ```ts
 * bot.use(async (ctx) => { const t = translate(ctx, ctx.me.username); if (t) await desk.handle(store, t.who, t.input); });
 * ```
 */
export function translate(ctx: Context, botUsername?: string): Translated | null {
  const from = ctx.from;
  if (!from || from.is_bot) return null;
  const cq = ctx.callbackQuery;
  if (cq) {
    const chat = cq.message?.chat;
    const who = ref(from, chat?.id ?? from.id, chat ? chat.type === "private" : true);
    const { action, value } = parseButtonData(cq.data ?? "");
    return { who, input: { type: "button", action, value, callbackId: cq.id, messageId: cq.message?.message_id } };
  }
  const msg = ctx.message;
  if (!msg) return null;
  const who = ref(from, msg.chat.id, msg.chat.type === "private");
  if (msg.text !== undefined) {
    const ent = msg.entities?.[0];
    if (ent && ent.type === "bot_command" && ent.offset === 0) {
      const [name, target] = msg.text.slice(1, ent.length).split("@");
      if (target && botUsername && target.toLowerCase() !== botUsername.toLowerCase()) return null;
      return { who, input: { type: "command", command: name!, args: msg.text.slice(ent.length).trim() } };
    }
    return { who, input: { type: "text", text: msg.text } };
  }
  if (msg.photo?.length) {
    const largest = msg.photo[msg.photo.length - 1]!;
    return { who, input: { type: "photo", fileId: largest.file_id, caption: msg.caption } };
  }
  if (msg.document) {
    if (msg.document.mime_type?.startsWith("image/")) {
      return { who, input: { type: "photo", fileId: msg.document.file_id, caption: msg.caption } };
    }
    return { who, input: { type: "unsupported", what: "document" } };
  }
  if (msg.contact) {
    // Telegram vouches for the number only when the contact is the sender's own
    return { who, input: { type: "contact", phone: msg.contact.phone_number, own: msg.contact.user_id === from.id } };
  }
  if (msg.sticker || msg.animation || msg.dice) return { who, input: { type: "unsupported", what: "sticker" } };
  if (msg.voice || msg.audio) return { who, input: { type: "unsupported", what: "voice" } };
  if (msg.video || msg.video_note) return { who, input: { type: "unsupported", what: "video" } };
  if (msg.location || msg.venue) return { who, input: { type: "unsupported", what: "location" } };
  // service messages (members joined, pinned, …) are not the customer talking
  if (msg.new_chat_members || msg.left_chat_member || msg.pinned_message || msg.group_chat_created || msg.new_chat_title) return null;
  return { who, input: { type: "unsupported", what: "other" } };
}

function ref(from: NonNullable<Context["from"]>, chatId: number, privateChat: boolean): CustomerRef {
  return {
    userId: String(from.id),
    chatId: String(chatId),
    displayName: [from.first_name, from.last_name].filter(Boolean).join(" ") || from.username,
    languageCode: from.language_code,
    privateChat,
  };
}
