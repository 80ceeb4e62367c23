/**
 * The Slack side of the desk (@slack/bolt): requests are verified and stored by the receiver
 * before Slack is answered; the inbox then runs them through Bolt's listeners here, which
 * translate them into the platform-neutral staff desk.
 */
import { App, type BlockAction, type SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { View } from "@slack/types";
import type { Clock } from "../../core/clock.ts";
import { parseTicketRef } from "../../core/domain/ticket.ts";
import { InvalidUpdateError, type InboundContext, type InboxProcessor } from "../../core/inbox/index.ts";
import type { Logger } from "../../core/log.ts";
import type { StaffContext, StaffDesk } from "../../core/staff/index.ts";
import {
  ASSIGN_ACTION,
  STAFF_ACTIONS,
  isFormAction,
  isInstantAction,
  openForm,
  runAction,
  runCommand,
  submitForm,
} from "../../core/staff/actions.ts";
import { saveProfileName } from "../../core/staff/names.ts";
import type { InboundRow, Store, TicketRow } from "../../core/store/index.ts";
import type { HttpRequest, HttpResponse } from "../http.ts";
import { formModal, formOfModal, modalMeta, resolveModal, validateSubmission, viewValues, type ModalMeta } from "./modals.ts";
import { classify, DeskSlackReceiver, toBoltLogger, type SlackStoredEvent } from "./receiver.ts";
import { slackProblem } from "./shape.ts";
import { actionPattern, parseBlockId } from "./serialize.ts";
import { DeskSocketModeReceiver } from "./socket.ts";
import { slackUserName, type SlackUserNames } from "./profile-names.ts";
import { createSlackClient } from "./transport.ts";
import { parseMention } from "./names.ts";

export interface SlackAdapterOptions {
  botToken: string;
  signingSecret?: string;
  /** Socket Mode when set */
  appToken?: string;
  apiUrl: string;
  store: Store;
  staff: StaffDesk;
  inbox: InboxProcessor;
  /** called after each committed change: wakes the outbox sender and the job runner */
  wake: () => void;
  clock: Clock;
  log: Logger;
  timeZone: string;
  /** breached and at-risk tickets, for /desk overdue */
  overdue: (s: Store) => Promise<{ ticket: TicketRow; clock: "dispatch" | "reply"; lateMs: number }[]>;
}

export { parseMention, slackChannelMention, slackMention } from "./names.ts";

/**
 * @example
 * ```ts
 * const slack = new SlackAdapter({ botToken, signingSecret, apiUrl, store, staff, inbox, sender, clock, log, timeZone });
 * http.route("POST", "/slack/events", (req) => slack.handle(req));
 * await slack.init();
 * ```
 */
export class SlackAdapter {
  readonly app: App;
  /** For the outbox transport (no retries of its own; the outbox retries). */
  readonly client: WebClient;
  private readonly receiver: DeskSlackReceiver | DeskSocketModeReceiver;
  private readonly contexts = new WeakMap<object, InboundContext>();
  private markReady!: () => void;
  private readonly readyP = new Promise<void>((r) => (this.markReady = r));
  ready = false;

  constructor(private readonly o: SlackAdapterOptions) {
    const validateView = (payload: Record<string, any>) => validateSubmission(payload, { timeZone: o.timeZone, now: () => o.clock.now() });
    const accept = (input: Parameters<InboxProcessor["accept"]>[0]) => o.inbox.accept(input);
    const log = o.log;
    this.receiver = o.appToken
      ? new DeskSocketModeReceiver({ appToken: o.appToken, accept, validateView, log, clientOptions: { slackApiUrl: o.apiUrl } })
      : new DeskSlackReceiver({ signingSecret: o.signingSecret ?? "", accept, validateView, log });
    this.app = new App({
      receiver: this.receiver,
      token: o.botToken,
      logger: toBoltLogger(log),
      deferInitialization: true,
      clientOptions: { slackApiUrl: o.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
    });
    this.client = createSlackClient(o.botToken, o.apiUrl);
    // a listener that fails before its transaction committed is retried by the inbox
    this.app.error(async (err) => {
      throw err;
    });
    this.listeners();
    o.inbox.handle("slack", (row, ctx) => this.process(row, ctx));
  }

  get mode(): "http" | "socket" {
    return this.o.appToken ? "socket" : "http";
  }

  /** auth.test, then Socket Mode connects (HTTP mode is served by the desk's server). */
  async init(): Promise<void> {
    await this.app.init();
    this.markReady();
    this.ready = true;
    if (this.receiver instanceof DeskSocketModeReceiver) await this.receiver.start();
  }

  async stop(): Promise<void> {
    await this.receiver.stop();
  }

  /** `POST /slack/events` */
  handle(req: HttpRequest): Promise<HttpResponse> {
    if (!(this.receiver instanceof DeskSlackReceiver))
      return Promise.resolve({ status: 404, body: { error: "Slack runs in Socket Mode" } });
    return this.receiver.handle(req);
  }

  private async process(row: InboundRow, ctx: InboundContext): Promise<void> {
    await this.readyP;
    const stored = row.payload as unknown as SlackStoredEvent;
    // (rows stored before shapes were checked at intake)
    const c = classify(stored.body ?? {});
    const problem = c.kind === "store" ? slackProblem(c.type, stored.body) : null;
    if (problem) throw new InvalidUpdateError("BAD_SHAPE", problem);
    this.contexts.set(stored.body, ctx);
    try {
      await this.receiver.process(stored);
    } finally {
      this.contexts.delete(stored.body);
    }
  }

  /** Runs staff-desk work in the stored event's transaction (exactly once), then wakes the sender. */
  private async tx(body: object, fn: (s: Store) => Promise<void>): Promise<boolean> {
    const inbound = this.contexts.get(body);
    if (!inbound) throw new Error("Slack request reached a listener outside the inbox");
    const done = await inbound.transaction(async (s) => {
      await fn(s);
      return true;
    });
    this.o.wake();
    return !!done;
  }

  private async openModal(ctx: StaffContext, triggerId: string | undefined, view: View): Promise<void> {
    if (!triggerId) return;
    try {
      await this.app.client.views.open({ trigger_id: triggerId, view });
    } catch (err) {
      // the trigger lives 3 s; the person can click again
      this.o.log.warn("slack.views_open_failed", { err, callbackId: view.callback_id });
      await this.o.store.tx((s) => this.o.staff.tell(s, ctx, "⏱️ 请再点一次 / Please click again."));
      this.o.wake();
    }
  }

  private staffLang = async (s: Store, userId: string) => (await s.staff.byUser(userId))?.lang ?? "zh-CN";

  // ── listeners ───────────────────────────────────────────────────────────────────────────

  private listeners(): void {
    const { app, o } = this;
    const staff = o.staff;

    const actionCtx = (body: BlockAction): StaffContext => ({
      userId: body.user.id,
      name: body.user.name,
      reply: body.response_url ? { responseUrl: body.response_url } : body.channel ? { channel: body.channel.id } : null,
    });
    const refOf = (body: BlockAction): number | null => {
      const a = body.actions[0] as { value?: string; block_id?: string };
      return parseTicketRef(a.value ?? parseBlockId(a.block_id)?.value);
    };
    const metaOf = async (s: Store, body: BlockAction, ref: number): Promise<ModalMeta> => ({
      ref,
      lang: await this.staffLang(s, body.user.id),
      responseUrl: body.response_url,
      channel: body.channel?.id,
      threadTs: (body.message as { thread_ts?: string } | undefined)?.thread_ts,
    });

    // buttons that act at once, and Assign (a user picker)
    for (const action of STAFF_ACTIONS.filter((a) => isInstantAction(a) || a === ASSIGN_ACTION)) {
      app.action<BlockAction>(actionPattern(action), async ({ ack, body }) => {
        await ack();
        const a = body.actions[0] as { selected_user?: string };
        if (action === ASSIGN_ACTION && !a.selected_user) return;
        await this.tx(body, (s) =>
          runAction(staff, s, actionCtx(body), action, refOf(body), { selectedUser: a.selected_user }).then(() => {}),
        );
      });
    }

    // buttons that open a form: check first, then open it
    for (const action of STAFF_ACTIONS.filter(isFormAction)) {
      app.action<BlockAction>(actionPattern(action), async ({ ack, body }) => {
        await ack();
        const ctx = actionCtx(body);
        const ref = refOf(body);
        let modal: View | null = null;
        await this.tx(body, async (s) => {
          const opened = await openForm(staff, s, ctx, action, ref);
          if (opened) modal = formModal(opened, await metaOf(s, body, opened.ticket.ref), o.timeZone, o.clock.now());
        });
        if (modal) await this.openModal(ctx, body.trigger_id, modal);
      });
    }

    // modal submissions (already validated by the receiver before they were stored)
    app.view(/^m_/, async ({ ack, body, view }) => {
      await ack();
      const meta = modalMeta(view);
      const form = formOfModal(view.callback_id);
      if (!meta || !form) return;
      const ctx: StaffContext = {
        userId: body.user.id,
        name: body.user.name,
        reply: meta.responseUrl
          ? { responseUrl: meta.responseUrl }
          : meta.channel
            ? { channel: meta.channel, thread: meta.threadTs ? { ts: meta.threadTs } : undefined }
            : null,
      };
      await this.tx(body, (s) =>
        submitForm(staff, s, ctx, form, meta.ref, viewValues(view), { lang: meta.lang, timeZone: o.timeZone, now: o.clock.now() }),
      );
    });

    // staff replies in a ticket's thread go to the customer; notes stay internal
    app.event("message", async ({ event, body }) => {
      const e = event as {
        subtype?: string;
        bot_id?: string;
        user?: string;
        channel: string;
        ts: string;
        thread_ts?: string;
        text?: string;
        files?: { id?: string; name?: string; mimetype?: string; size?: number }[];
      };
      if (e.bot_id || !e.user || !e.thread_ts || e.thread_ts === e.ts) return;
      const files = (e.files ?? [])
        .filter((f) => f.id)
        .map((f) => ({ id: f.id!, name: f.name ?? f.id!, mimetype: f.mimetype ?? "application/octet-stream", size: f.size ?? 0 }));
      if (e.subtype && e.subtype !== "file_share" && e.subtype !== "thread_broadcast") return;
      await this.tx(body, async (s) => {
        const ticket = await s.tickets.bySlackThread(e.channel, e.thread_ts!);
        if (!ticket) return;
        const ctx: StaffContext = { userId: e.user!, reply: { channel: e.channel, thread: { ts: e.thread_ts! } } };
        await staff.threadMessage(s, ctx, ticket, decodeSlackText(e.text ?? ""), files);
      });
    });

    // a profile changed: the member's name follows (names come from profiles, never handles)
    app.event("user_change", async ({ event, body }) => {
      const user = (event as { user?: SlackUserNames & { id?: string } }).user;
      if (!user?.id) return;
      const name = slackUserName(user);
      await this.tx(body, async (s) => {
        await saveProfileName(s, user.id!, { displayName: name }, o.clock.now());
      });
    });

    app.command(/^\/desk/, async (args) => {
      await args.ack();
      await this.command(args);
    });
  }

  /** `/desk …` */
  private async command({ command, body }: SlackCommandMiddlewareArgs): Promise<void> {
    const staff = this.o.staff;
    const ctx: StaffContext = { userId: command.user_id, name: command.user_name, reply: { responseUrl: command.response_url } };
    let modal: View | null = null;
    await this.tx(body, async (s) => {
      const lang = await this.staffLang(s, command.user_id);
      const resolving = await runCommand(staff, s, ctx, command.text, {
        lang,
        timeZone: this.o.timeZone,
        now: this.o.clock.now(),
        channel: command.channel_id,
        parseMention,
        overdue: this.o.overdue,
      });
      if (resolving)
        modal = resolveModal(resolving, { ref: resolving.ref, lang, responseUrl: command.response_url, channel: command.channel_id });
    });
    if (modal) await this.openModal(ctx, command.trigger_id, modal);
  }
}

/** Slack message text → what the person typed (entities decoded, links unwrapped). */
export function decodeSlackText(s: string): string {
  return s
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<(https?:[^>]+)>/g, "$1")
    .replace(/<mailto:[^|>]+\|([^>]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
