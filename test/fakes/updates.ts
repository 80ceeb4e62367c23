/**
 * Factories for Telegram `Update` objects shaped like the ones the Bot API
 * delivers (private chats by default), for `FakeTelegramApi.pushUpdate`,
 * `FakeTelegramApi.postWebhook` or `bot.handleUpdate`.
 */
import type { Update } from "grammy/types";

/** The customer sending the update. Private chat id = `id` unless `chatId` is given. */
export interface FakeUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: "zh-hans" | "en" | (string & {});
  /** Chat the message is in; defaults to the user's private chat (= `id`). Negative = group. */
  chatId?: number;
}

export interface UpdateFactoryOptions {
  /** First update_id handed out. Default 1000. */
  startUpdateId?: number;
  /** The bot that owns callback-query messages. Should match FakeTelegramApi's getMe. */
  bot?: { id: number; first_name?: string; username?: string };
  /** Clock in ms for `date` fields. Default `Date.now`. */
  now?: () => number;
  /**
   * Allocates user message ids. Default: a per-chat counter of this factory.
   * `FakeTelegramApi.factory()` wires this to the fake so user and bot
   * messages share one sequence per chat, like in Telegram.
   */
  allocateMessageId?: (chatId: number) => number;
}

/**
 * Builds realistic Telegram updates with an incrementing `update_id`, per-chat
 * incrementing `message_id`s, unique callback query ids and file ids.
 *
 * @example
 * ```ts
 * const f = new UpdateFactory({ startUpdateId: 1 });
 * const alice = { id: 1001, first_name: "Alice", language_code: "zh-hans" };
 * tg.pushUpdate(f.command(alice, "/start", "ref42"));
 * tg.pushUpdate(f.text(alice, "我的订单没到"));
 * tg.pushUpdate(f.callback(alice, "ticket:close:7", { messageId: 12 }));
 * ```
 */
export class UpdateFactory {
  /** The next update_id to be used. Settable. */
  nextUpdateId: number;
  readonly bot: { id: number; is_bot: true; first_name: string; username: string };
  private readonly now: () => number;
  private readonly allocate: ((chatId: number) => number) | undefined;
  private messageIds = new Map<number, number>();
  private seq = 0;

  constructor(opts: UpdateFactoryOptions = {}) {
    this.nextUpdateId = opts.startUpdateId ?? 1000;
    this.bot = {
      id: opts.bot?.id ?? 123456789,
      is_bot: true,
      first_name: opts.bot?.first_name ?? "Desk Bot",
      username: opts.bot?.username ?? "desk_test_bot",
    };
    this.now = opts.now ?? Date.now;
    this.allocate = opts.allocateMessageId;
  }

  /** A plain text message. */
  text(user: FakeUser, text: string): Update {
    return this.messageUpdate(user, { text });
  }

  /** A bot command, e.g. `command(u, "/start", "payload")` → text "/start payload" with a `bot_command` entity. */
  command(user: FakeUser, command: string, args?: string): Update {
    const cmd = command.startsWith("/") ? command : `/${command}`;
    const text = args ? `${cmd} ${args}` : cmd;
    return this.messageUpdate(user, {
      text,
      entities: [{ type: "bot_command", offset: 0, length: cmd.length }],
    });
  }

  /** A photo message (3 sizes, like Telegram). */
  photo(user: FakeUser, opts: { caption?: string; fileId?: string } = {}): Update {
    const n = ++this.seq;
    const base = opts.fileId ?? `AgACAgFakePhoto${n}`;
    const sizes = [
      [90, 67, 1_200],
      [320, 240, 15_000],
      [1280, 960, 120_000],
    ] as const;
    return this.messageUpdate(user, {
      photo: sizes.map(([width, height, file_size], i) => ({
        file_id: `${base}_${i}`,
        file_unique_id: `AQADFakeUniq${n}_${i}`,
        width,
        height,
        file_size,
      })),
      ...(opts.caption ? { caption: opts.caption } : {}),
    });
  }

  /** A sticker message. */
  sticker(user: FakeUser, opts: { emoji?: string } = {}): Update {
    const n = ++this.seq;
    return this.messageUpdate(user, {
      sticker: {
        file_id: `CAACAgFakeSticker${n}`,
        file_unique_id: `AgADFakeSticker${n}`,
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji: opts.emoji ?? "👍",
        set_name: "FakeStickers",
        file_size: 20_000,
      },
    });
  }

  /** A voice message. */
  voice(user: FakeUser, opts: { duration?: number } = {}): Update {
    const n = ++this.seq;
    return this.messageUpdate(user, {
      voice: {
        file_id: `AwACAgFakeVoice${n}`,
        file_unique_id: `AgADFakeVoice${n}`,
        duration: opts.duration ?? 3,
        mime_type: "audio/ogg",
        file_size: 8_000,
      },
    });
  }

  /** A document message. */
  document(user: FakeUser, opts: { mime_type?: string; file_name?: string; caption?: string; file_size?: number } = {}): Update {
    const n = ++this.seq;
    return this.messageUpdate(user, {
      document: {
        file_id: `BQACAgFakeDoc${n}`,
        file_unique_id: `AgADFakeDoc${n}`,
        file_name: opts.file_name ?? `file${n}.pdf`,
        mime_type: opts.mime_type ?? "application/pdf",
        file_size: opts.file_size ?? 50_000,
      },
      ...(opts.caption ? { caption: opts.caption } : {}),
    });
  }

  /**
   * A callback_query from pressing an inline button on bot message `messageId`
   * (in the user's chat). `text`/`reply_markup` describe that bot message.
   */
  callback(user: FakeUser, data: string, opts: { messageId: number; text?: string; reply_markup?: unknown }): Update {
    const chatId = user.chatId ?? user.id;
    const update = {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: `${BigInt(user.id) * 1000n + BigInt(++this.seq)}`,
        from: this.from(user),
        chat_instance: `${-Math.abs(chatId) * 7 - 13}`,
        data,
        message: {
          message_id: opts.messageId,
          from: this.bot,
          chat: this.chat(user),
          date: this.date() - 5,
          text: opts.text ?? "…",
          ...(opts.reply_markup
            ? { reply_markup: opts.reply_markup }
            : { reply_markup: { inline_keyboard: [[{ text: "button", callback_data: data }]] } }),
        },
      },
    };
    return update as unknown as Update;
  }

  /** An `edited_message` update for a text message previously created for `user`. */
  editedText(user: FakeUser, messageId: number, text: string): Update {
    const date = this.date();
    return {
      update_id: this.nextUpdateId++,
      edited_message: {
        message_id: messageId,
        from: this.from(user),
        chat: this.chat(user),
        date: date - 10,
        edit_date: date,
        text,
      },
    } as unknown as Update;
  }

  private messageUpdate(user: FakeUser, content: Record<string, unknown>): Update {
    const chatId = user.chatId ?? user.id;
    let id: number;
    if (this.allocate) id = this.allocate(chatId);
    else {
      id = (this.messageIds.get(chatId) ?? 0) + 1;
      this.messageIds.set(chatId, id);
    }
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: id,
        from: this.from(user),
        chat: this.chat(user),
        date: this.date(),
        ...content,
      },
    } as unknown as Update;
  }

  private from(user: FakeUser) {
    return {
      id: user.id,
      is_bot: false,
      first_name: user.first_name ?? "Test",
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
      ...(user.language_code ? { language_code: user.language_code } : {}),
    };
  }

  private chat(user: FakeUser) {
    const chatId = user.chatId ?? user.id;
    if (chatId < 0) {
      return { id: chatId, type: String(chatId).startsWith("-100") ? "supergroup" : "group", title: "Test Group" };
    }
    return {
      id: chatId,
      type: "private",
      first_name: user.first_name ?? "Test",
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
    };
  }

  private date(): number {
    return Math.floor(this.now() / 1000);
  }
}
