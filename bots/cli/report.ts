/**
 * `desk report …`: the reports from the command line.
 *
 *   desk report summary [period] [--from YYYY-MM-DD --to YYYY-MM-DD] [--json | --csv] [--png FILE] [--lang zh|en]
 *   desk report engineer <Slack user id | staff id> [period] [--from … --to …] [--json] [--lang zh|en]
 *   desk report settlement [period] [--from … --to …] [--json | --csv [--detail]] [--lang zh|en]
 *   desk report complaints [period] [--from … --to …] [--json] [--png FILE] [--lang zh|en]
 *   desk report daily [YYYY-MM-DD] [--json] [--lang zh|en]
 *
 * `period` is today|yesterday|week|month|YYYY-MM-DD..YYYY-MM-DD (default today; month for
 * settlement and complaints); `--from/--to` are inclusive local days. `--json` prints exactly
 * the object Slack's card renders. Working hours come from DESK_WORK_DAYS, DESK_WORK_HOURS,
 * DESK_HOLIDAYS and DESK_MAKEUP_DAYS; the settlement rates from SETTLEMENT_WARRANTY_SPLIT and
 * SETTLEMENT_PAID_ENGINEER, per-category default settlement fees from SETTLEMENT_DEFAULT_FEN.
 * CSVs stream page by page (memory stays flat whatever the period).
 *
 * While a desk holds the embedded database, the CLI asks it through `POST /admin/report`
 * ({@link reportAdmin}); the desk then computes with its own working calendar.
 */
import { writeFileSync } from "node:fs";
import type { MessageCard } from "../../core/card.ts";
import { loadConfig } from "../../core/config.ts";
import {
  PeriodError,
  ReportError,
  calendarFromEnv,
  complaintReviewCard,
  computeComplaintReview,
  computeEngineerReport,
  computeSettlement,
  computeSummary,
  computeSupervisorDaily,
  engineerReportCard,
  fromToDates,
  parsePeriod,
  reviewChartSpec,
  settlementCard,
  settlementCsv,
  settlementDefaultsFromEnv,
  settlementJobPage,
  settlementJobPages,
  settlementJobsCsvHeader,
  settlementJobsCsvLines,
  settlementRatesFromEnv,
  summaryCard,
  summaryChartSpec,
  summaryCsvHeader,
  summaryCsvLines,
  summaryRowPages,
  summaryRows,
  supervisorDailyCard,
  type ChartSpec,
  type ComplaintReview,
  type EngineerReport,
  type Period,
  type ReportLang,
  type SettlementJob,
  type SettlementOptions,
  type SettlementReport,
  type Summary,
  type SummaryRow,
  type SupervisorDaily,
} from "../../core/reports/index.ts";
import { CalendarError, type WorkingCalendar } from "../../core/sla/calendar.ts";
import type { Store } from "../../core/store/index.ts";
import type { SeriesPoint } from "../../core/store/reports.ts";

type Env = Record<string, string | undefined>;
type Remote = { port: number; token: string };

/** What `run` in main.ts lends the report commands. */
export interface ReportCliDeps {
  out: (text: string) => void;
  err: (text: string) => void;
  withDesk: <T>(local: (store: Store) => Promise<T>, remote: (desk: Remote) => Promise<T>) => Promise<T>;
  callDesk: <T>(desk: Remote, path: string, body: unknown) => Promise<T>;
  /** Makes the CLI's usage error (exit code 2). */
  fail: (message: string) => Error;
  /** Waits until what `out` wrote has drained (so a streamed export holds one page in memory). */
  flush?: () => Promise<void>;
}

export const REPORT_USAGE = `  desk report summary [today|yesterday|week|month|YYYY-MM-DD..YYYY-MM-DD] [--from YYYY-MM-DD --to YYYY-MM-DD] [--json | --csv] [--png FILE] [--lang zh|en]
  desk report engineer <U…|staff id> [period] [--from YYYY-MM-DD --to YYYY-MM-DD] [--json] [--lang zh|en]
  desk report settlement [period] [--from … --to …] [--json | --csv [--detail]] [--lang zh|en]
  desk report complaints [period] [--from … --to …] [--json] [--png FILE] [--lang zh|en]
  desk report daily [YYYY-MM-DD] [--json] [--lang zh|en]`;

/** The admin API path a running desk serves {@link reportAdmin} on. */
export const REPORT_ADMIN_PATH = "/admin/report";

/** Body of `POST /admin/report`. */
export interface ReportAdminRequest {
  /**
   * `rows`: every per-ticket row at once; `rowsPage`: one page of them after `after` (answers
   * {@link RowsPage}); `series`: the chart's daily points; `settlementJobsPage`: one page of
   * settlement jobs after `cursor` (answers {@link SettlementJobsPage})
   */
  report: "summary" | "rows" | "rowsPage" | "series" | "engineer" | "settlement" | "settlementJobsPage" | "complaints" | "daily";
  /** ISO instants of the period `[from, to)`. */
  from: string;
  to: string;
  /** engineer: a Slack user id or a staff id. */
  staff?: string;
  /** rowsPage: the last ref of the previous page (0 for the first) */
  after?: number;
  /** settlementJobsPage: where the previous page ended (null for the first) */
  cursor?: { at: string; ref: number } | null;
}

/** One page of per-ticket rows through the admin API; `next` is the `after` of the next page, null at the end. */
export interface RowsPage {
  rows: SummaryRow[];
  next: number | null;
}

/** One page of settlement jobs through the admin API; `next` is the `cursor` of the next page, null at the end. */
export interface SettlementJobsPage {
  jobs: SettlementJob[];
  next: { at: string; ref: number } | null;
}

/** Rows per page of the CSV through the running desk's admin API. */
export const ADMIN_ROWS_PAGE = 2000;

function readable(err: unknown): string | null {
  if (err instanceof PeriodError || err instanceof CalendarError || err instanceof ReportError) return `${err.message} (${err.code})`;
  return null;
}

/** A staff member from a Slack user id (`U123`, `<@U123>`) or a numeric staff id. */
async function findStaff(store: Store, who: string): Promise<{ id: number } | null> {
  const w = who.trim().replace(/^<@([A-Z0-9]+)(?:\|[^>]*)?>$/, "$1");
  if (/^\d+$/.test(w)) return store.staff.byId(Number(w));
  return store.staff.byUser(w);
}

/** The settlement options of a period from the environment (rates, per-category defaults). */
function settlementOptions(from: Date, to: Date, timeZone: string, env: Env): SettlementOptions {
  return { from, to, timeZone, rates: settlementRatesFromEnv(env), defaultSettlementFen: settlementDefaultsFromEnv(env) };
}

/** The first page of an async page generator (and stops it). */
async function firstPage<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const first = await pages.next();
  await pages.return(undefined as never);
  return first.done ? [] : first.value;
}

/**
 * Answers a report request on a store: what `POST /admin/report` returns for the CLI while the
 * desk holds the embedded database. The desk wires it as
 * `route("POST", REPORT_ADMIN_PATH, (req) => this.admin(req, (body) => reportAdmin(store, body, { calendar: config.sla.calendar, timeZone: config.timeZone })))`.
 * Without `calendar`, the calendar is read from `env` (default `process.env`) by `calendarFromEnv`;
 * the settlement rates are always read from `env`.
 *
 * @throws {ReportError} `REPORT_BAD_RANGE` for bad instants, `REPORT_UNKNOWN_STAFF`, `REPORT_BAD_CONFIG`.
 *
 * @example
 * ```ts
 * const summary = await reportAdmin(store, { report: "summary", from: p.from.toISOString(), to: p.to.toISOString() }, { timeZone, env: process.env });
 * ```
 */
export async function reportAdmin(
  store: Store,
  body: Partial<ReportAdminRequest> | Record<string, unknown>,
  o: { calendar?: WorkingCalendar; timeZone: string; env?: Env; now?: Date },
): Promise<
  | Summary
  | SummaryRow[]
  | RowsPage
  | SeriesPoint[]
  | EngineerReport
  | SettlementReport
  | SettlementJobsPage
  | ComplaintReview
  | SupervisorDaily
> {
  const from = new Date(String(body.from));
  const to = new Date(String(body.to));
  if (!Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime()))
    throw new ReportError("REPORT_BAD_RANGE", "from and to must be ISO instants");
  const env = o.env ?? process.env;
  const calendar = o.calendar ?? calendarFromEnv(env, o.timeZone);
  const tz = calendar.config.timeZone;
  const now = o.now ?? new Date();
  switch (body.report) {
    case "summary":
      return computeSummary(store, { from, to, calendar, now });
    case "rows":
      return summaryRows(store, { from, to, calendar });
    case "rowsPage": {
      const after = Number(body.after ?? 0);
      if (!Number.isInteger(after) || after < 0) throw new ReportError("REPORT_BAD_RANGE", "after must be a ref (0 for the first page)");
      const rows = await firstPage(summaryRowPages(store, { from, to, calendar, after, pageSize: ADMIN_ROWS_PAGE }));
      return { rows, next: rows.length === ADMIN_ROWS_PAGE ? rows[rows.length - 1]!.ref : null };
    }
    case "series":
      return store.reports.dailySeries({ from, to }, tz);
    case "engineer": {
      const staff = await findStaff(store, String(body.staff ?? ""));
      if (!staff) throw new ReportError("REPORT_UNKNOWN_STAFF", `${String(body.staff)} is not on the staff list`);
      return computeEngineerReport(store, { staffId: staff.id, from, to, calendar });
    }
    case "settlement":
      return computeSettlement(store, settlementOptions(from, to, tz, env));
    case "settlementJobsPage": {
      const c = body.cursor as ReportAdminRequest["cursor"];
      const opts = { ...settlementOptions(from, to, tz, env), pageSize: ADMIN_ROWS_PAGE };
      const page = await settlementJobPage(store, opts, c ? { at: new Date(c.at), ref: Number(c.ref) } : null);
      return { jobs: page.jobs, next: page.next ? { at: page.next.at.toISOString(), ref: page.next.ref } : null };
    }
    case "complaints":
      return computeComplaintReview(store, { from, to, timeZone: tz });
    case "daily":
      return computeSupervisorDaily(store, { from, to, now, timeZone: tz });
    default:
      throw new ReportError("REPORT_BAD_RANGE", `unknown report "${String(body.report)}"`);
  }
}

/** A card as plain text for a terminal: title, "label: value" lines, body, footer. */
export function cardText(card: MessageCard): string {
  const parts: string[] = [];
  if (card.title) parts.push(card.title);
  if (card.fields?.length) parts.push(card.fields.map((f) => `${f.label}: ${f.value}`).join("\n"));
  if (card.body) parts.push(card.body.replace(/\*\*([^*]+)\*\*/g, "$1").replace(/^- /gm, "• "));
  if (card.footer) parts.push(card.footer);
  return parts.join("\n\n") + "\n";
}

/** Renders a chart spec to a PNG file (the renderer is loaded only for `--png`). */
async function writePng(file: string, spec: ChartSpec, err: (s: string) => void): Promise<void> {
  const { renderChartPng } = await import("../../core/reports/chart-render.ts");
  const img = await renderChartPng(spec);
  writeFileSync(file, img.png);
  err(`wrote ${file} (${img.width}×${img.height} px, ${img.png.length} bytes)\n`);
}

/**
 * Runs `desk report <cmd> …`. Returns the exit code.
 *
 * @example
 * ```ts
 * if (group === "report") return runReport(cmd, rest, flags, { out, err, withDesk, callDesk, fail: (m) => new CliError(m) });
 * ```
 */
export async function runReport(
  cmd: string | undefined,
  rest: string[],
  flags: Record<string, string | boolean>,
  deps: ReportCliDeps,
  env: Env = process.env,
): Promise<number> {
  const { config, problems } = loadConfig(env);
  if (problems.length) throw deps.fail(problems.join("\n"));
  const lang: ReportLang = flags.lang === "en" ? "en" : flags.lang === "zh" || flags.lang === "zh-CN" ? "zh-CN" : config.staffLang;
  const now = new Date();
  let period: Period;
  let calendar: WorkingCalendar;
  const periodArg = cmd === "engineer" ? rest[1] : rest[0];
  const defaultSpec = cmd === "settlement" || cmd === "complaints" ? "month" : undefined;
  try {
    period =
      flags.from !== undefined || flags.to !== undefined
        ? fromToDates(
            typeof flags.from === "string" ? flags.from : undefined,
            typeof flags.to === "string" ? flags.to : undefined,
            config.timeZone,
          )
        : parsePeriod(periodArg ?? defaultSpec, now, config.timeZone);
    calendar = config.sla.calendar;
    if (cmd === "settlement") settlementOptions(period.from, period.to, config.timeZone, env); // rates checked before any work
  } catch (err) {
    const msg = readable(err);
    if (msg) throw deps.fail(`${msg}\nusage:\n${REPORT_USAGE}`);
    throw err;
  }
  const range = { from: period.from.toISOString(), to: period.to.toISOString() };
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      const msg = readable(err);
      if (msg) throw deps.fail(msg);
      throw err;
    }
  };
  const png = typeof flags.png === "string" ? flags.png : null;
  if (flags.png === true) throw deps.fail(`--png needs a file name\nusage:\n${REPORT_USAGE}`);
  const ask = <T>(local: (store: Store) => Promise<T>, body: Partial<ReportAdminRequest>) =>
    guard(() => deps.withDesk(local, (desk) => deps.callDesk<T>(desk, REPORT_ADMIN_PATH, { ...range, ...body })));

  if (cmd === "summary") {
    if (flags.csv) {
      // streamed: one page of rows at a time, from the database or through the running desk
      await guard(() =>
        deps.withDesk(
          async (store) => {
            deps.out(summaryCsvHeader(lang));
            for await (const page of summaryRowPages(store, { from: period.from, to: period.to, calendar })) {
              deps.out(summaryCsvLines(page, lang));
              await deps.flush?.();
            }
          },
          async (desk) => {
            deps.out(summaryCsvHeader(lang));
            for (let after: number | null = 0; after !== null;) {
              const page: RowsPage = await deps.callDesk<RowsPage>(desk, REPORT_ADMIN_PATH, { report: "rowsPage", after, ...range });
              deps.out(summaryCsvLines(page.rows, lang));
              await deps.flush?.();
              after = page.next;
            }
          },
        ),
      );
      return 0;
    }
    const [summary, series] = await guard(() =>
      deps.withDesk<[Summary, SeriesPoint[]]>(
        (store) =>
          Promise.all([
            computeSummary(store, { from: period.from, to: period.to, calendar, now }),
            png ? store.reports.dailySeries(period, config.timeZone) : Promise.resolve([]),
          ]),
        async (desk) => [
          await deps.callDesk<Summary>(desk, REPORT_ADMIN_PATH, { report: "summary", ...range }),
          png ? await deps.callDesk<SeriesPoint[]>(desk, REPORT_ADMIN_PATH, { report: "series", ...range }) : [],
        ],
      ),
    );
    if (png) await writePng(png, summaryChartSpec(summary, series, lang), deps.err);
    deps.out(flags.json ? JSON.stringify(summary) + "\n" : cardText(summaryCard(summary, lang)));
    return 0;
  }
  if (cmd === "engineer") {
    const who = rest[0];
    if (!who) throw deps.fail(`missing <Slack user id | staff id>\nusage:\n${REPORT_USAGE}`);
    const report = await ask(
      async (store) => {
        const staff = await findStaff(store, who);
        if (!staff) throw new ReportError("REPORT_UNKNOWN_STAFF", `${who} is not on the staff list`);
        return computeEngineerReport(store, { staffId: staff.id, from: period.from, to: period.to, calendar });
      },
      { report: "engineer", staff: who },
    );
    deps.out(flags.json ? JSON.stringify(report) + "\n" : cardText(engineerReportCard(report, lang)));
    return 0;
  }
  if (cmd === "settlement") {
    const opts = settlementOptions(period.from, period.to, config.timeZone, env);
    if (flags.csv && flags.detail) {
      await guard(() =>
        deps.withDesk(
          async (store) => {
            deps.out(settlementJobsCsvHeader(lang));
            for await (const page of settlementJobPages(store, opts)) {
              deps.out(settlementJobsCsvLines(page, lang));
              await deps.flush?.();
            }
          },
          async (desk) => {
            deps.out(settlementJobsCsvHeader(lang));
            for (let cursor: SettlementJobsPage["next"] = null, first = true; first || cursor !== null; first = false) {
              const page: SettlementJobsPage = await deps.callDesk<SettlementJobsPage>(desk, REPORT_ADMIN_PATH, {
                report: "settlementJobsPage",
                cursor,
                ...range,
              });
              deps.out(settlementJobsCsvLines(page.jobs, lang));
              await deps.flush?.();
              cursor = page.next;
            }
          },
        ),
      );
      return 0;
    }
    const report = await ask((store) => computeSettlement(store, opts), { report: "settlement" });
    deps.out(flags.json ? JSON.stringify(report) + "\n" : flags.csv ? settlementCsv(report, lang) : cardText(settlementCard(report, lang)));
    return 0;
  }
  if (cmd === "complaints") {
    const review = await ask((store) => computeComplaintReview(store, { from: period.from, to: period.to, timeZone: config.timeZone }), {
      report: "complaints",
    });
    if (png) await writePng(png, reviewChartSpec(review, lang), deps.err);
    deps.out(flags.json ? JSON.stringify(review) + "\n" : cardText(complaintReviewCard(review, lang)));
    return 0;
  }
  if (cmd === "daily") {
    const daily = await ask(
      (store) => computeSupervisorDaily(store, { from: period.from, to: period.to, now, timeZone: config.timeZone }),
      { report: "daily" },
    );
    deps.out(flags.json ? JSON.stringify(daily) + "\n" : cardText(supervisorDailyCard(daily, lang)));
    return 0;
  }
  throw deps.fail(`unknown report: ${cmd ?? "(none)"}\nusage:\n${REPORT_USAGE}`);
}
