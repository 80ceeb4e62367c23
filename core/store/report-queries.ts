/**
 * The SQL of the settlement (结算), the supervisor's daily report (服务主任日报表) and the
 * monthly complaint review (投诉案件统计表). Aggregates only, plus keyset pages for the lists
 * that are per job. Called through {@link ReportRepo} (core/store/reports.ts).
 *
 * @module
 */
import { msSql } from "./report-sql.ts";
import type { RawQuery, ReportRange } from "./reports.ts";

const R = (col: string) => `(${col} >= $1::timestamp AND ${col} < $2::timestamp)`;
const iso = (d: Date) => d.toISOString();

// ---------------------------------------------------------------------------------------------
// Settlement
// ---------------------------------------------------------------------------------------------

/**
 * A settlement job and why it is (not) settled, in precedence order: `complaint` (the callback
 * class is complaint, or a complaint ticket was filed about the job), `repeat_repair` (the job
 * is itself a repeat repair of an earlier one), the unsatisfied callback classes, `settled`
 * (the callback found the customer satisfied), `no_response`, `awaiting_callback`.
 */
const SETTLEMENT_JOBS = `
SELECT t.id, t.ref, t."assigneeId", t."feeType", t.category, t."resolvedAt", r.id IS NOT NULL AS "hasRepair",
  CASE WHEN t."feeType" = 'A' THEN round(COALESCE(r."feeAmount", 0) * 100)::bigint
       WHEN t."feeType" = 'C' THEN r."settlementFen"::bigint ELSE 0 END AS fee,
  CASE WHEN s.outcome = 'complaint' OR t.id IN (SELECT k."parentId" FROM "Ticket" k WHERE k.kind = 'complaint' AND k."parentId" IS NOT NULL) THEN 'complaint'
       WHEN t."repeatOfId" IS NOT NULL THEN 'repeat_repair'
       WHEN s.outcome IN ('repeat_visits', 'not_fixed_first', 'attitude', 'unsatisfied') THEN s.outcome
       WHEN s.outcome = 'satisfied' OR (s.outcome IS NULL AND s.status = 'answered' AND s.satisfied) THEN 'settled'
       WHEN s.outcome IS NULL AND s.status = 'answered' AND s.satisfied = false THEN 'unsatisfied'
       WHEN s.outcome = 'no_response' OR s.status = 'expired' THEN 'no_response'
       ELSE 'awaiting_callback' END AS reason
FROM "Ticket" t LEFT JOIN "Survey" s ON s."ticketId" = t.id LEFT JOIN "RepairRecord" r ON r."ticketId" = t.id
WHERE ${R(`t."resolvedAt"`)} AND t.resolution IS DISTINCT FROM 'self_service' AND t.kind <> 'complaint'`;

/** Jobs with the same engineer, fee type, reason and fee (and category, when the fee is the default). */
export interface SettlementGroupRaw {
  assigneeId: number | null;
  feeType: string;
  reason: string;
  /** integer fen; null for a warranty job with a repair card but no fee entered (the category default applies) */
  fee: number | null;
  /** set only when `fee` is null */
  category: string | null;
  jobs: number;
}

export async function settlementGroups(q: RawQuery, range: ReportRange): Promise<SettlementGroupRaw[]> {
  return q<SettlementGroupRaw>(
    `SELECT j."assigneeId", j."feeType", j.reason,
       CASE WHEN j."feeType" = 'C' AND j.fee IS NULL AND NOT j."hasRepair" THEN 0 ELSE j.fee END::float8 AS fee,
       CASE WHEN j."feeType" = 'C' AND j.fee IS NULL AND j."hasRepair" THEN j.category END AS category,
       count(*)::int AS jobs
     FROM (${SETTLEMENT_JOBS}) j
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1 NULLS LAST, 2, 3, 4, 5`,
    [iso(range.from), iso(range.to)],
  );
}

/** One job of the settlement's detail list. */
export interface SettlementJobRaw {
  ref: number;
  assigneeId: number | null;
  feeType: string;
  category: string | null;
  resolvedAt: Date;
  hasRepair: boolean;
  fee: number | null;
  reason: string;
}

export async function settlementJobPage(
  q: RawQuery,
  range: ReportRange,
  o: { after: { at: Date; ref: number } | null; limit: number; excludedOnly: boolean },
): Promise<SettlementJobRaw[]> {
  const rows = await q<Omit<SettlementJobRaw, "resolvedAt"> & { resolvedAt: number }>(
    `SELECT j.ref, j."assigneeId", j."feeType", j.category, ${msSql(`j."resolvedAt"`)} AS "resolvedAt", j."hasRepair", j.fee::float8 AS fee, j.reason
     FROM (${SETTLEMENT_JOBS}) j
     WHERE ($3::boolean = false OR j.reason <> 'settled') AND (j."resolvedAt", j.ref) > ($4::timestamp, $5::int)
     ORDER BY j."resolvedAt", j.ref LIMIT $6`,
    [iso(range.from), iso(range.to), o.excludedOnly, iso(o.after?.at ?? new Date(0)), o.after?.ref ?? 0, o.limit],
  );
  return rows.map((r) => ({ ...r, resolvedAt: new Date(r.resolvedAt) }));
}

// ---------------------------------------------------------------------------------------------
// The supervisor's daily report
// ---------------------------------------------------------------------------------------------

/** Statuses in which the engineer still has to get on site. */
const BEFORE_SITE = `('queued', 'claimed', 'scheduled')`;

/** One group of the daily figures: the desk (`byAssignee` false), or one assignee (null = nobody). */
export interface DailyRaw {
  byAssignee: boolean;
  byKind: boolean;
  assigneeId: number | null;
  kind: string | null;
  ticketsIn: number;
  dispatched: number;
  done: number;
  hours: number;
  /** open, not on site yet, dispatch deadline passed (as of `now`) */
  overdue: number;
  complaintsIn: number;
  /** open complaints not answered by their reply deadline (as of `now`) */
  complaintsLate: number;
  rated: number;
  satisfied: number;
  attSum: number;
  attN: number;
  skillSum: number;
  skillN: number;
  arrivalSum: number;
  arrivalN: number;
  promiseSum: number;
  promiseN: number;
}

export async function dailyFigures(q: RawQuery, range: ReportRange, now: Date): Promise<DailyRaw[]> {
  const overdue = `(t.status IN ${BEFORE_SITE} AND t."dispatchDueAt" < $3::timestamp AND t."arrivedAt" IS NULL)`;
  const late = `(t.kind = 'complaint' AND t.status NOT IN ('closed', 'cancelled') AND t."replyDueAt" < $3::timestamp AND c."repliedAt" IS NULL)`;
  const done = `(${R(`t."resolvedAt"`)} AND t.resolution IS DISTINCT FROM 'self_service')`;
  const rated = `(s.form = 'full' AND s.status = 'answered' AND ${R(`s."answeredAt"`)})`;
  const item = (k: string, name: string) =>
    `COALESCE(sum(s.${k}) FILTER (WHERE ${rated}), 0)::float8 AS "${name}Sum", count(s.${k}) FILTER (WHERE ${rated})::int AS "${name}N"`;
  return q<DailyRaw>(
    `SELECT GROUPING(t."assigneeId") = 0 AS "byAssignee", GROUPING(t.kind) = 0 AS "byKind", t."assigneeId", t.kind,
       count(*) FILTER (WHERE ${R(`t."createdAt"`)})::int AS "ticketsIn",
       count(*) FILTER (WHERE ${R(`t."claimedAt"`)})::int AS dispatched,
       count(*) FILTER (WHERE ${done})::int AS done,
       COALESCE(sum(r.hours) FILTER (WHERE ${done}), 0)::float8 AS hours,
       count(*) FILTER (WHERE ${overdue})::int AS overdue,
       count(*) FILTER (WHERE t.kind = 'complaint' AND ${R(`t."createdAt"`)})::int AS "complaintsIn",
       count(*) FILTER (WHERE ${late})::int AS "complaintsLate",
       count(*) FILTER (WHERE ${rated})::int AS rated,
       count(*) FILTER (WHERE ${rated} AND s.satisfied)::int AS satisfied,
       ${item("attitude", "att")}, ${item("skill", "skill")}, ${item("arrival", "arrival")}, ${item("promise", "promise")}
     FROM "Ticket" t
       LEFT JOIN "Survey" s ON s."ticketId" = t.id
       LEFT JOIN "RepairRecord" r ON r."ticketId" = t.id
       LEFT JOIN "Complaint" c ON c."ticketId" = t.id
     WHERE ${R(`t."createdAt"`)} OR ${R(`t."claimedAt"`)} OR ${R(`t."resolvedAt"`)} OR ${R(`s."answeredAt"`)} OR ${overdue} OR ${late}
     GROUP BY GROUPING SETS ((), (t."assigneeId"), (t.kind))`,
    [iso(range.from), iso(range.to), iso(now)],
  );
}

// ---------------------------------------------------------------------------------------------
// The monthly complaint review
// ---------------------------------------------------------------------------------------------

/** Free text of the handling record, compared without case and runs of white space. */
const norm = (col: string) => `NULLIF(lower(btrim(regexp_replace(${col}, '\\s+', ' ', 'g'))), '')`;

/** Most distinct texts listed per free-text column (responsibility, result, reaction). */
export const REVIEW_TEXT_GROUPS = 10;
/** Most cases listed one by one. */
export const REVIEW_CASES = 200;

export interface ComplaintReviewRaw {
  totals: {
    closed: number;
    received: number;
    replied: number;
    onTime: number;
    late: number;
    notReplied: number;
    repeats: number;
    major: number;
    medianReplyH: number | null;
    p90ReplyH: number | null;
  };
  /** dim: kind | routing | severity | responsibility | result | reaction; key null = not recorded */
  groups: { dim: string; key: string | null; n: number }[];
  cases: {
    ref: number;
    createdAt: Date;
    closedAt: Date;
    kind: string | null;
    routing: string | null;
    severity: string | null;
    replyH: number | null;
    onTime: boolean | null;
    repeat: boolean;
    responsibility: string | null;
    result: string | null;
  }[];
}

/**
 * Complaints closed in the period. Reply time is clock time from the complaint to the first
 * reply (`Complaint.repliedAt`), on time when it is at or before the reply deadline
 * (`replyDueAt`, else `promiseHours` after the complaint). A repeat is a complaint whose
 * customer complained before, at most `repeatDays` earlier (a window function over all of
 * that customer's complaints).
 */
export async function complaintReview(
  q: RawQuery,
  range: ReportRange,
  o: { promiseHours: number; repeatDays: number },
): Promise<ComplaintReviewRaw> {
  const base = `
    WITH closed AS (
      SELECT t.id, t.ref, t."customerId", t."createdAt", t."closedAt",
        c.kind, c.routing, c.severity, c."repliedAt", c.responsibility, c.result, c.reaction,
        EXTRACT(EPOCH FROM (c."repliedAt" - t."createdAt"))::float8 / 3600 AS "replyH",
        c."repliedAt" <= COALESCE(t."replyDueAt", t."createdAt" + make_interval(hours => $3::int)) AS "onTime"
      FROM "Ticket" t LEFT JOIN "Complaint" c ON c."ticketId" = t.id
      WHERE t.kind = 'complaint' AND ${R(`t."closedAt"`)}
    ), history AS (
      SELECT h.id, lag(h."createdAt") OVER (PARTITION BY h."customerId" ORDER BY h."createdAt", h.id) AS "prevAt", h."createdAt"
      FROM "Ticket" h WHERE h.kind = 'complaint' AND h."customerId" IN (SELECT "customerId" FROM closed)
    ), cases AS (
      SELECT closed.*, COALESCE(history."prevAt" >= closed."createdAt" - make_interval(days => $4::int), false) AS repeat
      FROM closed JOIN history USING (id)
    )`;
  const p = [iso(range.from), iso(range.to), o.promiseHours, o.repeatDays];
  const [totals] = await q<ComplaintReviewRaw["totals"]>(
    `${base}
     SELECT count(*)::int AS closed,
       (SELECT count(*)::int FROM "Ticket" WHERE kind = 'complaint' AND ${R(`"createdAt"`)}) AS received,
       count("repliedAt")::int AS replied,
       count(*) FILTER (WHERE "onTime")::int AS "onTime",
       count(*) FILTER (WHERE NOT "onTime")::int AS late,
       count(*) FILTER (WHERE "repliedAt" IS NULL)::int AS "notReplied",
       count(*) FILTER (WHERE repeat)::int AS repeats,
       count(*) FILTER (WHERE severity = 'major')::int AS major,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY "replyH") AS "medianReplyH",
       percentile_cont(0.9) WITHIN GROUP (ORDER BY "replyH") AS "p90ReplyH"
     FROM cases`,
    p,
  );
  const groups = await q<ComplaintReviewRaw["groups"][number]>(
    `${base}, grouped AS (
       SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(routing) = 0 THEN 'routing'
                   WHEN GROUPING(severity) = 0 THEN 'severity' WHEN GROUPING(resp) = 0 THEN 'responsibility'
                   WHEN GROUPING(res) = 0 THEN 'result' ELSE 'reaction' END AS dim,
              COALESCE(kind, routing, severity, resp, res, react) AS key, count(*)::int AS n
       FROM (SELECT kind, routing, severity, ${norm("responsibility")} AS resp, ${norm("result")} AS res, ${norm("reaction")} AS react FROM cases) x
       GROUP BY GROUPING SETS ((kind), (routing), (severity), (resp), (res), (react))
     ), ranked AS (
       SELECT dim, key, n, row_number() OVER (PARTITION BY dim ORDER BY (key IS NULL), n DESC, key) AS rank FROM grouped
     )
     SELECT dim, key, n FROM ranked
     WHERE dim IN ('kind', 'routing', 'severity') OR rank <= ${REVIEW_TEXT_GROUPS} OR key IS NULL
     ORDER BY dim, rank`,
    p,
  );
  type CaseRaw = Omit<ComplaintReviewRaw["cases"][number], "createdAt" | "closedAt"> & { createdAt: number; closedAt: number };
  const cases = await q<CaseRaw>(
    `${base}
     SELECT ref, ${msSql(`"createdAt"`)} AS "createdAt", ${msSql(`"closedAt"`)} AS "closedAt", kind, routing, severity, "replyH", "onTime", repeat, responsibility, result
     FROM cases ORDER BY cases."closedAt", ref LIMIT ${REVIEW_CASES}`,
    p,
  );
  return { totals: totals!, groups, cases: cases.map((c) => ({ ...c, createdAt: new Date(c.createdAt), closedAt: new Date(c.closedAt) })) };
}
