/**
 * The sandbox as a platform adapter: what a person does on the page (a customer's text,
 * button or photo; a staff member's click, form, thread reply or `/desk` command) is checked,
 * kept in the simulated platform's transcript as that platform would show it, and persisted in
 * the inbox before the page is answered. The inbox then runs it through the same customer
 * desk and staff desk as Telegram and Slack, in one transaction with everything it changes
 * and sends.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { parseButtonData } from "../../core/card.ts";
import type { Clock } from "../../core/clock.ts";
import { enqueueReplies, type CustomerDesk, type CustomerInput, type CustomerRef } from "../../core/customer/index.ts";
import { parseTicketRef } from "../../core/domain/ticket.ts";
import { messages } from "../../core/i18n/index.ts";
import type { InboundContext, InboxProcessor } from "../../core/inbox/index.ts";
import type { Logger } from "../../core/log.ts";
import { isFormAction, openForm, runAction, runCommand, submitForm } from "../../core/staff/actions.ts";
import type { OverdueLine } from "../../core/staff/sla-notices.ts";
import type { StaffContext, StaffDesk } from "../../core/staff/index.ts";
import type { InboundRow, Store } from "../../core/store/index.ts";
import { parseMention } from "../slack/names.ts";
import { formModal, formOfModal, modalMeta, resolveModal, validateSubmission, viewValues, type ModalMeta } from "../slack/modals.ts";
import { SandboxFiles, SANDBOX_MAX_PHOTO_BYTES, imageType } from "./files.ts";
import { staffSerialize } from "./transport.ts";
import { textHtml } from "./serialize.ts";
import { addSandboxCustomers, type SandboxCustomer, type Transcripts } from "./transcript.ts";
import { SANDBOX_CHAT_PREFIX, SANDBOX_MANAGER, WORKSPACE, encodeMentions, workspaceUser } from "./workspace.ts";
import { DeskError } from "../../core/errors.ts";

export const SANDBOX_PLATFORM = "sandbox";
/** The longest text the page may send in one message (the customer desk answers over-long texts politely). */
export const SANDBOX_MAX_TEXT = 20_000;

/** A request the page made that cannot be taken: a clear message, nothing stored. */
export class SandboxInputError extends DeskError<"SANDBOX_BAD_REQUEST"> {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super("SANDBOX_BAD_REQUEST", message);
  }
}

const key = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[\w-]+$/);
const text = z.string().max(SANDBOX_MAX_TEXT, { error: `text over ${SANDBOX_MAX_TEXT} characters` });
const CustomerEvent = z.discriminatedUnion("type", [
  z.object({ id: key, customer: z.string().max(80), type: z.literal("text"), text: text.min(1) }),
  z.object({
    id: key,
    customer: z.string().max(80),
    type: z.literal("button"),
    data: z.string().max(200),
    messageId: z.coerce.number().int(),
  }),
  z.object({ id: key, customer: z.string().max(80), type: z.literal("photo"), fileId: z.string().max(80), caption: text.optional() }),
]);
const channel = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[A-Z0-9]+$/);
const ts = z
  .string()
  .max(40)
  .regex(/^\d+\.\d+$/);
const StaffEvent = z.discriminatedUnion("type", [
  z.object({
    id: key,
    user: z.string().max(40),
    type: z.literal("action"),
    channel,
    threadTs: ts.optional(),
    action: z.string().max(255),
    value: z.string().max(2000).optional(),
    selectedUser: z.string().max(40).optional(),
  }),
  z.object({
    id: key,
    user: z.string().max(40),
    type: z.literal("view"),
    view: z.object({
      callback_id: z.string().max(255),
      private_metadata: z.string().max(3000),
      state: z.object({ values: z.record(z.string(), z.record(z.string(), z.any())) }),
    }),
  }),
  z.object({ id: key, user: z.string().max(40), type: z.literal("message"), channel, threadTs: ts, text: text.min(1) }),
  z.object({ id: key, user: z.string().max(40), type: z.literal("command"), channel, threadTs: ts.optional(), text: text.min(1) }),
]);
type CustomerEvent = z.infer<typeof CustomerEvent>;
type StaffEvent = z.infer<typeof StaffEvent>;

/** What the inbox keeps of a page event. */
type Stored = { side: "customer"; customer: SandboxCustomer; event: CustomerEvent } | { side: "staff"; name: string; event: StaffEvent };

export interface SandboxAdapterOptions {
  store: Store;
  inbox: InboxProcessor;
  customers: CustomerDesk;
  /** the staff side, when the sandbox plays it (Slack not connected) */
  staff?: StaffDesk;
  transcripts: Transcripts;
  files: SandboxFiles;
  wake: () => void;
  clock: Clock;
  log: Logger;
  timeZone: string;
  overdue: (s: Store) => Promise<OverdueLine[]>;
}

function zodMessage(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ");
}

/**
 * @example
 * ```ts
 * const sandbox = new SandboxAdapter({ store, inbox, customers, staff, transcripts, files, wake, clock, log, timeZone, overdue });
 * await sandbox.init(); // puts the workspace's team in the staff directory once
 * await sandbox.customerEvent({ id: "a1b2c3d4", customer: "sandbox:c1", type: "text", text: "冰箱不制冷" });
 * ```
 */
export class SandboxAdapter {
  constructor(private readonly o: SandboxAdapterOptions) {
    o.inbox.handle(
      SANDBOX_PLATFORM,
      (row, ctx) => this.process(row, ctx),
      (row) => this.giveUp(row),
    );
  }

  get staffSide(): boolean {
    return !!this.o.staff;
  }

  /**
   * The first start puts the workspace's team in the staff directory, as its manager would
   * with `/desk staff add`; someone removed later stays removed.
   */
  async init(): Promise<void> {
    const staff = this.o.staff;
    if (!staff) return;
    await this.o.store.tx(async (tx) => {
      if (await tx.settings.get("sandbox.team")) return;
      const manager = workspaceUser(SANDBOX_MANAGER)!;
      await staff.member(tx, manager.id, manager.name);
      const ctx: StaffContext = { userId: manager.id, name: manager.name, reply: null };
      for (const u of WORKSPACE) {
        if (u.role && u.id !== manager.id && !(await tx.staff.byUser(u.id)))
          await staff.staffAdd(tx, ctx, { userId: u.id, name: u.name }, u.role);
        if (u.role) await tx.staff.setLang(u.id, u.lang);
      }
      await tx.settings.set("sandbox.team", true);
    });
  }

  // ── the page's requests ─────────────────────────────────────────────────────────────────

  /** A new sandbox customer, in their language. */
  async newCustomer(body: unknown): Promise<SandboxCustomer> {
    const r = z.object({ name: z.string().trim().min(1).max(50), lang: z.enum(["zh-CN", "en"]) }).safeParse(body);
    if (!r.success) throw new SandboxInputError(zodMessage(r.error));
    const c: SandboxCustomer = { id: `${SANDBOX_CHAT_PREFIX}c${randomUUID().slice(0, 8)}`, name: r.data.name, lang: r.data.lang };
    await addSandboxCustomers(this.o.store, [c]);
    this.o.transcripts.publish({ type: "customers" });
    return c;
  }

  /** A photo from the page; returns its file id for the message that carries it. */
  uploadPhoto(data: Buffer): string {
    if (data.length > SANDBOX_MAX_PHOTO_BYTES) throw new SandboxInputError(`photo over ${SANDBOX_MAX_PHOTO_BYTES} bytes`, 413);
    const type = imageType(data);
    if (!type) throw new SandboxInputError("not a PNG, JPEG, GIF or WebP image");
    return this.o.files.save(data, type);
  }

  /** What a customer did: kept in their chat as they see it, then persisted in the inbox. */
  async customerEvent(body: unknown): Promise<{ duplicate: boolean }> {
    const r = CustomerEvent.safeParse(body);
    if (!r.success) throw new SandboxInputError(zodMessage(r.error));
    const event = r.data;
    const customer = (await this.o.transcripts.customers()).find((c) => c.id === event.customer);
    if (!customer) throw new SandboxInputError(`unknown sandbox customer ${event.customer}`, 404);
    if (event.type === "photo" && !this.o.files.read(event.fileId)) throw new SandboxInputError("unknown photo; upload it first");
    const stored: Stored = { side: "customer", customer, event };
    const accepted = await this.o.inbox.accept({
      platform: SANDBOX_PLATFORM,
      externalId: `c:${event.id}`,
      chatKey: customer.id,
      payload: stored,
    });
    if (!accepted.duplicate) {
      const scope = `chat:${customer.id}` as const;
      if (event.type === "text")
        await this.o.transcripts.add(scope, { from: customer.id, html: textHtml(event.text, { side: "customer" }) }, "seq");
      if (event.type === "photo") {
        const caption = event.caption ? `<div class="body">${textHtml(event.caption, { side: "customer" })}</div>` : "";
        const img = `<figure><img src="${SandboxFiles.url(event.fileId)}" alt="" loading="lazy"></figure>`;
        await this.o.transcripts.add(scope, { from: customer.id, html: `<div class="card">${img}${caption}</div>` }, "seq");
      }
    }
    return { duplicate: accepted.duplicate };
  }

  /** What a staff member did; a form is checked first and, when wrong, comes back with its errors. */
  async staffEvent(body: unknown): Promise<{ duplicate: boolean; errors?: Record<string, string> }> {
    if (!this.o.staff) throw new SandboxInputError("staff work in Slack: the sandbox plays only the customer side", 404);
    const r = StaffEvent.safeParse(body);
    if (!r.success) throw new SandboxInputError(zodMessage(r.error));
    const event = r.data;
    const user = workspaceUser(event.user);
    if (!user) throw new SandboxInputError(`unknown workspace member ${event.user}`, 404);
    if (event.type === "view") {
      const errors = validateSubmission({ view: event.view }, { timeZone: this.o.timeZone, now: () => this.o.clock.now() });
      if (errors) return { duplicate: false, errors };
    }
    if (event.type === "command" && !/^\/desk(\s|$)/.test(event.text.trim()))
      throw new SandboxInputError("the sandbox knows one command: /desk …");
    const chatKey = event.type === "view" ? (modalMeta(event.view)?.channel ?? event.user) : event.channel;
    const stored: Stored = { side: "staff", name: user.name, event };
    const accepted = await this.o.inbox.accept({ platform: SANDBOX_PLATFORM, externalId: `s:${event.id}`, chatKey, payload: stored });
    if (!accepted.duplicate) {
      const html = event.type === "message" || event.type === "command" ? textHtml(event.text, staffSerialize()) : null;
      if (event.type === "message" && html) {
        const scope = `chan:${event.channel}` as const;
        const parent = await this.o.transcripts.get(scope, event.threadTs);
        await this.o.transcripts.add(`thread:${event.channel}:${event.threadTs}`, { from: event.user, html }, "ts");
        if (parent) await this.o.transcripts.edit(scope, event.threadTs, { replies: (parent.replies ?? 0) + 1 });
      }
      if (event.type === "command" && html) {
        const scope = event.threadTs ? (`thread:${event.channel}:${event.threadTs}` as const) : (`chan:${event.channel}` as const);
        await this.o.transcripts.add(scope, { from: event.user, html, onlyFor: event.user }, "ts");
      }
    }
    return { duplicate: accepted.duplicate };
  }

  // ── processing, from the inbox ──────────────────────────────────────────────────────────

  private async process(row: InboundRow, ctx: InboundContext): Promise<void> {
    const stored = row.payload as unknown as Stored;
    if (stored.side === "customer") return this.customer(stored.customer, stored.event, ctx);
    return this.staffWork(stored.name, stored.event, ctx);
  }

  private async customer(c: SandboxCustomer, event: CustomerEvent, inbound: InboundContext): Promise<void> {
    const who: CustomerRef = { userId: c.id, chatId: c.id, displayName: c.name, languageCode: c.lang, privateChat: true };
    const input = toInput(event);
    const prepared = await this.o.customers.prepare(this.o.store, who, input);
    const done = await inbound.transaction(async (s) => {
      const { replies } = await this.o.customers.handle(s, who, input, prepared);
      await enqueueReplies(s, who.chatId, replies, this.o.clock.now());
      return true;
    });
    if (done) this.o.wake();
  }

  private async staffWork(name: string, event: StaffEvent, inbound: InboundContext): Promise<void> {
    const staff = this.o.staff;
    if (!staff) return;
    const { timeZone, clock } = this.o;
    const lang = async (s: Store) => (await s.staff.byUser(event.user))?.lang ?? "zh-CN";
    let modal: unknown = null;
    const done = await inbound.transaction(async (s) => {
      switch (event.type) {
        case "action": {
          const ctx: StaffContext = {
            userId: event.user,
            name,
            reply: { channel: event.channel, thread: event.threadTs ? { ts: event.threadTs } : undefined },
          };
          const ref = parseTicketRef(event.value);
          if (isFormAction(event.action)) {
            const opened = await openForm(staff, s, ctx, event.action, ref);
            if (opened) {
              const meta: ModalMeta = { ref: opened.ticket.ref, lang: await lang(s), channel: event.channel, threadTs: event.threadTs };
              modal = formModal(opened, meta, timeZone, clock.now());
            }
          } else await runAction(staff, s, ctx, event.action, ref, { selectedUser: event.selectedUser });
          return true;
        }
        case "view": {
          const meta = modalMeta(event.view);
          const form = formOfModal(event.view.callback_id);
          if (!meta || !form) return true;
          const ctx: StaffContext = {
            userId: event.user,
            name,
            reply: meta.channel ? { channel: meta.channel, thread: meta.threadTs ? { ts: meta.threadTs } : undefined } : null,
          };
          await submitForm(staff, s, ctx, form, meta.ref, viewValues(event.view), { lang: meta.lang, timeZone, now: clock.now() });
          return true;
        }
        case "message": {
          const ticket = await s.tickets.bySlackThread(event.channel, event.threadTs);
          if (!ticket) return true;
          const ctx: StaffContext = { userId: event.user, name, reply: { channel: event.channel, thread: { ts: event.threadTs } } };
          await staff.threadMessage(s, ctx, ticket, event.text);
          return true;
        }
        case "command": {
          const ctx: StaffContext = {
            userId: event.user,
            name,
            reply: { channel: event.channel, thread: event.threadTs ? { ts: event.threadTs } : undefined },
          };
          const l = await lang(s);
          const text = encodeMentions(event.text.trim().replace(/^\/desk\s*/, ""));
          const resolving = await runCommand(staff, s, ctx, text, {
            lang: l,
            timeZone,
            now: clock.now(),
            channel: event.channel,
            parseMention,
            overdue: this.o.overdue,
          });
          if (resolving) modal = resolveModal(resolving, { ref: resolving.ref, lang: l, channel: event.channel, threadTs: event.threadTs });
          return true;
        }
      }
    });
    if (done) this.o.wake();
    if (modal) this.o.transcripts.publish({ type: "modal", user: event.user, view: modal });
  }

  private async giveUp(row: InboundRow): Promise<void> {
    const stored = row.payload as unknown as Stored;
    if (stored.side !== "customer") return;
    await enqueueReplies(
      this.o.store,
      stored.customer.id,
      [{ kind: "send", card: { body: messages(stored.customer.lang).busy } }],
      this.o.clock.now(),
    );
    this.o.wake();
  }
}

/** A page event → the customer desk's input, as Telegram's would be. */
function toInput(event: CustomerEvent): CustomerInput {
  switch (event.type) {
    case "text": {
      const cmd = /^\/([A-Za-z0-9_]{1,32})(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(event.text.trim());
      if (cmd) return { type: "command", command: cmd[1]!, args: (cmd[2] ?? "").trim() };
      return { type: "text", text: event.text };
    }
    case "button": {
      const { action, value } = parseButtonData(event.data);
      return { type: "button", action, value, callbackId: `sandbox:${event.id}`, messageId: event.messageId };
    }
    case "photo":
      return { type: "photo", fileId: event.fileId, caption: event.caption };
  }
}
