/**
 * Bolt receivers that persist before they acknowledge. Slack wants an answer within 3
 * seconds and retries events it did not get an answer for; the desk answers as soon as the
 * request is stored in the inbox, and runs Bolt's listeners later, from the inbox, with
 * {@link DeskSlackReceiver.process}. A crash between the two loses nothing.
 *
 * The HTTP receiver ({@link DeskSlackReceiver}) serves `POST /slack/events` (Events API,
 * slash commands and interactivity on one URL) on the desk's own HttpServer; the Socket
 * Mode receiver (bots/slack/socket.ts) shares {@link classify} and {@link admit}.
 *
 * What this means for listeners: `ack()` does nothing (the request was acknowledged when it
 * was stored), so a listener cannot answer in the ack (no `ack({ response_action })`, no
 * `ack("text")`); it answers through the outbox (`respond`, `ephemeral`) or the Web API. The
 * one synchronous answer is a modal's validation errors: pass `validateView`.
 */
import type { App, Logger as BoltLogger, Receiver } from "@slack/bolt";
import { isValidSlackRequest, LogLevel } from "@slack/bolt";
import { createHash } from "node:crypto";
import type { Logger } from "../../core/log.ts";
import type { HttpRequest, HttpResponse } from "../http.ts";
import { slackProblem } from "./shape.ts";

/** The path Slack is configured to call (Event Subscriptions, Interactivity, /desk). */
export { SLACK_EVENTS_PATH, SLACK_MAX_REQUEST_BYTES } from "./names.ts";
/** What Slack is told to wait when a request could not be stored (the database is down). */
export const SLACK_RETRY_AFTER_SEC = 5;
/** Requests signed longer ago (or further ahead) than this are refused, as Slack recommends. */
export const SLACK_SIGNATURE_MAX_AGE_SEC = 300;

/** What is stored in the inbox for one Slack request, and given back to {@link DeskSlackReceiver.process}. */
export interface SlackStoredEvent {
  /** The parsed request body (event_callback envelope, slash command fields, or interaction payload). */
  body: Record<string, any>;
  retryNum?: number;
  retryReason?: string;
}

export interface SlackInboundInput {
  platform: "slack";
  externalId: string;
  chatKey: string;
  payload: SlackStoredEvent;
  /** the request as received (kept in base64 when the payload had to be cleaned) */
  raw?: Buffer;
  /** why the request cannot be acted on: stored as invalid and never processed */
  invalid?: string;
}

/** Persists an inbound request (InboxProcessor.accept): resolves when it is durable. */
export type AcceptFn = (input: SlackInboundInput) => Promise<{ duplicate: boolean }>;

/**
 * Checks a view_submission synchronously, before it is stored. Returns errors by block_id
 * (the modal stays open and shows them), or null/undefined/{} when the input is fine.
 */
export type ViewValidator = (payload: Record<string, any>) => Record<string, string> | null | undefined;

/** How a Slack request is handled. */
export type Classified =
  | { kind: "url_verification"; challenge: string }
  | { kind: "ssl_check" }
  | { kind: "ignore"; reason: string }
  | { kind: "store"; type: string; externalId: string; chatKey: string };

/** Interaction payload types the desk stores (others are acknowledged and dropped). */
const INTERACTIONS = new Set([
  "block_actions",
  "view_submission",
  "view_closed",
  "shortcut",
  "message_action",
  "interactive_message",
  "dialog_submission",
]);

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function bodyHash(body: unknown): string {
  return createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 32);
}

/**
 * Decides what a parsed Slack request is: the URL handshake, an SSL check, something to
 * store (with its dedup id and the chat it belongs to), or something to acknowledge and drop.
 *
 * - events: externalId `ev:${event_id}` (Slack's retries carry the same event_id); chatKey
 *   the event's channel, else its user.
 * - interactions: `${type}:${trigger_id ?? action_ts ?? view.id:view.hash}`; chatKey the
 *   channel of the message, else the user.
 * - slash commands: `cmd:${trigger_id}`; chatKey channel_id, else user_id.
 *
 * @example
 * ```ts
 * classify({ type: "event_callback", event_id: "Ev1", event: { type: "message", channel: "C1" } });
 * // { kind: "store", type: "event_callback", externalId: "ev:Ev1", chatKey: "C1" }
 * ```
 */
export function classify(body: Record<string, any>): Classified {
  const type = str(body.type);
  if (type === "url_verification") return { kind: "url_verification", challenge: String(body.challenge ?? "") };
  if (body.ssl_check === "1" || body.ssl_check === 1) return { kind: "ssl_check" };
  if (type === "event_callback") {
    const ev = (body.event ?? {}) as Record<string, any>;
    const user = str(ev.user) ?? str(ev.user?.id) ?? str(ev.user_id);
    const chatKey =
      str(ev.channel) ?? str(ev.channel?.id) ?? str(ev.channel_id) ?? str(ev.item?.channel) ?? user ?? `team:${body.team_id ?? ""}`;
    return { kind: "store", type, externalId: `ev:${str(body.event_id) ?? bodyHash(body)}`, chatKey };
  }
  if (type === "app_rate_limited") return { kind: "ignore", reason: "app_rate_limited" };
  if (type && INTERACTIONS.has(type)) {
    const key =
      str(body.trigger_id) ??
      str(body.action_ts) ??
      str(body.actions?.[0]?.action_ts) ??
      (str(body.view?.id) ? `${body.view.id}:${body.view.hash ?? ""}` : undefined) ??
      bodyHash(body);
    const chatKey =
      str(body.channel?.id) ?? str(body.container?.channel_id) ?? str(body.user?.id) ?? str(body.user) ?? `team:${body.team?.id ?? ""}`;
    return { kind: "store", type, externalId: `${type}:${key}`, chatKey };
  }
  if (!type && str(body.command)) {
    return {
      kind: "store",
      type: "command",
      externalId: `cmd:${str(body.trigger_id) ?? bodyHash(body)}`,
      chatKey: str(body.channel_id) ?? str(body.user_id) ?? "command",
    };
  }
  return { kind: "ignore", reason: `unsupported request type ${type ?? "(none)"}` };
}

export interface AdmitDeps {
  accept: AcceptFn;
  validateView?: ViewValidator;
  log?: Logger;
}

/** The outcome of {@link admit}: what to answer Slack (undefined = an empty 200 / plain ack). */
export interface Admitted {
  response?: Record<string, unknown>;
  stored: boolean;
  duplicate: boolean;
  classified: Classified;
}

/**
 * The shared intake of both receivers: classify, validate a view submission, persist.
 * Resolves with the acknowledgement to send once the request is durable; rejects when it
 * could not be stored (then do not acknowledge: Slack retries events).
 *
 * @example
 * ```ts
 * const { response } = await admit(body, { retryNum }, { accept: (i) => inbox.accept(i) });
 * await ack(response);
 * ```
 */
export async function admit(
  body: Record<string, any>,
  meta: { retryNum?: number; retryReason?: string; raw?: Buffer },
  deps: AdmitDeps,
): Promise<Admitted> {
  const c = classify(body);
  switch (c.kind) {
    case "url_verification":
      return { response: { challenge: c.challenge }, stored: false, duplicate: false, classified: c };
    case "ssl_check":
      return { stored: false, duplicate: false, classified: c };
    case "ignore":
      deps.log?.info("slack.ignored", { reason: c.reason });
      return { stored: false, duplicate: false, classified: c };
  }
  const problem = slackProblem(c.type, body);
  if (problem) {
    // acknowledged (a retry would be just as wrong), kept for the audit, never processed
    const { duplicate } = await deps.accept({
      platform: "slack",
      externalId: c.externalId,
      chatKey: c.chatKey,
      payload: { body },
      raw: meta.raw,
      invalid: problem,
    });
    return { stored: !duplicate, duplicate, classified: c };
  }
  if (c.type === "view_submission" && deps.validateView) {
    let errors: Record<string, string> | null | undefined;
    try {
      errors = deps.validateView(body);
    } catch (err) {
      // a broken validator must not lose the submission: store it, the handler decides
      deps.log?.error("slack.validate_view_failed", { err, callbackId: body.view?.callback_id });
    }
    if (errors && Object.keys(errors).length) {
      return { response: { response_action: "errors", errors }, stored: false, duplicate: false, classified: c };
    }
  }
  const payload: SlackStoredEvent = { body };
  if (meta.retryNum !== undefined && Number.isFinite(meta.retryNum)) payload.retryNum = meta.retryNum;
  if (meta.retryReason) payload.retryReason = meta.retryReason;
  const { duplicate } = await deps.accept({ platform: "slack", externalId: c.externalId, chatKey: c.chatKey, payload, raw: meta.raw });
  if (duplicate) deps.log?.debug("slack.duplicate", { externalId: c.externalId, retryNum: meta.retryNum });
  return { stored: !duplicate, duplicate, classified: c };
}

/** Runs Bolt's middleware and listeners for a stored request; listeners' ack() is a no-op. */
export async function processStored(app: App | undefined, stored: SlackStoredEvent): Promise<void> {
  if (!app) throw new Error("the Slack receiver has no App yet: create the App with { receiver }");
  await app.processEvent({ body: stored.body, ack: async () => {}, retryNum: stored.retryNum, retryReason: stored.retryReason });
}

/**
 * Our {@link Logger} as a Bolt / @slack/logger logger (for `new App({ logger })` and the
 * Socket Mode client).
 */
export function toBoltLogger(log: Logger, name = "slack"): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let child = log.child({ component: name });
  const text = (msg: unknown[]) =>
    msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const on = (l: LogLevel) => order.indexOf(l) >= order.indexOf(level);
  return {
    debug: (...m: unknown[]) => on(LogLevel.DEBUG) && child.debug(`${name}.debug`, { text: text(m) }),
    info: (...m: unknown[]) => on(LogLevel.INFO) && child.info(`${name}.info`, { text: text(m) }),
    warn: (...m: unknown[]) => on(LogLevel.WARN) && child.warn(`${name}.warn`, { text: text(m) }),
    error: (...m: unknown[]) => on(LogLevel.ERROR) && child.error(`${name}.error`, { text: text(m) }),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: (n: string) => void (child = log.child({ component: n })),
  } as BoltLogger;
}

function header(req: HttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === "string" ? v : undefined;
}

/** Parses a Slack request body: JSON, or form fields (with `payload=<json>` for interactions). */
export function parseSlackBody(raw: string, contentType: string): Record<string, any> {
  let body: unknown;
  if (contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(raw);
    const payload = form.get("payload");
    body = payload !== null ? JSON.parse(payload) : Object.fromEntries(form);
  } else {
    body = JSON.parse(raw);
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new SyntaxError("not a JSON object");
  return body as Record<string, any>;
}

export interface DeskSlackReceiverOptions {
  /** Basic Information → App Credentials → Signing Secret. */
  signingSecret: string;
  /** Persists a request (InboxProcessor.accept). */
  accept: AcceptFn;
  /** Synchronous check of modal submissions (see {@link ViewValidator}). */
  validateView?: ViewValidator;
  log?: Logger;
  /** Clock for the signature's age (ms). */
  now?: () => number;
}

/**
 * A Bolt receiver for HTTP mode that stores each verified request in the inbox before it
 * answers Slack. It does not listen itself: mount {@link handle} on the desk's HttpServer.
 *
 * @example
 * ```ts
 * const receiver = new DeskSlackReceiver({ signingSecret, accept: (i) => inbox.accept(i) });
 * const app = new App({ receiver, token, clientOptions: { slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true } });
 * http.route("POST", SLACK_EVENTS_PATH, (req) => receiver.handle(req));
 * inbox.handle("slack", (event) => receiver.process(event.payload as SlackStoredEvent));
 * ```
 */
export class DeskSlackReceiver implements Receiver {
  private app?: App;
  private readonly now: () => number;

  constructor(private readonly o: DeskSlackReceiverOptions) {
    if (!o.signingSecret) throw new Error("DeskSlackReceiver: signingSecret is required");
    this.now = o.now ?? Date.now;
  }

  /** Called by Bolt's App constructor. */
  init(app: App): void {
    this.app = app;
  }

  /** Nothing to start: the desk's HttpServer serves {@link handle}. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Whether the request carries a valid, fresh Slack signature over its raw body. */
  verify(req: HttpRequest, raw: string): boolean {
    const signature = header(req, "x-slack-signature");
    const ts = header(req, "x-slack-request-timestamp");
    if (!signature || !ts || !/^\d{1,12}$/.test(ts)) return false;
    const now = this.now();
    if (Math.abs(now / 1000 - Number(ts)) > SLACK_SIGNATURE_MAX_AGE_SEC) return false;
    return isValidSlackRequest({
      signingSecret: this.o.signingSecret,
      body: raw,
      headers: { "x-slack-signature": signature, "x-slack-request-timestamp": Number(ts) },
      nowMilliseconds: now,
    });
  }

  /**
   * `POST /slack/events`: verify (401), parse (400), answer the handshake, validate modal
   * submissions, store, then acknowledge with an empty 200 (duplicates too). 503 with
   * Retry-After when the request could not be stored, so that Slack tries again.
   */
  async handle(req: HttpRequest): Promise<HttpResponse> {
    const raw = req.body.toString("utf8");
    const contentType = header(req, "content-type") ?? "";
    // Slack's SSL check is not signed (as in Bolt); it is answered and nothing else is read
    if (contentType.toLowerCase().startsWith("application/x-www-form-urlencoded") && new URLSearchParams(raw).get("ssl_check") === "1") {
      return { status: 200 };
    }
    if (!this.verify(req, raw)) {
      this.o.log?.warn("slack.bad_signature", { from: req.remoteAddress });
      return { status: 401, body: { error: "invalid signature" } };
    }
    let body: Record<string, any>;
    try {
      body = parseSlackBody(raw, contentType);
    } catch (err) {
      this.o.log?.warn("slack.bad_body", { err, contentType });
      return { status: 400, body: { error: "bad request body" } };
    }
    const retryNum = header(req, "x-slack-retry-num");
    let out: Admitted;
    try {
      out = await admit(
        body,
        {
          retryNum: retryNum !== undefined ? Number.parseInt(retryNum, 10) : undefined,
          retryReason: header(req, "x-slack-retry-reason"),
          raw: req.body,
        },
        this.o,
      );
    } catch (err) {
      // not stored, so not acknowledged: Slack retries events
      this.o.log?.error("slack.accept_failed", { err });
      return { status: 503, headers: { "retry-after": String(SLACK_RETRY_AFTER_SEC) }, body: { error: "not stored, try again later" } };
    }
    return out.response ? { status: 200, body: out.response } : { status: 200 };
  }

  /**
   * Runs the App's listeners for a stored request (called by the inbox). Rejects when a
   * listener failed, so the inbox tries again.
   */
  process(stored: SlackStoredEvent): Promise<void> {
    return processStored(this.app, stored);
  }
}
