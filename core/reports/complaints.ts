/**
 * The monthly complaint review (投诉案件统计表): the complaints closed in a period, by kind,
 * routing and severity; how fast they were answered against the reply promise (24 clock
 * hours by default); the results and the customers' reactions; the responsibility written in
 * the handling record (客户投诉处理表); and repeats. Aggregated in SQL
 * (core/store/report-queries.ts): free texts are compared without case and runs of spaces,
 * the most frequent listed first.
 *
 * @module
 */
import { formatLocal } from "../sla/calendar.ts";
import { checkRange } from "./errors.ts";
import { KEY_ORDER, pct, round, sortKeys, type Counts } from "./math.ts";
import { periodOf, type ReportSource, type Summary } from "./summary.ts";

/** The complaint reply promise, clock hours (SLA_COMPLAINT_REPLY_HOURS). */
export const DEFAULT_PROMISE_HOURS = 24;
/** A complaint is a repeat when the same customer complained at most this many days before. */
export const DEFAULT_REPEAT_DAYS = 90;

/** A free text of the handling record and how many closed complaints carry it (`text` null: not recorded). */
export interface TextCount {
  text: string | null;
  n: number;
}

/** The monthly complaint review (plain JSON). */
export interface ComplaintReview {
  period: Summary["period"];
  /** complaints closed in the period (the cases reviewed) */
  closed: number;
  /** complaints received in the period */
  received: number;
  major: number;
  byKind: Counts;
  byRouting: Counts;
  bySeverity: Counts;
  reply: {
    promiseHours: number;
    replied: number;
    onTime: number;
    late: number;
    notReplied: number;
    onTimePct: number | null;
    medianHours: number | null;
    p90Hours: number | null;
  };
  /** the most frequent texts first; "not recorded" (null) last */
  byResponsibility: TextCount[];
  byResult: TextCount[];
  byReaction: TextCount[];
  repeats: number;
  repeatDays: number;
  /** the first cases by closing time (see REVIEW_CASES in the store) */
  cases: {
    ref: number;
    received: string;
    closed: string;
    kind: string | null;
    routing: string | null;
    severity: string | null;
    replyHours: number | null;
    onTime: boolean | null;
    repeat: boolean;
    responsibility: string | null;
    result: string | null;
  }[];
}

/**
 * Computes the complaint review of `[from, to)`.
 *
 * @throws {ReportError} `REPORT_BAD_RANGE` if `from` is not before `to`.
 *
 * @example
 * ```ts
 * const month = fromToDates("2026-11-01", "2026-11-30", tz);
 * const review = await computeComplaintReview(store, { from: month.from, to: month.to, timeZone: tz });
 * review.reply.onTimePct; // 92.5
 * ```
 */
export async function computeComplaintReview(
  store: ReportSource,
  o: { from: Date; to: Date; timeZone: string; promiseHours?: number; repeatDays?: number },
): Promise<ComplaintReview> {
  checkRange(o.from, o.to);
  const promiseHours = o.promiseHours ?? DEFAULT_PROMISE_HOURS;
  const repeatDays = o.repeatDays ?? DEFAULT_REPEAT_DAYS;
  const raw = await store.reports.complaintReview({ from: o.from, to: o.to }, { promiseHours, repeatDays });
  const counts = (dim: string, order: readonly string[]) => {
    const out: Counts = {};
    for (const g of raw.groups) if (g.dim === dim) out[g.key ?? "unknown"] = (out[g.key ?? "unknown"] ?? 0) + g.n;
    return sortKeys(out, order);
  };
  const texts = (dim: string): TextCount[] => raw.groups.filter((g) => g.dim === dim).map((g) => ({ text: g.key, n: g.n }));
  const t = raw.totals;
  const r2 = (x: number | null) => (x === null ? null : round(x, 2));
  return {
    period: periodOf(o.from, o.to, o.timeZone),
    closed: t.closed,
    received: t.received,
    major: t.major,
    byKind: counts("kind", KEY_ORDER.complaintKind),
    byRouting: counts("routing", KEY_ORDER.routing),
    bySeverity: counts("severity", KEY_ORDER.severity),
    reply: {
      promiseHours,
      replied: t.replied,
      onTime: t.onTime,
      late: t.late,
      notReplied: t.notReplied,
      onTimePct: pct(t.onTime, t.closed),
      medianHours: r2(t.medianReplyH),
      p90Hours: r2(t.p90ReplyH),
    },
    byResponsibility: texts("responsibility"),
    byResult: texts("result"),
    byReaction: texts("reaction"),
    repeats: t.repeats,
    repeatDays,
    cases: raw.cases.map((c) => ({
      ref: c.ref,
      received: formatLocal(c.createdAt, o.timeZone),
      closed: formatLocal(c.closedAt, o.timeZone),
      kind: c.kind,
      routing: c.routing,
      severity: c.severity,
      replyHours: r2(c.replyH),
      onTime: c.onTime,
      repeat: c.repeat,
      responsibility: c.responsibility,
      result: c.result,
    })),
  };
}
