/**
 * The per-ticket rows behind a summary (its CSV): every ticket created or finished in the
 * period, by ref, read in keyset pages so memory stays flat whatever the period.
 *
 * @module
 */
import { formatLocal, type WorkingCalendar } from "../sla/calendar.ts";
import type { SummaryRowRaw } from "../store/reports.ts";
import type { ReportStaff } from "../store/reports.ts";
import { checkRange } from "./errors.ts";
import { round, workingHours } from "./math.ts";
import type { ReportSource } from "./summary.ts";

/**
 * One ticket of the summary's CSV. Times are local "YYYY-MM-DD HH:MM" in the calendar's time
 * zone; durations are working hours with two decimals.
 */
export interface SummaryRow {
  ref: number;
  created: string;
  kind: string;
  product: string | null;
  status: string;
  feeType: string;
  resolution: string | null;
  /** Local time of `resolvedAt`, or null. */
  resolved: string | null;
  /** The assignee's name, else their Slack user id; null if unassigned. */
  assignee: string | null;
  /** `createdAt` → `firstResponseAt`, working hours. */
  firstResponseWh: number | null;
  /** `createdAt` → `resolvedAt`, working hours. */
  resolutionWh: number | null;
  slaMet: boolean | null;
  attitude: number | null;
  skill: number | null;
  arrival: number | null;
  promise: number | null;
  satisfied: boolean | null;
  outcome: string | null;
  /** Flagged as a repeat repair (`repeatOfId` set). */
  repeat: boolean;
}

/** Options of {@link summaryRowPages}. */
export interface SummaryRowOptions {
  from: Date;
  to: Date;
  calendar: WorkingCalendar;
  /** Rows per page (default: the store's page size). */
  pageSize?: number;
  /** Start after this ref (to continue a paged read, e.g. through the desk's admin API). */
  after?: number;
}

/**
 * The per-ticket rows of `[from, to)`, page by page (each page in ref order, refs increasing
 * across pages). Staff names are looked up once per page for ids not seen before.
 *
 * @throws {ReportError} `REPORT_BAD_RANGE` if `from` is not before `to`.
 *
 * @example
 * ```ts
 * for await (const page of summaryRowPages(store, { from, to, calendar })) out(summaryCsvLines(page, "zh-CN"));
 * ```
 */
export async function* summaryRowPages(store: ReportSource, opts: SummaryRowOptions): AsyncGenerator<SummaryRow[]> {
  const { from, to, calendar } = opts;
  checkRange(from, to);
  const staff = new Map<number, ReportStaff | null>();
  let after = opts.after ?? 0;
  const size = opts.pageSize ?? 2000;
  for (;;) {
    const page = await store.reports.summaryRowPage({ from, to }, after, size);
    if (!page.length) return;
    const unseen = [...new Set(page.map((r) => r.assigneeId).filter((id): id is number => id !== null && !staff.has(id)))];
    if (unseen.length) {
      const rows = await store.reports.staffByIds(unseen);
      for (const id of unseen) staff.set(id, rows.find((s) => s.id === id) ?? null);
    }
    yield page.map((r) => toRow(r, calendar, staff));
    if (page.length < size) return;
    after = page[page.length - 1]!.ref;
  }
}

function toRow(t: SummaryRowRaw, calendar: WorkingCalendar, staff: Map<number, ReportStaff | null>): SummaryRow {
  const tz = calendar.config.timeZone;
  const who = t.assigneeId !== null ? staff.get(t.assigneeId) : undefined;
  return {
    ref: t.ref,
    created: formatLocal(t.createdAt, tz),
    kind: t.kind,
    product: t.category,
    status: t.status,
    feeType: t.feeType,
    resolution: t.resolution,
    resolved: t.resolvedAt ? formatLocal(t.resolvedAt, tz) : null,
    assignee: t.assigneeId === null ? null : who ? who.name || who.slackUserId : `#${t.assigneeId}`,
    firstResponseWh: t.firstResponseAt ? round(workingHours(calendar, t.createdAt, t.firstResponseAt), 2) : null,
    resolutionWh: t.resolvedAt ? round(workingHours(calendar, t.createdAt, t.resolvedAt), 2) : null,
    slaMet: t.slaMet,
    attitude: t.attitude,
    skill: t.skill,
    arrival: t.arrival,
    promise: t.promise,
    satisfied: t.satisfied,
    outcome: t.outcome,
    repeat: t.repeat,
  };
}

/**
 * All per-ticket rows of `[from, to)` in one array, by ref. For small periods (a Slack
 * upload); the CLI streams {@link summaryRowPages} instead.
 *
 * @throws {ReportError} `REPORT_BAD_RANGE` if `from` is not before `to`.
 *
 * @example
 * ```ts
 * const csv = summaryCsv(await summaryRows(store, { from, to, calendar }), "zh-CN");
 * ```
 */
export async function summaryRows(store: ReportSource, opts: { from: Date; to: Date; calendar: WorkingCalendar }): Promise<SummaryRow[]> {
  const all: SummaryRow[] = [];
  for await (const page of summaryRowPages(store, opts)) all.push(...page);
  return all;
}
