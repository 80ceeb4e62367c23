/**
 * `desk report …`: the manager's summary and the technician report from the command line.
 *
 *   desk report summary [period] [--from YYYY-MM-DD --to YYYY-MM-DD] [--json | --csv] [--lang zh|en]
 *   desk report engineer <Slack user id | staff id> [period] [--from … --to …] [--json] [--lang zh|en]
 *
 * `period` is today|yesterday|week|month|YYYY-MM-DD..YYYY-MM-DD (default today); `--from/--to`
 * are inclusive local days. `--json` prints exactly the object Slack's `/desk summary` renders
 * (the same `computeSummary`). Working hours come from DESK_WORK_DAYS, DESK_WORK_HOURS,
 * DESK_HOLIDAYS and DESK_MAKEUP_DAYS (see core/reports/calendar-config.ts).
 *
 * While a desk holds the embedded database, the CLI asks it through `POST /admin/report`
 * ({@link reportAdmin}); the desk then computes with its own working calendar.
 */
import type { MessageCard } from "../../core/card.ts";
import { loadConfig } from "../../core/config.ts";
import {
  PeriodError,
  ReportError,
  calendarFromEnv,
  computeEngineerReport,
  computeSummary,
  engineerReportCard,
  fromToDates,
  parsePeriod,
  summaryCard,
  summaryCsvHeader,
  summaryCsvLines,
  summaryRowPages,
  summaryRows,
  type EngineerReport,
  type Period,
  type ReportLang,
  type Summary,
  type SummaryRow,
} from "../../core/reports/index.ts";
import { CalendarError, type WorkingCalendar } from "../../core/sla/calendar.ts";
import type { Store } from "../../core/store/index.ts";

type Env = Record<string, string | undefined>;
type Remote = { port: number; token: string };

/** What `run` in main.ts lends the report commands. */
export interface ReportCliDeps {
  out: (s: string) => void;
  err: (s: string) => void;
  withDesk: <T>(local: (store: Store) => Promise<T>, remote: (desk: Remote) => Promise<T>) => Promise<T>;
  callDesk: <T>(desk: Remote, path: string, body: unknown) => Promise<T>;
  /** Makes the CLI's usage error (exit code 2). */
  fail: (message: string) => Error;
  /** Waits until what `out` wrote has drained (so a streamed export holds one page in memory). */
  flush?: () => Promise<void>;
}

export const REPORT_USAGE = `  desk report summary [today|yesterday|week|month|YYYY-MM-DD..YYYY-MM-DD] [--from YYYY-MM-DD --to YYYY-MM-DD] [--json | --csv] [--lang zh|en]
  desk report engineer <U…|staff id> [period] [--from YYYY-MM-DD --to YYYY-MM-DD] [--json] [--lang zh|en]`;

/** The admin API path a running desk serves {@link reportAdmin} on. */
export const REPORT_ADMIN_PATH = "/admin/report";

/** Body of `POST /admin/report`. */
export interface ReportAdminRequest {
  /** `rows`: every per-ticket row at once; `rowsPage`: one page of them after `after` (answers {@link RowsPage}) */
  report: "summary" | "rows" | "rowsPage" | "engineer";
  /** ISO instants of the period `[from, to)`. */
  from: string;
  to: string;
  /** engineer: a Slack user id or a staff id. */
  staff?: string;
  /** rowsPage: the last ref of the previous page (0 for the first) */
  after?: number;
}

/** One page of per-ticket rows through the admin API; `next` is the `after` of the next page, null at the end. */
export interface RowsPage {
  rows: SummaryRow[];
  next: number | null;
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

/**
 * Answers a report request on a store: what `POST /admin/report` returns for the CLI while the
 * desk holds the embedded database. The desk wires it as
 * `route("POST", REPORT_ADMIN_PATH, (req) => this.admin(req, (body) => reportAdmin(store, body, { calendar: config.sla.calendar, timeZone: config.timeZone })))`.
 * Without `calendar`, the calendar is read from `env` (default `process.env`) by `calendarFromEnv`.
 *
 * @throws {ReportError} `REPORT_BAD_RANGE` for bad instants, `REPORT_UNKNOWN_STAFF`.
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
): Promise<Summary | SummaryRow[] | RowsPage | EngineerReport> {
  const from = new Date(String(body.from));
  const to = new Date(String(body.to));
  if (!Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime()))
    throw new ReportError("REPORT_BAD_RANGE", "from and to must be ISO instants");
  const calendar = o.calendar ?? calendarFromEnv(o.env ?? process.env, o.timeZone);
  switch (body.report) {
    case "summary":
      return computeSummary(store, { from, to, calendar, now: o.now ?? new Date() });
    case "rows":
      return summaryRows(store, { from, to, calendar });
    case "rowsPage": {
      const after = Number(body.after ?? 0);
      if (!Number.isInteger(after) || after < 0) throw new ReportError("REPORT_BAD_RANGE", "after must be a ref (0 for the first page)");
      const pages = summaryRowPages(store, { from, to, calendar, after, pageSize: ADMIN_ROWS_PAGE });
      const first = await pages.next();
      await pages.return(undefined);
      const rows = first.done ? [] : first.value;
      return { rows, next: rows.length === ADMIN_ROWS_PAGE ? rows[rows.length - 1]!.ref : null };
    }
    case "engineer": {
      const staff = await findStaff(store, String(body.staff ?? ""));
      if (!staff) throw new ReportError("REPORT_UNKNOWN_STAFF", `${String(body.staff)} is not on the staff list`);
      return computeEngineerReport(store, { staffId: staff.id, from, to, calendar });
    }
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
  try {
    period =
      flags.from !== undefined || flags.to !== undefined
        ? fromToDates(
            typeof flags.from === "string" ? flags.from : undefined,
            typeof flags.to === "string" ? flags.to : undefined,
            config.timeZone,
          )
        : parsePeriod(periodArg, now, config.timeZone);
    calendar = config.sla.calendar;
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
    const summary = await guard(() =>
      deps.withDesk(
        (store) => computeSummary(store, { from: period.from, to: period.to, calendar, now }),
        (desk) => deps.callDesk<Summary>(desk, REPORT_ADMIN_PATH, { report: "summary", ...range }),
      ),
    );
    deps.out(flags.json ? JSON.stringify(summary) + "\n" : cardText(summaryCard(summary, lang)));
    return 0;
  }
  if (cmd === "engineer") {
    const who = rest[0];
    if (!who) throw deps.fail(`missing <Slack user id | staff id>\nusage:\n${REPORT_USAGE}`);
    const report = await guard(() =>
      deps.withDesk(
        async (store) => {
          const staff = await findStaff(store, who);
          if (!staff) throw new ReportError("REPORT_UNKNOWN_STAFF", `${who} is not on the staff list`);
          return computeEngineerReport(store, { staffId: staff.id, from: period.from, to: period.to, calendar });
        },
        (desk) => deps.callDesk<EngineerReport>(desk, REPORT_ADMIN_PATH, { report: "engineer", staff: who, ...range }),
      ),
    );
    deps.out(flags.json ? JSON.stringify(report) + "\n" : cardText(engineerReportCard(report, lang)));
    return 0;
  }
  throw deps.fail(`unknown report: ${cmd ?? "(none)"}\nusage:\n${REPORT_USAGE}`);
}
