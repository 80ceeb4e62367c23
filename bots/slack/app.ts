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
import { staffMessages } from "../../core/i18n/staff.ts";
import type { InboundContext, InboxProcessor } from "../../core/inbox/index.ts";
import type { Logger } from "../../core/log.ts";
import { parseWindow, validateRepair, type StaffContext, type StaffDesk } from "../../core/staff/index.ts";
import type { InboundRow, Store, TicketRow } from "../../core/store/index.ts";
import type { HttpRequest, HttpResponse } from "../http.ts";
import {
  MODALS,
  appointmentModal,
  closeModal,
  handleModal,
  intakeModal,
  modalMeta,
  noteModal,
  resolveModal,
  validateSubmission,
  viewValues,
  type ModalMeta,
} from "./modals.ts";
import { DeskSlackReceiver, toBoltLogger, type SlackStoredEvent } from "./receiver.ts";
import { actionPattern, parseBlockId } from "./serialize.ts";
import { DeskSocketModeReceiver } from "./socket.ts";
import { createSlackClient } from "./transport.ts";

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

/** A Slack mention of a user. */
export const slackMention = (userId: string) => `<@${userId}>`;

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

    const simple = (action: string, run: (s: Store, ctx: StaffContext, ref: number | null) => Promise<unknown>) =>
      app.action<BlockAction>(actionPattern(action), async ({ ack, body }) => {
        await ack();
        await this.tx(body, (s) => run(s, actionCtx(body), refOf(body)).then(() => {}));
      });

    simple("t_claim", (s, ctx, ref) => staff.claim(s, ctx, ref));
    simple("t_onsite", (s, ctx, ref) => staff.onSite(s, ctx, ref));
    simple("t_parts", (s, ctx, ref) => staff.waitingParts(s, ctx, ref));
    simple("t_reopen", (s, ctx, ref) => staff.reopen(s, ctx, ref));
    simple("t_sev", (s, ctx, ref) => staff.setSeverity(s, ctx, ref, null));

    app.action<BlockAction>(actionPattern("t_assign"), async ({ ack, body }) => {
      await ack();
      const a = body.actions[0] as { selected_user?: string; block_id?: string };
      if (!a.selected_user) return;
      await this.tx(body, (s) => staff.assign(s, actionCtx(body), refOf(body), a.selected_user!).then(() => {}));
    });

    // buttons that open a form: check first, then open it
    const withModal = (
      action: string,
      check: (s: Store, ctx: StaffContext, ref: number | null) => Promise<boolean>,
      view: (s: Store, meta: ModalMeta) => Promise<View>,
    ) =>
      app.action<BlockAction>(actionPattern(action), async ({ ack, body }) => {
        await ack();
        const ctx = actionCtx(body);
        const ref = refOf(body);
        let modal: View | null = null;
        await this.tx(body, async (s) => {
          if (ref && (await check(s, ctx, ref))) modal = await view(s, await metaOf(s, body, ref));
        });
        if (modal) await this.openModal(ctx, body.trigger_id, modal);
      });

    withModal(
      "t_resolve",
      async (s, ctx, ref) => !!(await staff.mayResolve(s, ctx, ref)),
      async (s, meta) => resolveModal((await s.tickets.byRef(meta.ref))!, meta),
    );
    withModal(
      "t_close",
      (s, ctx, ref) => staff.may(s, ctx, ref, "close"),
      async (_s, meta) => closeModal(meta),
    );
    withModal(
      "t_appt",
      (s, ctx, ref) => staff.may(s, ctx, ref, "work", { ownOnly: true }),
      async (_s, meta) => appointmentModal(meta, o.timeZone, o.clock.now()),
    );
    withModal(
      "t_intake",
      (s, ctx, ref) => staff.may(s, ctx, ref, "work", { ownOnly: true }),
      async (_s, meta) => intakeModal(meta),
    );
    withModal(
      "t_note",
      (s, ctx, ref) => staff.may(s, ctx, ref, "work", { allowFinished: true }),
      async (_s, meta) => noteModal(meta),
    );
    withModal(
      "t_handle",
      (s, ctx, ref) => staff.may(s, ctx, ref, "work", { ownOnly: true }),
      async (s, meta) => {
        const t = (await s.tickets.byRef(meta.ref))!;
        return handleModal(meta, (await s.complaints.byTicket(t.id))?.whatHappened ?? t.description);
      },
    );

    // modal submissions (already validated by the receiver before they were stored)
    app.view(/^m_/, async ({ ack, body, view }) => {
      await ack();
      const meta = modalMeta(view);
      if (!meta) return;
      const v = viewValues(view);
      const ctx: StaffContext = {
        userId: body.user.id,
        name: body.user.name,
        reply: meta.responseUrl
          ? { responseUrl: meta.responseUrl }
          : meta.channel
            ? { channel: meta.channel, thread: meta.threadTs ? { ts: meta.threadTs } : undefined }
            : null,
      };
      await this.tx(body, async (s) => {
        switch (view.callback_id) {
          case MODALS.resolve: {
            const r = validateRepair({ work: v.work, hours: v.hours, parts: v.parts, fee: v.fee, feeType: v.feeType }, meta.lang);
            if (r.ok) await staff.resolve(s, ctx, meta.ref, r.value);
            return;
          }
          case MODALS.close:
            await staff.close(s, ctx, meta.ref, v.kind === "duplicate" ? "duplicate" : "invalid", v.reason ?? "");
            return;
          case MODALS.appointment: {
            const w = parseWindow(v.date ?? "", v.from ?? "", v.to ?? "", o.timeZone, o.clock.now());
            if (w) await staff.appointment(s, ctx, meta.ref, w);
            else await staff.tell(s, ctx, staffMessages(meta.lang).badWindow);
            return;
          }
          case MODALS.intake:
            await staff.takenIn(s, ctx, meta.ref, v.receipt ?? "");
            return;
          case MODALS.note:
            await staff.note(s, ctx, meta.ref, v.note ?? "");
            return;
          case MODALS.handle:
            await staff.recordComplaint(s, ctx, meta.ref, {
              whatHappened: v.what ?? "",
              cause: v.cause ?? "",
              responsibility: v.responsibility ?? "",
              action: v.action ?? "",
              result: v.result ?? "",
              reaction: v.reaction ?? "",
            });
            return;
        }
      });
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
      };
      if (e.bot_id || !e.user || !e.thread_ts || e.thread_ts === e.ts) return;
      if (e.subtype && e.subtype !== "file_share" && e.subtype !== "thread_broadcast") return;
      await this.tx(body, async (s) => {
        const ticket = await s.tickets.bySlackThread(e.channel, e.thread_ts!);
        if (!ticket) return;
        const ctx: StaffContext = { userId: e.user!, reply: { channel: e.channel, thread: { ts: e.thread_ts! } } };
        await staff.threadMessage(s, ctx, ticket, decodeSlackText(e.text ?? ""));
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
    const [sub = "", ...rest] = command.text.trim().split(/\s+/);
    const ref = parseTicketRef(rest[0]);
    let modal: View | null = null;
    await this.tx(body, async (s) => {
      const lang = await this.staffLang(s, command.user_id);
      const t = staffMessages(lang);
      switch (sub.toLowerCase()) {
        case "ticket":
        case "t":
        case "history":
          return staff.history(s, ctx, ref);
        case "mine":
          return staff.mine(s, ctx);
        case "queue":
          return staff.queue(s, ctx);
        case "overdue":
          return staff.overdue(s, ctx, await this.o.overdue(s));
        case "summary": {
          const csv = rest.some((x) => x.toLowerCase() === "csv");
          const spec = rest.find((x) => x.toLowerCase() !== "csv");
          return staff.summary(s, ctx, spec, { csv, channel: command.channel_id });
        }
        case "report": {
          if ((rest[0] ?? "").toLowerCase() !== "engineer") return staff.tell(s, ctx, t.usage);
          const target = parseMention(rest[1]);
          return staff.engineerReport(s, ctx, target, target ? rest[2] : rest[1]);
        }
        case "severity": {
          const sev =
            rest[1] === "major" || rest[1] === "重大" ? "major" : rest[1] === "ordinary" || rest[1] === "普通" ? "ordinary" : null;
          return void (await staff.setSeverity(s, ctx, ref, sev));
        }
        case "claim":
          return void (await staff.claim(s, ctx, ref));
        case "assign": {
          const target = parseMention(rest[1]);
          if (!target) return staff.tell(s, ctx, t.needMention);
          return void (await staff.assign(s, ctx, ref, target.userId));
        }
        case "close": {
          const kind = rest[1] === "duplicate" ? "duplicate" : "invalid";
          const reason = rest.slice(rest[1] === "duplicate" || rest[1] === "invalid" ? 2 : 1).join(" ");
          return void (await staff.close(s, ctx, ref, kind, reason));
        }
        case "note":
          return void (await staff.note(s, ctx, ref, rest.slice(1).join(" ")));
        case "appt":
        case "appointment": {
          const [date, range] = [rest[1] ?? "", rest[2] ?? ""];
          const [from, to] = range.split(/[-–~]/);
          const w = parseWindow(date, from ?? "", to ?? "", this.o.timeZone, this.o.clock.now());
          if (!w) return staff.tell(s, ctx, t.badWindow);
          return void (await staff.appointment(s, ctx, ref, w));
        }
        case "onsite":
        case "on-site":
          return void (await staff.onSite(s, ctx, ref));
        case "intake":
        case "takein":
          return void (await staff.takenIn(s, ctx, ref, rest.slice(1).join(" ")));
        case "parts":
          return void (await staff.waitingParts(s, ctx, ref));
        case "reopen":
          return void (await staff.reopen(s, ctx, ref));
        case "resolve": {
          const ticket = await staff.mayResolve(s, ctx, ref);
          if (ticket)
            modal = resolveModal(ticket, { ref: ticket.ref, lang, responseUrl: command.response_url, channel: command.channel_id });
          return;
        }
        case "link":
          return staff.link(s, ctx, rest[0], rest[1]);
        case "staff": {
          const [op, who, role] = rest;
          if (op === "add") return staff.staffAdd(s, ctx, parseMention(who), role ?? "");
          if (op === "remove" || op === "rm") return staff.staffRemove(s, ctx, parseMention(who));
          if (op === "list" || op === undefined) return staff.staffList(s, ctx);
          return staff.tell(s, ctx, t.usage);
        }
        default:
          return staff.tell(s, ctx, t.usage);
      }
    });
    if (modal) await this.openModal(ctx, command.trigger_id, modal);
  }
}

/** `<@U123|name>` or `<@U123>` → the user id (and name). */
export function parseMention(s: string | undefined): { userId: string; name?: string } | null {
  const m = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(s ?? "");
  return m ? { userId: m[1], name: m[2] || undefined } : null;
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
