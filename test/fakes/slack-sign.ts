/**
 * Builds and sends requests to a Slack app's HTTP endpoint (e.g. Bolt's
 * HTTPReceiver at `/slack/events`) exactly the way Slack does: signed with
 * HMAC-SHA256 "v0" over `v0:${timestamp}:${rawBody}`, sent with
 * `X-Slack-Signature: v0=<hex>` and `X-Slack-Request-Timestamp`.
 *
 * Payload builders mirror Slack's real envelopes for the Events API
 * (`event_callback`, `url_verification`), slash commands (form-encoded) and
 * interactivity (`payload=<json>` form-encoded: block_actions, view_submission,
 * view_closed).
 */
import { REQUEST_BUDGET_MS } from "./listen.ts";
import { createHmac, randomBytes } from "node:crypto";
import { makeTriggerId } from "./slack-api.ts";

/** A request body ready to sign and send. `data` is the decoded payload, for assertions. */
export interface SlackRequestPayload {
  contentType: "application/json" | "application/x-www-form-urlencoded";
  body: string;
  data: Record<string, any>;
}

export interface SignedHeaders {
  timestamp: number;
  signature: string;
  headers: { "X-Slack-Request-Timestamp": string; "X-Slack-Signature": string };
}

/**
 * Signs `rawBody` like Slack: `v0=` + hex(HMAC-SHA256(secret, `v0:${ts}:${rawBody}`)).
 * `timestamp` is in seconds (default: now).
 */
export function signSlackRequest(secret: string, rawBody: string, timestamp: number = Math.floor(Date.now() / 1000)): SignedHeaders {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
  return {
    timestamp,
    signature,
    headers: { "X-Slack-Request-Timestamp": String(timestamp), "X-Slack-Signature": signature },
  };
}

/** Workspace/app identity used by the payload builders. Matches FakeSlackApi's defaults. */
export interface SlackIdentity {
  team_id?: string;
  team_domain?: string;
  api_app_id?: string;
  /** The app's bot user id (goes into `authorizations`). */
  bot_user_id?: string;
  /** Legacy verification token (Bolt ignores it). */
  token?: string;
}

const ID = { team_id: "T0FAKE", team_domain: "fake-team", api_app_id: "A0APP", bot_user_id: "U0BOT", token: "fake-verification-token" };
const id = (i?: SlackIdentity) => ({ ...ID, ...i });

let seq = 0;
/** A unique, increasing Slack-style ts ("1712345678.000123") based on the clock. */
export function slackTs(nowMs: number = Date.now()): string {
  seq = (seq + 1) % 1_000_000;
  return `${Math.floor(nowMs / 1000)}.${String(seq).padStart(6, "0")}`;
}

function form(fields: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) p.set(k, v);
  return p.toString();
}

// ----- Events API ----------------------------------------------------------

/** A `message` event as Slack delivers it (channel_type derived from the channel id). */
export interface MessageEventInput {
  type?: "message";
  channel: string;
  user: string;
  text: string;
  ts?: string;
  thread_ts?: string;
  subtype?: string;
  bot_id?: string;
  files?: unknown[];
  [extra: string]: unknown;
}

/** Fills in `ts`, `event_ts`, `channel_type` and `team` of a message event. */
export function messageEvent(e: MessageEventInput, ident?: SlackIdentity): Record<string, any> {
  const ts = e.ts ?? slackTs();
  const channel_type = e.channel.startsWith("D") ? "im" : e.channel.startsWith("G") ? "group" : "channel";
  return { channel_type, team: id(ident).team_id, event_ts: ts, ...e, type: e.type ?? "message", ts };
}

/**
 * An Events API `event_callback` envelope (JSON). A `message` event gets its
 * defaults filled by {@link messageEvent}; other events are passed through.
 */
export function eventCallback(
  opts: { event_id?: string; event_time?: number; event: Record<string, any> } & SlackIdentity,
): SlackRequestPayload {
  const i = id(opts);
  const event =
    opts.event.type === "message" || opts.event.type === undefined ? messageEvent(opts.event as MessageEventInput, i) : opts.event;
  const data = {
    token: i.token,
    team_id: i.team_id,
    context_team_id: i.team_id,
    context_enterprise_id: null,
    api_app_id: i.api_app_id,
    event,
    type: "event_callback",
    event_id: opts.event_id ?? `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: opts.event_time ?? Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: i.team_id, user_id: i.bot_user_id, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(8).toString("hex")}`,
  };
  return { contentType: "application/json", body: JSON.stringify(data), data };
}

/** The `url_verification` handshake; the app must answer `{ challenge }`. */
export function urlVerification(challenge: string = randomBytes(12).toString("hex"), ident?: SlackIdentity): SlackRequestPayload {
  const data = { token: id(ident).token, challenge, type: "url_verification" };
  return { contentType: "application/json", body: JSON.stringify(data), data };
}

// ----- slash commands ------------------------------------------------------

export interface SlashCommandInput extends SlackIdentity {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  /** Default: a dead URL; pass `fakeSlack.responseUrl()` to record responses. */
  response_url?: string;
  /** Default: {@link makeTriggerId}(). */
  trigger_id?: string;
}

/** A slash command invocation (form-encoded, as Slack sends it). */
export function slashCommand(c: SlashCommandInput): SlackRequestPayload {
  const i = id(c);
  const data = {
    token: i.token,
    team_id: i.team_id,
    team_domain: i.team_domain,
    channel_id: c.channel_id,
    channel_name: c.channel_name ?? (c.channel_id.startsWith("D") ? "directmessage" : "general"),
    user_id: c.user_id,
    user_name: c.user_name ?? c.user_id.toLowerCase(),
    command: c.command.startsWith("/") ? c.command : `/${c.command}`,
    text: c.text ?? "",
    api_app_id: i.api_app_id,
    is_enterprise_install: "false",
    response_url: c.response_url ?? "http://127.0.0.1:9/commands/unused",
    trigger_id: c.trigger_id ?? makeTriggerId(),
  };
  return { contentType: "application/x-www-form-urlencoded", body: form(data), data };
}

// ----- interactivity -------------------------------------------------------

export interface BlockActionInput {
  action_id: string;
  value?: string;
  block_id?: string;
  type?: string;
  text?: string;
  /** For static_select & co. */
  selected_option?: { text: { type: "plain_text"; text: string }; value: string };
  /** For users_select. */
  selected_user?: string;
}

export interface BlockActionsInput extends SlackIdentity {
  actions: BlockActionInput[];
  user: { id: string; username?: string; name?: string };
  /** Channel of the message with the button (omit for actions inside a modal: pass `view`). */
  channel?: { id: string; name?: string };
  /** The message the button is on (ts required for message containers). */
  message?: { ts: string; text?: string; blocks?: unknown[]; thread_ts?: string; user?: string; bot_id?: string };
  /** For actions inside a modal. */
  view?: Record<string, any>;
  container?: Record<string, unknown>;
  trigger_id?: string;
  response_url?: string;
  state?: { values: Record<string, unknown> };
}

/** A `block_actions` interaction (`payload=<json>` form-encoded). */
export function blockActions(a: BlockActionsInput): SlackRequestPayload {
  const i = id(a);
  const actionTs = slackTs();
  const container =
    a.container ??
    (a.view
      ? { type: "view", view_id: a.view.id }
      : {
          type: "message",
          message_ts: a.message?.ts,
          channel_id: a.channel?.id,
          is_ephemeral: false,
          ...(a.message?.thread_ts ? { thread_ts: a.message.thread_ts } : {}),
        });
  const payload = {
    type: "block_actions",
    user: {
      id: a.user.id,
      username: a.user.username ?? a.user.id.toLowerCase(),
      name: a.user.name ?? a.user.id.toLowerCase(),
      team_id: i.team_id,
    },
    api_app_id: i.api_app_id,
    token: i.token,
    container,
    trigger_id: a.trigger_id ?? makeTriggerId(),
    team: { id: i.team_id, domain: i.team_domain },
    enterprise: null,
    is_enterprise_install: false,
    ...(a.channel ? { channel: { id: a.channel.id, name: a.channel.name ?? "general" } } : {}),
    ...(a.message ? { message: { type: "message", text: "", user: i.bot_user_id, ...a.message } } : {}),
    ...(a.view ? { view: a.view } : {}),
    state: a.state ?? { values: {} },
    ...(a.view ? {} : { response_url: a.response_url ?? "http://127.0.0.1:9/actions/unused" }),
    actions: a.actions.map((x) => ({
      action_id: x.action_id,
      block_id: x.block_id ?? `blk_${x.action_id}`,
      type: x.type ?? "button",
      action_ts: actionTs,
      ...(x.type === undefined || x.type === "button"
        ? { text: { type: "plain_text", text: x.text ?? x.action_id, emoji: true }, value: x.value ?? "" }
        : {}),
      ...(x.selected_option ? { selected_option: x.selected_option } : {}),
      ...(x.selected_user ? { selected_user: x.selected_user } : {}),
      ...(x.type !== undefined && x.type !== "button" && x.value !== undefined ? { value: x.value } : {}),
    })),
  };
  return { contentType: "application/x-www-form-urlencoded", body: form({ payload: JSON.stringify(payload) }), data: payload };
}

export interface ViewSubmissionInput extends SlackIdentity {
  user: { id: string; username?: string; name?: string };
  view: {
    id?: string;
    callback_id: string;
    private_metadata?: string;
    state?: { values: Record<string, Record<string, unknown>> };
    title?: unknown;
    blocks?: unknown[];
    hash?: string;
    external_id?: string;
  };
  trigger_id?: string;
  /** Only with `response_url_enabled` inputs; usually empty. */
  response_urls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

function viewPayload(type: "view_submission" | "view_closed", v: ViewSubmissionInput) {
  const i = id(v);
  const viewId = v.view.id ?? `V${randomBytes(4).toString("hex").toUpperCase()}`;
  return {
    type,
    team: { id: i.team_id, domain: i.team_domain },
    user: {
      id: v.user.id,
      username: v.user.username ?? v.user.id.toLowerCase(),
      name: v.user.name ?? v.user.id.toLowerCase(),
      team_id: i.team_id,
    },
    api_app_id: i.api_app_id,
    token: i.token,
    ...(type === "view_submission" ? { trigger_id: v.trigger_id ?? makeTriggerId() } : {}),
    view: {
      id: viewId,
      team_id: i.team_id,
      type: "modal",
      blocks: v.view.blocks ?? [],
      private_metadata: v.view.private_metadata ?? "",
      callback_id: v.view.callback_id,
      state: v.view.state ?? { values: {} },
      hash: v.view.hash ?? `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`,
      title: v.view.title ?? { type: "plain_text", text: "Modal", emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: "plain_text", text: "Submit", emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: i.api_app_id,
      external_id: v.view.external_id ?? "",
      app_installed_team_id: i.team_id,
      bot_id: "B0BOT",
    },
    ...(type === "view_submission" ? { response_urls: v.response_urls ?? [] } : {}),
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A `view_submission` interaction (`payload=<json>` form-encoded). */
export function viewSubmission(v: ViewSubmissionInput): SlackRequestPayload {
  const payload = viewPayload("view_submission", v);
  return { contentType: "application/x-www-form-urlencoded", body: form({ payload: JSON.stringify(payload) }), data: payload };
}

/** A `view_closed` interaction (only sent when the view had `notify_on_close`). */
export function viewClosed(v: Omit<ViewSubmissionInput, "trigger_id" | "response_urls">): SlackRequestPayload {
  const payload = { ...viewPayload("view_closed", v), is_cleared: false };
  return { contentType: "application/x-www-form-urlencoded", body: form({ payload: JSON.stringify(payload) }), data: payload };
}

// ----- sending -------------------------------------------------------------

export interface SendSlackOptions {
  /** Sign with another secret (`true` = a random wrong one). */
  wrongSecret?: boolean | string;
  /** Timestamp (seconds) to sign and send. Default: now. */
  timestamp?: number;
  /** Make the timestamp this many seconds old (e.g. 600 for a stale request). */
  staleBySeconds?: number;
  /** Leave out both headers (`true`) or only some. */
  omitHeaders?: boolean | ("signature" | "timestamp")[];
  /** Send this exact X-Slack-Signature value instead of the computed one. */
  signature?: string;
  /** Events API retry headers (`X-Slack-Retry-Num`, `X-Slack-Retry-Reason`). */
  retryNum?: number;
  retryReason?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface SlackHttpResult {
  status: number;
  /** Parsed JSON when the response is JSON, else the text. */
  body: any;
  text: string;
  headers: Record<string, string>;
  /** Wall time until the full response was read. */
  ms: number;
}

/**
 * Signs and POSTs `payload` to `url` like Slack does. `payload` is a built
 * request ({@link eventCallback}, {@link slashCommand}, {@link blockActions},
 * {@link viewSubmission}, …) or any object (sent as JSON).
 */
export async function sendSlack(
  url: string,
  secret: string,
  payload: SlackRequestPayload | Record<string, unknown>,
  opts: SendSlackOptions = {},
): Promise<SlackHttpResult> {
  const req: SlackRequestPayload = isBuilt(payload)
    ? payload
    : { contentType: "application/json", body: JSON.stringify(payload), data: payload as Record<string, any> };
  const now = Math.floor(Date.now() / 1000);
  const ts = opts.timestamp ?? now - (opts.staleBySeconds ?? 0);
  const signingSecret =
    opts.wrongSecret === true
      ? `wrong-${randomBytes(8).toString("hex")}`
      : typeof opts.wrongSecret === "string"
        ? opts.wrongSecret
        : secret;
  const signed = signSlackRequest(signingSecret, req.body, ts);
  const omit = opts.omitHeaders === true ? ["signature", "timestamp"] : opts.omitHeaders || [];
  const headers: Record<string, string> = { "Content-Type": req.contentType, "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)" };
  if (!omit.includes("timestamp")) headers["X-Slack-Request-Timestamp"] = String(ts);
  if (!omit.includes("signature")) headers["X-Slack-Signature"] = opts.signature ?? signed.signature;
  if (opts.retryNum !== undefined) headers["X-Slack-Retry-Num"] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers["X-Slack-Retry-Reason"] = opts.retryReason;
  Object.assign(headers, opts.headers);
  const t0 = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers,
    body: req.body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? REQUEST_BUDGET_MS),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  let body: any = text;
  if (text && (res.headers.get("content-type") ?? "").includes("json")) {
    try {
      body = JSON.parse(text);
    } catch {
      /* keep text */
    }
  }
  return { status: res.status, body, text, headers: Object.fromEntries(res.headers.entries()), ms };
}

function isBuilt(p: unknown): p is SlackRequestPayload {
  return (
    typeof p === "object" &&
    p !== null &&
    typeof (p as SlackRequestPayload).body === "string" &&
    ((p as SlackRequestPayload).contentType === "application/json" ||
      (p as SlackRequestPayload).contentType === "application/x-www-form-urlencoded")
  );
}

/**
 * {@link sendSlack} bound to one endpoint and signing secret.
 *
 * @example
 * ```ts
 * const slackIn = new SlackRequestSender(`http://127.0.0.1:${port}/slack/events`, "s3cret");
 * const r = await slackIn.send(eventCallback({ event: { type: "message", channel: "C1", user: "U1", text: "hi" } }));
 * expect(r.status).toBe(200);
 * expect((await slackIn.send(urlVerification("x"), { wrongSecret: true })).status).toBe(401);
 * ```
 */
export class SlackRequestSender {
  constructor(
    readonly url: string,
    readonly secret: string,
    readonly defaults: SendSlackOptions = {},
  ) {}

  send(payload: SlackRequestPayload | Record<string, unknown>, opts: SendSlackOptions = {}): Promise<SlackHttpResult> {
    return sendSlack(this.url, this.secret, payload, { ...this.defaults, ...opts });
  }
}
