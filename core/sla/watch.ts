/**
 * Keeps the service-level promises by itself: deadlines on each ticket, a warning at 75%,
 * a 催办 reminder with escalation on breach repeated every N working hours until the work is
 * done, and the morning list of tickets left undispatched overnight. All timers are durable
 * jobs (see core/jobs), so they survive restarts and fire once across processes.
 */
import type { Clock } from "../clock.ts";
import type { JobContext } from "../jobs/index.ts";
import type { Logger } from "../log.ts";
import type { JobRow, Store, TicketRow } from "../store/index.ts";
import { localDate } from "../domain/date.ts";
import { localTimeToInstant } from "./calendar.ts";
import { HOUR, dispatchDue, replyDue, type SlaConfig } from "./policy.ts";

export const SLA_WARN_JOB = "sla.warn";
export const SLA_BREACH_JOB = "sla.breach";
export const SLA_MORNING_JOB = "sla.morning";

export type SlaClock = "dispatch" | "reply";

/** What the watcher tells staff; implemented by the staff desk (Slack). */
export interface SlaNotifier {
  slaWarn(s: Store, ticket: TicketRow, clock: SlaClock, dueAt: Date, leftMs: number): Promise<void>;
  slaBreach(s: Store, ticket: TicketRow, clock: SlaClock, lateMs: number, round: number): Promise<void>;
  morningDigest(s: Store, tickets: TicketRow[]): Promise<void>;
}

export interface OverdueItem {
  ticket: TicketRow;
  clock: SlaClock;
  dueAt: Date;
  /** > 0: late by this much; <= 0: this much left (at risk) */
  lateMs: number;
}

/** Statuses in which nobody has arrived yet but someone should. */
const AWAITING_ARRIVAL = ["queued", "claimed", "scheduled"];
const FINISHED = ["resolved", "callback_needed", "closed", "cancelled"];

/**
 * @example
 * ```ts
 * const watch = new SlaWatch({ sla, clock, log, notify: staffDesk });
 * jobs.handle(SLA_WARN_JOB, (j, ctx) => watch.warn(j, ctx));
 * jobs.handle(SLA_BREACH_JOB, (j, ctx) => watch.breach(j, ctx));
 * ```
 */
export class SlaWatch {
  /** Who hears about warnings and breaches (the staff desk, when Slack is connected). */
  notify: SlaNotifier | null;

  constructor(private readonly o: { sla: SlaConfig; clock: Clock; log: Logger; notify?: SlaNotifier | null }) {
    this.notify = o.notify ?? null;
  }

  get calendar() {
    return this.o.sla.calendar;
  }

  /** A ticket now needs staff: give it its arrival deadline and start the clock's timers. */
  async onQueued(s: Store, ticket: TicketRow): Promise<TicketRow> {
    if (ticket.kind === "complaint" || ticket.arrivedAt) return ticket;
    const due = ticket.dispatchDueAt ?? dispatchDue(ticket, this.o.sla);
    if (!due) return ticket;
    if (!ticket.dispatchDueAt) ticket = await s.tickets.patch(ticket.id, { dispatchDueAt: due });
    await this.schedule(s, ticket, "dispatch", ticket.createdAt, due);
    return ticket;
  }

  /** A complaint arrived: an answer is due within the reply target (clock hours). */
  async onComplaint(s: Store, ticket: TicketRow): Promise<TicketRow> {
    const due = ticket.replyDueAt ?? replyDue(ticket.createdAt, this.o.sla);
    if (!ticket.replyDueAt) ticket = await s.tickets.patch(ticket.id, { replyDueAt: due });
    await this.schedule(s, ticket, "reply", ticket.createdAt, due);
    return ticket;
  }

  private async schedule(s: Store, ticket: TicketRow, clock: SlaClock, from: Date, due: Date): Promise<void> {
    const now = this.o.clock.now();
    const warnAt =
      clock === "dispatch"
        ? this.calendar.fractionPoint(from, due, this.o.sla.targets.warnAt)
        : new Date(from.getTime() + (due.getTime() - from.getTime()) * this.o.sla.targets.warnAt);
    const data = { ticketId: ticket.id, clock };
    await s.jobs.schedule({ kind: SLA_WARN_JOB, key: `ticket:${ticket.id}:${clock}:warn`, runAt: warnAt, data }, now);
    await s.jobs.schedule(
      { kind: SLA_BREACH_JOB, key: `ticket:${ticket.id}:${clock}:breach:1`, runAt: due, data: { ...data, round: 1 } },
      now,
    );
  }

  /** Whether the promise behind a clock is already kept (or moot). */
  private async settled(s: Store, t: TicketRow, clock: SlaClock): Promise<boolean> {
    if (clock === "dispatch") return !!t.arrivedAt || !AWAITING_ARRIVAL.includes(t.status);
    if (FINISHED.includes(t.status)) return true;
    const c = await s.complaints.byTicket(t.id);
    return !!c?.repliedAt;
  }

  private lateMs(clock: SlaClock, due: Date, now: Date): number {
    if (clock === "reply") return now.getTime() - due.getTime();
    return now.getTime() >= due.getTime() ? this.calendar.workingTimeBetween(due, now) : -this.calendar.workingTimeBetween(now, due);
  }

  async warn(job: JobRow, ctx: JobContext): Promise<void> {
    const { ticketId, clock } = job.data as { ticketId: number; clock: SlaClock };
    await ctx.complete(async (s) => {
      const t = await s.tickets.byId(ticketId);
      if (!t || (await this.settled(s, t, clock))) return;
      const due = clock === "dispatch" ? t.dispatchDueAt : t.replyDueAt;
      if (!due) return;
      const now = this.o.clock.now();
      if (now.getTime() >= due.getTime()) return; // the breach reminder says it better
      await s.tickets.event(t.id, "sla_warning", { type: "system" }, now, { clock, due: due.toISOString() });
      await this.notify?.slaWarn(s, t, clock, due, -this.lateMs(clock, due, now));
    });
  }

  async breach(job: JobRow, ctx: JobContext): Promise<void> {
    const { ticketId, clock, round = 1 } = job.data as { ticketId: number; clock: SlaClock; round?: number };
    await ctx.complete(async (s) => {
      const t = await s.tickets.byId(ticketId);
      if (!t || (await this.settled(s, t, clock))) return;
      const due = clock === "dispatch" ? t.dispatchDueAt : t.replyDueAt;
      if (!due) return;
      const now = this.o.clock.now();
      const late = this.lateMs(clock, due, now);
      await s.tickets.event(t.id, "sla_breach", { type: "system" }, now, { clock, round, lateMs: late });
      await this.notify?.slaBreach(s, t, clock, Math.max(0, late), round);
      // again every N working hours until the work is done (only when someone is told)
      if (!this.notify) return;
      const next = this.calendar.addWorkingTime(
        this.calendar.isWorkingTime(now) ? now : this.calendar.nextWorkingStart(now),
        this.o.sla.targets.repeatHours * HOUR,
      );
      await s.jobs.schedule(
        {
          kind: SLA_BREACH_JOB,
          key: `ticket:${t.id}:${clock}:breach:${round + 1}`,
          runAt: next,
          data: { ticketId: t.id, clock, round: round + 1 },
        },
        now,
      );
    });
  }

  /** Schedules the next morning list (at the next working day's start). Idempotent. */
  async scheduleMorning(s: Store): Promise<void> {
    const now = this.o.clock.now();
    const at = this.nextMorning(now);
    await s.jobs.schedule({ kind: SLA_MORNING_JOB, key: `digest:${localDate(at, this.calendar.config.timeZone)}`, runAt: at }, now);
  }

  /** The start of the first working day after today (local). */
  private nextMorning(now: Date): Date {
    const tz = this.calendar.config.timeZone;
    const today = localDate(now, tz);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return this.calendar.nextWorkingStart(localTimeToInstant(tz, tomorrow, "00:00"));
  }

  /** At the start of a working day: the tickets left undispatched overnight, oldest first. */
  async morning(_job: JobRow, ctx: JobContext): Promise<void> {
    await ctx.complete(async (s) => {
      const now = this.o.clock.now();
      const dayStart = this.calendar.startOfWorkingDay(now) ?? now;
      const left = (await s.tickets.listByStatus(["queued"], 200)).filter(
        (t) => t.createdAt.getTime() < dayStart.getTime() && t.kind !== "complaint",
      );
      if (left.length) await this.notify?.morningDigest(s, left);
      const next = this.nextMorning(now);
      await s.jobs.schedule({ kind: SLA_MORNING_JOB, key: `digest:${localDate(next, this.calendar.config.timeZone)}`, runAt: next }, now);
    });
  }

  /** Breached and at-risk tickets (past the warning point), the latest first. */
  async overdue(s: Store): Promise<OverdueItem[]> {
    const now = this.o.clock.now();
    const out: OverdueItem[] = [];
    for (const t of await s.tickets.listByStatus(["queued", "claimed", "scheduled"], 500)) {
      if (!t.dispatchDueAt || t.arrivedAt) continue;
      const warnAt = this.calendar.fractionPoint(t.createdAt, t.dispatchDueAt, this.o.sla.targets.warnAt);
      if (now.getTime() >= warnAt.getTime())
        out.push({ ticket: t, clock: "dispatch", dueAt: t.dispatchDueAt, lateMs: this.lateMs("dispatch", t.dispatchDueAt, now) });
    }
    for (const t of await s.tickets.listByStatus(["queued", "claimed", "scheduled", "on_site", "in_repair", "waiting_parts"], 500)) {
      if (t.kind !== "complaint" || !t.replyDueAt || (await this.settled(s, t, "reply"))) continue;
      const warnAt = new Date(t.createdAt.getTime() + (t.replyDueAt.getTime() - t.createdAt.getTime()) * this.o.sla.targets.warnAt);
      if (now.getTime() >= warnAt.getTime())
        out.push({ ticket: t, clock: "reply", dueAt: t.replyDueAt, lateMs: this.lateMs("reply", t.replyDueAt, now) });
    }
    return out.sort((a, b) => b.lateMs - a.lateMs);
  }
}
