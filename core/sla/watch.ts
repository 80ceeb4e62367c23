/**
 * Keeps the service-level promises by itself: deadlines on each ticket, a warning at 75%,
 * a 催办 reminder with escalation on breach repeated every N working hours until the work is
 * done, and the morning list of tickets left undispatched overnight. All timers are durable
 * jobs (see core/jobs), so they survive restarts and fire once across processes.
 */
import type { Clock } from "../clock.ts";
import type { ObservedEventSink, SlaClockName } from "../events.ts";
import type { JobContext } from "../jobs/index.ts";
import type { Logger } from "../log.ts";
import type { JobRow, Store, TicketRow } from "../store/index.ts";
import { localDate } from "../domain/date.ts";
import { localTimeToInstant } from "./calendar.ts";
import { HOUR, dispatchDue, replyDue, type SlaConfig } from "./policy.ts";

export const SLA_WARN_JOB = "sla.warn";
export const SLA_BREACH_JOB = "sla.breach";
export const SLA_MORNING_JOB = "sla.morning";

export type SlaClock = SlaClockName;

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

export interface SlaWatchOptions {
  sla: SlaConfig;
  clock: Clock;
  log: Logger;
  /**
   * Where warnings, breaches and the morning list are told (`sla.warned`, `sla.breached`,
   * `sla.morning`); the staff side listens when Slack is connected. Without it, or while
   * nothing listens to `sla.breached`, a breach is recorded once and not repeated.
   */
  events?: ObservedEventSink;
}

/**
 * @example
 * ```ts
 * const watch = new SlaWatch({ sla, clock, log, events });
 * jobs.handle(SLA_WARN_JOB, (job, ctx) => watch.warn(job, ctx));
 * jobs.handle(SLA_BREACH_JOB, (job, ctx) => watch.breach(job, ctx));
 * ```
 */
export class SlaWatch {
  constructor(private readonly options: SlaWatchOptions) {}

  get calendar() {
    return this.options.sla.calendar;
  }

  /** A ticket now needs staff: give it its arrival deadline and start the clock's timers. */
  async onQueued(tx: Store, ticket: TicketRow): Promise<TicketRow> {
    if (ticket.kind === "complaint" || ticket.arrivedAt) return ticket;
    const due = ticket.dispatchDueAt ?? dispatchDue(ticket, this.options.sla);
    if (!due) return ticket;
    if (!ticket.dispatchDueAt) ticket = await tx.tickets.patch(ticket.id, { dispatchDueAt: due });
    await this.schedule(tx, ticket, "dispatch", ticket.createdAt, due);
    return ticket;
  }

  /** A complaint arrived: an answer is due within the reply target (clock hours; shorter for a major one). */
  async onComplaint(tx: Store, ticket: TicketRow, severity?: string | null): Promise<TicketRow> {
    const due = ticket.replyDueAt ?? replyDue(ticket.createdAt, this.options.sla, severity);
    if (!ticket.replyDueAt) ticket = await tx.tickets.patch(ticket.id, { replyDueAt: due });
    await this.schedule(tx, ticket, "reply", ticket.createdAt, due);
    return ticket;
  }

  private async schedule(tx: Store, ticket: TicketRow, clock: SlaClock, from: Date, due: Date): Promise<void> {
    const now = this.options.clock.now();
    const warnAt =
      clock === "dispatch"
        ? this.calendar.fractionPoint(from, due, this.options.sla.targets.warnAt)
        : new Date(from.getTime() + (due.getTime() - from.getTime()) * this.options.sla.targets.warnAt);
    const data = { ticketId: ticket.id, clock };
    await tx.jobs.schedule({ kind: SLA_WARN_JOB, key: `ticket:${ticket.id}:${clock}:warn`, runAt: warnAt, data }, now);
    await tx.jobs.schedule(
      { kind: SLA_BREACH_JOB, key: `ticket:${ticket.id}:${clock}:breach:1`, runAt: due, data: { ...data, round: 1 } },
      now,
    );
  }

  /** Whether the promise behind a clock is already kept (or moot). */
  private async settled(tx: Store, ticket: TicketRow, clock: SlaClock): Promise<boolean> {
    if (clock === "dispatch") return !!ticket.arrivedAt || !AWAITING_ARRIVAL.includes(ticket.status);
    if (FINISHED.includes(ticket.status)) return true;
    const complaint = await tx.complaints.byTicket(ticket.id);
    return !!complaint?.repliedAt;
  }

  private lateMs(clock: SlaClock, due: Date, now: Date): number {
    if (clock === "reply") return now.getTime() - due.getTime();
    return now.getTime() >= due.getTime() ? this.calendar.workingTimeBetween(due, now) : -this.calendar.workingTimeBetween(now, due);
  }

  async warn(job: JobRow, ctx: JobContext): Promise<void> {
    const { ticketId, clock } = job.data as { ticketId: number; clock: SlaClock };
    await ctx.complete(async (tx) => {
      const ticket = await tx.tickets.byId(ticketId);
      if (!ticket || (await this.settled(tx, ticket, clock))) return;
      const due = clock === "dispatch" ? ticket.dispatchDueAt : ticket.replyDueAt;
      if (!due) return;
      const now = this.options.clock.now();
      if (now.getTime() >= due.getTime()) return; // the breach reminder says it better
      await tx.tickets.event(ticket.id, "sla_warning", { type: "system" }, now, { clock, due: due.toISOString() });
      await this.options.events?.emit(tx, "sla.warned", { ticket, clock, dueAt: due, leftMs: -this.lateMs(clock, due, now) }, now);
    });
  }

  async breach(job: JobRow, ctx: JobContext): Promise<void> {
    const { ticketId, clock, round = 1 } = job.data as { ticketId: number; clock: SlaClock; round?: number };
    await ctx.complete(async (tx) => {
      const ticket = await tx.tickets.byId(ticketId);
      if (!ticket || (await this.settled(tx, ticket, clock))) return;
      const due = clock === "dispatch" ? ticket.dispatchDueAt : ticket.replyDueAt;
      if (!due) return;
      const now = this.options.clock.now();
      const late = this.lateMs(clock, due, now);
      await tx.tickets.event(ticket.id, "sla_breach", { type: "system" }, now, { clock, round, lateMs: late });
      await this.options.events?.emit(tx, "sla.breached", { ticket, clock, lateMs: Math.max(0, late), round }, now);
      // again every N working hours until the work is done (only when someone is told)
      if (!this.options.events?.has("sla.breached")) return;
      const next = this.calendar.addWorkingTime(
        this.calendar.isWorkingTime(now) ? now : this.calendar.nextWorkingStart(now),
        this.options.sla.targets.repeatHours * HOUR,
      );
      await tx.jobs.schedule(
        {
          kind: SLA_BREACH_JOB,
          key: `ticket:${ticket.id}:${clock}:breach:${round + 1}`,
          runAt: next,
          data: { ticketId: ticket.id, clock, round: round + 1 },
        },
        now,
      );
    });
  }

  /** Schedules the next morning list (at the next working day's start). Idempotent. */
  async scheduleMorning(tx: Store): Promise<void> {
    const now = this.options.clock.now();
    const at = this.nextMorning(now);
    await tx.jobs.schedule({ kind: SLA_MORNING_JOB, key: `digest:${localDate(at, this.calendar.config.timeZone)}`, runAt: at }, now);
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
    await ctx.complete(async (tx) => {
      const now = this.options.clock.now();
      const dayStart = this.calendar.startOfWorkingDay(now) ?? now;
      const left = (await tx.tickets.listByStatus(["queued"], 200)).filter(
        (ticket) => ticket.createdAt.getTime() < dayStart.getTime() && ticket.kind !== "complaint",
      );
      if (left.length) await this.options.events?.emit(tx, "sla.morning", { tickets: left }, now);
      const next = this.nextMorning(now);
      await tx.jobs.schedule({ kind: SLA_MORNING_JOB, key: `digest:${localDate(next, this.calendar.config.timeZone)}`, runAt: next }, now);
    });
  }

  /** Breached and at-risk tickets (past the warning point), the latest first. */
  async overdue(tx: Store): Promise<OverdueItem[]> {
    const now = this.options.clock.now();
    const out: OverdueItem[] = [];
    for (const ticket of await tx.tickets.listByStatus(["queued", "claimed", "scheduled"], 500)) {
      if (!ticket.dispatchDueAt || ticket.arrivedAt) continue;
      const warnAt = this.calendar.fractionPoint(ticket.createdAt, ticket.dispatchDueAt, this.options.sla.targets.warnAt);
      if (now.getTime() >= warnAt.getTime())
        out.push({ ticket, clock: "dispatch", dueAt: ticket.dispatchDueAt, lateMs: this.lateMs("dispatch", ticket.dispatchDueAt, now) });
    }
    for (const ticket of await tx.tickets.listByStatus(["queued", "claimed", "scheduled", "on_site", "in_repair", "waiting_parts"], 500)) {
      if (ticket.kind !== "complaint" || !ticket.replyDueAt || (await this.settled(tx, ticket, "reply"))) continue;
      const warnAt = new Date(
        ticket.createdAt.getTime() + (ticket.replyDueAt.getTime() - ticket.createdAt.getTime()) * this.options.sla.targets.warnAt,
      );
      if (now.getTime() >= warnAt.getTime())
        out.push({ ticket, clock: "reply", dueAt: ticket.replyDueAt, lateMs: this.lateMs("reply", ticket.replyDueAt, now) });
    }
    return out.sort((first, second) => second.lateMs - first.lateMs);
  }
}
