/**
 * Report periods: local calendar days in the desk's time zone, as a half-open range of
 * instants `[from, to)` from local midnight to local midnight.
 *
 * @module
 */
import { localTimeToInstant } from "../sla/calendar.ts";
import { DeskError } from "../errors.ts";

/** Codes carried by {@link PeriodError}. */
export type PeriodErrorCode =
  /** The spec is none of today|yesterday|week|month|YYYY-MM-DD..YYYY-MM-DD. */
  | "PERIOD_BAD_SPEC"
  /** A date is not a real YYYY-MM-DD date (e.g. 2026-02-30). */
  | "PERIOD_BAD_DATE"
  /** The first day is after the last. */
  | "PERIOD_REVERSED"
  /** More than {@link MAX_PERIOD_DAYS} days. */
  | "PERIOD_TOO_LONG"
  /** `--from` or `--to` is missing. */
  | "PERIOD_MISSING"
  /** The time zone is not a known IANA zone. */
  | "PERIOD_BAD_TIMEZONE";

/**
 * Error for a period that cannot be read; switch on `code`.
 *
 * @example
 * ```ts
 * try { parsePeriod(text, now, tz); }
 * catch (err) { if (err instanceof PeriodError && err.code === "PERIOD_BAD_SPEC") reply(usage); }
 * ```
 */
export class PeriodError extends DeskError<PeriodErrorCode> {}

/** The longest period a report covers, in days (a leap year). */
export const MAX_PERIOD_DAYS = 366;

/** A report period. */
export interface Period {
  /** Local midnight starting the first day (inclusive). */
  from: Date;
  /** Local midnight after the last day (exclusive). */
  to: Date;
  /** First local day, YYYY-MM-DD. */
  fromDate: string;
  /** Last local day (inclusive), YYYY-MM-DD. */
  toDate: string;
  /** Number of local days. */
  days: number;
  timeZone: string;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD → days since 1970-01-01, or undefined if not a real date. */
function epochDay(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = +m[1]!,
    mo = +m[2]!,
    d = +m[3]!;
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCMonth() + 1 !== mo || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

function dateText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function checkZone(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  } catch {
    throw new PeriodError("PERIOD_BAD_TIMEZONE", `"${timeZone}" is not a known IANA time zone`);
  }
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  return checkZone(timeZone).format(at);
}

/** The period of the local days `first..last` (inclusive), checked. */
function daysPeriod(first: number, last: number, timeZone: string): Period {
  if (last < first) throw new PeriodError("PERIOD_REVERSED", `${dateText(first)} is after ${dateText(last)}`);
  const days = last - first + 1;
  if (days > MAX_PERIOD_DAYS) throw new PeriodError("PERIOD_TOO_LONG", `${days} days is more than ${MAX_PERIOD_DAYS}`);
  const fromDate = dateText(first);
  const toDate = dateText(last);
  return {
    from: localTimeToInstant(timeZone, fromDate, "00:00"),
    to: localTimeToInstant(timeZone, dateText(last + 1), "00:00"),
    fromDate,
    toDate,
    days,
    timeZone,
  };
}

function requireDay(text: string, what: string): number {
  const trimmed = text.trim();
  if (!DATE_RE.test(trimmed)) throw new PeriodError("PERIOD_BAD_SPEC", `${what} "${text}" is not YYYY-MM-DD`);
  const d = epochDay(trimmed);
  if (d === undefined) throw new PeriodError("PERIOD_BAD_DATE", `${what} "${text}" is not a real date`);
  return d;
}

const WORDS: Record<string, "today" | "yesterday" | "week" | "month"> = {
  today: "today",
  今天: "today",
  今日: "today",
  yesterday: "yesterday",
  昨天: "yesterday",
  昨日: "yesterday",
  week: "week",
  本周: "week",
  近7天: "week",
  month: "month",
  本月: "month",
};

/**
 * Reads a report period, in local days of `timeZone`:
 * - `today` (also when `spec` is empty or undefined): the local day containing `now`;
 * - `yesterday`: the local day before;
 * - `week`: the last 7 local days including today (today and the 6 days before; not the
 *   calendar week);
 * - `month`: the calendar month so far: from the 1st of the current local month through today;
 * - `YYYY-MM-DD..YYYY-MM-DD`: those days, both inclusive (a single `YYYY-MM-DD` is one day).
 *
 * Chinese words are accepted too (今天, 昨天, 本周/近7天, 本月); full-width characters are
 * normalised. Every period runs from local midnight to local midnight, so a day is 23 or 25
 * hours long across a DST change. `to` may lie in the future (today is a whole day).
 *
 * @throws {PeriodError} `PERIOD_BAD_SPEC`, `PERIOD_BAD_DATE`, `PERIOD_REVERSED`,
 * `PERIOD_TOO_LONG` (over 366 days), `PERIOD_BAD_TIMEZONE`.
 *
 * @example
 * ```ts
 * // 00:30 on 23 Nov in Shanghai is still 22 Nov in UTC
 * parsePeriod("today", new Date("2026-11-22T16:30:00Z"), "Asia/Shanghai");
 * // { from: 2026-11-22T16:00:00.000Z, to: 2026-11-23T16:00:00.000Z, fromDate: "2026-11-23", toDate: "2026-11-23", days: 1, … }
 * parsePeriod("2026-11-01..2026-11-30", now, "Asia/Shanghai").days; // 30
 * ```
 */
export function parsePeriod(spec: string | undefined, now: Date, timeZone: string): Period {
  checkZone(timeZone);
  const text = (spec ?? "").normalize("NFKC").trim().toLowerCase();
  const today = epochDay(localDay(now, timeZone))!;
  const word = text === "" ? "today" : WORDS[text];
  switch (word) {
    case "today":
      return daysPeriod(today, today, timeZone);
    case "yesterday":
      return daysPeriod(today - 1, today - 1, timeZone);
    case "week":
      return daysPeriod(today - 6, today, timeZone);
    case "month": {
      const first = epochDay(dateText(today).slice(0, 8) + "01")!;
      return daysPeriod(first, today, timeZone);
    }
  }
  const range = text.split("..");
  if (range.length === 1 && DATE_RE.test(range[0]!)) {
    const d = requireDay(range[0]!, "date");
    return daysPeriod(d, d, timeZone);
  }
  if (range.length === 2 && DATE_RE.test(range[0]!.trim()) && DATE_RE.test(range[1]!.trim())) {
    return daysPeriod(requireDay(range[0]!, "first day"), requireDay(range[1]!, "last day"), timeZone);
  }
  throw new PeriodError("PERIOD_BAD_SPEC", `"${spec}" is not a period: use today, yesterday, week, month or YYYY-MM-DD..YYYY-MM-DD`);
}

/**
 * The period of the CLI's `--from YYYY-MM-DD --to YYYY-MM-DD`: both days inclusive, local
 * midnight to local midnight in `timeZone`.
 *
 * @throws {PeriodError} `PERIOD_MISSING` (either absent), `PERIOD_BAD_SPEC` (not YYYY-MM-DD),
 * `PERIOD_BAD_DATE`, `PERIOD_REVERSED`, `PERIOD_TOO_LONG`, `PERIOD_BAD_TIMEZONE`.
 *
 * @example
 * ```ts
 * const p = fromToDates("2026-11-02", "2026-11-08", "Asia/Shanghai");
 * p.from.toISOString(); // "2026-11-01T16:00:00.000Z"
 * p.to.toISOString();   // "2026-11-08T16:00:00.000Z"
 * ```
 */
export function fromToDates(fromStr: string | undefined, toStr: string | undefined, timeZone: string): Period {
  checkZone(timeZone);
  if (typeof fromStr !== "string" || !fromStr.trim()) throw new PeriodError("PERIOD_MISSING", "--from YYYY-MM-DD is missing");
  if (typeof toStr !== "string" || !toStr.trim()) throw new PeriodError("PERIOD_MISSING", "--to YYYY-MM-DD is missing");
  return daysPeriod(requireDay(fromStr, "--from"), requireDay(toStr, "--to"), timeZone);
}
