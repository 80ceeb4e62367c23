/**
 * Delivers staff outbox rows ({@link StaffOutbound}, platform "slack") with the Slack Web
 * API, mapping Slack failures to the outbox's retry policy. The outbox owns retries and
 * pacing, so the WebClient must not retry by itself: build it with {@link createSlackClient}.
 */
import { ErrorCode, WebClient, type Logger as SlackLogger, type WebAPICallError } from "@slack/web-api";
import type { Logger } from "../../core/log.ts";
import { DeliveryError, type DeliveryResult, type Transport } from "../../core/outbox/index.ts";
import { inlineBytes, type StaffOutbound, type ThreadRef } from "../../core/staff/outbound.ts";
import type { OutboxRow } from "../../core/store/index.ts";
import { toBlocks } from "./serialize.ts";

/** Wait this long when Slack says `ratelimited` without a Retry-After. */
export const SLACK_DEFAULT_RETRY_AFTER_MS = 2000;
/** A ticket's card is not posted yet: look again this soon (its post is usually just ahead in the queue). */
export const SLACK_CARD_PENDING_RETRY_MS = 3000;
/** Web API and response_url requests give up after this long (the outbox lease is 2 minutes). */
export const SLACK_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Slack platform errors (`ok: false`) that no retry can fix. Platform errors not listed here
 * and not in {@link SLACK_TEMPORARY_ERRORS} are also treated as permanent: Slack reports
 * transient trouble with HTTP 5xx/429 or the temporary errors below.
 */
export const SLACK_PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "no_permission",
  "org_login_required",
  "ekm_access_denied",
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_arguments",
  "invalid_arg_name",
  "msg_too_long",
  "msg_blocks_too_long",
  "no_text",
  "too_many_attachments",
  "user_not_found",
  "user_not_in_channel",
  "users_not_found",
  "cannot_dm_bot",
  "user_disabled",
  "missing_scope",
  "not_authed",
  "not_allowed_token_type",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
  "thread_not_found",
  "file_not_found",
  "expired_url",
  "used_url",
]);

/** Slack platform errors worth another try later. */
export const SLACK_TEMPORARY_ERRORS: ReadonlySet<string> = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "timeout",
  "team_added_to_org",
]);

/** Where a ticket's card is, or null while it is not posted yet. */
export type TicketCardLookup = (ticketId: number) => Promise<{ channel: string; ts: string } | null>;
/** Fetches a customer's file (e.g. a Telegram photo) for upload; throw DeliveryError("PERMANENT") when it is gone. */
export type FileFetcher = (source: { platform: string; fileId: string }) => Promise<{ data: Buffer; filename: string }>;

export interface SlackTransportOptions {
  client: WebClient;
  tickets: TicketCardLookup;
  fetchFile: FileFetcher;
  log?: Logger;
  /** For response_url POSTs (default: global fetch). */
  fetch?: typeof fetch;
}

/** The payload of an outbox row of kind K (the {@link StaffOutbound} without `kind`). */
type Payload<K extends StaffOutbound["kind"]> = Omit<Extract<StaffOutbound, { kind: K }>, "kind">;

/**
 * Builds the WebClient the desk uses for Slack: no retries of its own and rate-limited calls
 * rejected at once (the outbox reschedules them), requests time out. `opts.logger` takes a
 * Slack-style logger, e.g. `toBoltLogger(log)` from bots/slack/receiver.ts.
 *
 * @example
 * ```ts
 * const client = createSlackClient(process.env.SLACK_BOT_TOKEN!, process.env.SLACK_API_URL, { logger: toBoltLogger(log) });
 * ```
 */
export function createSlackClient(token: string, slackApiUrl?: string, opts: { timeoutMs?: number; logger?: SlackLogger } = {}): WebClient {
  return new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? SLACK_REQUEST_TIMEOUT_MS,
  });
}

/**
 * @example
 * ```ts
 * const transport = new SlackTransport({
 *   client: createSlackClient(token, apiUrl),
 *   tickets: async (id) => {
 *     const t = await store.tickets.byId(id);
 *     return t?.slackChannel && t.slackTs ? { channel: t.slackChannel, ts: t.slackTs } : null;
 *   },
 *   fetchFile: async ({ fileId }) => downloadTelegramFile(bot.api, token, apiRoot, fileId),
 * });
 * sender.register(transport, createPacer({ perChatPerSec: 1, globalPerSec: 20 }));
 * ```
 */
export class SlackTransport implements Transport {
  readonly platform = "slack";
  private readonly client: WebClient;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly o: SlackTransportOptions) {
    this.client = o.client;
    this.fetchFn = o.fetch ?? globalThis.fetch;
  }

  async deliver(row: OutboxRow): Promise<DeliveryResult> {
    const p = row.payload as any;
    try {
      switch (row.kind as StaffOutbound["kind"]) {
        case "post":
          return await this.post(p as Payload<"post">);
        case "update":
          return await this.update(p as Payload<"update">);
        case "ephemeral":
          return await this.ephemeral(p as Payload<"ephemeral">);
        case "respond":
          return await this.respond(p as Payload<"respond">);
        case "dm":
          return await this.dm(p as Payload<"dm">);
        case "file":
          return await this.file(p as Payload<"file">);
        default:
          throw new DeliveryError("PERMANENT", `unknown slack outbox kind ${row.kind}`);
      }
    } catch (err) {
      const e = toDeliveryError(err);
      this.o.log?.debug("slack.deliver_failed", { id: row.id, kind: row.kind, code: e.code, error: e.message });
      throw e;
    }
  }

  /** The channel and thread ts of a {@link ThreadRef}; a ticket's thread lives where its card is. */
  private async thread(channel: string, ref: ThreadRef | undefined): Promise<{ channel: string; threadTs?: string }> {
    if (!ref) return { channel };
    if ("ts" in ref && ref.ts) return { channel, threadTs: ref.ts };
    if ("ticketId" in ref) {
      const card = await this.o.tickets(ref.ticketId);
      if (!card)
        throw new DeliveryError("TEMPORARY", `the card of ticket ${ref.ticketId} is not posted yet`, {
          retryAfterMs: SLACK_CARD_PENDING_RETRY_MS,
        });
      return { channel: card.channel, threadTs: card.ts };
    }
    throw new DeliveryError("PERMANENT", `bad thread reference ${JSON.stringify(ref)}`);
  }

  private async post(p: Payload<"post">): Promise<DeliveryResult> {
    const { channel, threadTs } = await this.thread(p.channel, p.thread);
    const m = toBlocks(p.card);
    const res = await this.client.chat.postMessage({
      channel,
      text: m.text,
      blocks: m.blocks,
      thread_ts: threadTs,
      unfurl_links: false,
      unfurl_media: false,
    });
    return { platformMessageId: res.ts, meta: { channel: res.channel ?? channel } };
  }

  private async update(p: Payload<"update">): Promise<DeliveryResult> {
    let channel = p.channel;
    let ts = p.ts;
    if (!ts && p.ticketId !== undefined) {
      const card = await this.o.tickets(p.ticketId);
      if (!card)
        throw new DeliveryError("TEMPORARY", `the card of ticket ${p.ticketId} is not posted yet`, {
          retryAfterMs: SLACK_CARD_PENDING_RETRY_MS,
        });
      ({ channel, ts } = card);
    }
    if (!ts) throw new DeliveryError("PERMANENT", "update without ts or ticketId");
    const m = toBlocks(p.card);
    const res = await this.client.chat.update({ channel, ts, text: m.text, blocks: m.blocks });
    return { platformMessageId: res.ts ?? ts, meta: { channel: res.channel ?? channel } };
  }

  private async ephemeral(p: Payload<"ephemeral">): Promise<DeliveryResult> {
    const { channel, threadTs } = await this.thread(p.channel, p.thread);
    const m = toBlocks(p.card);
    const res = await this.client.chat.postEphemeral({ channel, user: p.user, text: m.text, blocks: m.blocks, thread_ts: threadTs });
    return { platformMessageId: res.message_ts, meta: { channel } };
  }

  private async respond(p: Payload<"respond">): Promise<DeliveryResult> {
    const m = toBlocks(p.card);
    const body = { response_type: "ephemeral", replace_original: p.replaceOriginal ?? false, text: m.text, blocks: m.blocks };
    let res: Response;
    try {
      res = await this.fetchFn(p.responseUrl, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(body),
        redirect: "error",
        signal: AbortSignal.timeout(SLACK_REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new DeliveryError("TEMPORARY", `response_url: ${(err as Error)?.message ?? err}`, { cause: err });
    }
    const text = await res.text().catch(() => "");
    if (res.status === 429) {
      const s = Number(res.headers.get("retry-after"));
      throw new DeliveryError("RATE_LIMITED", "response_url: 429", { retryAfterMs: s > 0 ? s * 1000 : SLACK_DEFAULT_RETRY_AFTER_MS });
    }
    if (res.status >= 500 || res.status === 408) throw new DeliveryError("TEMPORARY", `response_url: HTTP ${res.status}`);
    if (res.status === 404 || res.status === 410)
      throw new DeliveryError("PERMANENT", `response_url expired (HTTP ${res.status}) ${text.slice(0, 100)}`.trim());
    if (res.status !== 200) throw new DeliveryError("PERMANENT", `response_url: HTTP ${res.status} ${text.slice(0, 100)}`.trim());
    // Slack answers 200 "ok" or a JSON { ok: false, error } for a refused message
    let json: { ok?: boolean; error?: string } | undefined;
    try {
      json = text.startsWith("{") ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (json && json.ok === false) throw platformError(json.error ?? "unknown_error", "response_url");
    return {};
  }

  private async dm(p: Payload<"dm">): Promise<DeliveryResult> {
    const open = await this.client.conversations.open({ users: p.user });
    const channel = open.channel?.id;
    if (!channel) throw new DeliveryError("TEMPORARY", `conversations.open gave no channel for ${p.user}`);
    const m = toBlocks(p.card);
    const res = await this.client.chat.postMessage({ channel, text: m.text, blocks: m.blocks, unfurl_links: false, unfurl_media: false });
    return { platformMessageId: res.ts, meta: { channel: res.channel ?? channel } };
  }

  private async file(p: Payload<"file">): Promise<DeliveryResult> {
    const { channel, threadTs } = await this.thread(p.channel, p.thread);
    let file: { data: Buffer; filename: string };
    const src = p.source;
    if ("content" in src) {
      file = { data: inlineBytes(src), filename: src.filename };
    } else {
      try {
        file = await this.o.fetchFile(src);
      } catch (err) {
        throw fetchFailure(err, src);
      }
    }
    const upload = { file: file.data, filename: file.filename, title: p.title ?? file.filename };
    const res = (await (threadTs
      ? this.client.files.uploadV2({ ...upload, channel_id: channel, thread_ts: threadTs })
      : this.client.files.uploadV2({ ...upload, channel_id: channel }))) as { files?: { files?: { id?: string }[] }[] };
    const fileId = res.files?.[0]?.files?.[0]?.id;
    return { platformMessageId: fileId, meta: { channel, ...(fileId ? { fileId } : {}) } };
  }
}

function platformError(error: string, where: string, cause?: unknown): DeliveryError {
  if (error === "ratelimited" || error === "rate_limited") {
    return new DeliveryError("RATE_LIMITED", `${where}: ${error}`, { retryAfterMs: SLACK_DEFAULT_RETRY_AFTER_MS, cause });
  }
  if (SLACK_TEMPORARY_ERRORS.has(error)) return new DeliveryError("TEMPORARY", `${where}: ${error}`, { cause });
  return new DeliveryError("PERMANENT", `${where}: ${error}`, { cause });
}

/** A failure of the FileFetcher: DeliveryErrors as thrown; HTTP-ish 4xx (grammY's error_code, status) → permanent. */
function fetchFailure(err: unknown, source: { platform: string; fileId: string }): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as {
    error_code?: unknown;
    status?: unknown;
    statusCode?: unknown;
    message?: string;
    parameters?: { retry_after?: number };
  };
  const status = [e?.error_code, e?.status, e?.statusCode].find((x): x is number => typeof x === "number");
  const what = `fetching ${source.platform} file ${source.fileId}: ${e?.message ?? String(err)}`;
  if (status === 429) return new DeliveryError("RATE_LIMITED", what, { retryAfterMs: (e.parameters?.retry_after ?? 1) * 1000, cause: err });
  if (status !== undefined && status >= 400 && status < 500 && status !== 408) return new DeliveryError("PERMANENT", what, { cause: err });
  return new DeliveryError("TEMPORARY", what, { cause: err });
}

/**
 * Maps Web API failures: rate limits → wait Retry-After; HTTP 5xx and network errors →
 * retry; platform errors → dead unless known to be transient.
 *
 * @example
 * ```ts
 * try { await client.chat.postMessage(args); } catch (err) { throw toDeliveryError(err); }
 * ```
 */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as Partial<WebAPICallError> & { message?: string };
  switch (e?.code as string | undefined) {
    case ErrorCode.RateLimitedError: {
      const s = (e as { retryAfter?: number }).retryAfter;
      return new DeliveryError("RATE_LIMITED", `429 rate limited (retry after ${s}s)`, {
        retryAfterMs: typeof s === "number" && s > 0 ? s * 1000 : SLACK_DEFAULT_RETRY_AFTER_MS,
        cause: err,
      });
    }
    case ErrorCode.PlatformError:
      return platformError(String((e as { data?: { error?: string } }).data?.error ?? "unknown_error"), "slack", err);
    case ErrorCode.HTTPError: {
      const status = (e as { statusCode?: number }).statusCode ?? 0;
      if (status === 429) return new DeliveryError("RATE_LIMITED", "HTTP 429", { retryAfterMs: SLACK_DEFAULT_RETRY_AFTER_MS, cause: err });
      if (status >= 500 || status === 408) return new DeliveryError("TEMPORARY", `HTTP ${status}`, { cause: err });
      return new DeliveryError("PERMANENT", `HTTP ${status}`, { cause: err });
    }
    case ErrorCode.RequestError:
      return new DeliveryError("TEMPORARY", `network: ${(e as { original?: Error }).original?.message ?? e.message}`, { cause: err });
    case ErrorCode.FileUploadInvalidArgumentsError:
    case ErrorCode.FileUploadReadFileDataError:
      return new DeliveryError("PERMANENT", (err as Error).message, { cause: err });
  }
  // the serializer refuses what Slack cannot carry (e.g. a button value over 2000 characters)
  if (err instanceof RangeError) return new DeliveryError("PERMANENT", err.message, { cause: err });
  return new DeliveryError("TEMPORARY", (err as Error)?.message ?? String(err), { cause: err });
}
