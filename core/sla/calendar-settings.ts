/**
 * The working calendar's configuration: its fields, the defaults, and the checks that turn a
 * partial configuration into the normalised one a {@link WorkingCalendar} works with.
 *
 * @module
 */

import { CalendarError } from "./calendar-error.ts";
import { dateTextOf, hhmm, minutesOf, requireEpochDay } from "./calendar-dates.ts";
import { formatterFor } from "./local-time.ts";

/**
 * Configuration of a {@link WorkingCalendar}. Every field has a default.
 *
 * @example
 * ```ts
 * const config: CalendarConfig = {
 *   timeZone: "Asia/Shanghai",
 *   workingDays: [1, 2, 3, 4, 5, 6],
 *   dayStart: "08:30",
 *   dayEnd: "17:30",
 *   holidays: ["2025-10-01", "2025-10-02"],
 *   makeUpDays: ["2025-09-28"],
 * };
 * ```
 */
export interface CalendarConfig {
  /** IANA time zone in which days and hours are read; default `"Asia/Shanghai"`. */
  timeZone: string;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday); default Monday–Saturday. */
  workingDays: number[];
  /** Local start of the working day, `"HH:MM"`; default `"08:30"`. */
  dayStart: string;
  /** Local end of the working day, `"HH:MM"` (`"24:00"` allowed); default `"17:30"`. Must be after `dayStart`. */
  dayEnd: string;
  /** Breaks within the working day, `"HH:MM-HH:MM"` (e.g. a midday break `"12:00-13:30"`); default none. */
  breaks: string[];
  /** Local dates `"YYYY-MM-DD"` that are NOT working days (public holidays). */
  holidays: string[];
  /** Local dates `"YYYY-MM-DD"` that ARE working days whatever their weekday (China's 调休 make-up days). */
  makeUpDays: string[];
}

/**
 * The defaults: Asia/Shanghai, Monday–Saturday, 08:30–17:30, no holidays.
 *
 * @example
 * ```ts
 * const berlin = new WorkingCalendar({ ...DEFAULT_CALENDAR_CONFIG, timeZone: "Europe/Berlin" });
 * ```
 */
export const DEFAULT_CALENDAR_CONFIG: Readonly<CalendarConfig> = Object.freeze({
  timeZone: "Asia/Shanghai",
  workingDays: Object.freeze([1, 2, 3, 4, 5, 6]) as unknown as number[],
  dayStart: "08:30",
  dayEnd: "17:30",
  breaks: Object.freeze([]) as unknown as string[],
  holidays: Object.freeze([]) as unknown as string[],
  makeUpDays: Object.freeze([]) as unknown as string[],
});

/** A configuration checked and normalised: what the calendar computes with. */
export interface ResolvedCalendarConfig {
  /** The normalised configuration (dates sorted, times as "HH:MM"). */
  readonly config: Readonly<CalendarConfig>;
  readonly fmt: Intl.DateTimeFormat;
  readonly weekdays: ReadonlySet<number>;
  readonly holidays: ReadonlySet<number>;
  readonly makeUp: ReadonlySet<number>;
  readonly startMin: number;
  readonly endMin: number;
  /** the working intervals of a day, in minutes after midnight: [dayStart, dayEnd) minus the breaks */
  readonly intervals: readonly (readonly [number, number])[];
}

/**
 * Checks a partial configuration (missing fields take {@link DEFAULT_CALENDAR_CONFIG}) and
 * normalises it.
 *
 * @throws {CalendarError} `CAL_BAD_TIMEZONE`, `CAL_BAD_HOURS`, `CAL_BAD_DAYS`,
 * `CAL_NO_WORKING_DAYS`, `CAL_BAD_DATE`, `CAL_DATE_CONFLICT`.
 *
 * @example
 * ```ts
 * const { config } = resolveCalendarConfig({ dayStart: "9:00" }); // config.dayStart === "09:00"
 * ```
 */
export function resolveCalendarConfig(config: Partial<CalendarConfig>): ResolvedCalendarConfig {
  const c = { ...DEFAULT_CALENDAR_CONFIG, ...stripUndefined(config) };

  if (typeof c.timeZone !== "string" || c.timeZone.trim() === "") {
    throw new CalendarError("CAL_BAD_TIMEZONE", `timeZone must be an IANA zone name, got ${String(c.timeZone)}`);
  }
  let timeZone: string;
  try {
    timeZone = new Intl.DateTimeFormat("en-US", { timeZone: c.timeZone.trim() }).resolvedOptions().timeZone;
  } catch {
    throw new CalendarError("CAL_BAD_TIMEZONE", `"${c.timeZone}" is not a known IANA time zone`);
  }
  const fmt = formatterFor(timeZone);

  const startMin = minutesOf(c.dayStart, "dayStart", false);
  const endMin = minutesOf(c.dayEnd, "dayEnd", true);
  if (startMin >= endMin) {
    throw new CalendarError(
      "CAL_BAD_HOURS",
      `dayStart ${c.dayStart} must be before dayEnd ${c.dayEnd} (overnight shifts are not supported)`,
    );
  }

  if (!Array.isArray(c.workingDays)) throw new CalendarError("CAL_BAD_DAYS", "workingDays must be an array of ISO weekdays 1..7");
  for (const d of c.workingDays) {
    if (!Number.isInteger(d) || d < 1 || d > 7) {
      throw new CalendarError("CAL_BAD_DAYS", `workingDays: ${String(d)} is not an ISO weekday 1..7 (1 = Monday)`);
    }
  }
  const weekdays = new Set(c.workingDays);
  if (weekdays.size === 0) {
    throw new CalendarError(
      "CAL_NO_WORKING_DAYS",
      "workingDays is empty: the calendar would have no working time, so no deadline could ever fall due",
    );
  }

  const intervals = intervalsOf(startMin, endMin, c.breaks);

  const holidays = dateSet(c.holidays, "holidays");
  const makeUp = dateSet(c.makeUpDays, "makeUpDays");
  const both = [...holidays].filter((d) => makeUp.has(d));
  if (both.length > 0) {
    throw new CalendarError("CAL_DATE_CONFLICT", `${both.map(dateTextOf).join(", ")} listed both as holiday and as make-up day`);
  }
  return {
    fmt,
    weekdays,
    holidays,
    makeUp,
    startMin,
    endMin,
    intervals,
    config: Object.freeze({
      timeZone,
      workingDays: Object.freeze([...weekdays].sort((a, b) => a - b)) as unknown as number[],
      dayStart: hhmm(startMin),
      dayEnd: hhmm(endMin),
      breaks: Object.freeze(breaksText(intervals)) as unknown as string[],
      holidays: Object.freeze([...holidays].sort((a, b) => a - b).map(dateTextOf)) as unknown as string[],
      makeUpDays: Object.freeze([...makeUp].sort((a, b) => a - b).map(dateTextOf)) as unknown as string[],
    }),
  };
}

/** The day's working intervals: [start, end) minus the breaks, which must lie inside it and not overlap. */
function intervalsOf(startMin: number, endMin: number, breaks: unknown): [number, number][] {
  if (!Array.isArray(breaks)) throw new CalendarError("CAL_BAD_HOURS", "breaks must be an array of HH:MM-HH:MM ranges");
  const parsed = breaks
    .map((b) => {
      const m = typeof b === "string" ? /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(b) : null;
      if (!m) throw new CalendarError("CAL_BAD_HOURS", `break "${String(b)}" is not a range HH:MM-HH:MM`);
      const from = minutesOf(m[1], "break start", false);
      const to = minutesOf(m[2], "break end", true);
      if (from >= to || from <= startMin || to >= endMin) {
        throw new CalendarError("CAL_BAD_HOURS", `break ${String(b)} must lie inside the working day ${hhmm(startMin)}-${hhmm(endMin)}`);
      }
      return [from, to] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let at = startMin;
  for (const [from, to] of parsed) {
    if (from < at) throw new CalendarError("CAL_BAD_HOURS", `breaks overlap at ${hhmm(from)}`);
    out.push([at, from]);
    at = to;
  }
  out.push([at, endMin]);
  return out;
}

function breaksText(intervals: readonly (readonly [number, number])[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < intervals.length; i++) out.push(`${hhmm(intervals[i - 1]![1])}-${hhmm(intervals[i]![0])}`);
  return out;
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function dateSet(list: unknown, field: string): Set<number> {
  if (!Array.isArray(list)) throw new CalendarError("CAL_BAD_DATE", `${field} must be an array of YYYY-MM-DD strings`);
  return new Set(list.map((d) => requireEpochDay(d, field)));
}
