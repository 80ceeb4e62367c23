/**
 * The staff side of the desk, platform-neutral: the staff directory and roles, the triage
 * card, claiming and dispatch, the work states and the repair record (修护卡), the thread
 * bridge to the customer, and the audit log. Every change is made in the caller's
 * transaction, and everything it says goes through the outbox.
 */
import type { CardButton, MessageCard } from "../card.ts";
import type { Clock } from "../clock.ts";
import { enqueueReplies } from "../customer/outbound.ts";
import { FEE_TYPES } from "../domain/fee.ts";
import { OPEN_STATUSES, formatRef } from "../domain/ticket.ts";
import { messages } from "../i18n/index.ts";
import { staffMessages, type StaffMessages } from "../i18n/staff.ts";
import type { Logger } from "../log.ts";
import { WorkingCalendar, formatLocal, localTimeToInstant } from "../sla/calendar.ts";
import {
  PeriodError,
  computeEngineerReport,
  computeSummary,
  engineerReportCard,
  parsePeriod,
  summaryCard,
  summaryCsv,
  summaryRows,
} from "../reports/index.ts";
import type { Actor, JsonValue, StaffRow, Store, TicketPatch, TicketRow } from "../store/index.ts";
import { toOutbox, type StaffOutbound, type ThreadRef } from "./outbound.ts";
import { can, parseRole, type Capability } from "./roles.ts";

export interface StaffDeskOptions {
  clock: Clock;
  timeZone: string;
  log: Logger;
  channels: { triage?: string; escalation?: string; complaints?: string };
  /** Slack users who are managers from the start (SLACK_ADMIN_USER_IDS) */
  adminUserIds: string[];
  /** language of channel posts */
  staffLang: string;
  /** how to mention a staff member in the platform's text (Slack: <@U123>) */
  mention?: (userId: string) => string;
  /** post a generated summary of the conversation in the thread when a ticket is claimed (needs an LLM) */
  summarizeOnClaim?: boolean;
  /** called when a job is resolved (the callback survey starts) */
  onResolved?: (s: Store, ticket: TicketRow) => Promise<void>;
  /** the working calendar (reports measure in working hours) */
  calendar?: WorkingCalendar;
}

export const SUMMARY_JOB = "ticket.staff_summary";

/** Where a private answer to the acting person goes. */
export type PrivateReply = { responseUrl: string } | { channel: string; thread?: ThreadRef } | null;

/** Who is acting. */
export interface StaffContext {
  userId: string;
  name?: string;
  reply: PrivateReply;
}

/** Statuses in which staff work on a ticket. */
export const WORK_STATUSES = ["claimed", "scheduled", "on_site", "in_repair", "waiting_parts"] as const;
/** Statuses nobody may act on any more (reopen is the way back). */
const FINISHED = ["closed", "cancelled"];

export interface RepairInput {
  workDone: string;
  hours: number;
  parts: { name: string; qty: number }[];
  feeAmount: number;
  feeType: string;
}

/** Validation of the resolve form; returns errors by field, or the clean value. */
export function validateRepair(
  raw: { work?: string; hours?: string; parts?: string; fee?: string; feeType?: string },
  lang: string,
): { ok: true; value: RepairInput } | { ok: false; errors: Record<string, string> } {
  const t = staffMessages(lang);
  const errors: Record<string, string> = {};
  const workDone = (raw.work ?? "").trim();
  if (!workDone) errors.work = t.needText;
  const hours = Number((raw.hours ?? "").trim());
  if (!/^\d{1,3}(\.\d{1,2})?$/.test((raw.hours ?? "").trim()) || !(hours >= 0 && hours <= 999)) errors.hours = t.badHours;
  const feeText = (raw.fee ?? "0").trim() || "0";
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(feeText)) errors.fee = t.badAmount;
  const parts: { name: string; qty: number }[] = [];
  for (const line of (raw.parts ?? "")
    .split(/\n|;|；/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^(.+?)\s*(?:[x×X*＊]\s*(\d{1,4}))?$/.exec(line);
    if (!m || !m[1].trim()) {
      errors.parts = t.badParts;
      break;
    }
    parts.push({ name: m[1].trim().slice(0, 100), qty: m[2] ? Number(m[2]) : 1 });
  }
  const feeType = raw.feeType ?? "";
  if (!(FEE_TYPES as readonly string[]).includes(feeType)) errors.feeType = t.badAmount;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { workDone: workDone.slice(0, 2000), hours, parts, feeAmount: Number(feeText), feeType } };
}

/**
 * Parses an appointment window typed by staff: `2026-11-25 14:00-16:00`.
 *
 * @example
 * ```ts
 * parseWindow("2026-11-25", "14:00", "16:00", "Asia/Shanghai", now); // { from, to }
 * ```
 */
export function parseWindow(date: string, from: string, to: string, timeZone: string, now: Date): { from: Date; to: Date } | null {
  try {
    const a = localTimeToInstant(timeZone, date.trim(), from.trim());
    const b = localTimeToInstant(timeZone, date.trim(), to.trim());
    if (b.getTime() <= a.getTime() || b.getTime() <= now.getTime()) return null;
    return { from: a, to: b };
  } catch {
    return null;
  }
}

/**
 * @example
 * ```ts
 * const staff = new StaffDesk({ clock, timeZone, log, channels: { triage: "C_TRIAGE" }, adminUserIds: ["U_BOSS"], staffLang: "zh-CN" });
 * await store.tx((s) => staff.claim(s, { userId: "U1", reply: { responseUrl } }, 1001));
 * ```
 */
export class StaffDesk {
  private readonly channelText: StaffMessages;

  constructor(private readonly o: StaffDeskOptions) {
    this.channelText = staffMessages(o.staffLang);
  }

  get triageChannel(): string | undefined {
    return this.o.channels.triage;
  }

  private mention(userId: string): string {
    return this.o.mention ? this.o.mention(userId) : `@${userId}`;
  }

  private now(): Date {
    return this.o.clock.now();
  }

  // ── the directory ───────────────────────────────────────────────────────────────────────

  /** The staff member behind a platform user, or null. Bootstrap managers are created on first use. */
  async member(s: Store, userId: string, name?: string): Promise<StaffRow | null> {
    const row = await s.staff.byUser(userId);
    if (row?.active) return row;
    if (this.o.adminUserIds.includes(userId)) return s.staff.upsert(userId, "manager", name ?? row?.name);
    return null;
  }

  /** The text for one person: their language if they are staff, else the channel language. */
  private textFor(staff: StaffRow | null): StaffMessages {
    return staffMessages(staff?.lang ?? this.o.staffLang);
  }

  /** Sends a private answer to the acting person. */
  async tell(s: Store, ctx: StaffContext, body: string | MessageCard): Promise<void> {
    const card: MessageCard = typeof body === "string" ? { body } : body;
    const r = ctx.reply;
    if (!r) return;
    const m: StaffOutbound =
      "responseUrl" in r
        ? { kind: "respond", responseUrl: r.responseUrl, user: ctx.userId, card }
        : { kind: "ephemeral", channel: r.channel, user: ctx.userId, card, thread: r.thread };
    await s.outbox.enqueue([toOutbox(m)], this.now());
  }

  private async out(s: Store, items: StaffOutbound[], purpose?: JsonValue): Promise<void> {
    await s.outbox.enqueue(
      items.map((m) => toOutbox(m, purpose)),
      this.now(),
    );
  }

  /**
   * Checks that the actor is staff with the capability, that the ticket exists and is not
   * finished, and that it is theirs (or they may act on anyone's). Tells them why not.
   */
  private async guard(
    s: Store,
    ctx: StaffContext,
    ref: number | null,
    cap: Capability,
    opts: { ownOnly?: boolean; allowFinished?: boolean } = {},
  ): Promise<{ staff: StaffRow; ticket: TicketRow; t: StaffMessages } | null> {
    const staff = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(staff);
    if (!staff) {
      await this.tell(s, ctx, t.notStaff);
      return null;
    }
    if (!can(staff.role, cap)) {
      await this.tell(s, ctx, t.noPermission(t.roles[staff.role] ?? staff.role));
      return null;
    }
    const ticket = ref ? await s.tickets.byRef(ref) : null;
    if (!ticket) {
      await this.tell(s, ctx, t.unknownTicket(ref ? formatRef(ref) : "?"));
      return null;
    }
    if (!opts.allowFinished && FINISHED.includes(ticket.status)) {
      await this.tell(s, ctx, t.finished(formatRef(ticket.ref), t.statuses[ticket.status] ?? ticket.status));
      return null;
    }
    if (opts.ownOnly && ticket.assigneeId && ticket.assigneeId !== staff.id && !can(staff.role, "work_any")) {
      const owner = await s.staff.byId(ticket.assigneeId);
      await this.tell(s, ctx, t.notOwner(owner ? this.mention(owner.slackUserId) : t.label.nobody));
      return null;
    }
    return { staff, ticket, t };
  }

  /**
   * The same check an action makes, without acting (before opening its form); tells the
   * actor why not.
   */
  async may(
    s: Store,
    ctx: StaffContext,
    ref: number | null,
    cap: Capability,
    opts: { ownOnly?: boolean; allowFinished?: boolean } = {},
  ): Promise<boolean> {
    return !!(await this.guard(s, ctx, ref, cap, opts));
  }

  // ── the triage card ─────────────────────────────────────────────────────────────────────

  /** The ticket's card as staff see it, with the buttons that fit its state. */
  async card(s: Store, ticket: TicketRow): Promise<MessageCard> {
    const t = this.channelText;
    const customer = await s.customers.get(ticket.customerId);
    const assignee = ticket.assigneeId ? await s.staff.byId(ticket.assigneeId) : null;
    const photos = (await s.tickets.attachments(ticket.id)).length;
    const ref = formatRef(ticket.ref);
    const product = [t.products[ticket.category ?? "other"] ?? ticket.category, ticket.model].filter(Boolean).join(" · ");
    const tz = this.o.timeZone;
    const fields = [
      { label: t.label.status, value: t.statuses[ticket.status] ?? ticket.status },
      { label: t.label.kind, value: t.kinds[ticket.kind] ?? ticket.kind },
      { label: t.label.product, value: product || t.label.unset },
      { label: t.label.fee, value: t.fees[ticket.feeType] ?? ticket.feeType },
      { label: t.label.area, value: ticket.area ? (t.areas[ticket.area] ?? ticket.area) : t.label.unset },
      { label: t.label.owner, value: assignee ? this.mention(assignee.slackUserId) : t.label.nobody },
      { label: t.label.dispatchDue, value: ticket.dispatchDueAt ? formatLocal(ticket.dispatchDueAt, tz) : t.label.unset },
      {
        label: t.label.customer,
        value: customer
          ? [customer.name ?? customer.displayName, customer.phone, customer.address].filter(Boolean).join(" / ")
          : t.label.unset,
      },
    ];
    if (ticket.replyDueAt) fields.push({ label: t.label.replyDue, value: formatLocal(ticket.replyDueAt, tz) });
    if (ticket.appointmentFrom && ticket.appointmentTo) {
      fields.push({
        label: t.label.appointment,
        value: `${formatLocal(ticket.appointmentFrom, tz)}–${formatLocal(ticket.appointmentTo, tz).slice(11)}`,
      });
    }
    if (ticket.receiptNo) fields.push({ label: t.label.receipt, value: ticket.receiptNo });
    fields.push({
      label: t.label.selfHelp,
      value: [t.selfHelp[ticket.selfHelpResult ?? "none"] ?? "", ticket.selfHelpEntryId].filter(Boolean).join(" · "),
    });
    if (photos) fields.push({ label: t.label.photos, value: String(photos) });
    if (ticket.repeatOfId) {
      const earlier = await s.tickets.byId(ticket.repeatOfId);
      fields.push({ label: t.label.repeat, value: earlier ? formatRef(earlier.ref) : t.label.repeat });
    }
    if (ticket.kind === "complaint") {
      const c = await s.complaints.byTicket(ticket.id);
      const parent = ticket.parentId ? await s.tickets.byId(ticket.parentId) : null;
      const engineer = parent?.assigneeId ? await s.staff.byId(parent.assigneeId) : null;
      const ct = t.complaint;
      const cf = [
        { label: ct.label.severity, value: ct.severities[c?.severity ?? "ordinary"] },
        { label: ct.label.kind, value: ct.kinds[c?.kind ?? ""] ?? c?.kind ?? t.label.unset },
        { label: ct.label.routing, value: ct.routings[c?.routing ?? ""] ?? c?.routing ?? t.label.unset },
        { label: ct.label.parent, value: parent ? formatRef(parent.ref) : t.label.unset },
        ...(engineer ? [{ label: ct.label.engineer, value: this.mention(engineer.slackUserId) }] : []),
        { label: ct.label.replied, value: c?.repliedAt ? formatLocal(c.repliedAt, tz) : ct.no },
      ];
      const keep = fields.filter((f) => [t.label.status, t.label.owner, t.label.customer, t.label.replyDue].includes(f.label));
      return {
        title: `${ct.title(ref, ct.severities[c?.severity ?? "ordinary"])} · ${t.statuses[ticket.status] ?? ticket.status}`,
        fields: [...cf, ...keep],
        body: ticket.description,
        footer: `${ref} · ${formatLocal(ticket.createdAt, tz)}`,
        buttons: this.complaintButtons(ticket, t),
      };
    }
    return {
      title: `${ref} · ${t.kinds[ticket.kind] ?? ticket.kind} · ${t.statuses[ticket.status] ?? ticket.status}`,
      fields,
      body: ticket.description,
      footer: `${ref} · ${formatLocal(ticket.createdAt, tz)}`,
      buttons: this.buttons(ticket, t),
    };
  }

  private complaintButtons(ticket: TicketRow, t: StaffMessages): CardButton[][] {
    const ref = String(ticket.ref);
    const b = (label: string, action: string, style?: "primary" | "danger"): CardButton => ({ label, action, value: ref, style });
    if (["closed", "cancelled", "resolved"].includes(ticket.status))
      return [[b(t.buttons.reopen, "t_reopen"), b(t.buttons.note, "t_note")]];
    const first = ticket.status === "queued" ? [b(t.buttons.claim, "t_claim", "primary")] : [];
    return [
      [
        ...first,
        b(t.complaint.buttons.handle, "t_handle", "primary"),
        b(t.complaint.buttons.severity, "t_sev"),
        b(t.buttons.note, "t_note"),
      ],
    ];
  }

  private buttons(ticket: TicketRow, t: StaffMessages): CardButton[][] {
    const ref = String(ticket.ref);
    const b = (label: string, action: string, style?: "primary" | "danger"): CardButton => ({ label, action, value: ref, style });
    switch (ticket.status) {
      case "queued":
        return [
          [
            b(t.buttons.claim, "t_claim", "primary"),
            { type: "user_select", label: t.buttons.assign, action: "t_assign", value: ref },
            b(t.buttons.close, "t_close", "danger"),
          ],
        ];
      case "claimed":
      case "scheduled":
      case "on_site":
      case "in_repair":
      case "waiting_parts":
        return [
          [
            b(t.buttons.appointment, "t_appt"),
            b(t.buttons.onSite, "t_onsite"),
            b(t.buttons.takenIn, "t_intake"),
            b(t.buttons.waitingParts, "t_parts"),
            b(t.buttons.resolve, "t_resolve", "primary"),
          ],
          [
            { type: "user_select", label: t.buttons.assign, action: "t_assign", value: ref },
            b(t.buttons.note, "t_note"),
            b(t.buttons.close, "t_close", "danger"),
          ],
        ];
      case "resolved":
      case "callback_needed":
      case "closed":
        return [[b(t.buttons.reopen, "t_reopen"), b(t.buttons.note, "t_note")]];
      default:
        return [];
    }
  }

  /** Queues the card's update in place. */
  async refreshCard(s: Store, ticket: TicketRow): Promise<void> {
    if (!ticket.slackChannel) return;
    await this.out(s, [{ kind: "update", channel: ticket.slackChannel, ticketId: ticket.id, card: await this.card(s, ticket) }]);
  }

  /** Posts into the ticket's thread (if it has a card). */
  async thread(s: Store, ticket: TicketRow, card: MessageCard | string): Promise<void> {
    if (!ticket.slackChannel) return;
    await this.out(s, [
      {
        kind: "post",
        channel: ticket.slackChannel,
        thread: { ticketId: ticket.id },
        card: typeof card === "string" ? { body: card } : card,
      },
    ]);
  }

  /**
   * A ticket needs staff: post its card to the triage channel (once), with the customer's
   * photos and later messages in its thread. A ticket that already has a card gets it updated.
   */
  async ticketQueued(s: Store, ticket: TicketRow): Promise<void> {
    if (ticket.slackChannel) {
      await this.refreshCard(s, ticket);
      return;
    }
    const channel = this.o.channels.triage;
    if (!channel) {
      this.o.log.warn("staff.no_triage_channel", { ref: ticket.ref, hint: "set SLACK_TRIAGE_CHANNEL" });
      return;
    }
    ticket = await s.tickets.patch(ticket.id, { slackChannel: channel });
    await this.out(s, [{ kind: "post", channel, card: await this.card(s, ticket) }], { type: "ticketCard", ticketId: ticket.id });
    const msgs = await s.tickets.messages(ticket.id);
    const atts = await s.tickets.attachments(ticket.id);
    for (const [i, m] of msgs.entries()) {
      if (i > 0 && m.author === "customer" && m.text) await this.thread(s, ticket, this.channelText.customerSays(m.text));
      for (const a of atts.filter((x) => x.messageId === m.id)) {
        await this.out(s, [
          {
            kind: "file",
            channel,
            thread: { ticketId: ticket.id },
            source: { platform: a.platform, fileId: a.fileId },
            title: a.caption ?? undefined,
          },
        ]);
      }
    }
  }

  /** The customer wrote on the ticket: show it in the thread. */
  async customerMessage(s: Store, ticket: TicketRow, msg: { text: string; photos: { fileId: string; caption?: string }[] }): Promise<void> {
    if (!ticket.slackChannel) return;
    if (msg.text) await this.thread(s, ticket, this.channelText.customerSays(msg.text));
    for (const p of msg.photos) {
      await this.out(s, [
        {
          kind: "file",
          channel: ticket.slackChannel,
          thread: { ticketId: ticket.id },
          source: { platform: "telegram", fileId: p.fileId },
          title: p.caption,
        },
      ]);
    }
  }

  // ── telling the customer ────────────────────────────────────────────────────────────────

  private async notifyCustomer(s: Store, ticket: TicketRow, text: (m: ReturnType<typeof messages>) => string): Promise<void> {
    const customer = await s.customers.get(ticket.customerId);
    if (!customer) return;
    const m = messages(customer.lang);
    await enqueueReplies(s, customer.telegramChatId, [{ kind: "send", card: { body: text(m) } }], this.now());
  }

  private async engineerName(s: Store, staffId: number | null): Promise<string | null> {
    if (!staffId) return null;
    return (await s.staff.byId(staffId))?.name ?? null;
  }

  // ── actions ─────────────────────────────────────────────────────────────────────────────

  private actor(staff: StaffRow): Actor {
    return { type: "staff", id: staff.slackUserId };
  }

  /** Applies a transition and its effects: audit, card, thread line. */
  private async move(
    s: Store,
    ctx: StaffContext,
    g: { staff: StaffRow; ticket: TicketRow; t: StaffMessages },
    from: readonly string[],
    to: string,
    opts: { patch?: TicketPatch; type?: string; data?: JsonValue; threadLine?: string } = {},
  ): Promise<TicketRow | null> {
    const moved = await s.tickets.transition(g.ticket.id, from, to, this.actor(g.staff), this.now(), {
      patch: opts.patch,
      type: opts.type,
      data: opts.data,
    });
    if (!moved) {
      const fresh = (await s.tickets.byId(g.ticket.id))!;
      await this.tell(s, ctx, g.t.wrongState(formatRef(fresh.ref), g.t.statuses[fresh.status] ?? fresh.status));
      return null;
    }
    const ct = this.channelText;
    await this.refreshCard(s, moved);
    await this.thread(
      s,
      moved,
      opts.threadLine ??
        ct.transition(this.mention(g.staff.slackUserId), ct.statuses[g.ticket.status] ?? g.ticket.status, ct.statuses[to] ?? to),
    );
    return moved;
  }

  /**
   * Claims an unclaimed ticket. Atomic: of many simultaneous claims exactly one wins; the
   * others are told who has it.
   */
  async claim(s: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "claim");
    if (!g) return false;
    const now = this.now();
    const moved = await s.tickets.transition(g.ticket.id, ["queued"], "claimed", this.actor(g.staff), now, {
      type: "claimed",
      patch: { assigneeId: g.staff.id, claimedAt: now, firstResponseAt: g.ticket.firstResponseAt ?? now },
    });
    if (!moved) {
      const fresh = (await s.tickets.byId(g.ticket.id))!;
      const owner = fresh.assigneeId ? await s.staff.byId(fresh.assigneeId) : null;
      await this.tell(
        s,
        ctx,
        owner
          ? g.t.alreadyClaimed(formatRef(fresh.ref), this.mention(owner.slackUserId))
          : g.t.wrongState(formatRef(fresh.ref), g.t.statuses[fresh.status] ?? fresh.status),
      );
      return false;
    }
    await this.refreshCard(s, moved);
    await this.thread(s, moved, this.channelText.claimedBy(this.mention(g.staff.slackUserId)));
    await this.notifyCustomer(s, moved, (m) => m.notify.claimed(formatRef(moved.ref), m.notify.engineer(g.staff.name)));
    await this.scheduleSummary(s, moved);
    return true;
  }

  private async scheduleSummary(s: Store, ticket: TicketRow): Promise<void> {
    if (!this.o.summarizeOnClaim) return;
    await s.jobs.schedule(
      { kind: SUMMARY_JOB, key: `ticket:${ticket.id}:staff-summary`, runAt: this.now(), data: { ticketId: ticket.id } },
      this.now(),
    );
  }

  /** Posts a generated summary in the ticket's thread (run by the job after a claim). */
  async postSummary(s: Store, ticketId: number, summary: string): Promise<void> {
    const ticket = await s.tickets.byId(ticketId);
    if (!ticket) return;
    await this.thread(s, ticket, { body: summary, footer: this.channelText.generated, internal: true });
  }

  /** Dispatches (派工) a ticket to a staff member. Dispatchers and above. */
  async assign(s: Store, ctx: StaffContext, ref: number | null, targetUserId: string): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "assign");
    if (!g) return false;
    const target = await this.member(s, targetUserId);
    if (!target) {
      await this.tell(s, ctx, g.t.assigneeNotStaff(this.mention(targetUserId)));
      return false;
    }
    const now = this.now();
    const from = g.ticket.status;
    if (!["queued", ...WORK_STATUSES].includes(from)) {
      await this.tell(s, ctx, g.t.wrongState(formatRef(g.ticket.ref), g.t.statuses[from] ?? from));
      return false;
    }
    const to = from === "queued" ? "claimed" : from;
    const moved = await s.tickets.transition(g.ticket.id, [from], to, this.actor(g.staff), now, {
      type: "assigned",
      data: { to: target.slackUserId, from: g.ticket.assigneeId },
      patch: { assigneeId: target.id, claimedAt: g.ticket.claimedAt ?? now, firstResponseAt: g.ticket.firstResponseAt ?? now },
    });
    if (!moved) {
      await this.tell(s, ctx, g.t.wrongState(formatRef(g.ticket.ref), g.t.statuses[g.ticket.status] ?? g.ticket.status));
      return false;
    }
    const ct = this.channelText;
    await this.refreshCard(s, moved);
    await this.thread(s, moved, ct.assignedTo(this.mention(target.slackUserId), this.mention(g.staff.slackUserId)));
    if (target.slackUserId !== ctx.userId) {
      await this.out(s, [
        {
          kind: "dm",
          user: target.slackUserId,
          card: { body: this.textFor(target).assignedDm(formatRef(moved.ref), this.mention(g.staff.slackUserId)) },
        },
      ]);
    }
    await this.notifyCustomer(s, moved, (m) => m.notify.claimed(formatRef(moved.ref), m.notify.engineer(target.name)));
    await this.scheduleSummary(s, moved);
    return true;
  }

  /** Closes a ticket as invalid or duplicate, with a reason. Dispatchers and above. */
  async close(s: Store, ctx: StaffContext, ref: number | null, kind: "invalid" | "duplicate", reason: string): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "close");
    if (!g) return false;
    if (!reason.trim()) {
      await this.tell(s, ctx, g.t.needReason);
      return false;
    }
    const moved = await this.move(s, ctx, g, ["self_help", "queued", ...WORK_STATUSES], "closed", {
      type: kind,
      data: { reason },
      patch: { resolution: kind, closeReason: reason.slice(0, 500), closedAt: this.now() },
      threadLine: `${this.channelText.transition(this.mention(g.staff.slackUserId), this.channelText.statuses[g.ticket.status], this.channelText.statuses.closed)}\n${this.channelText.closedWith(reason)}`,
    });
    if (!moved) return false;
    await this.notifyCustomer(s, moved, (m) => m.notify.closed(formatRef(moved.ref), reason));
    return true;
  }

  async appointment(s: Store, ctx: StaffContext, ref: number | null, window: { from: Date; to: Date }): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "work", { ownOnly: true });
    if (!g) return false;
    const moved = await this.move(s, ctx, g, ["claimed", "scheduled"], "scheduled", {
      type: "appointment",
      data: { from: window.from.toISOString(), to: window.to.toISOString() },
      patch: { appointmentFrom: window.from, appointmentTo: window.to, ...(g.ticket.assigneeId ? {} : { assigneeId: g.staff.id }) },
    });
    if (!moved) return false;
    const tz = this.o.timeZone;
    const text = `${formatLocal(window.from, tz)}–${formatLocal(window.to, tz).slice(11)}`;
    const name = await this.engineerName(s, moved.assigneeId);
    await this.notifyCustomer(s, moved, (m) => m.notify.appointment(formatRef(moved.ref), m.notify.engineer(name), text));
    return true;
  }

  async onSite(s: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "work", { ownOnly: true });
    if (!g) return false;
    const now = this.now();
    const slaMet = g.ticket.dispatchDueAt ? now.getTime() <= g.ticket.dispatchDueAt.getTime() : null;
    const moved = await this.move(s, ctx, g, ["claimed", "scheduled"], "on_site", {
      type: "on_site",
      data: { slaMet },
      patch: {
        arrivedAt: g.ticket.arrivedAt ?? now,
        ...(g.ticket.arrivedAt ? {} : { slaMet }),
        ...(g.ticket.assigneeId ? {} : { assigneeId: g.staff.id }),
      },
    });
    if (!moved) return false;
    const name = await this.engineerName(s, moved.assigneeId);
    await this.notifyCustomer(s, moved, (m) => m.notify.onSite(formatRef(moved.ref), m.notify.engineer(name)));
    return true;
  }

  async takenIn(s: Store, ctx: StaffContext, ref: number | null, receiptNo: string): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "work", { ownOnly: true });
    if (!g) return false;
    const receipt = receiptNo.trim();
    if (!receipt) {
      await this.tell(s, ctx, g.t.needReceipt);
      return false;
    }
    const moved = await this.move(s, ctx, g, ["claimed", "scheduled", "on_site"], "in_repair", {
      type: "taken_in",
      data: { receipt },
      patch: { receiptNo: receipt.slice(0, 60) },
    });
    if (!moved) return false;
    await this.notifyCustomer(s, moved, (m) => m.notify.takenIn(formatRef(moved.ref), receipt));
    return true;
  }

  async waitingParts(s: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "work", { ownOnly: true });
    if (!g) return false;
    const moved = await this.move(s, ctx, g, ["claimed", "scheduled", "on_site", "in_repair"], "waiting_parts", { type: "waiting_parts" });
    if (!moved) return false;
    await this.notifyCustomer(s, moved, (m) => m.notify.waitingParts(formatRef(moved.ref)));
    return true;
  }

  /** Checks that the actor may resolve the ticket (before opening the form). */
  async mayResolve(s: Store, ctx: StaffContext, ref: number | null): Promise<TicketRow | null> {
    const g = await this.guard(s, ctx, ref, "work", { ownOnly: true });
    if (!g) return null;
    if (!(WORK_STATUSES as readonly string[]).includes(g.ticket.status)) {
      await this.tell(s, ctx, g.t.wrongState(formatRef(g.ticket.ref), g.t.statuses[g.ticket.status] ?? g.ticket.status));
      return null;
    }
    return g.ticket;
  }

  /** Records the repair (修护卡) and resolves the ticket. */
  async resolve(s: Store, ctx: StaffContext, ref: number | null, r: RepairInput): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "work", { ownOnly: true });
    if (!g) return false;
    const now = this.now();
    const ct = this.channelText;
    const parts = r.parts.length ? r.parts.map((p) => `${p.name}×${p.qty}`).join("、") : ct.noParts;
    const moved = await this.move(s, ctx, g, WORK_STATUSES, "resolved", {
      type: "resolved",
      data: { ...r, feeTypeBefore: g.ticket.feeType } as unknown as JsonValue,
      patch: {
        resolution: "repaired",
        resolvedAt: now,
        feeType: r.feeType,
        ...(r.feeType !== g.ticket.feeType ? { feeReason: "corrected" } : {}),
        ...(g.ticket.assigneeId ? {} : { assigneeId: g.staff.id }),
      },
      threadLine: ct.resolvedSummary(
        r.workDone,
        String(r.hours),
        parts,
        ct.feeLine(r.feeAmount.toFixed(2), ct.fees[r.feeType] ?? r.feeType),
      ),
    });
    if (!moved) return false;
    await s.tickets.saveRepair(moved.id, { ...r, recordedBy: g.staff.slackUserId }, now);
    await this.notifyCustomer(s, moved, (m) =>
      m.notify.resolved(
        formatRef(moved.ref),
        r.workDone,
        r.feeAmount > 0 ? m.notify.feeAmount(r.feeAmount.toFixed(2), m.fees[r.feeType] ?? r.feeType) : m.notify.feeFree,
      ),
    );
    await this.o.onResolved?.(s, moved);
    return true;
  }

  /** Sends a resolved, unsatisfied or closed ticket back to work. The owner, or supervisors. */
  async reopen(s: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
    const staff = await this.member(s, ctx.userId, ctx.name);
    const ticket = ref ? await s.tickets.byRef(ref) : null;
    const own = !!staff && !!ticket && ticket.assigneeId === staff.id;
    const g = await this.guard(s, ctx, ref, own ? "work" : "reopen_any", { allowFinished: true });
    if (!g) return false;
    if (g.ticket.status === "cancelled") {
      await this.tell(s, ctx, g.t.finished(formatRef(g.ticket.ref), g.t.statuses.cancelled));
      return false;
    }
    const to = g.ticket.assigneeId ? "claimed" : "queued";
    const moved = await this.move(s, ctx, g, ["resolved", "callback_needed", "closed"], to, {
      type: "reopened",
      patch: { reopenCount: g.ticket.reopenCount + 1, resolution: null, resolvedAt: null, closedAt: null },
    });
    if (!moved) return false;
    await this.notifyCustomer(s, moved, (m) => m.notify.reopened(formatRef(moved.ref)));
    return true;
  }

  /**
   * A staff message in the ticket's thread. Notes (`note:` / `备注:`) stay internal; anything
   * else goes to the customer. Returns what happened.
   */
  async threadMessage(s: Store, ctx: StaffContext, ticket: TicketRow, text: string): Promise<"relayed" | "note" | "refused"> {
    const m = /^\s*(note|备注|內部|内部)\s*[:：]\s*([\s\S]*)$/i.exec(text);
    if (m) return (await this.note(s, ctx, ticket.ref, m[2], { alreadyVisible: true })) ? "note" : "refused";
    const g = await this.guard(s, ctx, ticket.ref, "work", { ownOnly: true });
    if (!g) return "refused";
    const body = text.trim();
    if (!body) return "refused";
    const now = this.now();
    await s.tickets.addMessage(ticket.id, "staff", body, now, { authorId: g.staff.slackUserId });
    await s.tickets.event(ticket.id, "staff_reply", this.actor(g.staff), now);
    if (!ticket.firstResponseAt) await s.tickets.patch(ticket.id, { firstResponseAt: now });
    if (ticket.kind === "complaint") {
      const c = await s.complaints.byTicket(ticket.id);
      if (c && !c.repliedAt) {
        await s.complaints.update(ticket.id, { repliedAt: now });
        await this.refreshCard(s, ticket);
      }
    }
    const who = g.staff.name;
    await this.notifyCustomer(
      s,
      ticket,
      (mm) => `${mm.notify.reply(formatRef(ticket.ref), who ? mm.notify.engineer(who) : mm.notify.engineer(null))}\n${body}`,
    );
    return "relayed";
  }

  /** Records an internal note; never reaches the customer. */
  async note(s: Store, ctx: StaffContext, ref: number | null, text: string, opts: { alreadyVisible?: boolean } = {}): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "work", { allowFinished: true });
    if (!g) return false;
    const body = text.trim();
    if (!body) {
      await this.tell(s, ctx, g.t.needText);
      return false;
    }
    const now = this.now();
    await s.tickets.addMessage(g.ticket.id, "note", body, now, { authorId: g.staff.slackUserId });
    await s.tickets.event(g.ticket.id, "note", this.actor(g.staff), now);
    if (opts.alreadyVisible) {
      // the note is already in the thread as typed: mark it visibly
      await this.thread(s, g.ticket, { body: this.channelText.noteRecorded, internal: true });
    } else {
      await this.thread(s, g.ticket, { body: `${this.mention(g.staff.slackUserId)}: ${body}`, internal: true });
    }
    return true;
  }

  // ── complaints ──────────────────────────────────────────────────────────────────────────

  /** A complaint arrived: its card to the complaints channel; a major one to every manager at once. */
  async complaintOpened(s: Store, ticket: TicketRow): Promise<void> {
    const channel = this.o.channels.complaints ?? this.o.channels.triage;
    if (!channel) {
      this.o.log.warn("staff.no_complaints_channel", { ref: ticket.ref, hint: "set SLACK_COMPLAINTS_CHANNEL" });
      return;
    }
    ticket = await s.tickets.patch(ticket.id, { slackChannel: channel });
    await this.out(s, [{ kind: "post", channel, card: await this.card(s, ticket) }], { type: "ticketCard", ticketId: ticket.id });
    const c = await s.complaints.byTicket(ticket.id);
    if (c?.severity === "major") await this.alertManagers(s, ticket);
  }

  private async alertManagers(s: Store, ticket: TicketRow): Promise<void> {
    const managers = new Set([...(await s.staff.withRoles(["manager"])).map((x) => x.slackUserId), ...this.o.adminUserIds]);
    for (const user of managers) {
      const t = this.textFor(await s.staff.byUser(user));
      await this.out(s, [
        { kind: "dm", user, card: { body: t.complaint.majorDm(formatRef(ticket.ref), ticket.description.slice(0, 500)) } },
      ]);
    }
  }

  /** Staff change a complaint's severity; upgrading to major alerts the managers. */
  async setSeverity(s: Store, ctx: StaffContext, ref: number | null, severity: "major" | "ordinary" | null): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "work");
    if (!g) return false;
    const c = await s.complaints.byTicket(g.ticket.id);
    if (!c) {
      await this.tell(s, ctx, g.t.wrongState(formatRef(g.ticket.ref), g.t.kinds[g.ticket.kind] ?? g.ticket.kind));
      return false;
    }
    const next = severity ?? (c.severity === "major" ? "ordinary" : "major");
    if (next === c.severity) return true;
    await s.complaints.update(g.ticket.id, { severity: next });
    await s.tickets.event(g.ticket.id, "severity", this.actor(g.staff), this.now(), { from: c.severity, to: next });
    await this.refreshCard(s, g.ticket);
    await this.thread(
      s,
      g.ticket,
      this.channelText.complaint.severityChanged(this.mention(g.staff.slackUserId), this.channelText.complaint.severities[next]),
    );
    if (next === "major") await this.alertManagers(s, g.ticket);
    return true;
  }

  /** The complaint handling record (客户投诉处理表); the result is told to the customer, and the complaint closes. */
  async recordComplaint(
    s: Store,
    ctx: StaffContext,
    ref: number | null,
    r: { whatHappened: string; cause: string; responsibility: string; action: string; result: string; reaction: string },
  ): Promise<boolean> {
    const g = await this.guard(s, ctx, ref, "work", { ownOnly: true });
    if (!g) return false;
    if (!(await s.complaints.byTicket(g.ticket.id))) {
      await this.tell(s, ctx, g.t.wrongState(formatRef(g.ticket.ref), g.t.kinds[g.ticket.kind] ?? g.ticket.kind));
      return false;
    }
    if (!r.result.trim()) {
      await this.tell(s, ctx, g.t.needText);
      return false;
    }
    const now = this.now();
    const c = await s.complaints.byTicket(g.ticket.id);
    await s.complaints.update(g.ticket.id, {
      whatHappened: r.whatHappened || c?.whatHappened,
      cause: r.cause || null,
      responsibility: r.responsibility || null,
      action: r.action || null,
      result: r.result,
      reaction: r.reaction || null,
      repliedAt: c?.repliedAt ?? now,
    });
    const moved = await this.move(s, ctx, g, ["queued", ...WORK_STATUSES], "closed", {
      type: "complaint_handled",
      data: { result: r.result },
      patch: {
        resolution: "handled",
        resolvedAt: now,
        closedAt: now,
        firstResponseAt: g.ticket.firstResponseAt ?? now,
        ...(g.ticket.assigneeId ? {} : { assigneeId: g.staff.id }),
      },
      threadLine: this.channelText.complaint.handled(this.mention(g.staff.slackUserId)),
    });
    if (!moved) return false;
    await this.notifyCustomer(s, moved, (m) => m.complaint.result(formatRef(moved.ref), r.result));
    return true;
  }

  // ── the callback (回访) ─────────────────────────────────────────────────────────────────

  private ratings(
    survey: { attitude: number | null; skill: number | null; arrival: number | null; promise: number | null },
    t: StaffMessages,
  ): string {
    return (["attitude", "skill", "arrival", "promise"] as const)
      .map((i) => `${t.callback.items[i]} ${survey[i] ? t.callback.levels[survey[i]!] : "—"}`)
      .join(" / ");
  }

  /** Not satisfied at callback: the supervisors hear at once, with the ratings and comment. */
  async callbackNeeded(
    s: Store,
    ticket: TicketRow,
    survey: { attitude: number | null; skill: number | null; arrival: number | null; promise: number | null; comment: string | null },
  ): Promise<void> {
    const ct = this.channelText;
    const line = ct.callback.unsatisfied(
      formatRef(ticket.ref),
      this.ratings(survey, ct),
      survey.comment ?? "",
      await this.supervisorsMention(s),
    );
    await this.refreshCard(s, ticket);
    await this.thread(s, ticket, line);
    const channel = this.o.channels.escalation ?? this.o.channels.triage;
    if (channel) await this.out(s, [{ kind: "post", channel, card: { body: line, footer: this.line(ticket, ct) } }]);
  }

  async callbackComment(s: Store, ticket: TicketRow, text: string): Promise<void> {
    await this.thread(s, ticket, this.channelText.callback.comment(text));
  }

  // ── service-level reminders (SlaNotifier) ───────────────────────────────────────────────

  private duration(ms: number, t: StaffMessages): string {
    const min = Math.max(0, Math.round(ms / 60_000));
    return t.duration(Math.floor(min / 60), min % 60);
  }

  private async supervisorsMention(s: Store): Promise<string> {
    let list = await s.staff.withRoles(["supervisor"]);
    if (!list.length) list = await s.staff.withRoles(["manager"]);
    return list.length ? list.map((x) => this.mention(x.slackUserId)).join(" ") : this.channelText.sla.noSupervisors;
  }

  /** At 75%: a warning in the thread, and a DM to the owner (or the triage channel if unclaimed). */
  async slaWarn(s: Store, ticket: TicketRow, clock: "dispatch" | "reply", dueAt: Date, leftMs: number): Promise<void> {
    const ct = this.channelText;
    const ref = formatRef(ticket.ref);
    const due = formatLocal(dueAt, this.o.timeZone);
    await this.thread(s, ticket, ct.sla.warn(ct.sla[clock], ref, due, this.duration(leftMs, ct)));
    const owner = ticket.assigneeId ? await s.staff.byId(ticket.assigneeId) : null;
    if (owner) {
      const t = this.textFor(owner);
      await this.out(s, [{ kind: "dm", user: owner.slackUserId, card: { body: t.sla.warnDm(t.sla[clock], ref, due) } }]);
    } else {
      const channel = clock === "reply" ? (this.o.channels.complaints ?? this.o.channels.triage) : this.o.channels.triage;
      if (channel)
        await this.out(s, [{ kind: "post", channel, card: { body: ct.sla.warn(ct.sla[clock], ref, due, this.duration(leftMs, ct)) } }]);
    }
  }

  /** On breach: 催办 in the thread, a DM to the owner, and the escalation channel with the supervisors. */
  async slaBreach(s: Store, ticket: TicketRow, clock: "dispatch" | "reply", lateMs: number, round: number): Promise<void> {
    const ct = this.channelText;
    const ref = formatRef(ticket.ref);
    const late = this.duration(lateMs, ct);
    await this.thread(s, ticket, ct.sla.breach(ct.sla[clock], ref, late, round));
    const owner = ticket.assigneeId ? await s.staff.byId(ticket.assigneeId) : null;
    if (owner) {
      const t = this.textFor(owner);
      await this.out(s, [
        { kind: "dm", user: owner.slackUserId, card: { body: t.sla.breach(t.sla[clock], ref, this.duration(lateMs, t), round) } },
      ]);
    }
    const channel = this.o.channels.escalation ?? this.o.channels.triage;
    if (channel) {
      await this.out(s, [
        {
          kind: "post",
          channel,
          card: {
            body: ct.sla.escalate(
              ct.sla[clock],
              ref,
              late,
              owner ? this.mention(owner.slackUserId) : ct.sla.nobody,
              await this.supervisorsMention(s),
            ),
            footer: this.line(ticket, ct),
          },
        },
      ]);
    }
  }

  /** The morning list of tickets left undispatched overnight, to the dispatchers. */
  async morningDigest(s: Store, tickets: TicketRow[]): Promise<void> {
    const channel = this.o.channels.triage;
    if (!channel || !tickets.length) return;
    const ct = this.channelText;
    const agents = (await s.staff.withRoles(["agent"])).map((x) => this.mention(x.slackUserId)).join(" ");
    await this.out(s, [
      {
        kind: "post",
        channel,
        card: {
          body: `${agents ? agents + " " : ""}${ct.sla.morning(tickets.length)}\n${tickets.map((t) => this.line(t, ct)).join("\n")}`,
        },
      },
    ]);
  }

  /** `/desk overdue`: breached and at-risk tickets with how late each is. */
  async overdue(s: Store, ctx: StaffContext, items: { ticket: TicketRow; clock: "dispatch" | "reply"; lateMs: number }[]): Promise<void> {
    const staff = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(staff);
    if (!staff) return this.tell(s, ctx, t.notStaff);
    if (!items.length) return this.tell(s, ctx, t.sla.overdueNone);
    const lines = await Promise.all(
      items.map(async (i) => {
        const owner = i.ticket.assigneeId ? await s.staff.byId(i.ticket.assigneeId) : null;
        const state = i.lateMs > 0 ? t.sla.late(this.duration(i.lateMs, t)) : t.sla.atRisk(this.duration(-i.lateMs, t));
        return `${i.lateMs > 0 ? "🚨" : "⏰"} ${formatRef(i.ticket.ref)} · ${t.sla[i.clock]} · ${state} · ${owner ? this.mention(owner.slackUserId) : t.sla.nobody}`;
      }),
    );
    await this.tell(s, ctx, { title: t.sla.overdueTitle, body: lines.join("\n") });
  }

  // ── views for one person ────────────────────────────────────────────────────────────────

  async history(s: Store, ctx: StaffContext, ref: number | null): Promise<void> {
    const staff = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(staff);
    if (!staff) return this.tell(s, ctx, t.notStaff);
    const ticket = ref ? await s.tickets.byRef(ref) : null;
    if (!ticket) return this.tell(s, ctx, t.unknownTicket(ref ? formatRef(ref) : "?"));
    const tz = this.o.timeZone;
    const events = await s.tickets.events(ticket.id);
    const msgs = await s.tickets.messages(ticket.id);
    const repair = await s.tickets.repair(ticket.id);
    const lines: { at: Date; text: string }[] = [];
    for (const e of events) {
      const who = e.actorType === "staff" && e.actorId ? this.mention(e.actorId) : e.actorType;
      const move =
        e.fromStatus || e.toStatus
          ? ` ${t.statuses[e.fromStatus ?? ""] ?? e.fromStatus ?? ""} → ${t.statuses[e.toStatus ?? ""] ?? e.toStatus ?? ""}`
          : "";
      const data = e.data && typeof e.data === "object" && Object.keys(e.data).length ? ` ${JSON.stringify(e.data)}` : "";
      lines.push({ at: e.at, text: `${e.type} · ${who}${move}${data}` });
    }
    for (const m of msgs)
      lines.push({ at: m.createdAt, text: `${m.author === "note" ? "🔒" : m.author === "customer" ? "👤" : "💬"} ${m.text || "📷"}` });
    lines.sort((a, b) => a.at.getTime() - b.at.getTime());
    const card = await this.card(s, ticket);
    await this.tell(s, ctx, {
      title: t.historyTitle(formatRef(ticket.ref)),
      fields: card.fields,
      body: [
        ...lines.map((l) => `${formatLocal(l.at, tz)}  ${l.text}`),
        ...(repair
          ? [
              t.resolvedSummary(
                repair.workDone,
                String(repair.hours),
                repair.parts.map((p) => `${p.name}×${p.qty}`).join("、") || t.noParts,
                t.feeLine(repair.feeAmount.toFixed(2), t.fees[repair.feeType] ?? repair.feeType),
              ),
            ]
          : []),
      ].join("\n"),
    });
  }

  async mine(s: Store, ctx: StaffContext): Promise<void> {
    const staff = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(staff);
    if (!staff) return this.tell(s, ctx, t.notStaff);
    const list = await s.tickets.listForAssignee(staff.id, OPEN_STATUSES);
    if (!list.length) return this.tell(s, ctx, t.mineEmpty);
    await this.tell(s, ctx, { title: t.mineTitle, body: list.map((x) => this.line(x, t)).join("\n") });
  }

  async queue(s: Store, ctx: StaffContext): Promise<void> {
    const staff = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(staff);
    if (!staff) return this.tell(s, ctx, t.notStaff);
    const list = await s.tickets.listByStatus(["queued"]);
    if (!list.length) return this.tell(s, ctx, t.queueEmpty);
    await this.tell(s, ctx, { title: t.queueTitle, body: list.map((x) => this.line(x, t)).join("\n") });
  }

  private line(x: TicketRow, t: StaffMessages): string {
    const due = x.dispatchDueAt ? ` · ${t.label.dispatchDue} ${formatLocal(x.dispatchDueAt, this.o.timeZone)}` : "";
    return `${formatRef(x.ref)} · ${t.statuses[x.status] ?? x.status} · ${t.kinds[x.kind] ?? x.kind} · ${t.products[x.category ?? "other"] ?? x.category} · ${formatLocal(x.createdAt, this.o.timeZone)}${due}`;
  }

  // ── reports ─────────────────────────────────────────────────────────────────────────────

  private period(spec: string | undefined): { from: Date; to: Date; fromDate: string; toDate: string } | string {
    try {
      return parsePeriod(spec, this.now(), this.o.timeZone);
    } catch (err) {
      if (err instanceof PeriodError) return err.message;
      throw err;
    }
  }

  /** `/desk summary [period] [csv]`: supervisors and managers, in the asker's language. */
  async summary(s: Store, ctx: StaffContext, spec: string | undefined, opts: { csv?: boolean; channel?: string } = {}): Promise<void> {
    const me = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(me);
    if (!me) return this.tell(s, ctx, t.notStaff);
    if (!can(me.role, "reports")) return this.tell(s, ctx, t.noPermission(t.roles[me.role] ?? me.role));
    const period = this.period(spec);
    if (typeof period === "string") return this.tell(s, ctx, period);
    const calendar = this.o.calendar ?? new WorkingCalendar({ timeZone: this.o.timeZone });
    const lang = me.lang === "en" ? "en" : "zh-CN";
    const summary = await computeSummary(s, { from: period.from, to: period.to, calendar, now: this.now() });
    await this.tell(s, ctx, summaryCard(summary, lang));
    if (opts.csv && opts.channel) {
      const rows = await summaryRows(s, { from: period.from, to: period.to, calendar });
      const filename = `summary-${period.fromDate}_${period.toDate}.csv`;
      await this.out(s, [
        { kind: "file", channel: opts.channel, source: { platform: "inline", filename, content: summaryCsv(rows, lang) }, title: filename },
      ]);
    }
  }

  /** `/desk report engineer @user [period]`: one's own, or anyone's for supervisors. */
  async engineerReport(s: Store, ctx: StaffContext, target: { userId: string } | null, spec: string | undefined): Promise<void> {
    const me = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(me);
    if (!me) return this.tell(s, ctx, t.notStaff);
    const whom = target?.userId ?? ctx.userId;
    if (whom !== ctx.userId && !can(me.role, "reports")) return this.tell(s, ctx, t.noPermission(t.roles[me.role] ?? me.role));
    const staff = await this.member(s, whom);
    if (!staff) return this.tell(s, ctx, t.staffNotFound(this.mention(whom)));
    const period = this.period(spec);
    if (typeof period === "string") return this.tell(s, ctx, period);
    const calendar = this.o.calendar ?? new WorkingCalendar({ timeZone: this.o.timeZone });
    const report = await computeEngineerReport(s, { staffId: staff.id, from: period.from, to: period.to, calendar });
    await this.tell(s, ctx, engineerReportCard(report, me.lang === "en" ? "en" : "zh-CN"));
  }

  // ── the staff directory (managers) ──────────────────────────────────────────────────────

  async staffAdd(s: Store, ctx: StaffContext, target: { userId: string; name?: string } | null, roleText: string): Promise<void> {
    const me = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(me);
    if (!me) return this.tell(s, ctx, t.notStaff);
    if (!can(me.role, "staff_admin")) return this.tell(s, ctx, t.noPermission(t.roles[me.role] ?? me.role));
    if (!target) return this.tell(s, ctx, t.needMention);
    const role = parseRole(roleText);
    if (!role) return this.tell(s, ctx, t.badRole);
    await s.staff.upsert(target.userId, role, target.name);
    await this.tell(s, ctx, t.staffAdded(this.mention(target.userId), t.roles[role]));
  }

  async staffRemove(s: Store, ctx: StaffContext, target: { userId: string } | null): Promise<void> {
    const me = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(me);
    if (!me) return this.tell(s, ctx, t.notStaff);
    if (!can(me.role, "staff_admin")) return this.tell(s, ctx, t.noPermission(t.roles[me.role] ?? me.role));
    if (!target) return this.tell(s, ctx, t.needMention);
    const ok = await s.staff.deactivate(target.userId);
    await this.tell(s, ctx, ok ? t.staffRemoved(this.mention(target.userId)) : t.staffNotFound(this.mention(target.userId)));
  }

  async staffList(s: Store, ctx: StaffContext): Promise<void> {
    const me = await this.member(s, ctx.userId, ctx.name);
    const t = this.textFor(me);
    if (!me) return this.tell(s, ctx, t.notStaff);
    const list = await s.staff.list();
    if (!list.length) return this.tell(s, ctx, t.staffEmpty);
    await this.tell(s, ctx, {
      title: t.staffList,
      body: list.map((x) => `${this.mention(x.slackUserId)} · ${t.roles[x.role] ?? x.role}${x.name ? ` · ${x.name}` : ""}`).join("\n"),
    });
  }
}
