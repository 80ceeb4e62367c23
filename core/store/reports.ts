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
import { COMPLAINTS_SQL, DIMS_SQL, ENGINEER_JOBS_SQL, ROWS_SQL, SERIES_SQL, durationsSql, jobsSql, surveysSql } from "./report-sql.ts";
import { calendarArrays } from "./work-calendar.ts";

export { msSql } from "./report-sql.ts";

export type { ComplaintReviewRaw, DailyRaw, SettlementGroupRaw, SettlementJobRaw } from "./report-queries.ts";

/**
 * Runs one SQL statement with `$n` parameters and returns its rows. Reports select only
 * `int`, `float8`, `text`, `boolean` and `jsonb`, and instants as epoch milliseconds
 * (`float8`), which every driver returns the same way.
 */
export type RawQuery = <T>(sql: string, params: readonly unknown[]) => Promise<T[]>;

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
  /** the customer's tier when the ticket was opened */
  tier: string;
  /** created in the period */
  in: number;
  /** finished in the period */
  out: number;
  /** created in the period and flagged as a repeat repair */
  repeats: number;
}

/** Jobs and dispatch punctuality of the period, per assignee. */
export interface TicketActivityRow {
  assigneeId: number | null;
  /** resolved in the period, not self-service */
  jobs: number;
  /** on site in the period with a deadline */
  measured: number;
  onTime: number;
}

/**
 * Surveys grouped by the ticket's assignee and the survey's form, status, answer and outcome
 * class: `n` sent in the period (item sums over those), `finished` full-form ones of tickets
 * finished in the period.
 */
export interface SurveyGroupRow {
  assigneeId: number | null;
  form: string;
  status: string;
  satisfied: boolean | null;
  outcome: string | null;
  n: number;
  finished: number;
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

/** Days of the working calendar passed before a period's start, and after its end (or now), by default. */
const SPAN_BEFORE_DAYS = 92;
const SPAN_AFTER_DAYS = 7;

/** One point of {@link ReportRepo.dailySeries}. */
export interface SeriesPoint {
  what: "in" | "arrival";
  /** local YYYY-MM-DD */
  day: string;
  /** the kind (tickets in) */
  key: string | null;
  n: number;
  onTime: number;
}

/** Rows per page of the per-ticket lists. */
export const ROW_PAGE = 2000;

const iso = (d: Date) => d.toISOString();
const STAFF_COLS = `id, "slackUserId", name, role, lang, active`;

/** Reports' queries, plus two insert helpers for fixtures and the survey/complaint flows. */
export class ReportRepo {
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
  }

  /**
   * The aggregates of the manager's summary for `[from, to)`. `now` decides which unanswered
   * complaints are overdue; `calendar` measures the working hours.
   */
  async summaryFigures(range: ReportRange, o: { now: Date; calendar: WorkingCalendar }): Promise<SummaryRaw> {
    const p = [iso(range.from), iso(range.to)];
    const [dims, activity, durations, complaints] = await Promise.all([
      this.q<TicketDimsRow>(DIMS_SQL, p),
      this.activity(range),
      this.durations(range, o.calendar),
      this.q<GroupCount & { open: number; overdue: number }>(COMPLAINTS_SQL, [...p, iso(o.now)]),
    ]);
    const cTotal = complaints.find((r) => r.dim === "total");
    return {
      dims,
      activity,
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
    const [tickets, surveys] = await Promise.all([this.q<TicketActivityRow>(jobsSql(one), p), this.q<SurveyGroupRow>(surveysSql(one), p)]);
    return { tickets, surveys };
  }

  /** First-response and resolution working hours (median, p90) of the period. */
  private async durations(range: ReportRange, calendar: WorkingCalendar): Promise<{ firstResponse: DurationRaw; resolution: DurationRaw }> {
    const tz = calendar.config.timeZone;
    // the span most periods need; tickets created earlier (or answered later) are found by the
    // query and the span widened to them
    let from = new Date(range.from.getTime() - SPAN_BEFORE_DAYS * 86_400_000);
    let to = new Date(Math.max(range.to.getTime(), Date.now()) + SPAN_AFTER_DAYS * 86_400_000);
    for (let attempt = 0; ; attempt++) {
      const cal = calendarArrays(calendar, from, to);
      type Row = {
        firstN: number;
        firstP: number[] | null;
        resolutionN: number;
        resolutionP: number[] | null;
        missingFrom: number | null;
        missingTo: number | null;
      };
      const params = [iso(range.from), iso(range.to), cal.cum, cal.start, cal.len, ...(cal.offsetMs === null ? [tz] : [])];
      const [r] = await this.q<Row>(durationsSql(cal), params);
      if (r && r.missingFrom !== null && r.missingTo !== null && attempt < 2) {
        from = new Date(Math.min(from.getTime(), r.missingFrom));
        to = new Date(Math.max(to.getTime(), r.missingTo));
        continue;
      }
      const pick = (n: number | undefined, p: number[] | null | undefined): DurationRaw => ({
        count: n ?? 0,
        median: p?.[0] ?? null,
        p90: p?.[1] ?? null,
      });
      return { firstResponse: pick(r?.firstN, r?.firstP), resolution: pick(r?.resolutionN, r?.resolutionP) };
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

  /** Tickets in per local day and kind, and dispatch punctuality per local day (for the summary's chart). */
  dailySeries(range: ReportRange, timeZone: string): Promise<SeriesPoint[]> {
    return this.q<SeriesPoint>(SERIES_SQL, [iso(range.from), iso(range.to), timeZone]);
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
  async insertSurvey(survey: SurveyInsert): Promise<SurveyRow> {
    return this.db.survey.create({ data: { ...survey } });
  }

  /** Inserts a complaint record (客户投诉处理表). For fixtures and the complaint flow. */
  async insertComplaint(complaint: ComplaintInsert): Promise<ComplaintRow> {
    return this.db.complaint.create({ data: { ...complaint } });
  }
}
