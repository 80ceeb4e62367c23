/**
 * The manager's summary (`/desk summary`, `npx desk report summary --json`): the state of the
 * service over a period, as one plain JSON-serialisable object. Slack and the CLI both show
 * exactly what {@link computeSummary} returns.
 *
 * Conventions used by every figure below:
 * - the period is the half-open range of instants `[from, to)`; "in the period" means an
 *   instant `t` with `from <= t < to`;
 * - **tickets in**: tickets whose `createdAt` is in the period;
 * - **finished** (tickets out): tickets whose finish instant `resolvedAt ?? closedAt` is in the
 *   period (a ticket resolved on Monday and closed after its callback on Wednesday finished on
 *   Monday; a cancelled, invalid or duplicate ticket, which has no `resolvedAt`, finished when
 *   it was closed). Reopening clears `resolvedAt`, so a reopened ticket finishes again later;
 * - working hours are `calendar.workingTimeBetween(a, b) / 3 600 000` (negative values, which
 *   only bad data can produce, count as 0);
 * - a missing product (`category` null) or resolution is counted under the key `"none"`; a
 *   complaint ticket without its complaint record under kind and severity `"unknown"`;
 * - percentages are rounded to 1 decimal, averages, medians, percentiles and hours to 2
 *   (half away from zero); a figure with no data is `null`, never NaN;
 * - count maps (`byKind`, …) list only the keys that occur, in the domain's order;
 * - the assignee of a ticket is its current `assigneeId`.
 *
 * @module
 */
import { PRODUCT_CATEGORIES } from "../domain/product.ts";
import { TICKET_KINDS, TICKET_STATUSES } from "../domain/ticket.ts";
import { formatLocal, type WorkingCalendar } from "../sla/calendar.ts";
import type { ReportRepo, ReportTicket } from "../store/reports.ts";
import type { StaffRow } from "../store/types.ts";
import { DeskError } from "../errors.ts";

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Codes carried by {@link ReportError}. */
export type ReportErrorCode =
  /** `from` is not before `to`, or a date is invalid. */
  | "REPORT_BAD_RANGE"
  /** The staff member of a technician report does not exist. */
  | "REPORT_UNKNOWN_STAFF";

/**
 * Error thrown by the report computations; switch on `code`.
 *
 * @example
 * ```ts
 * try { await computeEngineerReport(store, { staffId, from, to, calendar }); }
 * catch (err) { if (err instanceof ReportError && err.code === "REPORT_UNKNOWN_STAFF") reply(notStaff); }
 * ```
 */
export class ReportError extends DeskError<ReportErrorCode> {}

// ---------------------------------------------------------------------------------------------
// Arithmetic (shared with the technician report)
// ---------------------------------------------------------------------------------------------

export const HOUR_MS = 3_600_000;

/** Rounds half away from zero to `digits` decimals (`round(2.675, 2)` is 2.68). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f * (1 + Number.EPSILON))) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** `part / whole` in percent, one decimal; null when `whole` is 0. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? round((part / whole) * 100, 1) : null;
}

/** Arithmetic mean, two decimals; null for no values. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return round(values.reduce((a, b) => a + b, 0) / values.length, 2);
}

/**
 * The `p`-quantile (0..1) with linear interpolation between closest ranks (Excel's
 * PERCENTILE.INC, NumPy's default): sort ascending, `h = (n − 1) × p`, answer
 * `x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋+1] − x[⌊h⌋])`; two decimals; null for no values.
 * The median is `quantile(xs, 0.5)`: the mean of the two middle values when n is even.
 *
 * @example
 * ```ts
 * quantile([0, 0.5, 0.5, 1, 1, 2], 0.5); // 0.75
 * quantile([6, 6.5, 6.5, 12, 14], 0.9);  // 13.2
 * ```
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return round(xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!), 2);
}

/** Canonical key orders of the count maps (known values first, in domain order). */
export const KEY_ORDER = {
  kind: TICKET_KINDS as readonly string[],
  product: [...PRODUCT_CATEGORIES, "none"] as readonly string[],
  status: TICKET_STATUSES as readonly string[],
  feeType: ["A", "B", "C"] as readonly string[],
  resolution: ["repaired", "self_service", "invalid", "duplicate", "cancelled", "none"] as readonly string[],
  complaintKind: ["product", "service", "environment", "unknown"] as readonly string[],
  severity: ["major", "ordinary", "unknown"] as readonly string[],
};

/**
 * The outcome classes of a finished job, in precedence order (a job with a complaint counts
 * as a complaint even if the customer later said they were satisfied); see `outcomeClass`.
 */
export const OUTCOME_CLASSES = [
  "complaint",
  "repeat_visits",
  "not_fixed_first",
  "attitude",
  "unsatisfied",
  "satisfied",
  "no_response",
] as const;
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];

/**
 * Surveys per outcome class. All seven classes are always present; `unclassified` counts
 * surveys without a class yet (callback still pending); a class name the desk does not know
 * gets its own key.
 */
export type OutcomeCounts = Record<OutcomeClass | "unclassified", number> & Record<string, number>;

function emptyOutcomes(): OutcomeCounts {
  return { complaint: 0, repeat_visits: 0, not_fixed_first: 0, attitude: 0, unsatisfied: 0, satisfied: 0, no_response: 0, unclassified: 0 };
}

function addOutcome(counts: OutcomeCounts, outcome: string | null): void {
  const key = outcome ?? "unclassified";
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Counts keys (null → "none") into an object ordered by `order`, then alphabetically. */
export function countBy(keys: Iterable<string | null>, order: readonly string[] = []): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keys) {
    const key = k ?? "none";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return sortKeys(counts, order);
}

/** A copy of `record` with the keys of `order` first (in that order), then the rest alphabetically. */
export function sortKeys<T>(record: Record<string, T>, order: readonly string[] = []): Record<string, T> {
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  const keys = Object.keys(record).sort((a, b) => rank(a) - rank(b) || compareText(a, b));
  const out: Record<string, T> = {};
  for (const k of keys) out[k] = record[k]!;
  return out;
}

/** Whether `at` lies in `[from, to)`. */
export function within(at: Date | null | undefined, from: Date, to: Date): boolean {
  return !!at && at.getTime() >= from.getTime() && at.getTime() < to.getTime();
}

/** Working hours from `a` to `b` (not rounded; never negative). */
export function workingHours(calendar: WorkingCalendar, a: Date, b: Date): number {
  return Math.max(0, calendar.workingTimeBetween(a, b)) / HOUR_MS;
}

// ---------------------------------------------------------------------------------------------
// The summary
// ---------------------------------------------------------------------------------------------

/** Counts per key. */
export type Counts = Record<string, number>;

/** A duration distribution in working hours. */
export interface DurationFigure {
  /** Tickets measured. */
  count: number;
  median: number | null;
  p90: number | null;
}

/** Average of each survey item, 1..4 (4 = 很满意 very satisfied). */
export interface RatingAverages {
  attitude: number | null;
  skill: number | null;
  arrival: number | null;
  promise: number | null;
}

/** Dispatch punctuality: `slaMet` as recorded when the engineer marked "on site". */
export interface DispatchFigure {
  /** Arrivals with a deadline (`slaMet` not null). */
  measured: number;
  /** Of those, `slaMet` true. */
  onTime: number;
  /** `onTime / measured` in %. */
  onTimePct: number | null;
}

/**
 * One engineer's line: each figure is the summary's figure of the same name restricted to the
 * tickets currently assigned to this staff member.
 */
export interface EngineerFigures {
  staffId: number;
  slackUserId: string;
  name: string | null;
  role: string;
  /** Tickets resolved in the period (`resolvedAt` in it), not self-service. */
  jobsDone: number;
  /** Full-form surveys sent in the period and answered. */
  surveysAnswered: number;
  /** Item averages over those answered surveys. */
  ratings: RatingAverages;
  /** Satisfied overall / answered, %. */
  satisfiedPct: number | null;
  /** Arrivals in the period: `slaMet` true / `slaMet` not null. */
  dispatch: DispatchFigure;
  /** Outcome classes of the full-form surveys of tickets finished in the period. */
  outcomes: OutcomeCounts;
}

/**
 * The summary of a period. Plain JSON: `JSON.parse(JSON.stringify(s))` equals `s`.
 * See {@link computeSummary} for the exact definition of each figure.
 */
export interface Summary {
  period: {
    /** ISO instants of `[from, to)`. */
    from: string;
    to: string;
    /** Local date of `from` and of the last instant before `to` (inclusive), YYYY-MM-DD. */
    fromDate: string;
    toDate: string;
    /** The calendar's time zone. */
    timeZone: string;
  };
  ticketsIn: { total: number; byKind: Counts; byProduct: Counts; byStatus: Counts; byFeeType: Counts };
  ticketsOut: { total: number; byKind: Counts; byProduct: Counts; byFeeType: Counts; byResolution: Counts };
  selfService: { count: number; sharePct: number | null };
  sla: {
    dispatch: DispatchFigure & { late: number };
    firstResponseHours: DurationFigure;
    resolutionHours: DurationFigure;
  };
  survey: {
    sent: number;
    answered: number;
    pending: number;
    expired: number;
    responseRatePct: number | null;
    ratings: RatingAverages;
    satisfied: number;
    satisfiedPct: number | null;
    outcomes: OutcomeCounts;
    /** The single "did this help?" of self-service resolutions, sent in the period. */
    selfServiceForm: { sent: number; answered: number; helped: number };
  };
  complaints: { new: number; open: number; overdue: number; byKind: Counts; bySeverity: Counts };
  repeatRepairs: number;
  engineers: EngineerFigures[];
}

/** Options of {@link computeSummary}. */
export interface SummaryOptions {
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the period (exclusive). */
  to: Date;
  /** Working hours for the SLA durations (its time zone is the report's time zone). */
  calendar: WorkingCalendar;
  /** "Now", for complaint replies that are overdue without a reply yet. */
  now: Date;
}

/** Anything with the reports repository: a {@link Store} or a transaction's store. */
export interface ReportSource {
  readonly reports: ReportRepo;
}

const ITEMS = ["attitude", "skill", "arrival", "promise"] as const;
const FINISHED_STATUSES = ["closed", "cancelled"];

function checkRange(from: Date, to: Date): void {
  if (!(from instanceof Date) || !(to instanceof Date) || !Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime())) {
    throw new ReportError("REPORT_BAD_RANGE", "from and to must be valid dates");
  }
  if (from.getTime() >= to.getTime()) {
    throw new ReportError("REPORT_BAD_RANGE", `from ${from.toISOString()} is not before to ${to.toISOString()}`);
  }
}

/** The instant a ticket finished: `resolvedAt ?? closedAt`. */
export function finishedAt(ticket: ReportTicket): Date | null {
  return ticket.resolvedAt ?? ticket.closedAt;
}

function ratingAverages(surveys: readonly NonNullable<ReportTicket["survey"]>[]): RatingAverages {
  const out = {} as RatingAverages;
  for (const item of ITEMS) out[item] = mean(surveys.map((s) => s[item]).filter((v): v is number => typeof v === "number"));
  return out;
}

function dispatchOf(tickets: readonly ReportTicket[]): DispatchFigure & { late: number } {
  const measured = tickets.filter((t) => t.slaMet !== null);
  const onTime = measured.filter((t) => t.slaMet === true).length;
  return { measured: measured.length, onTime, late: measured.length - onTime, onTimePct: pct(onTime, measured.length) };
}

function durations(values: readonly number[]): DurationFigure {
  return { count: values.length, median: quantile(values, 0.5), p90: quantile(values, 0.9) };
}

/** The populations every figure is computed on, for the whole desk or one engineer. */
interface Populations {
  /** created in the period */
  in: ReportTicket[];
  /** finished (resolvedAt ?? closedAt) in the period */
  out: ReportTicket[];
  /** resolvedAt in the period, resolution not self_service */
  resolved: ReportTicket[];
  /** arrivedAt in the period */
  arrived: ReportTicket[];
  /** full-form surveys sent in the period */
  sent: NonNullable<ReportTicket["survey"]>[];
  /** full-form surveys of tickets finished in the period */
  finishedSurveys: NonNullable<ReportTicket["survey"]>[];
}

function populations(tickets: readonly ReportTicket[], from: Date, to: Date): Populations {
  const pop: Populations = { in: [], out: [], resolved: [], arrived: [], sent: [], finishedSurveys: [] };
  for (const ticket of tickets) {
    const isOut = within(finishedAt(ticket), from, to);
    if (within(ticket.createdAt, from, to)) pop.in.push(ticket);
    if (isOut) pop.out.push(ticket);
    if (within(ticket.resolvedAt, from, to) && ticket.resolution !== "self_service") pop.resolved.push(ticket);
    if (within(ticket.arrivedAt, from, to)) pop.arrived.push(ticket);
    if (ticket.survey?.form === "full") {
      if (within(ticket.survey.sentAt, from, to)) pop.sent.push(ticket.survey);
      if (isOut) pop.finishedSurveys.push(ticket.survey);
    }
  }
  return pop;
}

function outcomesOf(surveys: readonly NonNullable<ReportTicket["survey"]>[]): OutcomeCounts {
  const counts = emptyOutcomes();
  for (const survey of surveys) addOutcome(counts, survey.outcome);
  return counts;
}

/**
 * Computes the summary of the period `[from, to)`. Every figure, exactly:
 *
 * **Tickets**
 * - `ticketsIn.total`: tickets created in the period; `byKind`, `byProduct` (category),
 *   `byStatus` (their status *now*), `byFeeType` break the same tickets down.
 * - `ticketsOut.total`: tickets finished in the period (`resolvedAt ?? closedAt` in it, see the
 *   module notes), by kind, product, fee type and `byResolution` (`resolution`, "none" if unset).
 * - `selfService.count`: tickets in whose `resolution` is `self_service`;
 *   `sharePct` = count / ticketsIn.total.
 * - `repeatRepairs`: tickets in with `repeatOfId` set.
 *
 * **SLA** (working hours of `calendar`)
 * - `sla.dispatch`: tickets whose `arrivedAt` is in the period and `slaMet` is not null
 *   (`measured`); `onTime` = `slaMet` true, `late` = false; `onTimePct` = onTime / measured.
 * - `sla.firstResponseHours`: over tickets in with `firstResponseAt` set, the working hours
 *   from `createdAt` to `firstResponseAt` (whenever the response came): `count`, `median`, `p90`
 *   ({@link quantile}).
 * - `sla.resolutionHours`: over tickets with `resolvedAt` in the period and a resolution other
 *   than `self_service`, the working hours from `createdAt` to `resolvedAt`.
 *
 * **Callback survey** (full 4-item form only; the self-service "did this help?" is separate)
 * - `survey.sent`: full-form surveys with `sentAt` in the period; `answered`, `pending`,
 *   `expired` split them by status now; `responseRatePct` = answered / sent.
 * - `survey.ratings`: the mean of each item (1..4) over those answered surveys.
 * - `survey.satisfied`: of those answered, `satisfied` true; `satisfiedPct` = satisfied / answered.
 * - `survey.outcomes`: the outcome classes of the full-form surveys of tickets finished in the
 *   period (all seven classes present, `unclassified` = no class yet).
 * - `survey.selfServiceForm`: self-service surveys sent in the period: `sent`, `answered`,
 *   `helped` (answered with `satisfied` true).
 *
 * **Complaints**: tickets of kind `complaint` created in the period
 * - `new`: their number; `open`: those whose status is not `closed` or `cancelled`;
 * - `overdue`: those with a `replyDueAt` that were replied after it, or are not replied and
 *   `replyDueAt` < `now`;
 * - `byKind`, `bySeverity`: from their complaint records ("unknown" without one).
 *
 * **Engineers**: one line per staff member that is the assignee of a ticket counted in
 * `jobsDone`, survey `sent`, `dispatch` or `outcomes` of the period (see {@link EngineerFigures});
 * ordered by jobs done (most first), then name, then id.
 *
 * @throws {ReportError} `REPORT_BAD_RANGE` if `from` is not before `to`.
 *
 * @example
 * ```ts
 * const period = parsePeriod("week", new Date(), config.timeZone);
 * const summary = await computeSummary(store, { from: period.from, to: period.to, calendar, now: new Date() });
 * summary.sla.dispatch.onTimePct; // 75
 * ```
 */
export async function computeSummary(store: ReportSource, opts: SummaryOptions): Promise<Summary> {
  const { from, to, calendar, now } = opts;
  checkRange(from, to);
  const tickets = await store.reports.periodTickets({ from, to });
  const all = populations(tickets, from, to);
  const timeZone = calendar.config.timeZone;

  const answered = all.sent.filter((s) => s.status === "answered");
  const satisfied = answered.filter((s) => s.satisfied === true).length;
  const selfForm = tickets
    .map((t) => t.survey)
    .filter((s): s is NonNullable<typeof s> => !!s && s.form === "self_service" && within(s.sentAt, from, to));
  const selfAnswered = selfForm.filter((s) => s.status === "answered");

  const complaints = all.in.filter((t) => t.kind === "complaint");
  const overdue = complaints.filter((t) => {
    if (!t.replyDueAt) return false;
    const replied = t.complaint?.repliedAt;
    return replied ? replied.getTime() > t.replyDueAt.getTime() : t.replyDueAt.getTime() < now.getTime();
  });

  const selfServiceCount = all.in.filter((t) => t.resolution === "self_service").length;
  const summary: Summary = {
    period: {
      from: from.toISOString(),
      to: to.toISOString(),
      fromDate: formatLocal(from, timeZone).slice(0, 10),
      toDate: formatLocal(new Date(to.getTime() - 1), timeZone).slice(0, 10),
      timeZone,
    },
    ticketsIn: {
      total: all.in.length,
      byKind: countBy(
        all.in.map((t) => t.kind),
        KEY_ORDER.kind,
      ),
      byProduct: countBy(
        all.in.map((t) => t.category),
        KEY_ORDER.product,
      ),
      byStatus: countBy(
        all.in.map((t) => t.status),
        KEY_ORDER.status,
      ),
      byFeeType: countBy(
        all.in.map((t) => t.feeType),
        KEY_ORDER.feeType,
      ),
    },
    ticketsOut: {
      total: all.out.length,
      byKind: countBy(
        all.out.map((t) => t.kind),
        KEY_ORDER.kind,
      ),
      byProduct: countBy(
        all.out.map((t) => t.category),
        KEY_ORDER.product,
      ),
      byFeeType: countBy(
        all.out.map((t) => t.feeType),
        KEY_ORDER.feeType,
      ),
      byResolution: countBy(
        all.out.map((t) => t.resolution),
        KEY_ORDER.resolution,
      ),
    },
    selfService: { count: selfServiceCount, sharePct: pct(selfServiceCount, all.in.length) },
    sla: {
      dispatch: dispatchOf(all.arrived),
      firstResponseHours: durations(
        all.in.filter((t) => t.firstResponseAt).map((t) => workingHours(calendar, t.createdAt, t.firstResponseAt!)),
      ),
      resolutionHours: durations(all.resolved.map((t) => workingHours(calendar, t.createdAt, t.resolvedAt!))),
    },
    survey: {
      sent: all.sent.length,
      answered: answered.length,
      pending: all.sent.filter((s) => s.status === "pending").length,
      expired: all.sent.filter((s) => s.status === "expired").length,
      responseRatePct: pct(answered.length, all.sent.length),
      ratings: ratingAverages(answered),
      satisfied,
      satisfiedPct: pct(satisfied, answered.length),
      outcomes: outcomesOf(all.finishedSurveys),
      selfServiceForm: {
        sent: selfForm.length,
        answered: selfAnswered.length,
        helped: selfAnswered.filter((s) => s.satisfied === true).length,
      },
    },
    complaints: {
      new: complaints.length,
      open: complaints.filter((t) => !FINISHED_STATUSES.includes(t.status)).length,
      overdue: overdue.length,
      byKind: countBy(
        complaints.map((t) => t.complaint?.kind ?? "unknown"),
        KEY_ORDER.complaintKind,
      ),
      bySeverity: countBy(
        complaints.map((t) => t.complaint?.severity ?? "unknown"),
        KEY_ORDER.severity,
      ),
    },
    repeatRepairs: all.in.filter((t) => t.repeatOfId !== null).length,
    engineers: [],
  };

  // per engineer: the same populations, restricted to each assignee
  const byAssignee = new Map<number, ReportTicket[]>();
  for (const ticket of tickets) {
    if (ticket.assigneeId === null) continue;
    const list = byAssignee.get(ticket.assigneeId) ?? [];
    list.push(ticket);
    byAssignee.set(ticket.assigneeId, list);
  }
  const candidates: [number, Populations][] = [];
  for (const [id, list] of byAssignee) {
    const p = populations(list, from, to);
    if (p.resolved.length || p.sent.length || p.arrived.some((t) => t.slaMet !== null) || p.finishedSurveys.length)
      candidates.push([id, p]);
  }
  const staff = new Map((await store.reports.staffByIds(candidates.map(([id]) => id))).map((s) => [s.id, s]));
  summary.engineers = candidates
    .map(([id, p]) => figuresOf(id, staff.get(id), p))
    .sort((a, b) => b.jobsDone - a.jobsDone || compareText(a.name ?? "", b.name ?? "") || a.staffId - b.staffId);
  return summary;
}

/** Code-point order (the same in every process, unlike localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One staff member's {@link EngineerFigures} for `[from, to)` from their tickets (as returned by
 * `store.reports.periodTickets(range, { assigneeId })`). The technician report uses it, so its
 * figures equal that engineer's line in the summary.
 */
export function engineerFigures(staff: StaffRow, tickets: readonly ReportTicket[], range: { from: Date; to: Date }): EngineerFigures {
  const mine = tickets.filter((t) => t.assigneeId === staff.id);
  return figuresOf(staff.id, staff, populations(mine, range.from, range.to));
}

function figuresOf(id: number, staff: StaffRow | undefined, p: Populations): EngineerFigures {
  const answered = p.sent.filter((s) => s.status === "answered");
  const { late: _late, ...dispatch } = dispatchOf(p.arrived);
  return {
    staffId: id,
    slackUserId: staff?.slackUserId ?? "",
    name: staff?.name ?? null,
    role: staff?.role ?? "",
    jobsDone: p.resolved.length,
    surveysAnswered: answered.length,
    ratings: ratingAverages(answered),
    satisfiedPct: pct(answered.filter((s) => s.satisfied === true).length, answered.length),
    dispatch,
    outcomes: outcomesOf(p.finishedSurveys),
  };
}

// ---------------------------------------------------------------------------------------------
// Per-ticket rows (the CSV)
// ---------------------------------------------------------------------------------------------

/**
 * One ticket of the summary's CSV. Times are local "YYYY-MM-DD HH:MM" in the calendar's time
 * zone; durations are working hours with two decimals.
 */
export interface SummaryRow {
  ref: number;
  created: string;
  kind: string;
  product: string | null;
  status: string;
  feeType: string;
  resolution: string | null;
  /** Local time of `resolvedAt`, or null. */
  resolved: string | null;
  /** The assignee's name, else their Slack user id; null if unassigned. */
  assignee: string | null;
  /** `createdAt` → `firstResponseAt`, working hours. */
  firstResponseWh: number | null;
  /** `createdAt` → `resolvedAt`, working hours. */
  resolutionWh: number | null;
  slaMet: boolean | null;
  attitude: number | null;
  skill: number | null;
  arrival: number | null;
  promise: number | null;
  satisfied: boolean | null;
  outcome: string | null;
  /** Flagged as a repeat repair (`repeatOfId` set). */
  repeat: boolean;
}

/**
 * The per-ticket rows behind a summary: every ticket created or finished in `[from, to)`, by
 * ref. Feed them to `summaryCsv`.
 *
 * @throws {ReportError} `REPORT_BAD_RANGE` if `from` is not before `to`.
 *
 * @example
 * ```ts
 * const csv = summaryCsv(await summaryRows(store, { from, to, calendar }), "zh-CN");
 * ```
 */
export async function summaryRows(store: ReportSource, opts: { from: Date; to: Date; calendar: WorkingCalendar }): Promise<SummaryRow[]> {
  const { from, to, calendar } = opts;
  checkRange(from, to);
  const tz = calendar.config.timeZone;
  const tickets = (await store.reports.periodTickets({ from, to })).filter(
    (t) => within(t.createdAt, from, to) || within(finishedAt(t), from, to),
  );
  const ids = tickets.map((t) => t.assigneeId).filter((id): id is number => id !== null);
  const staff = new Map((await store.reports.staffByIds(ids)).map((s) => [s.id, s]));
  return tickets.map((t) => {
    const who = t.assigneeId !== null ? staff.get(t.assigneeId) : undefined;
    return {
      ref: t.ref,
      created: formatLocal(t.createdAt, tz),
      kind: t.kind,
      product: t.category,
      status: t.status,
      feeType: t.feeType,
      resolution: t.resolution,
      resolved: t.resolvedAt ? formatLocal(t.resolvedAt, tz) : null,
      assignee: t.assigneeId === null ? null : who ? who.name || who.slackUserId : `#${t.assigneeId}`,
      firstResponseWh: t.firstResponseAt ? round(workingHours(calendar, t.createdAt, t.firstResponseAt), 2) : null,
      resolutionWh: t.resolvedAt ? round(workingHours(calendar, t.createdAt, t.resolvedAt), 2) : null,
      slaMet: t.slaMet,
      attitude: t.survey?.attitude ?? null,
      skill: t.survey?.skill ?? null,
      arrival: t.survey?.arrival ?? null,
      promise: t.survey?.promise ?? null,
      satisfied: t.survey?.satisfied ?? null,
      outcome: t.survey?.outcome ?? null,
      repeat: t.repeatOfId !== null,
    };
  });
}
