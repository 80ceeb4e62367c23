/**
 * Delivers outbox rows to the Telegram Bot API with grammY's Api client, mapping Bot API
 * errors to the outbox's retry policy.
 */
import { GrammyError, HttpError, InputFile, type Api } from "grammy";
import type { MessageCard } from "../../core/card.ts";
import { DeliveryError, type DeliveryResult, type Transport } from "../../core/outbox/index.ts";
import type { OutboxRow } from "../../core/store/index.ts";
import { TELEGRAM_CAPTION_LIMIT, keyboard, toTelegram } from "./serialize.ts";

interface SendPayload {
  chatId: string;
  card: MessageCard;
}
interface EditPayload extends SendPayload {
  messageId?: number;
  /** edit the message another outbox row sent */
  outboxId?: string;
}
interface FilePayload {
  chatId: string;
  source: { platform: string; fileId: string };
  filename: string;
  mimetype: string;
  as: "photo" | "document";
  caption?: string;
}
/** Fetches a file shared on another platform (a staff file from Slack). */
export type ForeignFileFetcher = (source: { platform: string; fileId: string }) => Promise<{ data: Buffer; filename: string }>;
interface AnswerPayload {
  callbackId: string;
  text: string | null;
}

/**
 * @example
 * ```ts
 * sender.register(new TelegramTransport(bot.api), createPacer({ perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 }));
 * ```
 */
export class TelegramTransport implements Transport {
  readonly platform = "telegram";

  constructor(
    private readonly api: Api,
    private readonly opts: { fetchFile?: ForeignFileFetcher } = {},
  ) {}

  isGroupChat(chatKey: string): boolean {
    return chatKey.startsWith("-");
  }

  async deliver(row: OutboxRow, ctx: { lookup(id: bigint): Promise<OutboxRow | null> }): Promise<DeliveryResult> {
    try {
      switch (row.kind) {
        case "send":
          return await this.send(row.payload as unknown as SendPayload);
        case "edit":
        case "markup":
          return await this.edit(row.kind, row.payload as unknown as EditPayload, ctx);
        case "file":
          return await this.sendFile(row.payload as unknown as FilePayload);
        case "answer": {
          const p = row.payload as unknown as AnswerPayload;
          await this.api.answerCallbackQuery(p.callbackId, p.text ? { text: p.text } : undefined);
          return {};
        }
        default:
          throw new DeliveryError("PERMANENT", `unknown telegram outbox kind ${row.kind}`);
      }
    } catch (err) {
      throw toDeliveryError(err, row.kind);
    }
  }

  private async send(p: SendPayload): Promise<DeliveryResult> {
    const images = p.card.images?.filter((i) => i.platform === "telegram" || i.platform === "url") ?? [];
    if (images.length) {
      // photos first (as an album when several), then the card's text with its buttons
      if (images.length === 1) {
        const image = images[0]!;
        const caption = image.caption?.slice(0, TELEGRAM_CAPTION_LIMIT);
        await this.api.sendPhoto(p.chatId, image.ref, caption ? { caption } : undefined);
      } else {
        await this.api.sendMediaGroup(
          p.chatId,
          images.slice(0, 10).map((i) => ({ type: "photo" as const, media: i.ref, caption: i.caption?.slice(0, TELEGRAM_CAPTION_LIMIT) })),
        );
      }
    }
    const m = toTelegram(p.card);
    const sent = await this.api.sendMessage(p.chatId, m.text, {
      parse_mode: m.parse_mode,
      reply_markup: m.reply_markup ?? m.reply_keyboard,
      link_preview_options: { is_disabled: true },
    });
    return { platformMessageId: String(sent.message_id) };
  }

  /** A staff file as a photo or a document, uploaded from where it was shared. */
  private async sendFile(p: FilePayload): Promise<DeliveryResult> {
    if (!this.opts.fetchFile) throw new DeliveryError("PERMANENT", `cannot fetch files from ${p.source.platform}`);
    const { data } = await this.opts.fetchFile(p.source);
    const file = new InputFile(data, p.filename);
    const caption = p.caption?.slice(0, TELEGRAM_CAPTION_LIMIT);
    const sent =
      p.as === "photo"
        ? await this.api.sendPhoto(p.chatId, file, caption ? { caption } : undefined)
        : await this.api.sendDocument(p.chatId, file, caption ? { caption } : undefined);
    return { platformMessageId: String(sent.message_id) };
  }

  private async edit(kind: string, p: EditPayload, ctx: { lookup(id: bigint): Promise<OutboxRow | null> }): Promise<DeliveryResult> {
    let messageId = p.messageId;
    if (!messageId && p.outboxId) {
      const ref = await ctx.lookup(BigInt(p.outboxId));
      if (!ref?.platformMessageId) {
        if (ref && (ref.status === "pending" || ref.status === "sending"))
          throw new DeliveryError("TEMPORARY", "the message to edit is not sent yet");
        throw new DeliveryError("PERMANENT", "the message to edit was never sent");
      }
      messageId = Number(ref.platformMessageId);
    }
    if (!messageId) throw new DeliveryError("PERMANENT", "edit without a message id");
    try {
      if (kind === "markup") {
        await this.api.editMessageReplyMarkup(p.chatId, messageId, { reply_markup: keyboard(p.card) ?? { inline_keyboard: [] } });
      } else {
        const m = toTelegram(p.card);
        await this.api.editMessageText(p.chatId, messageId, m.text, {
          parse_mode: m.parse_mode,
          reply_markup: m.reply_markup ?? { inline_keyboard: [] },
        });
      }
    } catch (err) {
      // editing to the same content is a success for us
      if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return { platformMessageId: String(messageId) };
      throw err;
    }
    return { platformMessageId: String(messageId) };
  }
}

/** Maps Bot API failures: 429 → wait retry_after; 5xx and network → retry; other 4xx → dead. */
export function toDeliveryError(err: unknown, kind: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof GrammyError) {
    if (err.error_code === 429) {
      const s = err.parameters?.retry_after ?? 1;
      return new DeliveryError("RATE_LIMITED", `429 ${err.description}`, { retryAfterMs: s * 1000, cause: err });
    }
    if (err.error_code >= 500) return new DeliveryError("TEMPORARY", `${err.error_code} ${err.description}`, { cause: err });
    // an expired callback query is not worth retrying
    if (kind === "answer" && /query is too old|query ID is invalid/i.test(err.description)) {
      return new DeliveryError("PERMANENT", err.description, { cause: err });
    }
    return new DeliveryError("PERMANENT", `${err.error_code} ${err.description}`, { cause: err });
  }
  if (err instanceof HttpError) return new DeliveryError("TEMPORARY", `network: ${err.message}`, { cause: err });
  if (err instanceof RangeError) return new DeliveryError("PERMANENT", err.message, { cause: err });
  return new DeliveryError("TEMPORARY", (err as Error)?.message ?? String(err), { cause: err });
}
