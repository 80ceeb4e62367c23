/**
 * The Telegram side of the desk (grammY): receives updates by long polling or webhook,
 * persists them in the inbox before acknowledging, processes them through grammY's
 * middleware into the platform-neutral customer desk, and delivers replies via the outbox.
 */
import { timingSafeEqual } from "node:crypto";
import { Bot, GrammyError, HttpError } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import type { Clock } from "../../core/clock.ts";
import { DB_RETRY_AFTER_SEC } from "../../core/db-health.ts";
import { enqueueReplies, type CustomerDesk } from "../../core/customer/index.ts";
import { InvalidUpdateError, type InboundContext, type InboxProcessor } from "../../core/inbox/index.ts";
import { messages } from "../../core/i18n/index.ts";
import type { Logger } from "../../core/log.ts";
import type { InboundRow, Store } from "../../core/store/index.ts";
import { updateProblem } from "./shape.ts";
import { chatKeyOf, translate } from "./updates.ts";
import type { Agent } from "node:http";

export const TELEGRAM_ALLOWED_UPDATES = ["message", "callback_query"] as const;
/** Largest webhook body accepted (Telegram updates are a few KB). */
export const TELEGRAM_MAX_UPDATE_BYTES = 1024 * 1024;

export interface TelegramAdapterOptions {
  token: string;
  apiRoot: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** skip getMe (tests, or when known) */
  botInfo?: UserFromGetMe;
  store: Store;
  customers: CustomerDesk;
  inbox: InboxProcessor;
  /** called after each committed change: wakes the outbox sender and the job runner */
  wake: () => void;
  clock: Clock;
  log: Logger;
  /** long-polling timeout in seconds */
  pollTimeout?: number;
  /** every Bot API call goes through this agent (TELEGRAM_PROXY, see proxy.ts) */
  agent?: Agent;
}

export type WebhookResult = { status: number; body: string; headers?: Record<string, string> };

/**
 * @example
 * ```ts
 * const tg = new TelegramAdapter({ token, apiRoot, store, customers, inbox, sender, clock, log });
 * await tg.init();            // getMe; sets or removes the webhook
 * tg.startPolling();          // unless a webhook URL is configured
 * ```
 */
export class TelegramAdapter {
  readonly bot: Bot;
  private readonly contexts = new WeakMap<Update, InboundContext>();
  private polling?: Promise<void>;
  private abort?: AbortController;
  private markReady!: () => void;
  /** Resolves once the bot knows who it is; updates wait for it before processing. */
  private readonly readyP = new Promise<void>((r) => (this.markReady = r));
  ready = false;

  constructor(private readonly o: TelegramAdapterOptions) {
    const baseFetchConfig = o.agent ? { agent: o.agent, compress: true } : undefined;
    this.bot = new Bot(o.token, { client: { apiRoot: o.apiRoot, baseFetchConfig }, botInfo: o.botInfo });
    this.bot.use(async (ctx) => {
      const inbound = this.contexts.get(ctx.update);
      if (!inbound) throw new Error("update reached the bot outside the inbox");
      const t = translate(ctx, ctx.me.username);
      if (!t) return;
      // slow work (the LLM) before the transaction; the update is already acknowledged
      const prepared = await this.o.customers.prepare(this.o.store, t.who, t.input);
      const done = await inbound.transaction(async (s) => {
        const { replies } = await this.o.customers.handle(s, t.who, t.input, prepared);
        await enqueueReplies(s, t.who.chatId, replies, this.o.clock.now());
        return true;
      });
      if (done) this.o.wake();
    });
    o.inbox.handle(
      "telegram",
      (row, ctx) => this.process(row, ctx),
      (row) => this.giveUp(row),
    );
  }

  get mode(): "webhook" | "polling" {
    return this.o.webhookUrl ? "webhook" : "polling";
  }

  /** Identifies the bot and sets up the webhook (or removes it for long polling). */
  async init(): Promise<void> {
    const tokenId = this.o.token.split(":")[0]!; // split always returns at least one piece
    if (!this.bot.isInited()) {
      // the last known identity lets the desk process stored updates before Telegram answers
      const cached = await this.o.store.settings.get<Record<string, any>>("telegram.botInfo");
      if (cached && cached.token_id === tokenId) {
        this.bot.botInfo = cached.info as UserFromGetMe;
        this.markReady();
      }
    }
    this.bot.botInfo = await this.bot.api.getMe();
    await this.o.store.settings.set("telegram.botInfo", { token_id: tokenId, info: this.bot.botInfo as any });
    this.markReady();
    if (this.o.webhookUrl) {
      await this.bot.api.setWebhook(this.o.webhookUrl, {
        secret_token: this.o.webhookSecret,
        allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
        max_connections: 40,
      });
    } else {
      await this.bot.api.deleteWebhook();
    }
    this.ready = true;
  }

  private async process(row: InboundRow, ctx: InboundContext): Promise<void> {
    await this.readyP;
    // (rows stored before shapes were checked at intake)
    const problem = updateProblem(row.payload);
    if (problem) throw new InvalidUpdateError("BAD_SHAPE", problem);
    const update = row.payload as unknown as Update;
    this.contexts.set(update, ctx);
    try {
      await this.bot.handleUpdate(update);
    } finally {
      this.contexts.delete(update);
    }
  }

  private async giveUp(row: InboundRow): Promise<void> {
    const chatKey = row.chatKey;
    if (!/^\d+$/.test(chatKey)) return;
    const customer = await this.o.store.customers.byTelegramUser(chatKey);
    await enqueueReplies(
      this.o.store,
      chatKey,
      [{ kind: "send", card: { body: messages(customer?.lang ?? "zh-CN").busy } }],
      this.o.clock.now(),
    );
    this.o.wake();
  }

  /**
   * Persists one update; returns once it is durable. One of the wrong shape is stored as
   * invalid (see bots/telegram/shape.ts); `raw` is the request body, kept if it needs cleaning.
   */
  accept(update: Update, raw?: Buffer): Promise<{ duplicate: boolean }> {
    return this.o.inbox.accept({
      platform: "telegram",
      externalId: String(update.update_id),
      chatKey: chatKeyOf(update),
      payload: update,
      raw,
      invalid: updateProblem(update) ?? undefined,
    });
  }

  /**
   * Handles POST /telegram/webhook: checks the secret token, persists the update, then
   * answers 200. A duplicate delivery is answered 200 too, and dropped. When it cannot be
   * stored (the database is down), 503 with Retry-After: Telegram sends it again.
   */
  async webhook(headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<WebhookResult> {
    const secret = this.o.webhookSecret;
    const given = headers["x-telegram-bot-api-secret-token"];
    if (!secret || typeof given !== "string" || !safeEqual(given, secret)) {
      return { status: 401, body: "secret token mismatch" };
    }
    let update: Update;
    try {
      update = JSON.parse(body.toString("utf8"));
    } catch {
      return { status: 400, body: "invalid JSON" };
    }
    if (!update || typeof update !== "object" || !Number.isSafeInteger(update.update_id)) {
      return { status: 400, body: "not a Telegram update" };
    }
    try {
      await this.accept(update, body);
    } catch (err) {
      // not stored, so not acknowledged: Telegram delivers it again after the pause
      this.o.log.warn("telegram.not_stored", { err, updateId: update.update_id });
      return { status: 503, body: "try again later", headers: { "retry-after": String(DB_RETRY_AFTER_SEC) } };
    }
    return { status: 200, body: "ok" };
  }

  /** Long polling: each batch is persisted before the next getUpdates confirms it. */
  startPolling(): void {
    if (this.polling) return;
    this.abort = new AbortController();
    this.polling = this.pollLoop(this.abort.signal);
  }

  private async pollLoop(signal: AbortSignal): Promise<void> {
    let offset: number | undefined;
    let backoff = 1000;
    while (!signal.aborted) {
      try {
        const updates = await this.bot.api.getUpdates(
          { offset, timeout: this.o.pollTimeout ?? 25, allowed_updates: [...TELEGRAM_ALLOWED_UPDATES] },
          signal as Parameters<Bot["api"]["getUpdates"]>[1],
        );
        for (const u of updates) {
          await this.accept(u);
          offset = u.update_id + 1;
        }
        backoff = 1000;
      } catch (err) {
        if (signal.aborted) break;
        if (!this.o.inbox.storable) {
          // polling pauses while updates cannot be stored; the unconfirmed ones come again
          this.o.log.warn("telegram.poll_paused", { reason: "database unreachable" });
          await Promise.race([this.o.inbox.whenUp(), new Promise((r) => signal.addEventListener("abort", r, { once: true }))]);
          continue;
        }
        if (err instanceof GrammyError && err.error_code === 401) {
          this.o.log.error("telegram.unauthorized", { hint: "TELEGRAM_BOT_TOKEN was refused by Telegram; polling stopped" });
          return;
        }
        if (err instanceof GrammyError && err.error_code === 409) {
          this.o.log.error("telegram.conflict", {
            hint: "another process polls this bot, or a webhook is set",
            description: err.description,
          });
        } else if (err instanceof GrammyError && err.error_code === 429) {
          backoff = (err.parameters?.retry_after ?? 1) * 1000;
        } else {
          this.o.log.warn("telegram.poll_failed", { err: err instanceof HttpError ? new Error(err.message) : err });
        }
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.polling?.catch(() => {});
    this.polling = undefined;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
