/**
 * The technician's daily/period report (技术员工作日报表): the jobs an engineer
 * finished, the kinds of work, the hours and parts on their repair cards (修护卡), and how
 * customers rated them.
 *
 * @module
 */
import type { WorkingCalendar } from "../sla/calendar.ts";
import { formatLocal } from "../sla/calendar.ts";
import { ReportError } from "./errors.ts";
import { KEY_ORDER, compareText, countBy, round, workingHours, type Counts, type OutcomeCounts } from "./math.ts";
import { figuresOf, periodOf, splitActivity, type DispatchFigure, type RatingAverages, type ReportSource } from "./summary.ts";

/** One finished job in the technician report. */
export interface EngineerJob {
  ref: number;
  kind: string;
  product: string | null;
  feeType: string;
  /** Local "YYYY-MM-DD HH:MM" of `resolvedAt`. */
  resolved: string;
  /** Working hours from the call (`createdAt`) to `resolvedAt`, two decimals. */
  resolutionWh: number;
  /** Hours on the repair card; null without a card. */
  hours: number | null;
  parts: { name: string; qty: number }[];
  /** Fee on the repair card (yuan); null without a card. */
  feeAmount: number | null;
  slaMet: boolean | null;
  /** The survey's outcome class, if classified. */
  outcome: string | null;
}

/** The technician report (plain JSON). See {@link computeEngineerReport}. */
export interface EngineerReport {
  period: { from: string; to: string; fromDate: string; toDate: string; timeZone: string };
  staff: { id: number; slackUserId: string; name: string | null; role: string };
  /** Jobs done: tickets assigned to the engineer with `resolvedAt` in the period, not self-service. */
  jobsDone: number;
  /** Those jobs by kind of work, and by fee type. */
  byKind: Counts;
  byFeeType: Counts;
  /** Sum of the repair cards' hours of those jobs, two decimals. */
  hours: number;
  /** Sum of the repair cards' fee amounts (yuan), two decimals. */
  feeTotal: number;
  /** Parts on those repair cards, summed by name; most used first, then by name. */
  parts: { name: string; qty: number }[];
  /** The jobs, in the order they were resolved. */
  jobs: EngineerJob[];
  /** The same figures as this engineer's line of the summary. */
  surveysAnswered: number;
  ratings: RatingAverages;
  satisfiedPct: number | null;
  dispatch: DispatchFigure;
  outcomes: OutcomeCounts;
}

/** Options of {@link computeEngineerReport}. */
export interface EngineerReportOptions {
  /** `Staff.id` of the engineer. */
  staffId: number;
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the period (exclusive). */
  to: Date;
  calendar: WorkingCalendar;
}

/**
 * Computes the technician report of one staff member over `[from, to)`:
 * - `jobsDone`, `byKind`, `byFeeType`, `jobs`: the tickets currently assigned to them whose
 *   `resolvedAt` is in the period and whose resolution is not `self_service` (the summary's
 *   "jobs done");
 * - `hours`, `feeTotal`, `parts`: summed over those jobs' repair records (a job without a
 *   repair record adds nothing);
 * - `surveysAnswered`, `ratings`, `satisfiedPct`, `dispatch`, `outcomes`: exactly this
 *   engineer's line of {@link computeSummary} for the same period (full-form surveys sent in
 *   the period; arrivals in the period; outcome classes of their tickets finished in it).
 *
 * @throws {ReportError} `REPORT_UNKNOWN_STAFF` if there is no such staff member,
 * `REPORT_BAD_RANGE` if `from` is not before `to`.
 *
 * @example
 * ```ts
 * const staff = await store.staff.byUser("U0ENGINEER");
 * const p = parsePeriod("today", new Date(), config.timeZone);
 * const report = await computeEngineerReport(store, { staffId: staff!.id, from: p.from, to: p.to, calendar });
 * report.hours; // 5.5
 * ```
 */
export async function computeEngineerReport(store: ReportSource, opts: EngineerReportOptions): Promise<EngineerReport> {
  const { staffId, from, to, calendar } = opts;
  if (!(from instanceof Date) || !(to instanceof Date) || !(from.getTime() < to.getTime())) {
    throw new ReportError("REPORT_BAD_RANGE", "from must be a date before to");
  }
  const [staff] = await store.reports.staffByIds([staffId]);
  if (!staff) throw new ReportError("REPORT_UNKNOWN_STAFF", `no staff member with id ${staffId}`);
  const tz = calendar.config.timeZone;
  const [activity, done] = await Promise.all([
    store.reports.activity({ from, to }, staffId),
    store.reports.engineerJobs({ from, to }, staffId),
  ]);
  const none = splitActivity({ tickets: [], surveys: [] });
  const mine = splitActivity(activity).byAssignee.get(staffId);
  const figures = figuresOf(staffId, staff, mine?.agg ?? none.desk, mine?.outcomes ?? none.deskOutcomes);

  const parts = new Map<string, number>();
  let hours = 0;
  let fee = 0;
  const jobParts = done.map((t) => normaliseParts(t.parts));
  done.forEach((t, i) => {
    if (t.hours === null) return;
    hours += t.hours;
    fee += t.feeAmount ?? 0;
    for (const p of jobParts[i]!) parts.set(p.name, (parts.get(p.name) ?? 0) + p.qty);
  });

  return {
    period: periodOf(from, to, tz),
    staff: { id: staff.id, slackUserId: staff.slackUserId, name: staff.name, role: staff.role },
    jobsDone: done.length,
    byKind: countBy(
      done.map((t) => t.kind),
      KEY_ORDER.kind,
    ),
    byFeeType: countBy(
      done.map((t) => t.feeType),
      KEY_ORDER.feeType,
    ),
    hours: round(hours, 2),
    feeTotal: round(fee, 2),
    parts: [...parts].map(([name, qty]) => ({ name, qty: round(qty, 2) })).sort((a, b) => b.qty - a.qty || compareText(a.name, b.name)),
    jobs: done.map((t, i) => ({
      ref: t.ref,
      kind: t.kind,
      product: t.category,
      feeType: t.feeType,
      resolved: formatLocal(t.resolvedAt, tz),
      resolutionWh: round(workingHours(calendar, t.createdAt, t.resolvedAt), 2),
      hours: t.hours === null ? null : round(t.hours, 2),
      parts: jobParts[i]!,
      feeAmount: t.hours === null ? null : round(t.feeAmount ?? 0, 2),
      slaMet: t.slaMet,
      outcome: t.outcome,
    })),
    surveysAnswered: figures.surveysAnswered,
    ratings: figures.ratings,
    satisfiedPct: figures.satisfiedPct,
    dispatch: figures.dispatch,
    outcomes: figures.outcomes,
  };
}

/** Parts JSON as stored → `[{ name, qty }]`, dropping malformed entries. */
export function normaliseParts(json: unknown): { name: string; qty: number }[] {
  if (!Array.isArray(json)) return [];
  const out: { name: string; qty: number }[] = [];
  for (const p of json) {
    if (!p || typeof p !== "object") continue;
    const name = typeof (p as any).name === "string" ? (p as any).name.trim() : "";
    const qty = Number((p as any).qty);
    if (name && Number.isFinite(qty)) out.push({ name, qty });
  }
  return out;
}
