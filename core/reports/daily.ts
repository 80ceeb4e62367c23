/**
 * The supervisor's daily report (服务主任日报表): one local day of the desk — jobs in,
 * dispatched, done, late (not on site by the dispatch deadline), complaints, callback
 * ratings — with one line per engineer. Aggregated in SQL (core/store/report-queries.ts).
 *
 * Definitions, for the day `[from, to)` and the report time `now`:
 * - `ticketsIn` (`inByKind`): tickets created in the day;
 * - `dispatched`: tickets claimed or first assigned in the day (`claimedAt`);
 * - `done`, `hours`: tickets resolved in the day, not self-service, and the hours on their
 *   repair cards;
 * - `overdue`: as of `now`, tickets still before the engineer's arrival (queued, claimed,
 *   scheduled) whose dispatch deadline has passed;
 * - `complaintsIn`: complaints received in the day; `complaintsLate`: as of `now`, open
 *   complaints not answered by their reply deadline;
 * - `ratings`: full-form callbacks answered in the day: how many, satisfied %, item averages.
 * Per engineer, the same figures of the tickets currently assigned to them; tickets nobody
 * holds count in the desk's figures, and their late ones in `unassignedOverdue`.
 *
 * @module
 */
import type { DailyRaw, ReportStaff } from "../store/reports.ts";
import { checkRange } from "./errors.ts";
import { KEY_ORDER, compareText, pct, round, sortKeys, type Counts } from "./math.ts";
import { periodOf, ratingsOf, type RatingAverages, type ReportSource, type Summary } from "./summary.ts";

/** The figures of the desk or of one engineer. */
export interface DailyFigures {
  ticketsIn: number;
  dispatched: number;
  done: number;
  hours: number;
  overdue: number;
  complaintsIn: number;
  complaintsLate: number;
  rated: number;
  satisfiedPct: number | null;
  ratings: RatingAverages;
}

/** The supervisor's daily report (plain JSON). */
export interface SupervisorDaily extends DailyFigures {
  period: Summary["period"];
  /** the report time `overdue` and `complaintsLate` are counted at (ISO) */
  asOf: string;
  inByKind: Counts;
  unassignedOverdue: number;
  engineers: (DailyFigures & { staffId: number; slackUserId: string; name: string | null })[];
}

function figures(r: DailyRaw | undefined): DailyFigures {
  if (!r)
    return {
      ticketsIn: 0,
      dispatched: 0,
      done: 0,
      hours: 0,
      overdue: 0,
      complaintsIn: 0,
      complaintsLate: 0,
      rated: 0,
      satisfiedPct: null,
      ratings: ratingsOf({ attSum: 0, attN: 0, skillSum: 0, skillN: 0, arrivalSum: 0, arrivalN: 0, promiseSum: 0, promiseN: 0 }),
    };
  return {
    ticketsIn: r.ticketsIn,
    dispatched: r.dispatched,
    done: r.done,
    hours: round(r.hours, 2),
    overdue: r.overdue,
    complaintsIn: r.complaintsIn,
    complaintsLate: r.complaintsLate,
    rated: r.rated,
    satisfiedPct: pct(r.satisfied, r.rated),
    ratings: ratingsOf(r),
  };
}

/**
 * Computes the supervisor's daily report of `[from, to)` (normally one local day) as of `now`.
 * Engineers are listed when they had any figure that day (or a late ticket), by jobs done
 * (most first), then name, then id.
 *
 * @throws {ReportError} `REPORT_BAD_RANGE` if `from` is not before `to`.
 *
 * @example
 * ```ts
 * const day = parsePeriod("today", now, config.timeZone);
 * const card = supervisorDailyCard(await computeSupervisorDaily(store, { from: day.from, to: day.to, now, timeZone }), "zh-CN");
 * ```
 */
export async function computeSupervisorDaily(
  store: ReportSource,
  o: { from: Date; to: Date; now: Date; timeZone: string },
): Promise<SupervisorDaily> {
  checkRange(o.from, o.to);
  const rows = await store.reports.dailyFigures({ from: o.from, to: o.to }, o.now);
  const desk = rows.find((r) => !r.byAssignee && !r.byKind);
  const inByKind: Counts = {};
  for (const r of rows) if (r.byKind && r.kind && r.ticketsIn > 0) inByKind[r.kind] = r.ticketsIn;
  const mine = rows.filter((r) => r.byAssignee && r.assigneeId !== null);
  const active = mine.filter((r) => r.dispatched || r.done || r.overdue || r.rated || r.ticketsIn || r.complaintsLate);
  const staff = new Map<number, ReportStaff>((await store.reports.staffByIds(active.map((r) => r.assigneeId!))).map((s) => [s.id, s]));
  const engineers = active
    .map((r) => {
      const s = staff.get(r.assigneeId!);
      return { staffId: r.assigneeId!, slackUserId: s?.slackUserId ?? "", name: s?.name ?? null, ...figures(r) };
    })
    .sort((a, b) => b.done - a.done || compareText(a.name ?? "", b.name ?? "") || a.staffId - b.staffId);
  return {
    period: periodOf(o.from, o.to, o.timeZone),
    asOf: o.now.toISOString(),
    ...figures(desk),
    inByKind: sortKeys(inByKind, KEY_ORDER.kind),
    unassignedOverdue: rows.find((r) => r.byAssignee && r.assigneeId === null)?.overdue ?? 0,
    engineers,
  };
}
