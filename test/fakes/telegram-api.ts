/**
 * A local fake of the Telegram Bot API (https://core.telegram.org/bots/api)
 * that speaks the real HTTP protocol, so the real grammY client can be pointed
 * at it with `new Bot(token, { client: { apiRoot: fake.apiRoot } })`.
 *
 * Only `node:http` / `node:crypto` are used.
 */
import { LocalServer, REQUEST_BUDGET_MS } from "./listen.ts";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Chat, Message, Update, User } from "grammy/types";
import { UpdateFactory, type UpdateFactoryOptions } from "./updates.ts";
import { RecordingFake, type RecordedCall } from "./recorder.ts";

// ---------------------------------------------------------------------------
// Shared HTTP helpers (also used by slack-api.ts)
// ---------------------------------------------------------------------------

/** One part of a `multipart/form-data` body. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Reads the whole request body. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Parses a `multipart/form-data` body. Tolerant of both the standard header
 * style (`Content-Disposition: form-data; name="a"; filename="b"`) and grammY's
 * compact style (`content-disposition:form-data;name="a";filename=b`).
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) throw new Error("multipart body without boundary");
  const boundary = m[1] ?? m[2];
  const delim = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) return parts;
  pos += delim.length;
  for (;;) {
    // "--" after a delimiter marks the end
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), pos);
    if (next < 0) break;
    const part = body.subarray(pos, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headerText = headerEnd < 0 ? "" : part.subarray(0, headerEnd).toString("utf8");
    const data = headerEnd < 0 ? Buffer.alloc(0) : Buffer.from(part.subarray(headerEnd + 4));
    const headers: Record<string, string> = {};
    for (const line of headerText.split("\r\n")) {
      const i = line.indexOf(":");
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const cd = headers["content-disposition"] ?? "";
    const param = (key: string): string | undefined => {
      const r = new RegExp(`(?:^|;)\\s*${key}=(?:"([^"]*)"|([^;]*))`, "i").exec(cd);
      return r ? (r[1] ?? r[2]?.trim()) : undefined;
    };
    const name = param("name");
    if (name !== undefined) {
      parts.push({ name, filename: param("filename"), contentType: headers["content-type"], data });
    }
    pos = next + 2 + delim.length;
  }
  return parts;
}

// ---------------------------------------------------------------------------
// Telegram fake
// ---------------------------------------------------------------------------

/** Telegram's documented rate limits, as enforced by {@link FakeTelegramApi}. */
export interface TelegramLimits {
  /** Max messages to one chat per second (sliding window). Default 1. */
  perChatPerSec: number;
  /** Extra messages allowed on top of `perChatPerSec` within the window. Default 0. */
  perChatBurst: number;
  /** Max messages to one group chat (negative chat id or `@name`) per minute. Default 20. */
  perGroupPerMin: number;
  /** Max messages across all chats per second. Default 30. */
  globalPerSec: number;
  /** Every window is shortened by this many ms to absorb timer/network jitter. Default 50. */
  toleranceMs: number;
}

export interface FakeTelegramApiOptions {
  /** Bot token accepted in `/bot<token>/…`. Default `"123456789:TEST-fake-token"`. */
  token?: string;
  /** Bot user id returned by getMe. Default: the numeric prefix of the token. */
  botId?: number;
  /** Bot username returned by getMe. Default `"desk_test_bot"`. */
  botUsername?: string;
  /** Bot first name returned by getMe. Default `"Desk Bot"`. */
  botFirstName?: string;
  /**
   * Answer sends that exceed {@link TelegramLimits} with 429 "Too Many
   * Requests: retry after N" (`parameters.retry_after` = N). Counted sends:
   * every `send*` method except sendChatAction, plus copyMessage and
   * forwardMessage; only successful sends count (sendMediaGroup counts once).
   * Sliding windows, each shortened by `toleranceMs` (default 50):
   * per chat ≤ perChatPerSec + perChatBurst in 950 ms (applies to groups too);
   * per group (chat id < 0 or "@name") ≤ perGroupPerMin in 59 950 ms;
   * global ≤ globalPerSec in 950 ms. N = ceil(ms until the window frees / 1000), ≥ 1.
   * Default false.
   */
  enforceLimits?: boolean;
  limits?: Partial<TelegramLimits>;
  /**
   * When true, answerCallbackQuery fails with Telegram's
   * "query is too old…" error for ids never delivered through
   * pushUpdate/postWebhook, or already answered. Default false.
   */
  strictCallbackQueries?: boolean;
  /** Clock (ms); injectable for deterministic limit tests. Default `Date.now`. */
  now?: () => number;
}

/** A recorded Bot API call. */
export interface TelegramCall extends RecordedCall {
  method: string;
  params: Record<string, any>;
  /** Arrival time (ms, from the `now` clock). */
  at: number;
  /** Names/filenames/sizes of uploaded multipart files. */
  files?: { name: string; filename?: string; size: number }[];
  /** Set when the response has been sent. */
  ok?: boolean;
  result?: any;
  errorCode?: number;
  description?: string;
  /** True when the call arrived as a webhook reply (body of the webhook response). */
  viaWebhookReply?: boolean;
}

export type TelegramFailure =
  | { count?: number; errorCode: 429; retryAfter: number; description?: string }
  | { count?: number; errorCode: 400 | 401 | 403 | 404 | 409 | 500 | 502; description?: string };

export interface TelegramStats {
  /** Number of calls per method (successful or not). */
  methods: Record<string, number>;
  /** 429 responses (injected or from enforced limits). */
  tooManyRequests: number;
  /** Which enforced limit produced each 429. */
  limitHits: { perChat: number; perGroup: number; global: number };
  /** All `ok: false` responses, including 429s. */
  errors: number;
}

class TgError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}

const bad = (d: string) => new TgError(400, `Bad Request: ${d}`);

interface StoredMessage {
  message: Record<string, any>;
  rawText?: string;
  parseMode?: string;
  markupKey: string;
}

interface ChatState {
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
}

interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  data: Buffer;
}

interface Poll {
  wake: () => void;
  fail: (e: TgError) => void;
  res: ServerResponse;
}

/** Parameters that arrive as JSON strings in form/multipart/query bodies. */
const JSON_PARAMS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "media",
  "allowed_updates",
  "link_preview_options",
  "reply_parameters",
  "commands",
  "scope",
  "results",
]);

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

/** Update types Telegram omits when `allowed_updates` is empty/unspecified. */
const DEFAULT_EXCLUDED_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/**
 * Fake Telegram Bot API server on 127.0.0.1 (random port).
 *
 * Routes `GET|POST /bot<token>/<method>` (JSON, urlencoded, multipart, query
 * string) and `GET /file/bot<token>/<file_path>`. Records every call, supports
 * long polling, webhooks, failure injection and (optionally) Telegram's rate
 * limits.
 *
 * @example
 * ```ts
 * const tg = new FakeTelegramApi({ botUsername: "desk_bot" });
 * await tg.start();
 * const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
 * await bot.api.sendMessage(42, "hi");
 * expect(tg.sent(42)[0].params.text).toBe("hi");
 * await tg.stop();
 * ```
 */
export class FakeTelegramApi extends RecordingFake<TelegramCall> {
  private readonly http = new LocalServer("FakeTelegramApi");
  readonly token: string;
  readonly botInfo: { id: number; is_bot: true; first_name: string; username: string };
  readonly stats: TelegramStats = {
    methods: {},
    tooManyRequests: 0,
    limitHits: { perChat: 0, perGroup: 0, global: 0 },
    errors: 0,
  };
  /** Current webhook registration (set by setWebhook, cleared by deleteWebhook). */
  webhook: { url: string; secretToken?: string; allowedUpdates?: string[]; maxConnections?: number } | undefined;

  readonly limits: TelegramLimits;
  enforceLimits: boolean;
  strictCallbackQueries: boolean;

  private readonly now: () => number;
  private updates: Update[] = [];
  private allowedUpdates: string[] = [];
  private poll: Poll | undefined;
  /** @internal */ chats = new Map<string, ChatState>();
  private chatInfo = new Map<string, Record<string, any>>();
  private blocked = new Set<string>();
  /** @internal */ files = new Map<string, StoredFile>();
  private filesByPath = new Map<string, StoredFile>();
  private fileSeq = 0;
  /** @internal */ mediaGroupSeq = 0;
  /** @internal */ knownCallbackIds = new Set<string>();
  /** @internal */ answeredCallbackIds = new Set<string>();
  private failures = new Map<string, TelegramFailure & { count: number }>();
  private sendLog: { at: number; chat: string; group: boolean }[] = [];

  constructor(opts: FakeTelegramApiOptions = {}) {
    super({
      name: "FakeTelegramApi",
      hideInRecent: (c) => c.method === "getUpdates",
      recentNote: " (getUpdates omitted)",
      describeError: (c) => c.description,
    });
    this.token = opts.token ?? "123456789:TEST-fake-token";
    const idFromToken = Number(this.token.split(":")[0]);
    this.botInfo = {
      id: opts.botId ?? (Number.isFinite(idFromToken) && idFromToken > 0 ? idFromToken : 123456789),
      is_bot: true,
      first_name: opts.botFirstName ?? "Desk Bot",
      username: opts.botUsername ?? "desk_test_bot",
    };
    this.enforceLimits = opts.enforceLimits ?? false;
    this.limits = {
      perChatPerSec: 1,
      perChatBurst: 0,
      perGroupPerMin: 20,
      globalPerSec: 30,
      toleranceMs: 50,
      ...opts.limits,
    };
    this.strictCallbackQueries = opts.strictCallbackQueries ?? false;
    this.now = opts.now ?? Date.now;
  }

  // ----- lifecycle ---------------------------------------------------------

  /** Starts listening on a random free port on 127.0.0.1. */
  async start(): Promise<void> {
    await this.http.start(
      (req, res) => this.handle(req, res),
      (res, err) => this.sendJson(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` }),
      (server) => (server.keepAliveTimeout = 60_000),
    );
  }

  /** Ends pending long polls, closes all (keep-alive) connections and the server. */
  async stop(): Promise<void> {
    await this.http.stop(() => {
      this.poll?.wake();
      this.poll = undefined;
    });
  }

  /** `http://127.0.0.1:PORT` — pass as grammY's `client.apiRoot`. */
  get apiRoot(): string {
    return this.http.origin;
  }

  /** URL of a downloadable file (the route grammY/Telegram use for getFile paths). */
  fileUrl(filePath: string): string {
    return `${this.apiRoot}/file/bot${this.token}/${filePath}`;
  }

  // ----- recording helpers -------------------------------------------------

  /**
   * Successful outgoing message calls (every `send*` method except
   * sendChatAction), in order; optionally only those to `chatId`.
   */
  sent(chatId?: number | string): TelegramCall[] {
    return this.calls.filter(
      (c) =>
        c.ok === true &&
        c.method.startsWith("send") &&
        c.method !== "sendChatAction" &&
        (chatId === undefined || String(c.params.chat_id) === String(chatId)),
    );
  }

  /** The current state (after edits) of a message the bot sent. */
  message(chatId: number | string, messageId: number): Message | undefined {
    return this.chats.get(String(chatId))?.messages.get(messageId)?.message as Message | undefined;
  }

  /** Forgets recorded calls, stats, pending failures and rate-limit history (not chats/messages/updates). */
  clear(): void {
    this.recorder.clear();
    this.stats.methods = {};
    this.stats.tooManyRequests = 0;
    this.stats.errors = 0;
    this.stats.limitHits = { perChat: 0, perGroup: 0, global: 0 };
    this.failures.clear();
    this.sendLog = [];
  }

  // ----- scripting ---------------------------------------------------------

  /** Queues an update for getUpdates (wakes a pending long poll). */
  pushUpdate(...updates: Update[]): void {
    for (const u of updates) {
      this.observeUpdate(u);
      this.updates.push(u);
    }
    this.poll?.wake();
  }

  /**
   * An {@link UpdateFactory} for this bot whose user message ids come from the
   * same per-chat sequence as the bot's own messages (like Telegram).
   */
  factory(opts: Omit<UpdateFactoryOptions, "bot" | "allocateMessageId"> = {}): UpdateFactory {
    return new UpdateFactory({
      now: this.now,
      ...opts,
      bot: this.botInfo,
      allocateMessageId: (chatId) => this.allocateMessageId(chatId),
    });
  }

  /** Reserves the next message id in a chat (used for user messages). */
  allocateMessageId(chatId: number | string): number {
    return this.chat(String(chatId)).nextMessageId++;
  }

  /** Drops all queued updates (like `drop_pending_updates`). */
  dropPendingUpdates(): void {
    this.updates = [];
  }

  /** @internal */ nowSec(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Updates queued and not yet confirmed by a getUpdates `offset`. */
  get pendingUpdates(): readonly Update[] {
    return this.updates;
  }

  /**
   * POSTs `update` to the webhook registered with setWebhook, the way Telegram
   * does (JSON body, `X-Telegram-Bot-Api-Secret-Token` header with the
   * registered secret unless `secret` overrides it; `null` omits the header).
   * A webhook reply (`{ method, ... }` in a 200 JSON response) is executed like
   * Telegram does and recorded with `viaWebhookReply: true`.
   */
  async postWebhook(
    update: Update,
    opts: { secret?: string | null; timeoutMs?: number } = {},
  ): Promise<{ status: number; ms: number; body: string }> {
    if (!this.webhook) throw new Error("FakeTelegramApi.postWebhook: no webhook registered (call setWebhook first)");
    this.observeUpdate(update);
    const secret = opts.secret === undefined ? this.webhook.secretToken : opts.secret;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (secret != null) headers["X-Telegram-Bot-Api-Secret-Token"] = secret;
    const t0 = performance.now();
    const res = await fetch(this.webhook.url, {
      method: "POST",
      headers,
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(opts.timeoutMs ?? REQUEST_BUDGET_MS),
    });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status === 200 && body.trim().startsWith("{")) {
      try {
        const reply = JSON.parse(body) as Record<string, any>;
        if (typeof reply.method === "string") {
          const { method, ...params } = reply;
          await this.invoke(method, params, new Map(), { viaWebhookReply: true });
        }
      } catch {
        /* not a webhook reply */
      }
    }
    return { status: res.status, ms, body };
  }

  /**
   * Makes the next `count` (default 1) calls of `method` (or `"*"` for any
   * method) fail. 429 answers carry `parameters.retry_after`.
   */
  failNext(method: string, failure: TelegramFailure): void {
    this.failures.set(method.toLowerCase(), { ...failure, count: failure.count ?? 1 });
  }

  /** Makes sends to `chatId` fail with 403 "Forbidden: bot was blocked by the user". */
  blockChat(chatId: number | string, blocked = true): void {
    if (blocked) this.blocked.add(String(chatId));
    else this.blocked.delete(String(chatId));
  }

  /** Registers a downloadable file (for getFile and the `/file/...` route). Returns the stored file. */
  addFile(fileId: string, data: Buffer | string, filePath?: string): StoredFile {
    const n = ++this.fileSeq;
    const f: StoredFile = {
      file_id: fileId,
      file_unique_id: `uniq-${fileId}`,
      file_path: filePath ?? `documents/file_${n}.bin`,
      data: Buffer.isBuffer(data) ? data : Buffer.from(data),
    };
    this.files.set(fileId, f);
    this.filesByPath.set(f.file_path, f);
    return f;
  }

  // ----- HTTP --------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch && req.method === "GET") {
      if (decodeURIComponent(fileMatch[1]!) !== this.token) return this.sendJson(res, 401, this.errBody(new TgError(401, "Unauthorized")));
      const f = this.filesByPath.get(decodeURIComponent(fileMatch[2]!));
      if (!f) return this.sendJson(res, 404, this.errBody(new TgError(404, "Not Found")));
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": f.data.length });
      res.end(f.data);
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z0-9_]*)\/?$/.exec(url.pathname);
    if (!m) return this.sendJson(res, 404, this.errBody(new TgError(404, "Not Found")));
    if (decodeURIComponent(m[1]!) !== this.token) {
      await readBody(req);
      return this.sendJson(res, 401, this.errBody(new TgError(401, "Unauthorized")));
    }
    const method = m[2]!;
    const raw = await readBody(req);
    const params: Record<string, any> = {};
    const files = new Map<string, MultipartPart>();
    let stringly = false;
    for (const [k, v] of url.searchParams) {
      params[k] = v;
      stringly = true;
    }
    const ct = (req.headers["content-type"] ?? "").toLowerCase();
    try {
      if (raw.length > 0) {
        if (ct.startsWith("application/json")) {
          Object.assign(params, JSON.parse(raw.toString("utf8")));
        } else if (ct.startsWith("application/x-www-form-urlencoded")) {
          for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) params[k] = v;
          stringly = true;
        } else if (ct.startsWith("multipart/form-data")) {
          for (const p of parseMultipart(raw, req.headers["content-type"]!)) {
            if (p.filename !== undefined) files.set(p.name, p);
            else params[p.name] = p.data.toString("utf8");
          }
          stringly = true;
        }
      }
      if (stringly) {
        for (const k of Object.keys(params)) {
          if (JSON_PARAMS.has(k) && typeof params[k] === "string") {
            try {
              params[k] = JSON.parse(params[k]);
            } catch {
              /* left as string; validators complain */
            }
          }
        }
      }
    } catch {
      return this.sendJson(res, 400, this.errBody(bad("can't parse request body")));
    }
    const out = await this.invoke(method, params, files, { res });
    if (res.destroyed || res.writableEnded) return;
    this.sendJson(res, out.status, out.body);
  }

  private sendJson(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed || res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  private errBody(e: TgError) {
    return {
      ok: false,
      error_code: e.code,
      description: e.description,
      ...(e.parameters ? { parameters: e.parameters } : {}),
    };
  }

  /** Runs a method (from HTTP or a webhook reply), records it and returns the HTTP answer. */
  private async invoke(
    methodIn: string,
    params: Record<string, any>,
    files: Map<string, MultipartPart>,
    ctx: { res?: ServerResponse; viaWebhookReply?: boolean },
  ): Promise<{ status: number; body: unknown }> {
    const handler = this.handlerFor(methodIn);
    const method = handler?.name ?? methodIn;
    const call: TelegramCall = { method, params, at: this.now() };
    if (files.size) {
      call.files = [...files.values()].map((f) => ({ name: f.name, filename: f.filename, size: f.data.length }));
    }
    if (ctx.viaWebhookReply) call.viaWebhookReply = true;
    this.recorder.record(call);
    this.stats.methods[method] = (this.stats.methods[method] ?? 0) + 1;
    try {
      if (!handler) throw new TgError(404, "Not Found: method not found");
      this.maybeFail(method);
      const isSend = (method.startsWith("send") && method !== "sendChatAction") || method === "copyMessage" || method === "forwardMessage";
      if (isSend) {
        const chat = params.chat_id;
        if (chat === undefined || chat === null || chat === "") throw bad("chat_id is empty");
        if (this.blocked.has(String(chat))) throw new TgError(403, "Forbidden: bot was blocked by the user");
        if (this.enforceLimits) this.checkLimits(String(chat));
      }
      const result = await handler.fn.call(this, params, files, ctx.res);
      if (isSend) {
        const chat = String(params.chat_id);
        this.sendLog.push({ at: this.now(), chat, group: isGroupChat(chat) });
      }
      call.ok = true;
      call.result = result;
      this.notify();
      return { status: 200, body: { ok: true, result } };
    } catch (err) {
      const e = err instanceof TgError ? err : new TgError(500, `Internal Server Error: ${String(err)}`);
      call.ok = false;
      call.errorCode = e.code;
      call.description = e.description;
      this.stats.errors++;
      if (e.code === 429) this.stats.tooManyRequests++;
      this.notify();
      return { status: e.code, body: this.errBody(e) };
    }
  }

  private notify(): void {
    this.recorder.answered();
  }

  private maybeFail(method: string): void {
    const key = this.failures.has(method.toLowerCase()) ? method.toLowerCase() : this.failures.has("*") ? "*" : undefined;
    if (!key) return;
    const f = this.failures.get(key)!;
    if (--f.count <= 0) this.failures.delete(key);
    if (f.errorCode === 429) {
      const n = Math.max(1, Math.ceil(f.retryAfter));
      throw new TgError(429, f.description ?? `Too Many Requests: retry after ${n}`, { retry_after: n });
    }
    const defaults: Record<number, string> = {
      400: "Bad Request",
      401: "Unauthorized",
      403: "Forbidden: bot was blocked by the user",
      404: "Not Found",
      409: "Conflict",
      500: "Internal Server Error",
      502: "Bad Gateway",
    };
    throw new TgError(f.errorCode, f.description ?? defaults[f.errorCode] ?? "Error");
  }

  /**
   * Enforced limits (only `send*` except sendChatAction, plus copyMessage and
   * forwardMessage; only successful sends are counted):
   * - per chat: at most `perChatPerSec + perChatBurst` sends in any window of
   *   `1000 - toleranceMs` ms;
   * - per group chat (negative id or `@username`): at most `perGroupPerMin`
   *   sends in any window of `60000 - toleranceMs` ms;
   * - global: at most `globalPerSec` sends in any window of `1000 - toleranceMs` ms.
   * A violation answers 429 "Too Many Requests: retry after N" where N =
   * ceil(ms until the oldest send leaves the window / 1000), at least 1.
   */
  private checkLimits(chat: string): void {
    const now = this.now();
    const L = this.limits;
    this.sendLog = this.sendLog.filter((s) => now - s.at < 60_000);
    const check = (entries: number[], windowMs: number, max: number, kind: keyof TelegramStats["limitHits"]) => {
      const inWindow = entries.filter((at) => now - at < windowMs).sort((a, b) => a - b);
      if (inWindow.length >= max) {
        const oldest = inWindow[inWindow.length - max]!;
        const waitMs = oldest + windowMs - now;
        const n = Math.max(1, Math.ceil(waitMs / 1000));
        this.stats.limitHits[kind]++;
        throw new TgError(429, `Too Many Requests: retry after ${n}`, { retry_after: n });
      }
    };
    const chatSends = this.sendLog.filter((s) => s.chat === chat).map((s) => s.at);
    check(chatSends, 1000 - L.toleranceMs, L.perChatPerSec + L.perChatBurst, "perChat");
    if (isGroupChat(chat)) check(chatSends, 60_000 - L.toleranceMs, L.perGroupPerMin, "perGroup");
    check(
      this.sendLog.map((s) => s.at),
      1000 - L.toleranceMs,
      L.globalPerSec,
      "global",
    );
  }

  private observeUpdate(u: Update): void {
    const anyU = u as Record<string, any>;
    const msg = anyU.message ?? anyU.edited_message ?? anyU.channel_post ?? anyU.callback_query?.message;
    if (msg?.chat) {
      const key = String(msg.chat.id);
      this.chatInfo.set(key, msg.chat);
      if (typeof msg.message_id === "number") {
        const st = this.chat(key);
        st.nextMessageId = Math.max(st.nextMessageId, msg.message_id + 1);
      }
    }
    if (anyU.callback_query?.id) this.knownCallbackIds.add(String(anyU.callback_query.id));
  }

  // ----- method table ------------------------------------------------------

  private handlerFor(method: string):
    | {
        name: string;
        fn: (this: FakeTelegramApi, p: Record<string, any>, files: Map<string, MultipartPart>, res?: ServerResponse) => unknown;
      }
    | undefined {
    const table = methods as Record<string, (typeof methods)[keyof typeof methods]>;
    const name = Object.keys(table).find((k) => k.toLowerCase() === method.toLowerCase());
    return name ? { name, fn: table[name]! as any } : undefined;
  }

  /** @internal */ chat(key: string): ChatState {
    let st = this.chats.get(key);
    if (!st) {
      st = { nextMessageId: 1, messages: new Map() };
      this.chats.set(key, st);
    }
    return st;
  }

  /** @internal */ chatObject(chatId: unknown): Chat {
    const key = String(chatId);
    const known = this.chatInfo.get(key);
    if (known) return known as Chat;
    const id = Number(chatId);
    if (!Number.isFinite(id)) return { id: -1000000000001, type: "channel", title: "Channel", username: key.replace(/^@/, "") } as Chat;
    if (id > 0) return { id, type: "private", first_name: "User" } as Chat;
    return { id, type: key.startsWith("-100") ? "supergroup" : "group", title: "Group" } as Chat;
  }

  /** @internal */ storeMessage(chatId: unknown, content: Record<string, any>, extra?: Partial<StoredMessage>): Record<string, any> {
    const key = String(chatId);
    const st = this.chat(key);
    const message: Record<string, any> = {
      message_id: st.nextMessageId++,
      from: this.botInfo as User,
      chat: this.chatObject(chatId),
      date: Math.floor(this.now() / 1000),
      ...content,
    };
    st.messages.set(message.message_id, {
      message,
      markupKey: markupKey(content.reply_markup),
      ...extra,
    });
    return message;
  }

  /** @internal */ storeFile(input: unknown, files: Map<string, MultipartPart>, kind: string, ext: string): StoredFile {
    if (typeof input === "string" && input.startsWith("attach://")) {
      const part = files.get(input.slice("attach://".length));
      if (!part) throw bad(`wrong file identifier/HTTP URL specified`);
      const n = ++this.fileSeq;
      const f: StoredFile = {
        file_id: `fake-${kind}-${n}`,
        file_unique_id: `fake-uniq-${n}`,
        file_path: `${kind}s/file_${n}.${ext}`,
        data: part.data,
      };
      this.files.set(f.file_id, f);
      this.filesByPath.set(f.file_path, f);
      return f;
    }
    if (typeof input !== "string" || input === "") throw bad(`there is no ${kind} in the request`);
    const existing = this.files.get(input);
    if (existing) return existing;
    if (/^https?:\/\//.test(input))
      return this.addFile(`fake-${kind}-url-${this.fileSeq + 1}`, `fetched:${input}`, `${kind}s/file_${this.fileSeq + 1}.${ext}`);
    return this.addFile(input, `fake file content for ${input}`, `${kind}s/file_${this.fileSeq + 1}.${ext}`);
  }

  /** @internal */ findMessage(p: Record<string, any>): StoredMessage {
    if (p.inline_message_id !== undefined) throw bad("MESSAGE_ID_INVALID");
    if (p.chat_id === undefined || p.chat_id === "") throw bad("chat_id is empty");
    if (p.message_id === undefined) throw bad("message identifier is not specified");
    const st = this.chats.get(String(p.chat_id))?.messages.get(Number(p.message_id));
    if (!st) throw bad("message to edit not found");
    return st;
  }

  /** @internal */ getUpdatesImpl(p: Record<string, any>, res?: ServerResponse): unknown {
    if (this.webhook) {
      throw new TgError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = p.offset === undefined ? undefined : Number(p.offset);
    const limit = Math.min(100, Math.max(1, p.limit === undefined ? 100 : Number(p.limit)));
    const timeout = p.timeout === undefined ? 0 : Math.max(0, Number(p.timeout));
    if (Array.isArray(p.allowed_updates)) this.allowedUpdates = p.allowed_updates.map(String);
    if (offset !== undefined && offset !== 0) {
      if (offset < 0) this.updates = this.updates.slice(offset);
      else this.updates = this.updates.filter((u) => u.update_id >= offset);
    }
    const take = () => {
      this.updates = this.updates.filter((u) => this.deliverable(u));
      return this.updates.slice(0, limit);
    };
    const now = take();
    if (now.length > 0 || timeout === 0) return now;
    // A newer getUpdates terminates the pending one, like Telegram.
    this.poll?.fail(new TgError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.poll === poll) this.poll = undefined;
        fn();
      };
      const timer = setTimeout(() => finish(() => resolve(take())), timeout * 1000);
      const poll: Poll = {
        // setImmediate so that several pushUpdate() calls in one tick arrive together
        wake: () => setImmediate(() => finish(() => resolve(take()))),
        fail: (e) => finish(() => reject(e)),
        res: res!,
      };
      this.poll = poll;
      res?.on("close", () => {
        if (!res.writableEnded) finish(() => resolve([]));
      });
    });
  }

  private deliverable(u: Update): boolean {
    const type = Object.keys(u).find((k) => k !== "update_id");
    if (!type) return false;
    if (this.allowedUpdates.length > 0) return this.allowedUpdates.includes(type);
    return !DEFAULT_EXCLUDED_UPDATES.has(type);
  }
}

function isGroupChat(chat: string): boolean {
  return chat.startsWith("-") || chat.startsWith("@");
}

function markupKey(markup: unknown): string {
  if (!markup || typeof markup !== "object" || !("inline_keyboard" in markup)) return "";
  return JSON.stringify(markup);
}

function utf8Len(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Validates `reply_markup`; returns the value to put in the returned Message (inline keyboards only). */
function validateMarkup(markup: unknown): Record<string, any> | undefined {
  if (markup === undefined || markup === null || markup === "") return undefined;
  if (typeof markup !== "object") throw bad("can't parse reply keyboard markup JSON object");
  const m = markup as Record<string, any>;
  if ("inline_keyboard" in m) {
    if (!Array.isArray(m.inline_keyboard)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
    for (const row of m.inline_keyboard) {
      if (!Array.isArray(row)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
      for (const b of row) {
        if (!b || typeof b !== "object" || typeof b.text !== "string")
          throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        if ("callback_data" in b) {
          const n = utf8Len(String(b.callback_data));
          if (n < 1 || n > 64) throw bad("BUTTON_DATA_INVALID");
        } else if ("url" in b) {
          if (!/^(https?|tg):\/\/\S+$/.test(String(b.url))) throw bad("BUTTON_URL_INVALID");
        } else if (!Object.keys(b).some((k) => k !== "text")) {
          throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        }
      }
    }
    return m.inline_keyboard.length > 0 ? m : undefined;
  }
  return undefined; // reply keyboards / remove / force_reply are not echoed in Message
}

/**
 * Minimal HTML parse-mode check, mirroring TDLib's error texts for the common
 * mistakes (unsupported/unbalanced tags, a raw `<`). Returns the plain text.
 */
function parseHtml(text: string): string {
  const supported = new Set([
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
    "tg-time",
  ]);
  const stack: string[] = [];
  let out = "";
  let i = 0;
  const byteOffset = (idx: number) => utf8Len(text.slice(0, idx));
  const fail = (d: string) => bad(`can't parse entities: ${d}`);
  while (i < text.length) {
    const c = text[i]!;
    if (c === "&") {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(text.slice(i));
      if (m) {
        const e = m[1]!;
        out +=
          e === "lt"
            ? "<"
            : e === "gt"
              ? ">"
              : e === "amp"
                ? "&"
                : e === "quot"
                  ? '"'
                  : String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
        i += m[0].length;
      } else {
        out += c;
        i++;
      }
      continue;
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const end = text.indexOf(">", i);
    if (text[i + 1] === "/") {
      if (end < 0) throw fail(`Unclosed end tag at byte offset ${byteOffset(i)}`);
      const name = text
        .slice(i + 2, end)
        .trim()
        .toLowerCase();
      const open = stack.pop();
      if (open === undefined) throw fail(`Unexpected end tag at byte offset ${byteOffset(i)}`);
      if (open !== name) throw fail(`Unmatched end tag at byte offset ${byteOffset(i)}, expected "</${open}>", found "</${name}>"`);
      i = end + 1;
      continue;
    }
    const nameMatch = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(text.slice(i + 1));
    const name = (nameMatch?.[0] ?? "").toLowerCase();
    if (!supported.has(name)) throw fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(i)}`);
    if (end < 0) throw fail(`Unclosed start tag at byte offset ${byteOffset(i)}`);
    stack.push(name);
    i = end + 1;
  }
  if (stack.length) throw fail(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return out;
}

/**
 * Approximate MarkdownV2 check: reserved characters outside code must be
 * escaped, and `* _ __ ~ ||` entities must be closed. Returns the plain text.
 */
function parseMarkdownV2(text: string): string {
  let out = "";
  const stack: { marker: string; at: number }[] = [];
  let i = 0;
  const fail = (d: string) => bad(`can't parse entities: ${d}`);
  const byteOffset = (idx: number) => utf8Len(text.slice(0, idx));
  let lineStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\") {
      if (i + 1 < text.length) out += text[i + 1];
      i += 2;
      lineStart = false;
      continue;
    }
    if (c === "`") {
      const fence = text.startsWith("```", i) ? "```" : "`";
      const close = text.indexOf(fence, i + fence.length);
      if (close < 0) throw fail(`Can't find end of the entity starting at byte offset ${byteOffset(i)}`);
      let body = text.slice(i + fence.length, close);
      if (fence === "```") body = body.replace(/^[^\n`]*\n/, "");
      out += body.replace(/\\([\\`])/g, "$1");
      i = close + fence.length;
      lineStart = false;
      continue;
    }
    const two = text.slice(i, i + 2);
    const marker = two === "__" || two === "||" ? two : "*_~".includes(c) ? c : undefined;
    if (marker) {
      if (stack.length && stack[stack.length - 1]!.marker === marker) stack.pop();
      else stack.push({ marker, at: i });
      i += marker.length;
      lineStart = false;
      continue;
    }
    if (c === "[") {
      stack.push({ marker: "[", at: i });
      i++;
      continue;
    }
    if (c === "]") {
      const top = stack[stack.length - 1];
      if (top?.marker !== "[") throw fail(`Character ']' is reserved and must be escaped with the preceding '\\'`);
      stack.pop();
      if (text[i + 1] === "(") {
        const close = text.indexOf(")", i + 2);
        if (close < 0) throw fail(`Can't find end of a URL at byte offset ${byteOffset(i + 1)}`);
        i = close + 1;
      } else i++;
      continue;
    }
    if (c === ">" && lineStart) {
      i++;
      continue;
    }
    if ("#+-={}.!()>|".includes(c)) {
      throw fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    out += c;
    lineStart = c === "\n";
    i++;
  }
  if (stack.length) throw fail(`Can't find end of the entity starting at byte offset ${byteOffset(stack[stack.length - 1]!.at)}`);
  return out;
}

/** Plain text of `text` after parse_mode processing (approximate for Markdown). */
function plainText(text: string, parseMode: unknown): string {
  const mode = typeof parseMode === "string" ? parseMode.toLowerCase() : "";
  if (mode === "html") return parseHtml(text);
  if (mode === "markdownv2") return parseMarkdownV2(text);
  if (mode === "markdown") return text.replace(/[*_`[\]]/g, "");
  if (mode !== "") throw bad(`unsupported parse_mode`);
  return text;
}

function checkText(text: unknown, parseMode: unknown): string {
  if (text === undefined || text === null) throw bad("message text is empty");
  const plain = plainText(String(text), parseMode);
  if (plain.trim().length === 0) throw bad("message text is empty");
  if (plain.length > 4096) throw bad("message is too long");
  return plain;
}

function checkCaption(caption: unknown, parseMode: unknown): string | undefined {
  if (caption === undefined || caption === null || caption === "") return undefined;
  const plain = plainText(String(caption), parseMode);
  if (plain.length > 1024) throw bad("message caption is too long");
  return plain;
}

function photoSizes(f: StoredFile): Record<string, any>[] {
  return [
    { file_id: `${f.file_id}`, file_unique_id: `${f.file_unique_id}-s`, width: 90, height: 90, file_size: Math.min(f.data.length, 1000) },
    { file_id: `${f.file_id}`, file_unique_id: f.file_unique_id, width: 800, height: 800, file_size: f.data.length },
  ];
}

type Handler = (this: FakeTelegramApi, p: Record<string, any>, files: Map<string, MultipartPart>, res?: ServerResponse) => unknown;

const methods = {
  getMe(this: FakeTelegramApi) {
    return {
      ...this.botInfo,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  },
  logOut: () => true,
  close: () => true,
  getUpdates(this: FakeTelegramApi, p, _f, res) {
    return this.getUpdatesImpl(p, res);
  },
  setWebhook(this: FakeTelegramApi, p) {
    const url = String(p.url ?? "");
    if (url === "") {
      this.webhook = undefined;
      return true;
    }
    if (!/^https?:\/\//.test(url)) throw bad("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
    if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) {
      throw bad("secret token contains unallowed characters");
    }
    if (p.drop_pending_updates === true || p.drop_pending_updates === "true") this.dropPendingUpdates();
    this.webhook = {
      url,
      secretToken: p.secret_token === undefined ? undefined : String(p.secret_token),
      allowedUpdates: Array.isArray(p.allowed_updates) ? p.allowed_updates : undefined,
      maxConnections: p.max_connections === undefined ? undefined : Number(p.max_connections),
    };
    return true;
  },
  deleteWebhook(this: FakeTelegramApi, p) {
    this.webhook = undefined;
    if (p.drop_pending_updates === true || p.drop_pending_updates === "true") this.dropPendingUpdates();
    return true;
  },
  getWebhookInfo(this: FakeTelegramApi) {
    return {
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.pendingUpdates.length,
      ...(this.webhook?.maxConnections ? { max_connections: this.webhook.maxConnections } : {}),
      ...(this.webhook?.allowedUpdates ? { allowed_updates: this.webhook.allowedUpdates } : {}),
    };
  },
  sendMessage(this: FakeTelegramApi, p) {
    const text = checkText(p.text, p.parse_mode);
    const reply_markup = validateMarkup(p.reply_markup);
    return this.storeMessage(
      p.chat_id,
      {
        text,
        ...(Array.isArray(p.entities) ? { entities: p.entities } : {}),
        ...(reply_markup ? { reply_markup } : {}),
        ...(p.message_thread_id ? { message_thread_id: Number(p.message_thread_id) } : {}),
      },
      { rawText: String(p.text), parseMode: p.parse_mode },
    );
  },
  sendPhoto(this: FakeTelegramApi, p, files) {
    const caption = checkCaption(p.caption, p.parse_mode);
    const reply_markup = validateMarkup(p.reply_markup);
    const f = this.storeFile(p.photo, files, "photo", "jpg");
    return this.storeMessage(
      p.chat_id,
      { photo: photoSizes(f), ...(caption ? { caption } : {}), ...(reply_markup ? { reply_markup } : {}) },
      { rawText: p.caption === undefined ? undefined : String(p.caption), parseMode: p.parse_mode },
    );
  },
  sendDocument(this: FakeTelegramApi, p, files) {
    const caption = checkCaption(p.caption, p.parse_mode);
    const reply_markup = validateMarkup(p.reply_markup);
    const f = this.storeFile(p.document, files, "document", "dat");
    const part = typeof p.document === "string" && p.document.startsWith("attach://") ? files.get(p.document.slice(9)) : undefined;
    return this.storeMessage(p.chat_id, {
      document: { file_id: f.file_id, file_unique_id: f.file_unique_id, file_name: part?.filename ?? "file.dat", file_size: f.data.length },
      ...(caption ? { caption } : {}),
      ...(reply_markup ? { reply_markup } : {}),
    });
  },
  sendMediaGroup(this: FakeTelegramApi, p, files) {
    const media = p.media;
    if (!Array.isArray(media)) throw bad("can't parse media JSON object");
    if (media.length < 2 || media.length > 10) throw bad("wrong number of media in the group (must be 2-10)");
    const mediaGroupId = `fake-group-${++this.mediaGroupSeq}`;
    const prepared = media.map((m: Record<string, any>) => {
      if (!["photo", "video", "document", "audio"].includes(m?.type)) throw bad("can't parse InputMedia: unsupported media type");
      const caption = checkCaption(m.caption, m.parse_mode);
      const f = this.storeFile(m.media, files, m.type, m.type === "photo" ? "jpg" : "dat");
      return { m, caption, f };
    });
    return prepared.map(({ m, caption, f }) =>
      this.storeMessage(p.chat_id, {
        media_group_id: mediaGroupId,
        ...(m.type === "photo"
          ? { photo: photoSizes(f) }
          : { [m.type]: { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.data.length } }),
        ...(caption ? { caption } : {}),
      }),
    );
  },
  sendChatAction(this: FakeTelegramApi, p) {
    if (p.chat_id === undefined || p.chat_id === "") throw bad("chat_id is empty");
    if (!CHAT_ACTIONS.has(String(p.action))) throw bad("wrong parameter action in request");
    return true;
  },
  editMessageText(this: FakeTelegramApi, p) {
    const st = this.findMessage(p);
    if (st.message.text === undefined) throw bad("there is no text in the message to edit");
    const text = checkText(p.text, p.parse_mode);
    const reply_markup = validateMarkup(p.reply_markup);
    const newKey = markupKey(reply_markup);
    if (st.rawText === String(p.text) && st.parseMode === p.parse_mode && st.markupKey === newKey) throw bad(NOT_MODIFIED);
    st.message.text = text;
    st.message.edit_date = this.nowSec();
    if (Array.isArray(p.entities)) st.message.entities = p.entities;
    else delete st.message.entities;
    if (reply_markup) st.message.reply_markup = reply_markup;
    else delete st.message.reply_markup;
    st.rawText = String(p.text);
    st.parseMode = p.parse_mode;
    st.markupKey = newKey;
    return st.message;
  },
  editMessageCaption(this: FakeTelegramApi, p) {
    const st = this.findMessage(p);
    if (st.message.text !== undefined) throw bad("there is no caption in the message to edit");
    const caption = checkCaption(p.caption, p.parse_mode);
    const reply_markup = validateMarkup(p.reply_markup);
    const newKey = markupKey(reply_markup);
    if ((st.rawText ?? "") === String(p.caption ?? "") && st.markupKey === newKey) throw bad(NOT_MODIFIED);
    if (caption) st.message.caption = caption;
    else delete st.message.caption;
    if (reply_markup) st.message.reply_markup = reply_markup;
    else delete st.message.reply_markup;
    st.message.edit_date = this.nowSec();
    st.rawText = p.caption === undefined ? undefined : String(p.caption);
    st.markupKey = newKey;
    return st.message;
  },
  editMessageReplyMarkup(this: FakeTelegramApi, p) {
    const st = this.findMessage(p);
    const reply_markup = validateMarkup(p.reply_markup);
    const newKey = markupKey(reply_markup);
    if (st.markupKey === newKey) throw bad(NOT_MODIFIED);
    if (reply_markup) st.message.reply_markup = reply_markup;
    else delete st.message.reply_markup;
    st.message.edit_date = this.nowSec();
    st.markupKey = newKey;
    return st.message;
  },
  deleteMessage(this: FakeTelegramApi, p) {
    const chat = this.chats.get(String(p.chat_id));
    if (!chat?.messages.delete(Number(p.message_id))) throw bad("message to delete not found");
    return true;
  },
  answerCallbackQuery(this: FakeTelegramApi, p) {
    const id = p.callback_query_id === undefined ? "" : String(p.callback_query_id);
    if (id === "") throw bad("QUERY_ID_INVALID");
    if (this.strictCallbackQueries && (!this.knownCallbackIds.has(id) || this.answeredCallbackIds.has(id))) {
      throw bad("query is too old and response timeout expired or query ID is invalid");
    }
    if (p.text !== undefined && String(p.text).length > 200) throw bad("MESSAGE_TOO_LONG");
    this.answeredCallbackIds.add(id);
    return true;
  },
  getFile(this: FakeTelegramApi, p) {
    const id = p.file_id === undefined ? "" : String(p.file_id);
    if (id === "") throw bad("file_id is empty");
    const f =
      this.files.get(id) ?? this.addFile(id, `fake file content for ${id}`, `documents/file_${id.replace(/[^A-Za-z0-9_-]/g, "_")}.bin`);
    return { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.data.length, file_path: f.file_path };
  },
  setMyCommands: () => true,
  deleteMyCommands: () => true,
  getMyCommands: () => [],
  getChat(this: FakeTelegramApi, p) {
    if (p.chat_id === undefined || p.chat_id === "") throw bad("chat_id is empty");
    return { ...this.chatObject(p.chat_id), accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
  },
} satisfies Record<string, Handler>;
