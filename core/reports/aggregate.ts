/**
 * From the SQL aggregates (core/store/reports.ts) to the figures shared by the summary, the
 * technician report and the daily report: sums per desk and per assignee, item averages,
 * count maps, the period block.
 *
 * @module
 */
import { formatLocal } from "../sla/calendar.ts";
import type { ActivityRaw, GroupCount, ReportStaff } from "../store/reports.ts";
import { emptyOutcomes, meanOf, pct, sortKeys, type Counts, type OutcomeCounts } from "./math.ts";
import type { EngineerFigures, RatingAverages, Summary } from "./summary.ts";

/** The period block of every report: ISO instants and local dates. */
export function periodOf(from: Date, to: Date, timeZone: string): Summary["period"] {
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    fromDate: formatLocal(from, timeZone).slice(0, 10),
    toDate: formatLocal(new Date(to.getTime() - 1), timeZone).slice(0, 10),
    timeZone,
  };
}

/** A count map of one dimension of a GROUPING SETS result (null key → "none"), in domain order. */
export function countsOf(groups: readonly GroupCount[], dim: string, order: readonly string[]): Counts {
  const out: Counts = {};
  for (const g of groups) if (g.dim === dim && g.n > 0) out[g.key ?? "none"] = (out[g.key ?? "none"] ?? 0) + g.n;
  return sortKeys(out, order);
}

/** Jobs, dispatch and callback sums of one group (the desk, or one assignee). */
export interface ActivityAgg {
  jobs: number;
  measured: number;
  onTime: number;
  /** full-form surveys sent in the period, and of those answered / pending / expired */
  sent: number;
  answered: number;
  pending: number;
  expired: number;
  attSum: number;
  attN: number;
  skillSum: number;
  skillN: number;
  arrivalSum: number;
  arrivalN: number;
  promiseSum: number;
  promiseN: number;
  /** answered with satisfied true */
  satisfied: number;
  /** full-form surveys of tickets finished in the period */
  finished: number;
  /** self-service surveys sent in the period, answered, and answered "helped" */
  ssSent: number;
  ssAnswered: number;
  ssHelped: number;
}

/** The item averages of an aggregate. */
export function ratingsOf(
  a: Pick<ActivityAgg, "attSum" | "attN" | "skillSum" | "skillN" | "arrivalSum" | "arrivalN" | "promiseSum" | "promiseN">,
): RatingAverages {
  return {
    attitude: meanOf(a.attSum, a.attN),
    skill: meanOf(a.skillSum, a.skillN),
    arrival: meanOf(a.arrivalSum, a.arrivalN),
    promise: meanOf(a.promiseSum, a.promiseN),
  };
}

function zero(): ActivityAgg {
  return {
    jobs: 0,
    measured: 0,
    onTime: 0,
    sent: 0,
    answered: 0,
    pending: 0,
    expired: 0,
    attSum: 0,
    attN: 0,
    skillSum: 0,
    skillN: 0,
    arrivalSum: 0,
    arrivalN: 0,
    promiseSum: 0,
    promiseN: 0,
    satisfied: 0,
    finished: 0,
    ssSent: 0,
    ssAnswered: 0,
    ssHelped: 0,
  };
}

/** The activity sums of the desk and of each assignee, with their outcome counts. */
export interface Activity {
  desk: ActivityAgg;
  deskOutcomes: OutcomeCounts;
  byAssignee: Map<number, { agg: ActivityAgg; outcomes: OutcomeCounts }>;
}

/** Adds the groups of `store.reports.activity` up into the desk's and each assignee's sums. */
export function splitActivity(raw: ActivityRaw): Activity {
  const out: Activity = { desk: zero(), deskOutcomes: emptyOutcomes(), byAssignee: new Map() };
  const targets = (id: number | null) => {
    const list = [{ agg: out.desk, outcomes: out.deskOutcomes }];
    if (id === null) return list;
    let e = out.byAssignee.get(id);
    if (!e) out.byAssignee.set(id, (e = { agg: zero(), outcomes: emptyOutcomes() }));
    list.push(e);
    return list;
  };
  for (const r of raw.tickets) {
    for (const { agg } of targets(r.assigneeId)) {
      agg.jobs += r.jobs;
      agg.measured += r.measured;
      agg.onTime += r.onTime;
    }
  }
  for (const g of raw.surveys) {
    for (const { agg, outcomes } of targets(g.assigneeId)) {
      if (g.finished > 0) {
        agg.finished += g.finished;
        outcomes[g.outcome ?? "unclassified"] = (outcomes[g.outcome ?? "unclassified"] ?? 0) + g.finished;
      }
      if (g.form === "self_service") {
        agg.ssSent += g.n;
        if (g.status === "answered") agg.ssAnswered += g.n;
        if (g.status === "answered" && g.satisfied === true) agg.ssHelped += g.n;
        continue;
      }
      if (g.form !== "full") continue;
      agg.sent += g.n;
      if (g.status === "pending") agg.pending += g.n;
      if (g.status === "expired") agg.expired += g.n;
      if (g.status !== "answered") continue;
      agg.answered += g.n;
      if (g.satisfied === true) agg.satisfied += g.n;
      agg.attSum += g.attSum;
      agg.attN += g.attN;
      agg.skillSum += g.skillSum;
      agg.skillN += g.skillN;
      agg.arrivalSum += g.arrivalSum;
      agg.arrivalN += g.arrivalN;
      agg.promiseSum += g.promiseSum;
      agg.promiseN += g.promiseN;
    }
  }
  return out;
}

/** One staff member's {@link EngineerFigures} from their activity aggregates. */
export function figuresOf(id: number, staff: ReportStaff | undefined, a: ActivityAgg, outcomes: OutcomeCounts): EngineerFigures {
  return {
    staffId: id,
    slackUserId: staff?.slackUserId ?? "",
    name: staff?.name ?? null,
    role: staff?.role ?? "",
    jobsDone: a.jobs,
    surveysAnswered: a.answered,
    ratings: ratingsOf(a),
    satisfiedPct: pct(a.satisfied, a.answered),
    dispatch: { measured: a.measured, onTime: a.onTime, onTimePct: pct(a.onTime, a.measured) },
    outcomes,
  };
}
