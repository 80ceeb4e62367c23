/**
 * The manager's summary (`/desk summary`, `npx desk report summary --json`): the state of the
 * service over a period, as one plain JSON-serialisable object. Slack and the CLI both show
 * exactly what {@link computeSummary} returns. Every figure is an SQL aggregate
 * (core/store/reports.ts); this module turns the aggregates into the figures.
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
 *   only bad data can produce, count as 0), computed in SQL from the calendar's days
 *   (core/store/work-calendar.ts) to the same millisecond;
 * - a missing product (`category` null) or resolution is counted under the key `"none"`; a
 *   complaint ticket without its complaint record under kind and severity `"unknown"`;
 * - percentages are rounded to 1 decimal, averages, medians, percentiles and hours to 2
 *   (half away from zero); a figure with no data is `null`, never NaN;
 * - count maps (`byKind`, …) list only the keys that occur, in the domain's order;
 * - the assignee of a ticket is its current `assigneeId`.
 *
 * @module
 */
import type { WorkingCalendar } from "../sla/calendar.ts";
import type { DurationRaw, ReportRepo, TicketDimsRow } from "../store/reports.ts";
import { countsOf, figuresOf, periodOf, ratingsOf, splitActivity } from "./aggregate.ts";
import { checkRange } from "./errors.ts";
import { KEY_ORDER, compareText, pct, round, sortKeys, type Counts, type OutcomeCounts } from "./math.ts";

// ---------------------------------------------------------------------------------------------
// The summary
// ---------------------------------------------------------------------------------------------

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
  ticketsIn: { total: number; byKind: Counts; byProduct: Counts; byStatus: Counts; byFeeType: Counts; byTier: Counts };
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

type Dim = "kind" | "category" | "status" | "feeType" | "resolution" | "tier";

/** A count map of one dimension of the tickets' groups, counting tickets in or out (null key → "none"). */
function dimCounts(rows: readonly TicketDimsRow[], dim: Dim, which: "in" | "out", order: readonly string[]): Counts {
  const out: Counts = {};
  for (const r of rows) {
    const n = r[which];
    if (n > 0) out[r[dim] ?? "none"] = (out[r[dim] ?? "none"] ?? 0) + n;
  }
  return sortKeys(out, order);
}

function durationOf(d: DurationRaw): DurationFigure {
  return { count: d.count, median: d.median === null ? null : round(d.median, 2), p90: d.p90 === null ? null : round(d.p90, 2) };
}

/**
 * Computes the summary of the period `[from, to)`. Every figure, exactly:
 *
 * **Tickets**
 * - `ticketsIn.total`: tickets created in the period; `byKind`, `byProduct` (category),
 *   `byStatus` (their status *now*), `byFeeType`, `byTier` (the customer's tier when the
 *   ticket was opened: `vip`, `standard` or the shop's own) break the same tickets down.
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
 *   (`quantile` in math.ts, PostgreSQL's `percentile_cont`).
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
  const raw = await store.reports.summaryFigures({ from, to }, { now, calendar });
  const act = splitActivity(raw.activity);
  const d = act.desk;
  const inTotal = raw.dims.reduce((a, r) => a + r.in, 0);
  const selfService = raw.dims.reduce((a, r) => a + (r.resolution === "self_service" ? r.in : 0), 0);
  const summary: Summary = {
    period: periodOf(from, to, calendar.config.timeZone),
    ticketsIn: {
      total: inTotal,
      byKind: dimCounts(raw.dims, "kind", "in", KEY_ORDER.kind),
      byProduct: dimCounts(raw.dims, "category", "in", KEY_ORDER.product),
      byStatus: dimCounts(raw.dims, "status", "in", KEY_ORDER.status),
      byFeeType: dimCounts(raw.dims, "feeType", "in", KEY_ORDER.feeType),
      byTier: dimCounts(raw.dims, "tier", "in", ["vip", "standard"]),
    },
    ticketsOut: {
      total: raw.dims.reduce((a, r) => a + r.out, 0),
      byKind: dimCounts(raw.dims, "kind", "out", KEY_ORDER.kind),
      byProduct: dimCounts(raw.dims, "category", "out", KEY_ORDER.product),
      byFeeType: dimCounts(raw.dims, "feeType", "out", KEY_ORDER.feeType),
      byResolution: dimCounts(raw.dims, "resolution", "out", KEY_ORDER.resolution),
    },
    selfService: { count: selfService, sharePct: pct(selfService, inTotal) },
    sla: {
      dispatch: { measured: d.measured, onTime: d.onTime, late: d.measured - d.onTime, onTimePct: pct(d.onTime, d.measured) },
      firstResponseHours: durationOf(raw.firstResponse),
      resolutionHours: durationOf(raw.resolution),
    },
    survey: {
      sent: d.sent,
      answered: d.answered,
      pending: d.pending,
      expired: d.expired,
      responseRatePct: pct(d.answered, d.sent),
      ratings: ratingsOf(d),
      satisfied: d.satisfied,
      satisfiedPct: pct(d.satisfied, d.answered),
      outcomes: act.deskOutcomes,
      selfServiceForm: { sent: d.ssSent, answered: d.ssAnswered, helped: d.ssHelped },
    },
    complaints: {
      new: raw.complaints.total,
      open: raw.complaints.open,
      overdue: raw.complaints.overdue,
      byKind: countsOf(raw.complaints.groups, "kind", KEY_ORDER.complaintKind),
      bySeverity: countsOf(raw.complaints.groups, "severity", KEY_ORDER.severity),
    },
    repeatRepairs: raw.dims.reduce((a, r) => a + r.repeats, 0),
    engineers: [],
  };

  const candidates = [...act.byAssignee].filter(([, e]) => e.agg.jobs || e.agg.sent || e.agg.measured || e.agg.finished);
  const staff = new Map((await store.reports.staffByIds(candidates.map(([id]) => id))).map((s) => [s.id, s]));
  summary.engineers = candidates
    .map(([id, e]) => figuresOf(id, staff.get(id), e.agg, e.outcomes))
    .sort((a, b) => b.jobsDone - a.jobsDone || compareText(a.name ?? "", b.name ?? "") || a.staffId - b.staffId);
  return summary;
}

export { countsOf, figuresOf, periodOf, ratingsOf, splitActivity, type Activity, type ActivityAgg } from "./aggregate.ts";
