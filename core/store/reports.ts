/**
 * Read-only queries behind the reports (core/reports). Every figure is an SQL aggregate
 * (GROUP BY GROUPING SETS, FILTER, percentile_cont) over the period's tickets: nothing
 * loads the period's rows, so a year on a big network costs what its aggregates cost. Lists
 * that are per ticket (the summary's CSV, settlement details) come in keyset pages.
 *
 * Instants are passed as ISO text and cast to `timestamp` (the columns hold UTC without a
 * zone), so the session's time zone never matters. Counts come back as `int`, sums of whole
 * numbers as `float8` (exact below 2^53): the arithmetic on them happens in core/reports, the
 * same way on PGlite and PostgreSQL.
 *
 * @example
 * ```ts
 * const fig = await store.reports.summaryFigures({ from, to }, { now, calendar });
 * const page = await store.reports.summaryRowPage({ from, to }, 0, 2000);
 * ```
 */
import type { WorkingCalendar } from "../sla/calendar.ts";
import type { Client } from "./client.ts";
import type { SqlRunner } from "./db.ts";
import { complaintReview, dailyFigures, settlementGroups, settlementJobPage } from "./report-queries.ts";
import type { ComplaintRow, StaffRow, SurveyRow } from "./types.ts";
import { WorkCalendarRepo, cumSql, epochMsSql, localDateSql } from "./work-calendar.ts";

export type { ComplaintReviewRaw, DailyRaw, SettlementGroupRaw, SettlementJobRaw } from "./report-queries.ts";

/**
 * Runs one SQL statement with `$n` parameters and returns its rows. Reports select only
 * `int`, `float8`, `text`, `boolean` and `jsonb`, and instants as epoch milliseconds
 * (`float8`), which every driver returns the same way.
 */
export type RawQuery = <T>(sql: string, params: readonly unknown[]) => Promise<T[]>;

/** SQL of a `timestamp(3)` column (UTC) as epoch milliseconds. */
export const msSql = (col: string) => `round(date_part('epoch', ${col}) * 1000)::float8`;
/** Epoch milliseconds (or null) → Date (or null). */
export const dateOf = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** The staff columns the reports show. */
export type ReportStaff = Pick<StaffRow, "id" | "slackUserId" | "name" | "role" | "lang" | "active">;

/** A half-open interval of instants `[from, to)`. */
export interface ReportRange {
  from: Date;
  to: Date;
}

/** Input of {@link ReportRepo.insertSurvey} (fixtures and the survey flow). */
export interface SurveyInsert {
  ticketId: number;
  form: "full" | "self_service";
  status: "pending" | "answered" | "expired";
  attitude?: number | null;
  skill?: number | null;
  arrival?: number | null;
  promise?: number | null;
  satisfied?: boolean | null;
  comment?: string | null;
  outcome?: string | null;
  sentAt: Date;
  answeredAt?: Date | null;
  expiresAt: Date;
}

/** Input of {@link ReportRepo.insertComplaint} (fixtures and the complaint flow). */
export interface ComplaintInsert {
  ticketId: number;
  kind: "product" | "service" | "environment";
  severity: "major" | "ordinary";
  routing?: string | null;
  repliedAt?: Date | null;
  createdAt?: Date;
  responsibility?: string | null;
  result?: string | null;
  reaction?: string | null;
}

/** One count of a GROUPING SETS query: the dimension, its key (null = none) and the counts. */
export interface GroupCount {
  dim: string;
  key: string | null;
  n: number;
}

/** The period's tickets grouped by all their dimensions at once: counts in and out. */
export interface TicketDimsRow {
  kind: string;
  category: string | null;
  status: string;
  feeType: string;
  resolution: string | null;
  /** created in the period */
  in: number;
  /** finished in the period */
  out: number;
  /** created in the period and flagged as a repeat repair */
  repeats: number;
}

/** Jobs, dispatch and finished jobs' callback classes of the period, per assignee and outcome class. */
export interface TicketActivityRow {
  assigneeId: number | null;
  outcome: string | null;
  /** resolved in the period, not self-service */
  jobs: number;
  /** on site in the period with a deadline */
  measured: number;
  onTime: number;
  /** finished in the period with a full-form survey */
  finished: number;
}

/** Surveys sent in the period, grouped by the ticket's assignee and the survey's form, status and answer. */
export interface SurveyGroupRow {
  assigneeId: number | null;
  form: string;
  status: string;
  satisfied: boolean | null;
  n: number;
  attSum: number;
  attN: number;
  skillSum: number;
  skillN: number;
  arrivalSum: number;
  arrivalN: number;
  promiseSum: number;
  promiseN: number;
}

/** What {@link ReportRepo.activity} returns. */
export interface ActivityRaw {
  tickets: TicketActivityRow[];
  surveys: SurveyGroupRow[];
}

/** A duration distribution straight from SQL (hours, unrounded). */
export interface DurationRaw {
  count: number;
  median: number | null;
  p90: number | null;
}

/** Everything {@link ReportRepo.summaryFigures} returns. */
export interface SummaryRaw {
  dims: TicketDimsRow[];
  activity: ActivityRaw;
  firstResponse: DurationRaw;
  resolution: DurationRaw;
  complaints: { groups: GroupCount[]; total: number; open: number; overdue: number };
}

/** One ticket of the summary's per-ticket rows, as stored. */
export interface SummaryRowRaw {
  ref: number;
  createdAt: Date;
  kind: string;
  category: string | null;
  status: string;
  feeType: string;
  resolution: string | null;
  resolvedAt: Date | null;
  assigneeId: number | null;
  firstResponseAt: Date | null;
  slaMet: boolean | null;
  attitude: number | null;
  skill: number | null;
  arrival: number | null;
  promise: number | null;
  satisfied: boolean | null;
  outcome: string | null;
  repeat: boolean;
}

/** One job of an engineer's report, with its repair card (numbers, no Prisma `Decimal`). */
export interface EngineerJobRaw {
  ref: number;
  kind: string;
  category: string | null;
  feeType: string;
  createdAt: Date;
  resolvedAt: Date;
  slaMet: boolean | null;
  outcome: string | null;
  /** null without a repair card */
  hours: number | null;
  parts: unknown;
  feeAmount: number | null;
}

/** Settings of a report query on PostgreSQL (transaction-local). */
export const REPORT_SESSION_SQL = "SET LOCAL jit = off; SET LOCAL work_mem = '64MB';";

/** Rows per page of the per-ticket lists. */
export const ROW_PAGE = 2000;

const R = (col: string) => `(${col} >= $1::timestamp AND ${col} < $2::timestamp)`;
/** finished in the period: `resolvedAt ?? closedAt` in it */
const FINISHED = (t: string) => `(${R(`${t}."resolvedAt"`)} OR (${t}."resolvedAt" IS NULL AND ${R(`${t}."closedAt"`)}))`;

/** Tickets that take part in a ticket-side figure: created, resolved, on site or finished in the period. */
const TICKET_POPULATION = `(${R(`t."createdAt"`)} OR ${R(`t."resolvedAt"`)} OR ${R(`t."arrivedAt"`)} OR (t."resolvedAt" IS NULL AND ${R(`t."closedAt"`)}))`;

/**
 * One pass over the period's tickets (with their survey): each row's memberships are computed
 * once, then grouped twice — by all the dimensions of the count maps, and by assignee and
 * outcome class. The count maps and totals are sums of these groups (core/reports).
 */
export const ticketsSql = (oneAssignee: boolean) => `
SELECT GROUPING(x.kind) = 0 AS "byDims", x.kind, x.category, x.status, x."feeType", x.resolution, x."assigneeId", x.outcome,
  count(*) FILTER (WHERE x.is_in)::int AS "in",
  count(*) FILTER (WHERE x.is_out)::int AS "out",
  count(*) FILTER (WHERE x.is_in AND x.is_repeat)::int AS repeats,
  count(*) FILTER (WHERE x.is_job)::int AS jobs,
  count(*) FILTER (WHERE x.is_measured)::int AS measured,
  count(*) FILTER (WHERE x.is_measured AND x."slaMet")::int AS "onTime",
  count(*) FILTER (WHERE x.is_out AND x.form = 'full')::int AS finished
FROM (
  SELECT t.kind, t.category, t.status, t."feeType", t.resolution, t."assigneeId", s.outcome, s.form, t."slaMet",
    ${R(`t."createdAt"`)} AS is_in,
    ${FINISHED("t")} AS is_out,
    ${R(`t."resolvedAt"`)} AND t.resolution IS DISTINCT FROM 'self_service' AS is_job,
    ${R(`t."arrivedAt"`)} AND t."slaMet" IS NOT NULL AS is_measured,
    t."repeatOfId" IS NOT NULL AS is_repeat
  FROM "Ticket" t LEFT JOIN "Survey" s ON s."ticketId" = t.id
  WHERE ${TICKET_POPULATION}${oneAssignee ? ` AND t."assigneeId" = $3` : ""}
) x
GROUP BY GROUPING SETS ((x.kind, x.category, x.status, x."feeType", x.resolution), (x."assigneeId", x.outcome))`;

/** Surveys sent in the period, grouped by assignee, form, status and answer (with the item sums). */
export const surveysSql = (oneAssignee: boolean) => {
  const item = (k: string, name: string) => `COALESCE(sum(s.${k}), 0)::float8 AS "${name}Sum", count(s.${k})::int AS "${name}N"`;
  return `
SELECT t."assigneeId", s.form, s.status, s.satisfied, count(*)::int AS n,
  ${item("attitude", "att")}, ${item("skill", "skill")}, ${item("arrival", "arrival")}, ${item("promise", "promise")}
FROM "Survey" s JOIN "Ticket" t ON t.id = s."ticketId"
WHERE ${R(`s."sentAt"`)}${oneAssignee ? ` AND t."assigneeId" = $3` : ""}
GROUP BY 1, 2, 3, 4`;
};

/** Working hours between two columns of `t`, via the calendar rows joined as `ca` / `cb`. */
const whSql = (a: string, b: string) => `GREATEST(0, ${cumSql("cb", epochMsSql(b))} - ${cumSql("ca", epochMsSql(a))})::float8 / 3600000`;
const calJoin = (alias: string, col: string, offsetMs: number | null) =>
  `LEFT JOIN "WorkCalendarDay" ${alias} ON ${alias}."calendarKey" = $3 AND ${alias}.day = ${localDateSql(col, "$4", offsetMs)}`;
/** First-response and resolution working hours; `offsetMs`: the zone's fixed UTC offset over the calendar's days, if it has one. */
export const durationsSql = (offsetMs: number | null) => `
SELECT label,
  count(*) FILTER (WHERE ok)::int AS n,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY h) FILTER (WHERE ok) AS median,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY h) FILTER (WHERE ok) AS p90,
  ${msSql(`min(lo) FILTER (WHERE NOT ok)`)} AS "missingFrom", ${msSql(`max(hi) FILTER (WHERE NOT ok)`)} AS "missingTo"
FROM (
  SELECT 'first' AS label, ca.day IS NOT NULL AND cb.day IS NOT NULL AS ok, ${whSql(`t."createdAt"`, `t."firstResponseAt"`)} AS h,
         LEAST(t."createdAt", t."firstResponseAt") AS lo, GREATEST(t."createdAt", t."firstResponseAt") AS hi
  FROM "Ticket" t ${calJoin("ca", `t."createdAt"`, offsetMs)} ${calJoin("cb", `t."firstResponseAt"`, offsetMs)}
  WHERE ${R(`t."createdAt"`)} AND t."firstResponseAt" IS NOT NULL
  UNION ALL
  SELECT 'resolution', ca.day IS NOT NULL AND cb.day IS NOT NULL, ${whSql(`t."createdAt"`, `t."resolvedAt"`)},
         LEAST(t."createdAt", t."resolvedAt"), GREATEST(t."createdAt", t."resolvedAt")
  FROM "Ticket" t ${calJoin("ca", `t."createdAt"`, offsetMs)} ${calJoin("cb", `t."resolvedAt"`, offsetMs)}
  WHERE ${R(`t."resolvedAt"`)} AND t.resolution IS DISTINCT FROM 'self_service'
) x GROUP BY label`;

export const COMPLAINTS_SQL = `
SELECT CASE WHEN GROUPING(ck) = 0 THEN 'kind' WHEN GROUPING(sev) = 0 THEN 'severity' ELSE 'total' END AS dim,
  COALESCE(ck, sev) AS key, count(*)::int AS n,
  count(*) FILTER (WHERE status NOT IN ('closed', 'cancelled'))::int AS open,
  count(*) FILTER (WHERE "replyDueAt" IS NOT NULL AND
    CASE WHEN "repliedAt" IS NOT NULL THEN "repliedAt" > "replyDueAt" ELSE "replyDueAt" < $3::timestamp END)::int AS overdue
FROM (SELECT t.status, t."replyDueAt", c."repliedAt", COALESCE(c.kind, 'unknown') AS ck, COALESCE(c.severity, 'unknown') AS sev
      FROM "Ticket" t LEFT JOIN "Complaint" c ON c."ticketId" = t.id
      WHERE t.kind = 'complaint' AND ${R(`t."createdAt"`)}) x
GROUP BY GROUPING SETS ((), (ck), (sev))`;

const ROWS_SQL = `
SELECT t.ref, ${msSql(`t."createdAt"`)} AS "createdAt", t.kind, t.category, t.status, t."feeType", t.resolution,
  ${msSql(`t."resolvedAt"`)} AS "resolvedAt", t."assigneeId", ${msSql(`t."firstResponseAt"`)} AS "firstResponseAt", t."slaMet", s.attitude, s.skill, s.arrival, s.promise, s.satisfied, s.outcome,
  t."repeatOfId" IS NOT NULL AS repeat
FROM "Ticket" t LEFT JOIN "Survey" s ON s."ticketId" = t.id
WHERE (${R(`t."createdAt"`)} OR ${FINISHED("t")}) AND t.ref > $3
ORDER BY t.ref LIMIT $4`;

const ENGINEER_JOBS_SQL = `
SELECT t.ref, t.kind, t.category, t."feeType", ${msSql(`t."createdAt"`)} AS "createdAt", ${msSql(`t."resolvedAt"`)} AS "resolvedAt", t."slaMet", s.outcome,
  r.hours::float8 AS hours, r.parts, r."feeAmount"::float8 AS "feeAmount"
FROM "Ticket" t LEFT JOIN "Survey" s ON s."ticketId" = t.id LEFT JOIN "RepairRecord" r ON r."ticketId" = t.id
WHERE t."assigneeId" = $3 AND ${R(`t."resolvedAt"`)} AND t.resolution IS DISTINCT FROM 'self_service'
ORDER BY t."resolvedAt", t.ref`;

const iso = (d: Date) => d.toISOString();
const STAFF_COLS = `id, "slackUserId", name, role, lang, active`;

/** Reports' queries, plus two insert helpers for fixtures and the survey/complaint flows. */
export class ReportRepo {
  /** The working calendar as a table (for working hours in SQL). */
  readonly calendar: WorkCalendarRepo;

  private readonly q: RawQuery;

  /**
   * Outside a transaction the queries go straight to the driver (`runner`), so a report run
   * never starts Prisma's query engine; inside one, through the transaction's client. On
   * PostgreSQL (`tuned`) each query runs in a transaction of its own with
   * {@link REPORT_SESSION_SQL}: big aggregates are not worth JIT-compiling, and their sorts and
   * hash tables fit in memory.
   */
  constructor(
    private readonly db: Client,
    runner: SqlRunner | null = null,
    tuned = false,
  ) {
    this.q = !runner
      ? <T>(sql: string, params: readonly unknown[]) => db.$queryRawUnsafe<T[]>(sql, ...params)
      : !tuned
        ? <T>(sql: string, params: readonly unknown[]) => runner.query<T>(sql, [...params])
        : <T>(sql: string, params: readonly unknown[]) =>
            runner.session(async (conn) => {
              await conn.exec(`BEGIN; ${REPORT_SESSION_SQL}`);
              try {
                const rows = await conn.query<T>(sql, [...params]);
                await conn.exec("COMMIT");
                return rows;
              } catch (err) {
                await conn.exec("ROLLBACK").catch(() => {});
                throw err;
              }
            });
    this.calendar = new WorkCalendarRepo(this.q);
  }

  /**
   * The aggregates of the manager's summary for `[from, to)`. `now` decides which unanswered
   * complaints are overdue; `calendar` measures the working hours.
   */
  async summaryFigures(range: ReportRange, o: { now: Date; calendar: WorkingCalendar }): Promise<SummaryRaw> {
    const p = [iso(range.from), iso(range.to)];
    const [rows, surveys, durations, complaints] = await Promise.all([
      this.q<TicketDimsRow & TicketActivityRow & { byDims: boolean }>(ticketsSql(false), p),
      this.q<SurveyGroupRow>(surveysSql(false), p),
      this.durations(range, o.calendar),
      this.q<GroupCount & { open: number; overdue: number }>(COMPLAINTS_SQL, [...p, iso(o.now)]),
    ]);
    const cTotal = complaints.find((r) => r.dim === "total");
    return {
      dims: rows.filter((r) => r.byDims),
      activity: { tickets: rows.filter((r) => !r.byDims), surveys },
      ...durations,
      complaints: {
        groups: complaints.filter((r) => r.dim !== "total"),
        total: cTotal?.n ?? 0,
        open: cTotal?.open ?? 0,
        overdue: cTotal?.overdue ?? 0,
      },
    };
  }

  /** Jobs, dispatch and callback aggregates of the period, of everyone or of one assignee. */
  async activity(range: ReportRange, assigneeId?: number): Promise<ActivityRaw> {
    const p: unknown[] = [iso(range.from), iso(range.to)];
    const one = assigneeId !== undefined;
    if (one) p.push(assigneeId);
    const [rows, surveys] = await Promise.all([
      this.q<TicketActivityRow & { byDims: boolean }>(ticketsSql(one), p),
      this.q<SurveyGroupRow>(surveysSql(one), p),
    ]);
    return { tickets: rows.filter((r) => !r.byDims), surveys };
  }

  /** First-response and resolution working hours (median, p90) of the period. */
  private async durations(range: ReportRange, calendar: WorkingCalendar): Promise<{ firstResponse: DurationRaw; resolution: DurationRaw }> {
    const tz = calendar.config.timeZone;
    // the span most periods need; anything older or newer is found by the query and added
    let cal = await this.calendar.ensure(calendar, new Date(range.from.getTime() - 62 * 86_400_000), range.to);
    for (let attempt = 0; ; attempt++) {
      type Row = {
        label: string;
        n: number;
        median: number | null;
        p90: number | null;
        missingFrom: number | null;
        missingTo: number | null;
      };
      const params = [iso(range.from), iso(range.to), cal.key, ...(cal.offsetMs === null ? [tz] : [])];
      const rows = await this.q<Row>(durationsSql(cal.offsetMs), params);
      const missing = rows.filter((r) => r.missingFrom !== null && r.missingTo !== null);
      if (missing.length && attempt < 2) {
        const lo = new Date(Math.min(...missing.map((r) => r.missingFrom!)));
        const hi = new Date(Math.max(...missing.map((r) => r.missingTo!)));
        cal = await this.calendar.ensure(calendar, lo, hi);
        continue;
      }
      const pick = (label: string): DurationRaw => {
        const r = rows.find((x) => x.label === label);
        return { count: r?.n ?? 0, median: r?.median ?? null, p90: r?.p90 ?? null };
      };
      return { firstResponse: pick("first"), resolution: pick("resolution") };
    }
  }

  /** One page of the summary's per-ticket rows (tickets created or finished in the period): refs greater than `after`, by ref. */
  async summaryRowPage(range: ReportRange, after: number, pageSize = ROW_PAGE): Promise<SummaryRowRaw[]> {
    type Raw = Omit<SummaryRowRaw, "createdAt" | "resolvedAt" | "firstResponseAt"> & {
      createdAt: number;
      resolvedAt: number | null;
      firstResponseAt: number | null;
    };
    const rows = await this.q<Raw>(ROWS_SQL, [iso(range.from), iso(range.to), after, pageSize]);
    return rows.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt),
      resolvedAt: dateOf(r.resolvedAt),
      firstResponseAt: dateOf(r.firstResponseAt),
    }));
  }

  /** The jobs an assignee finished in the period (resolved, not self-service), in the order resolved. */
  async engineerJobs(range: ReportRange, assigneeId: number): Promise<EngineerJobRaw[]> {
    type Raw = Omit<EngineerJobRaw, "createdAt" | "resolvedAt"> & { createdAt: number; resolvedAt: number };
    const rows = await this.q<Raw>(ENGINEER_JOBS_SQL, [iso(range.from), iso(range.to), assigneeId]);
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt), resolvedAt: new Date(r.resolvedAt) }));
  }

  /** Settlement aggregates: see core/store/report-queries.ts. */
  settlementGroups(range: ReportRange) {
    return settlementGroups(this.q, range);
  }

  /** One page of settlement jobs (`excludedOnly`: only those not settled), by resolution time. */
  settlementJobPage(range: ReportRange, o: { after: { at: Date; ref: number } | null; limit: number; excludedOnly: boolean }) {
    return settlementJobPage(this.q, range, o);
  }

  /** The supervisor's daily figures: see core/store/report-queries.ts. */
  dailyFigures(range: ReportRange, now: Date) {
    return dailyFigures(this.q, range, now);
  }

  /** The monthly complaint review's aggregates: see core/store/report-queries.ts. */
  complaintReview(range: ReportRange, o: { promiseHours: number; repeatDays: number }) {
    return complaintReview(this.q, range, o);
  }

  /** Staff rows by id (any state: a removed member still appears in history). */
  staffByIds(ids: readonly number[]): Promise<ReportStaff[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.q<ReportStaff>(`SELECT ${STAFF_COLS} FROM "Staff" WHERE id = ANY($1::int[]) ORDER BY id`, [[...new Set(ids)]]);
  }

  /** Active staff with one of these roles (who the scheduled reports go to), by id. */
  staffWithRoles(roles: readonly string[]): Promise<ReportStaff[]> {
    return this.q<ReportStaff>(`SELECT ${STAFF_COLS} FROM "Staff" WHERE active AND role = ANY($1::text[]) ORDER BY id`, [[...roles]]);
  }

  /** Inserts a survey row. For fixtures and the survey flow. */
  async insertSurvey(s: SurveyInsert): Promise<SurveyRow> {
    return this.db.survey.create({ data: { ...s } });
  }

  /** Inserts a complaint record (客户投诉处理表). For fixtures and the complaint flow. */
  async insertComplaint(c: ComplaintInsert): Promise<ComplaintRow> {
    return this.db.complaint.create({ data: { ...c } });
  }
}
