/**
 * Service-level targets (by default: dispatch within 6 working hours in the city, 7 in the
 * suburbs; complaints answered within 24 clock hours), read from the environment, and the
 * deadlines they give a ticket.
 */
import { CalendarError, WorkingCalendar } from "./calendar.ts";
import { calendarFromEnv } from "./calendar-config.ts";

export const HOUR = 3600_000;

export interface SlaTargets {
  /** working hours from the call to the engineer's arrival, by area */
  dispatchHours: { city: number; suburb: number };
  /** overrides by kind and area, e.g. { "install.city": 8 } */
  byKind: Record<string, number>;
  /** a shorter dispatch target for VIP customers (working hours), if set */
  vipHours: number | null;
  /** clock hours to answer a complaint */
  complaintReplyHours: number;
  /** clock hours to answer a major complaint (safety, repeats, threats, "a manager") */
  majorComplaintReplyHours: number;
  /** warn at this fraction of a deadline */
  warnAt: number;
  /** repeat the breach reminder every N working hours until done */
  repeatHours: number;
  /** kinds of work that need a visit, and so a dispatch deadline */
  visitKinds: string[];
}

export const DEFAULT_TARGETS: SlaTargets = {
  dispatchHours: { city: 6, suburb: 7 },
  byKind: {},
  vipHours: null,
  complaintReplyHours: 24,
  majorComplaintReplyHours: 4,
  warnAt: 0.75,
  repeatHours: 2,
  visitKinds: ["repair", "install", "maintenance", "return"],
};

export interface SlaConfig {
  calendar: WorkingCalendar;
  targets: SlaTargets;
}

type Env = Record<string, string | undefined>;

function positive(env: Env, key: string, def: number, problems: string[], max = 1000): number {
  const raw = env[key]?.trim();
  if (!raw) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    problems.push(`${key}="${raw}" must be a number above 0 and at most ${max}`);
    return def;
  }
  return n;
}

/**
 * Reads the working calendar and targets from the environment:
 * DESK_WORK_DAYS (Mon-Sat), DESK_WORK_HOURS (08:30-17:30), DESK_HOLIDAYS and DESK_MAKEUP_DAYS
 * (dates, or @file), SLA_DISPATCH_HOURS_CITY (6), SLA_DISPATCH_HOURS_SUBURB (7),
 * SLA_DISPATCH_BY_KIND ("install.city=8,install.suburb=9"), SLA_VIP_HOURS, SLA_COMPLAINT_REPLY_HOURS (24),
 * SLA_WARN_AT (0.75), SLA_REPEAT_HOURS (2).
 *
 * @example
 * ```ts
 * const { sla, problems } = slaFromEnv(process.env, "Asia/Shanghai");
 * ```
 */
export function slaFromEnv(env: Env, timeZone: string): { sla: SlaConfig; problems: string[] } {
  const problems: string[] = [];
  let calendar: WorkingCalendar;
  try {
    calendar = calendarFromEnv(env, timeZone);
  } catch (err) {
    problems.push((err as CalendarError).message);
    calendar = new WorkingCalendar({ timeZone: safeZone(timeZone) });
  }
  const byKind: Record<string, number> = {};
  for (const part of (env.SLA_DISPATCH_BY_KIND ?? "").split(/[,;\s]+/).filter(Boolean)) {
    const m = /^([a-z]+)\.(city|suburb)=(\d+(?:\.\d+)?)$/.exec(part);
    if (!m || Number(m[3]) <= 0) problems.push(`SLA_DISPATCH_BY_KIND: "${part}" should look like install.city=8`);
    else byKind[`${m[1]}.${m[2]}`] = Number(m[3]);
  }
  const warnRaw = env.SLA_WARN_AT?.trim();
  let warnAt = DEFAULT_TARGETS.warnAt;
  if (warnRaw) {
    const w = Number(warnRaw);
    if (!(w > 0 && w < 1)) problems.push(`SLA_WARN_AT="${warnRaw}" must be a fraction between 0 and 1, e.g. 0.75`);
    else warnAt = w;
  }
  const targets: SlaTargets = {
    ...DEFAULT_TARGETS,
    dispatchHours: {
      city: positive(env, "SLA_DISPATCH_HOURS_CITY", 6, problems),
      suburb: positive(env, "SLA_DISPATCH_HOURS_SUBURB", 7, problems),
    },
    byKind,
    vipHours: env.SLA_VIP_HOURS?.trim() ? positive(env, "SLA_VIP_HOURS", 4, problems) : null,
    complaintReplyHours: positive(env, "SLA_COMPLAINT_REPLY_HOURS", 24, problems),
    majorComplaintReplyHours: positive(env, "SLA_MAJOR_COMPLAINT_REPLY_HOURS", 4, problems),
    warnAt,
    repeatHours: positive(env, "SLA_REPEAT_HOURS", 2, problems),
  };
  return { sla: { calendar, targets }, problems };
}

function safeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return "Asia/Shanghai";
  }
}

/**
 * The working hours an engineer has to arrive for this ticket, or null when the kind of work
 * needs no visit (usage questions, complaints). An unknown area gets the city's stricter
 * target; VIP customers get the shorter VIP target when one is set.
 */
export function dispatchTargetHours(t: { kind: string; area: string | null; tier: string }, targets: SlaTargets): number | null {
  if (!targets.visitKinds.includes(t.kind)) return null;
  const area = t.area === "suburb" ? "suburb" : "city";
  let hours = targets.byKind[`${t.kind}.${area}`] ?? targets.dispatchHours[area];
  if (t.tier === "vip" && targets.vipHours !== null) hours = Math.min(hours, targets.vipHours);
  return hours;
}

/**
 * @example
 * ```ts
 * dispatchDue({ kind: "repair", area: "city", tier: "standard", createdAt }, sla); // createdAt + 6 working hours
 * ```
 */
export function dispatchDue(t: { kind: string; area: string | null; tier: string; createdAt: Date }, sla: SlaConfig): Date | null {
  const h = dispatchTargetHours(t, sla.targets);
  return h === null ? null : sla.calendar.addWorkingTime(t.createdAt, h * HOUR);
}

/**
 * Complaints: an answer within N clock hours of receipt (a shorter N for major ones).
 *
 * @example
 * ```ts
 * replyDue(ticket.createdAt, sla, "major"); // createdAt + 4 h by default
 * ```
 */
export function replyDue(createdAt: Date, sla: SlaConfig, severity?: string | null): Date {
  const hours =
    severity === "major"
      ? Math.min(sla.targets.majorComplaintReplyHours, sla.targets.complaintReplyHours)
      : sla.targets.complaintReplyHours;
  return new Date(createdAt.getTime() + hours * HOUR);
}
