/**
 * A customer talking to the desk through the fake Bot API, as a test script.
 */
import { expect } from "vitest";
import type { Desk } from "../../bots/desk.ts";
import type { FakeTelegramApi, TelegramCall } from "../fakes/telegram-api.ts";
import type { FakeUser, UpdateFactory } from "../fakes/updates.ts";
import { settle } from "./desk.ts";

export { freePort, onFreePort, PORT_ATTEMPTS } from "./ports.ts";
import type { Update } from "grammy/types";

export interface BotMessage {
  method: string;
  messageId?: number;
  text: string;
  buttons: { text: string; data?: string }[];
  call: TelegramCall;
}

export function toBotMessage(c: TelegramCall): BotMessage {
  let markup = c.params.reply_markup;
  if (typeof markup === "string") markup = JSON.parse(markup);
  const buttons = (markup?.inline_keyboard ?? []).flat().map((b: any) => ({ text: b.text, data: b.callback_data }));
  return { method: c.method, messageId: c.result?.message_id, text: String(c.params.text ?? c.params.caption ?? ""), buttons, call: c };
}

/** A report through the buttons; unset answers are skipped with the "don't know" buttons. */
export interface ReportOptions {
  kind?: string;
  product?: string;
  model?: string;
  purchase?: string;
  text: string;
  /** the description arrives as the caption of a photo */
  photo?: boolean;
  /** "Is it one of these?" after the description: tap "None of these" (default) or leave it open */
  suggestions?: "decline" | "keep";
}

export class Chat {
  private seen = 0;
  constructor(
    readonly tg: FakeTelegramApi,
    readonly desk: Desk,
    readonly user: FakeUser,
    readonly f: UpdateFactory,
  ) {}

  get chatId(): number {
    return this.user.chatId ?? this.user.id;
  }

  /** Every message the bot sent to this chat so far. */
  all(): BotMessage[] {
    return this.tg.sent(this.chatId).map(toBotMessage);
  }

  /** Delivers an update by webhook, waits for the desk to finish, returns the new bot messages. */
  async deliver(update: Update): Promise<BotMessage[]> {
    const r = await this.tg.postWebhook(update);
    expect(r.status).toBe(200);
    await settle(this.desk);
    const all = this.all();
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh;
  }

  say(text: string) {
    return this.deliver(this.f.text(this.user, text));
  }

  command(cmd: string, args?: string) {
    return this.deliver(this.f.command(this.user, cmd, args));
  }

  /** The buttons a bot message shows now (after any edits). */
  buttonsNow(m: BotMessage): { text: string; data?: string }[] {
    const current = m.messageId
      ? (this.tg.message(this.chatId, m.messageId) as { reply_markup?: { inline_keyboard?: any[][] } } | undefined)
      : undefined;
    if (!current) return m.buttons;
    return (current.reply_markup?.inline_keyboard ?? []).flat().map((b: any) => ({ text: b.text, data: b.callback_data }));
  }

  /** Taps the button with this callback data on the latest bot message that shows it. */
  async tap(data: string): Promise<BotMessage[]> {
    const msg = [...this.all()].reverse().find((m) => this.buttonsNow(m).some((b) => b.data === data));
    if (!msg)
      throw new Error(
        `no button ${data} in: ${this.all()
          .map((m) =>
            this.buttonsNow(m)
              .map((b) => b.data)
              .join(","),
          )
          .join(" | ")}`,
      );
    return this.deliver(this.f.callback(this.user, data, { messageId: msg.messageId! }));
  }

  /** A report through the buttons: /new, kind, product, model, purchase date, then the description. */
  async report(o: ReportOptions): Promise<BotMessage[]> {
    await this.command("/new");
    await this.tap(`kind:${o.kind ?? "repair"}`);
    await this.tap(`prod:${o.product ?? "other"}`);
    await (o.model ? this.say(o.model) : this.tap("model:?"));
    await (o.purchase ? this.say(o.purchase) : this.tap("buy:?"));
    const out = await (o.photo ? this.photo(o.text) : this.say(o.text));
    // the KB suggested entries to pick from: the report goes on as one they did not cover
    if (o.suggestions !== "keep" && out.some((m) => m.buttons.some((b) => b.data === "sug_no:x")))
      return [...out, ...(await this.tap("sug_no:x"))];
    return out;
  }

  photo(caption?: string) {
    return this.deliver(this.f.photo(this.user, { caption }));
  }

  last(): BotMessage {
    const last = this.all().at(-1);
    if (!last) throw new Error(`no message to chat ${this.user.id} yet`);
    return last;
  }
}
