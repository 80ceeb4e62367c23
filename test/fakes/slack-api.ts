/**
 * A local fake of the Slack Web API (https://docs.slack.dev/reference/methods)
 * that speaks the real HTTP protocol, so the real `@slack/web-api` WebClient
 * (and Bolt, via `clientOptions.slackApiUrl`) can be pointed at it.
 *
 * Only `node:http` / `node:crypto` are used.
 */
import { LocalServer } from "./listen.ts";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseMultipart, readBody } from "./telegram-api.ts";
import { RecordingFake, type RecordedCall } from "./recorder.ts";

/** A workspace member known to the fake (users.info, conversations.open). */
export interface FakeSlackUser {
  id: string;
  name: string;
  real_name?: string;
  /** the profile's display name; Slack leaves it empty unless the member sets one */
  display_name?: string;
  /** IANA zone, e.g. "Asia/Shanghai". Default "UTC". */
  tz?: string;
  email?: string;
  is_bot?: boolean;
  is_admin?: boolean;
  deleted?: boolean;
}

export interface FakeSlackApiOptions {
  /** Token the fake's own helpers use. Default "xoxb-fake-bot-token". */
  botToken?: string;
  /**
   * Accepted tokens. Default: any token starting with "xox". A request without
   * a token gets `not_authed`, an unaccepted one `invalid_auth`.
   */
  tokens?: string[];
  teamId?: string;
  teamName?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  users?: FakeSlackUser[];
  /**
   * Known channel ids. When given, chat.* to any other channel (except DMs
   * from conversations.open and user ids) fails with `channel_not_found`.
   * Default: every channel exists.
   */
  channels?: string[];
  /** Trigger ids made by {@link makeTriggerId} expire after this many ms. Default 3000 (like Slack). */
  triggerTtlMs?: number;
  /** First message ts (µs since epoch as bigint). Default 1700000000.000100. */
  startTs?: bigint;
  /** Clock (ms). Default `Date.now`. */
  now?: () => number;
}

/** A recorded request. */
export interface SlackCall extends RecordedCall {
  /** API method, or `"upload"` (file bytes) / `"response_url"`. */
  method: string;
  params: Record<string, any>;
  at: number;
  token?: string;
  /** For `response_url`: the id passed to {@link FakeSlackApi.responseUrl}. */
  target?: string;
  ok?: boolean;
  error?: string;
  /** HTTP status when not 200. */
  status?: number;
  response?: Record<string, any>;
}

export type SlackFailure =
  | { count?: number; status: 429; retryAfter: number }
  | { count?: number; status: 500 | 502 | 503 }
  | { count?: number; error: string; status?: undefined };

/** A message as stored by the fake (and returned by Web API). */
export interface SlackMessage {
  type: "message";
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  user: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  reply_broadcast?: boolean;
  subtype?: string;
  files?: Record<string, any>[];
  reactions?: { name: string; users: string[]; count: number }[];
  edited?: { user: string; ts: string };
  metadata?: unknown;
  /** Extra params of the post (unfurl_links, mrkdwn, username, icon_*, …). */
  [extra: string]: unknown;
}

export interface SlackView {
  id: string;
  team_id: string;
  type: string;
  title?: unknown;
  blocks: unknown[];
  callback_id: string;
  private_metadata: string;
  external_id: string;
  hash: string;
  state: { values: Record<string, unknown> };
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  bot_id: string;
  /** Fake bookkeeping: how the view was created and who owns it. */
  opened_via: "views.open" | "views.push" | "views.publish";
  user_id?: string;
  [extra: string]: unknown;
}

class SlackErr extends Error {
  constructor(
    readonly error: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(error);
  }
}

/** Params that @slack/web-api JSON-encodes inside form bodies. */
const JSON_PARAMS = new Set(["blocks", "attachments", "view", "files", "metadata", "users_list", "channels"]);

/**
 * Builds a trigger id the fake can date: `fake.<epochMs>.<random>`. The fake
 * rejects it with `expired_trigger_id` once older than `triggerTtlMs` and with
 * `exchanged_trigger_id` when used twice. Other trigger ids are accepted as is.
 */
export function makeTriggerId(nowMs: number = Date.now()): string {
  return `fake.${nowMs}.${randomBytes(6).toString("hex")}`;
}

function tsString(us: bigint): string {
  const s = us.toString().padStart(7, "0");
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}

function tzOffsetSeconds(tz: string, atMs: number): number {
  try {
    const name = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
      .formatToParts(new Date(atMs))
      .find((p) => p.type === "timeZoneName")?.value;
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
    if (!m) return 0;
    return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  } catch {
    return 0;
  }
}

const bool = (v: unknown) => v === true || v === "true" || v === "1" || v === 1;

/**
 * Fake Slack Web API on 127.0.0.1 (random port). Point WebClient at
 * {@link FakeSlackApi.url}; every request is recorded in {@link calls}.
 *
 * Also serves the upload URLs handed out by files.getUploadURLExternal
 * (`POST /upload/v1/<file_id>`) and fake `response_url`s
 * (`POST /response/<id>`, see {@link responseUrl}).
 *
 * @example
 * ```ts
 * const slack = new FakeSlackApi({ users: [{ id: "U1", name: "li", tz: "Asia/Shanghai" }] });
 * await slack.start();
 * const web = new WebClient(slack.botToken, { slackApiUrl: slack.url });
 * const { ts } = await web.chat.postMessage({ channel: "C1", text: "hi" });
 * expect(slack.messages("C1")[0]!.ts).toBe(ts);
 * await slack.stop();
 * ```
 */
export class FakeSlackApi extends RecordingFake<SlackCall> {
  private readonly http = new LocalServer("FakeSlackApi");
  readonly botToken: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Ephemeral messages (chat.postEphemeral), in order. */
  readonly ephemerals: { channel: string; user: string; text?: string; blocks?: unknown[]; thread_ts?: string; message_ts: string }[] = [];
  /** Uploaded files by id (files.getUploadURLExternal → upload → completeUploadExternal). */
  readonly files = new Map<
    string,
    {
      id: string;
      filename: string;
      length: number;
      data?: Buffer;
      title?: string;
      alt_text?: string;
      completed: boolean;
      mimetype?: string;
      /** a size to report instead of the data's (a file too big to download in a test) */
      size?: number;
      user?: string;
    }
  >();
  /** Views by id (views.open / push / update / publish), current state. */
  readonly views = new Map<string, SlackView>();
  triggerTtlMs: number;

  private readonly tokens: string[] | undefined;
  private readonly knownChannels: Set<string> | undefined;
  private readonly now: () => number;
  private users = new Map<string, FakeSlackUser>();
  private readonly usersConfigured: boolean;
  private nextTs: bigint;
  private allMessages: SlackMessage[] = [];
  private byChannel = new Map<string, Map<string, SlackMessage>>();
  private dms = new Map<string, string>();
  private usedTriggers = new Set<string>();
  private seq = 0;
  private failures = new Map<string, SlackFailure & { count: number }>();

  constructor(opts: FakeSlackApiOptions = {}) {
    super({ name: "FakeSlackApi", describeError: (c) => c.error ?? String(c.status) });
    this.botToken = opts.botToken ?? "xoxb-fake-bot-token";
    this.tokens = opts.tokens;
    this.teamId = opts.teamId ?? "T0FAKE";
    this.teamName = opts.teamName ?? "Fake Team";
    this.teamDomain = opts.teamDomain ?? "fake-team";
    this.botUserId = opts.botUserId ?? "U0BOT";
    this.botId = opts.botId ?? "B0BOT";
    this.appId = opts.appId ?? "A0APP";
    this.knownChannels = opts.channels ? new Set(opts.channels) : undefined;
    this.triggerTtlMs = opts.triggerTtlMs ?? 3000;
    this.nextTs = opts.startTs ?? 1700000000000100n;
    this.now = opts.now ?? Date.now;
    this.users.set(this.botUserId, { id: this.botUserId, name: "desk-bot", real_name: "Desk Bot", is_bot: true });
    for (const u of opts.users ?? []) this.users.set(u.id, u);
    this.usersConfigured = opts.users !== undefined;
  }

  // ----- lifecycle ---------------------------------------------------------

  /** Starts listening on a random free port on 127.0.0.1. */
  async start(): Promise<void> {
    await this.http.start(
      (req, res) => this.handle(req, res),
      (res, err) => this.reply(res, 500, { ok: false, error: `fake_internal_error: ${String(err)}` }),
    );
  }

  /** Closes the server and all keep-alive connections. */
  async stop(): Promise<void> {
    await this.http.stop();
  }

  /** `http://127.0.0.1:PORT` */
  get baseUrl(): string {
    return this.http.origin;
  }

  /** `http://127.0.0.1:PORT/api/` — WebClient's `slackApiUrl`. */
  get url(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A local `response_url`; POSTs to it are recorded as calls with method `"response_url"` and `target: id`. */
  responseUrl(id: string = `r${++this.seq}`): string {
    return `${this.baseUrl}/response/${encodeURIComponent(id)}`;
  }

  /** A trigger id (see {@link makeTriggerId}) dated with this fake's clock. */
  triggerId(): string {
    return makeTriggerId(this.now());
  }

  // ----- scripting ---------------------------------------------------------

  /** Adds or replaces a workspace member. */
  addUser(user: FakeSlackUser): void {
    this.users.set(user.id, user);
  }

  /**
   * Stores a message posted by someone else (e.g. a staff member), so that
   * reactions.add / chat.getPermalink / conversations.replies can find it.
   * Returns the stored message (with a fresh `ts` unless given).
   */
  addMessage(channel: string, msg: { user: string; text?: string; ts?: string; thread_ts?: string; blocks?: unknown[] }): SlackMessage {
    return this.storeMessage(channel, { ...msg, type: "message", channel, ts: msg.ts ?? this.newTs() } as SlackMessage);
  }

  /** Makes the next `count` (default 1) calls of `method` (`"*"` = any) fail. */
  failNext(method: string, failure: SlackFailure): void {
    this.failures.set(method, { ...failure, count: failure.count ?? 1 });
  }

  // ----- recording helpers -------------------------------------------------

  /**
   * Messages currently stored (after chat.update / chat.delete), in posting
   * order: bot posts, file shares and {@link addMessage} seeds. Optionally
   * only for one channel.
   */
  messages(channel?: string): SlackMessage[] {
    return this.allMessages.filter((m) => channel === undefined || m.channel === channel);
  }

  /** Parent + replies of a thread, oldest first. */
  thread(channel: string, threadTs: string): SlackMessage[] {
    return this.allMessages.filter((m) => m.channel === channel && (m.ts === threadTs || m.thread_ts === threadTs));
  }

  /** Calls to a response_url (optionally one id), in order. */
  responses(id?: string): SlackCall[] {
    return this.calls.filter((c) => c.method === "response_url" && (id === undefined || c.target === id));
  }

  /** The DM channel id conversations.open returns for `userId`. */
  dmChannel(userId: string): string {
    let id = this.dms.get(userId);
    if (!id) {
      id = `D0${userId
        .replace(/^[UW]0?/, "")
        .toUpperCase()
        .padStart(6, "0")}`;
      this.dms.set(userId, id);
    }
    return id;
  }

  /** Forgets recorded calls and pending failures (keeps messages, views, users, files). */
  clear(): void {
    this.recorder.clear();
    this.failures.clear();
  }

  // ----- HTTP --------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const ct = String(req.headers["content-type"] ?? "");

    const upload = /^\/upload\/v1\/([^/]+)$/.exec(url.pathname);
    if (upload && req.method === "POST") return this.handleUpload(decodeURIComponent(upload[1]!), raw, ct, res);

    // a file's private URL: the bot token is required, as on Slack
    const pri = /^\/files-pri\/[^/]+-([^/]+)\/[^/]*$/.exec(url.pathname);
    if (pri && req.method === "GET")
      return this.handleFileDownload(decodeURIComponent(pri[1]!), String(req.headers.authorization ?? ""), res);

    const response = /^\/response\/([^/]+)$/.exec(url.pathname);
    if (response && req.method === "POST") return this.handleResponseUrl(decodeURIComponent(response[1]!), raw, ct, res);

    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (!api) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    const method = api[1]!;
    const params: Record<string, any> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    try {
      if (raw.length) {
        if (ct.toLowerCase().startsWith("application/json")) Object.assign(params, JSON.parse(raw.toString("utf8")));
        else if (ct.toLowerCase().startsWith("multipart/form-data")) {
          for (const p of parseMultipart(raw, ct)) params[p.name] = p.filename !== undefined ? p.data : p.data.toString("utf8");
        } else for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) params[k] = v;
      }
    } catch {
      return this.reply(res, 200, { ok: false, error: "invalid_json" });
    }
    for (const k of Object.keys(params)) {
      if (JSON_PARAMS.has(k) && typeof params[k] === "string") {
        try {
          params[k] = JSON.parse(params[k]);
        } catch {
          /* validators complain */
        }
      }
    }
    const auth = String(req.headers.authorization ?? "");
    const token = auth.toLowerCase().startsWith("bearer ")
      ? auth.slice(7).trim()
      : typeof params.token === "string"
        ? params.token
        : undefined;
    const call: SlackCall = { method, params: { ...params }, at: this.now(), token };
    delete call.params.token;
    this.recorder.record(call);

    const injected = this.takeFailure(method);
    if (injected && "status" in injected && injected.status !== undefined) {
      call.ok = false;
      call.status = injected.status;
      if (injected.status === 429) {
        call.error = "ratelimited";
        this.reply(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(injected.retryAfter) });
      } else {
        call.error = `http_${injected.status}`;
        res.writeHead(injected.status, { "content-type": "text/html" });
        res.end(`<html><body>${injected.status} fake upstream error</body></html>`);
      }
      return this.notify();
    }
    let body: Record<string, any>;
    try {
      if (injected && "error" in injected) throw new SlackErr(injected.error);
      if (!token) throw new SlackErr("not_authed");
      if (this.tokens ? !this.tokens.includes(token) : !token.startsWith("xox")) throw new SlackErr("invalid_auth");
      const handler = (handlers as Record<string, SlackHandler>)[method];
      if (!handler) throw new SlackErr("unknown_method", { req_method: method });
      body = { ok: true, ...(handler.call(this, params) as object) };
      call.ok = true;
    } catch (err) {
      const e = err instanceof SlackErr ? err : new SlackErr(`fake_internal_error: ${String(err)}`);
      body = { ok: false, error: e.error, ...e.extra };
      call.ok = false;
      call.error = e.error;
    }
    call.response = body;
    this.reply(res, 200, body);
    this.notify();
  }

  private handleFileDownload(fileId: string, auth: string, res: ServerResponse): void {
    const call: SlackCall = { method: "download", params: { file_id: fileId }, at: this.now() };
    this.recorder.record(call);
    const file = this.files.get(fileId);
    const token = auth.toLowerCase().startsWith("bearer ") ? auth.slice(7).trim() : "";
    const authed = this.tokens ? this.tokens.includes(token) : token.startsWith("xox");
    if (!authed || !file?.data) {
      call.ok = false;
      call.status = authed ? 404 : 403;
      res.writeHead(call.status, { "content-type": "text/html" });
      res.end(authed ? "not found" : "<html>sign in</html>");
      return this.notify();
    }
    call.ok = true;
    res.writeHead(200, { "content-type": file.mimetype ?? "application/octet-stream", "content-length": String(file.data.length) });
    res.end(file.data);
    this.notify();
  }

  /**
   * A file a workspace member shared (as in a `file_share` message); returns the `files`
   * element such a message event carries.
   */
  addFile(f: { id: string; name: string; mimetype: string; data: Buffer; user: string; size?: number }): Record<string, unknown> {
    this.files.set(f.id, {
      id: f.id,
      filename: f.name,
      length: f.data.length,
      data: f.data,
      completed: true,
      mimetype: f.mimetype,
      size: f.size,
      user: f.user,
    });
    return this.fileObject(f.id);
  }

  /** @internal The file object Slack returns (files.info, message events). */
  fileObject(id: string): Record<string, unknown> {
    const file = this.files.get(id);
    if (!file) throw new SlackErr("file_not_found");
    const url = `${this.baseUrl}/files-pri/${this.teamId}-${file.id}/${encodeURIComponent(file.filename)}`;
    return {
      id: file.id,
      name: file.filename,
      title: file.title ?? file.filename,
      mimetype: file.mimetype ?? "application/octet-stream",
      filetype: file.filename.split(".").pop() ?? "binary",
      user: file.user ?? this.botUserId,
      size: file.size ?? file.data?.length ?? file.length,
      url_private: url,
      url_private_download: `${url}?download=1`,
    };
  }

  private handleUpload(fileId: string, raw: Buffer, ct: string, res: ServerResponse): void {
    const call: SlackCall = { method: "upload", params: { file_id: fileId, size: raw.length }, at: this.now() };
    this.recorder.record(call);
    const injected = this.takeFailure("upload");
    const file = this.files.get(fileId);
    if (injected || !file) {
      call.ok = false;
      call.status = injected && "status" in injected && injected.status ? injected.status : 404;
      res.writeHead(call.status, { "content-type": "text/plain" });
      res.end(file ? "fake upload failure" : "upload url not found");
      return this.notify();
    }
    let data = raw;
    if (ct.toLowerCase().startsWith("multipart/form-data")) {
      const parts = parseMultipart(raw, ct);
      const part = parts.find((p) => p.filename !== undefined) ?? parts[0];
      data = part?.data ?? Buffer.alloc(0);
      call.params.filename = part?.filename;
    }
    file.data = data;
    call.params.size = data.length;
    call.ok = true;
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    res.end(`OK - ${data.length}`);
    this.notify();
  }

  private handleResponseUrl(id: string, raw: Buffer, ct: string, res: ServerResponse): void {
    let params: Record<string, any> = {};
    const text = raw.toString("utf8");
    try {
      if (ct.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
        const f = new URLSearchParams(text);
        params = f.has("payload") ? JSON.parse(f.get("payload")!) : Object.fromEntries(f);
      } else params = text ? JSON.parse(text) : {};
    } catch {
      params = { raw: text };
    }
    const call: SlackCall = { method: "response_url", target: id, params, at: this.now() };
    this.recorder.record(call);
    const injected = this.takeFailure("response_url");
    if (injected) {
      call.ok = false;
      call.status = "status" in injected && injected.status ? injected.status : 404;
      res.writeHead(call.status, { "content-type": "text/plain" });
      res.end("expired_url");
      return this.notify();
    }
    call.ok = true;
    this.reply(res, 200, { ok: true });
    this.notify();
  }

  private reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private notify(): void {
    this.recorder.answered();
  }

  private takeFailure(method: string): (SlackFailure & { count: number }) | undefined {
    const key = this.failures.has(method)
      ? method
      : this.failures.has("*") && method !== "upload" && method !== "response_url"
        ? "*"
        : undefined;
    if (!key) return undefined;
    const f = this.failures.get(key)!;
    if (--f.count <= 0) this.failures.delete(key);
    return f;
  }

  // ----- state helpers used by method handlers ------------------------------

  /** @internal */ newTs(): string {
    const ts = this.nextTs;
    this.nextTs += 100n;
    return tsString(ts);
  }

  /** @internal */ resolveChannel(channel: unknown): string {
    const c = typeof channel === "string" ? channel.trim() : "";
    if (!c) throw new SlackErr("channel_not_found");
    if (/^[UW][A-Z0-9]+$/.test(c)) {
      if (this.usersConfigured && !this.users.has(c)) throw new SlackErr("channel_not_found");
      return this.dmChannel(c);
    }
    if (this.knownChannels && !this.knownChannels.has(c) && ![...this.dms.values()].includes(c)) throw new SlackErr("channel_not_found");
    return c;
  }

  /** @internal */ findMessage(channel: string, ts: unknown): SlackMessage {
    const m = this.byChannel.get(channel)?.get(String(ts ?? ""));
    if (!m) throw new SlackErr("message_not_found");
    return m;
  }

  /** @internal */ storeMessage(channel: string, msg: SlackMessage): SlackMessage {
    let ch = this.byChannel.get(channel);
    if (!ch) {
      ch = new Map();
      this.byChannel.set(channel, ch);
    }
    ch.set(msg.ts, msg);
    this.allMessages.push(msg);
    if (msg.thread_ts && msg.thread_ts !== msg.ts) {
      const parent = ch.get(msg.thread_ts);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.reply_users = [...new Set([...(parent.reply_users ?? []), msg.user])];
        parent.latest_reply = msg.ts;
        msg.parent_user_id = parent.user;
      }
    }
    return msg;
  }

  /** @internal */ deleteMessage(channel: string, ts: string): void {
    this.byChannel.get(channel)?.delete(ts);
    this.allMessages = this.allMessages.filter((m) => !(m.channel === channel && m.ts === ts));
  }

  /**
   * @internal With `users` configured, only those (and the bot) exist. Without,
   * any `U…`/`W…` id is a member (synthesized: name = lower-cased id, tz UTC).
   */
  getUser(id: unknown): FakeSlackUser {
    const key = String(id ?? "");
    const u = this.users.get(key);
    if (u) return u;
    if (!this.usersConfigured && /^[UW][A-Z0-9]+$/.test(key))
      return { id: key, name: key.toLowerCase(), real_name: `User ${key}`, tz: "UTC" };
    throw new SlackErr("user_not_found");
  }

  /** @internal */ allUsers(): FakeSlackUser[] {
    return [...this.users.values()];
  }

  /** @internal */ nowMs(): number {
    return this.now();
  }

  /** @internal */ userObject(u: FakeSlackUser): Record<string, any> {
    const tz = u.tz ?? "UTC";
    return {
      id: u.id,
      team_id: this.teamId,
      name: u.name,
      deleted: u.deleted ?? false,
      color: "9f69e7",
      real_name: u.real_name ?? u.name,
      tz,
      tz_label: tz,
      tz_offset: tzOffsetSeconds(tz, this.now()),
      profile: {
        real_name: u.real_name ?? u.name,
        display_name: u.display_name ?? "",
        real_name_normalized: u.real_name ?? u.name,
        display_name_normalized: u.display_name ?? "",
        ...(u.email ? { email: u.email } : {}),
        image_48: `https://fake.slack-edge.com/${u.id}_48.png`,
        team: this.teamId,
      },
      is_admin: u.is_admin ?? false,
      is_owner: false,
      is_bot: u.is_bot ?? false,
      is_app_user: false,
      updated: Math.floor(this.now() / 1000),
    };
  }

  /** @internal */ useTrigger(trigger: unknown): void {
    const t = typeof trigger === "string" ? trigger : "";
    if (!t) throw new SlackErr("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: trigger_id"] } });
    const m = /^fake\.(\d+)\./.exec(t);
    if (m && this.now() - Number(m[1]) > this.triggerTtlMs) throw new SlackErr("expired_trigger_id");
    if (this.usedTriggers.has(t)) throw new SlackErr("exchanged_trigger_id");
    this.usedTriggers.add(t);
  }

  /** @internal */ makeView(view: unknown, via: SlackView["opened_via"], prev?: SlackView): SlackView {
    if (!view || typeof view !== "object") {
      throw new SlackErr("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: view"] } });
    }
    const v = view as Record<string, any>;
    const problems: string[] = [];
    if (!["modal", "home"].includes(v.type)) problems.push("[ERROR] must be a valid enum value [json-pointer:/view/type]");
    if (v.type === "modal" && !v.title) problems.push("[ERROR] missing required field: title [json-pointer:/view]");
    if (!Array.isArray(v.blocks)) problems.push("[ERROR] missing required field: blocks [json-pointer:/view]");
    else if (v.blocks.length > 100) problems.push("[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]");
    else
      v.blocks.forEach((b: any, i: number) => {
        if (!b || typeof b.type !== "string") problems.push(`[ERROR] missing required field: type [json-pointer:/view/blocks/${i}]`);
      });
    if (typeof v.private_metadata === "string" && v.private_metadata.length > 3000) {
      problems.push("[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]");
    }
    if (problems.length) throw new SlackErr("invalid_arguments", { response_metadata: { messages: problems } });
    const id = prev?.id ?? `V${String(++this.seq).padStart(8, "0")}`;
    return {
      ...v,
      id,
      team_id: this.teamId,
      type: v.type,
      blocks: v.blocks,
      callback_id: v.callback_id ?? "",
      private_metadata: v.private_metadata ?? "",
      external_id: v.external_id ?? prev?.external_id ?? "",
      hash: `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString("hex")}`,
      state: { values: {} },
      clear_on_close: v.clear_on_close ?? false,
      notify_on_close: v.notify_on_close ?? false,
      root_view_id: prev?.root_view_id ?? id,
      previous_view_id: prev?.previous_view_id ?? null,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
      opened_via: prev?.opened_via ?? via,
      ...(prev?.user_id ? { user_id: prev.user_id } : {}),
    };
  }

  /** @internal */ newFileId(): string {
    return `F${String(++this.seq).padStart(9, "0")}`;
  }

  /** @internal */ get knownMessages(): SlackMessage[] {
    return this.allMessages;
  }
}

type SlackHandler = (this: FakeSlackApi, p: Record<string, any>) => Record<string, unknown>;

function checkMessageContent(p: Record<string, any>, requireContent: boolean): void {
  const hasText = typeof p.text === "string" && p.text !== "";
  if (p.blocks !== undefined) {
    if (!Array.isArray(p.blocks)) throw new SlackErr("invalid_blocks_format");
    if (p.blocks.length > 50)
      throw new SlackErr("invalid_blocks", {
        response_metadata: { messages: ["[ERROR] no more than 50 items allowed [json-pointer:/blocks]"] },
      });
    p.blocks.forEach((b: any, i: number) => {
      if (!b || typeof b.type !== "string") {
        throw new SlackErr("invalid_blocks", {
          response_metadata: { messages: [`[ERROR] missing required field: type [json-pointer:/blocks/${i}]`] },
        });
      }
    });
  }
  if (p.attachments !== undefined && !Array.isArray(p.attachments)) throw new SlackErr("invalid_attachments");
  const hasBlocks = Array.isArray(p.blocks) && p.blocks.length > 0;
  const hasAttachments = Array.isArray(p.attachments) && p.attachments.length > 0;
  if (requireContent && !hasText && !hasBlocks && !hasAttachments) throw new SlackErr("no_text");
  if (hasText && p.text.length > 40_000) throw new SlackErr("msg_too_long");
}

/** Message fields copied from chat.postMessage params (everything else becomes extra fields). */
const POST_META = new Set(["channel", "text", "blocks", "attachments", "thread_ts", "reply_broadcast", "metadata", "as_user"]);

const handlers = {
  "api.test"(p) {
    return { args: p };
  },
  "auth.test"() {
    return {
      url: `https://${this.teamDomain}.slack.com/`,
      team: this.teamName,
      user: "desk-bot",
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    };
  },
  "chat.postMessage"(p) {
    const channel = this.resolveChannel(p.channel);
    checkMessageContent(p, true);
    const ts = this.newTs();
    const extra = Object.fromEntries(Object.entries(p).filter(([k]) => !POST_META.has(k)));
    const thread_ts = p.thread_ts !== undefined && p.thread_ts !== "" ? String(p.thread_ts) : undefined;
    const msg: SlackMessage = {
      ...extra,
      type: "message",
      channel,
      ts,
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
      ...(p.text !== undefined ? { text: String(p.text) } : { text: "" }),
      ...(Array.isArray(p.blocks) ? { blocks: p.blocks } : {}),
      ...(Array.isArray(p.attachments) ? { attachments: p.attachments } : {}),
      ...(thread_ts ? { thread_ts } : {}),
      ...(thread_ts && bool(p.reply_broadcast) ? { reply_broadcast: true, subtype: "thread_broadcast" } : {}),
      ...(p.metadata ? { metadata: p.metadata } : {}),
    };
    this.storeMessage(channel, msg);
    const { channel: _c, ...message } = msg;
    return { channel, ts, message };
  },
  "chat.update"(p) {
    const channel = this.resolveChannel(p.channel);
    const msg = this.findMessage(channel, p.ts);
    if (msg.user !== this.botUserId) throw new SlackErr("cant_update_message");
    checkMessageContent(p, p.blocks === undefined && p.attachments === undefined && !msg.blocks?.length && !msg.attachments?.length);
    if (p.text !== undefined) msg.text = String(p.text);
    if (p.blocks !== undefined) {
      if (p.blocks.length) msg.blocks = p.blocks;
      else delete msg.blocks;
    }
    if (p.attachments !== undefined) {
      if (p.attachments.length) msg.attachments = p.attachments;
      else delete msg.attachments;
    }
    msg.edited = { user: this.botUserId, ts: this.newTs() };
    const { channel: _c, ...message } = msg;
    return { channel, ts: msg.ts, text: msg.text ?? "", message };
  },
  "chat.delete"(p) {
    const channel = this.resolveChannel(p.channel);
    const msg = this.findMessage(channel, p.ts);
    if (msg.user !== this.botUserId) throw new SlackErr("cant_delete_message");
    this.deleteMessage(channel, msg.ts);
    return { channel, ts: msg.ts };
  },
  "chat.postEphemeral"(p) {
    const channel = this.resolveChannel(p.channel);
    if (!p.user) throw new SlackErr("user_not_found");
    checkMessageContent(p, true);
    const message_ts = this.newTs();
    this.ephemerals.push({
      channel,
      user: String(p.user),
      ...(p.text !== undefined ? { text: String(p.text) } : {}),
      ...(Array.isArray(p.blocks) ? { blocks: p.blocks } : {}),
      ...(p.thread_ts ? { thread_ts: String(p.thread_ts) } : {}),
      message_ts,
    });
    return { message_ts };
  },
  "chat.getPermalink"(p) {
    const channel = this.resolveChannel(p.channel);
    const msg = this.findMessage(channel, p.message_ts);
    let permalink = `https://${this.teamDomain}.slack.com/archives/${channel}/p${msg.ts.replace(".", "")}`;
    if (msg.thread_ts && msg.thread_ts !== msg.ts) permalink += `?thread_ts=${msg.thread_ts}&cid=${channel}`;
    return { channel, permalink };
  },
  "conversations.open"(p) {
    if (p.channel) return { channel: { id: String(p.channel) } };
    const users = String(p.users ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (users.length === 0) throw new SlackErr("users_list_not_supplied");
    for (const u of users) this.getUser(u);
    const id =
      users.length === 1
        ? this.dmChannel(users[0]!)
        : `G0MPIM${users
            .sort()
            .join("")
            .replace(/[^A-Z0-9]/g, "")
            .slice(0, 10)}`;
    const full = bool(p.return_im);
    return {
      ...(full ? {} : { no_op: true, already_open: true }),
      channel: full
        ? { id, created: 1700000000, is_im: users.length === 1, is_org_shared: false, user: users[0], is_user_deleted: false, priority: 0 }
        : { id },
    };
  },
  "conversations.replies"(p) {
    const channel = this.resolveChannel(p.channel);
    const ts = String(p.ts ?? "");
    const anchor = this.knownMessages.find((m) => m.channel === channel && m.ts === ts);
    if (!anchor) throw new SlackErr("thread_not_found");
    const root = anchor.thread_ts ?? anchor.ts;
    const all = this.thread(channel, root);
    const start = p.cursor ? Number(Buffer.from(String(p.cursor), "base64").toString().replace("offset:", "")) : 0;
    const limit = p.limit ? Math.max(1, Number(p.limit)) : 1000;
    const page = all.slice(start, start + limit).map(({ channel: _c, ...m }) => m);
    const more = start + limit < all.length;
    return {
      messages: page,
      has_more: more,
      ...(more ? { response_metadata: { next_cursor: Buffer.from(`offset:${start + limit}`).toString("base64") } } : {}),
    };
  },
  "conversations.history"(p) {
    const channel = this.resolveChannel(p.channel);
    const all = this.messages(channel)
      .filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast)
      .filter((m) => (p.oldest === undefined || m.ts > String(p.oldest)) && (p.latest === undefined || m.ts < String(p.latest)))
      .reverse();
    const start = p.cursor ? Number(Buffer.from(String(p.cursor), "base64").toString().replace("offset:", "")) : 0;
    const limit = p.limit ? Math.max(1, Number(p.limit)) : 100;
    const more = start + limit < all.length;
    return {
      messages: all.slice(start, start + limit).map(({ channel: _c, ...m }) => m),
      has_more: more,
      ...(more ? { response_metadata: { next_cursor: Buffer.from(`offset:${start + limit}`).toString("base64") } } : {}),
    };
  },
  "users.info"(p) {
    return { user: this.userObject(this.getUser(p.user)) };
  },
  "users.lookupByEmail"(p) {
    const u = this.allUsers().find((x) => x.email && x.email === p.email);
    if (!u) throw new SlackErr("users_not_found");
    return { user: this.userObject(u) };
  },
  "views.open"(p) {
    this.useTrigger(p.trigger_id);
    const view = this.makeView(p.view, "views.open");
    this.views.set(view.id, view);
    return { view };
  },
  "views.push"(p) {
    this.useTrigger(p.trigger_id);
    const view = this.makeView(p.view, "views.push");
    this.views.set(view.id, view);
    return { view };
  },
  "views.update"(p) {
    let prev: SlackView | undefined;
    if (p.view_id) prev = this.views.get(String(p.view_id));
    else if (p.external_id) prev = [...this.views.values()].find((v) => v.external_id === p.external_id);
    else throw new SlackErr("invalid_arguments", { response_metadata: { messages: ["[ERROR] view_id or external_id is required"] } });
    if (!prev) throw new SlackErr("not_found");
    if (p.hash !== undefined && p.hash !== "" && p.hash !== prev.hash) throw new SlackErr("hash_conflict");
    const view = this.makeView(p.view, "views.open", prev);
    this.views.set(view.id, view);
    return { view };
  },
  "views.publish"(p) {
    const user = this.getUser(p.user_id);
    const prev = [...this.views.values()].find((v) => v.opened_via === "views.publish" && v.user_id === user.id);
    if (prev && p.hash !== undefined && p.hash !== "" && p.hash !== prev.hash) throw new SlackErr("hash_conflict");
    const view = { ...this.makeView(p.view, "views.publish", prev), user_id: user.id };
    this.views.set(view.id, view);
    return { view };
  },
  "files.getUploadURLExternal"(p) {
    if (!p.filename)
      throw new SlackErr("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: filename"] } });
    const length = Number(p.length);
    if (!Number.isFinite(length) || length < 1)
      throw new SlackErr("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: length"] } });
    const id = this.newFileId();
    this.files.set(id, { id, filename: String(p.filename), length, alt_text: p.alt_text, completed: false });
    return { upload_url: `${this.baseUrl}/upload/v1/${id}`, file_id: id };
  },
  "files.info"(p) {
    return { file: this.fileObject(String(p.file ?? "")) };
  },
  "files.completeUploadExternal"(p) {
    const list = p.files;
    if (!Array.isArray(list) || list.length === 0) throw new SlackErr("invalid_arguments");
    const out = list.map((f: { id: string; title?: string }) => {
      const file = this.files.get(String(f?.id));
      if (!file || !file.data) throw new SlackErr("file_not_found");
      file.completed = true;
      file.title = f.title ?? file.filename;
      return {
        id: file.id,
        created: Math.floor(this.nowMs() / 1000),
        name: file.filename,
        title: file.title,
        mimetype: "application/octet-stream",
        filetype: file.filename.split(".").pop() ?? "binary",
        user: this.botUserId,
        size: file.data.length,
        url_private: `${this.baseUrl}/files-pri/${this.teamId}-${file.id}/${encodeURIComponent(file.filename)}`,
        permalink: `https://${this.teamDomain}.slack.com/files/${this.botUserId}/${file.id}/${encodeURIComponent(file.filename)}`,
        ...(file.alt_text ? { alt_txt: file.alt_text } : {}),
      };
    });
    if (p.channel_id) {
      const channel = this.resolveChannel(p.channel_id);
      const thread_ts = p.thread_ts ? String(p.thread_ts) : undefined;
      this.storeMessage(channel, {
        type: "message",
        channel,
        ts: this.newTs(),
        user: this.botUserId,
        bot_id: this.botId,
        text: p.initial_comment ? String(p.initial_comment) : "",
        files: out,
        upload: true,
        ...(Array.isArray(p.blocks) ? { blocks: p.blocks } : {}),
        ...(thread_ts ? { thread_ts } : {}),
      });
    }
    return { files: out };
  },
  "reactions.add"(p) {
    const channel = this.resolveChannel(p.channel);
    const msg = this.findMessage(channel, p.timestamp);
    const name = String(p.name ?? "").replace(/^:|:$/g, "");
    if (!/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(name)) throw new SlackErr("invalid_name");
    msg.reactions ??= [];
    let r = msg.reactions.find((x) => x.name === name);
    if (r?.users.includes(this.botUserId)) throw new SlackErr("already_reacted");
    if (!r) {
      r = { name, users: [], count: 0 };
      msg.reactions.push(r);
    }
    r.users.push(this.botUserId);
    r.count++;
    return {};
  },
  "reactions.remove"(p) {
    const channel = this.resolveChannel(p.channel);
    const msg = this.findMessage(channel, p.timestamp);
    const name = String(p.name ?? "").replace(/^:|:$/g, "");
    const r = msg.reactions?.find((x) => x.name === name && x.users.includes(this.botUserId));
    if (!r) throw new SlackErr("no_reaction");
    r.users = r.users.filter((u) => u !== this.botUserId);
    r.count--;
    if (r.count === 0) msg.reactions = msg.reactions!.filter((x) => x !== r);
    return {};
  },
} satisfies Record<string, SlackHandler>;
