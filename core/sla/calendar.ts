/**
 * Working-hours calendar for service-level deadlines.
 *
 * The dispatch rule: from the customer's call to the engineer's arrival, at most 6 working
 * hours in the city and 7 in the suburbs; that clock runs in *working* hours. Complaints
 * must be answered within 24 *clock* hours of receipt: use {@link addClockTime}.
 *
 * All computations happen in the calendar's IANA time zone (local wall time) through
 * `Intl.DateTimeFormat`; every result is a correct UTC instant, also across DST changes.
 * Working time is real elapsed time: a working period that contains a DST change is one
 * hour shorter or longer than its wall-clock length.
 *
 * Pure module: no platform SDK, no Prisma, no date library. The parts live beside it:
 * calendar-settings.ts (configuration and its checks), working-days.ts (which days work, their
 * periods), local-time.ts (time-zone arithmetic), calendar-dates.ts (local dates, input checks),
 * calendar-parse.ts (admin-written hours, days and date lists), clock-time.ts (clock-time targets).
 *
 * @module
 */

import { CalendarError } from "./calendar-error.ts";
import { DAY_MS, MAX_EPOCH_DAY, durationOf, requireEpochDay, timeOf } from "./calendar-dates.ts";
import { parseDateList } from "./calendar-parse.ts";
import { resolveCalendarConfig, type CalendarConfig } from "./calendar-settings.ts";
import { WorkingDays } from "./working-days.ts";

export { CalendarError, type CalendarErrorCode } from "./calendar-error.ts";
export { parseDateList, parseHours, parseWorkingDays, parseWorkingHours } from "./calendar-parse.ts";
export { DEFAULT_CALENDAR_CONFIG, type CalendarConfig } from "./calendar-settings.ts";
export { addClockTime } from "./clock-time.ts";
export { formatLocal, localTimeToInstant } from "./local-time.ts";

/**
 * A working-hours calendar in one time zone: which local days are working days (weekdays,
 * holidays, make-up days) and which hours of them count. Immutable after construction;
 * instances cache per-day periods, so reuse one per configuration.
 *
 * @throws {CalendarError} at construction: `CAL_BAD_TIMEZONE`, `CAL_BAD_HOURS` (malformed, or
 * `dayStart >= dayEnd`), `CAL_BAD_DAYS`, `CAL_NO_WORKING_DAYS` (no regular working weekday),
 * `CAL_BAD_DATE` (a holiday or make-up day is not a real date), `CAL_DATE_CONFLICT` (a date is both).
 *
 * @example
 * ```ts
 * const cal = new WorkingCalendar({
 *   holidays: WorkingCalendar.parseDateList("2025-10-01..2025-10-08 # 国庆 + 中秋"),
 *   makeUpDays: ["2025-09-28", "2025-10-11"],
 * });
 * const due = cal.addWorkingTime(ticket.createdAt, 6 * 3_600_000); // city: 6 working hours
 * const warnAt = cal.fractionPoint(ticket.createdAt, due, 0.75);
 * ```
 */
export class WorkingCalendar {
  /** The normalised configuration (dates sorted, times as "HH:MM"). */
  readonly config: Readonly<CalendarConfig>;

  readonly #days: WorkingDays;

  constructor(config: Partial<CalendarConfig> = {}) {
    const r = resolveCalendarConfig(config);
    this.config = r.config;
    this.#days = new WorkingDays(r);
  }

  /**
   * Parse a list of local dates, as pasted by an admin: separated by commas, spaces or newlines
   * (also `，`, `、`, `;`), `#` starts a comment to the end of the line, and `A..B` (or `A~B`, `A至B`)
   * is an inclusive range of at most 366 days. Returns the dates sorted and without duplicates.
   *
   * @throws {CalendarError} `CAL_BAD_DATE` naming the offending token and line.
   *
   * @example
   * ```ts
   * WorkingCalendar.parseDateList(`
   *   # 2025 国庆节 + 中秋节
   *   2025-10-01..2025-10-08
   *   2025-01-01, 2025-05-01
   * `); // ["2025-01-01", "2025-05-01", "2025-10-01", …, "2025-10-08"]
   * ```
   */
  static parseDateList(text: string): string[] {
    return parseDateList(text);
  }

  /**
   * Whether the local day containing `date` (in the calendar's time zone) is a working day:
   * a make-up day, or a working weekday that is not a holiday. A `"YYYY-MM-DD"` string is read
   * as that local date.
   *
   * @example
   * ```ts
   * cal.isWorkingDay(new Date("2025-10-01T02:00:00Z")); // false with 国庆 in holidays
   * cal.isWorkingDay("2025-09-28"); // true: a Sunday make-up day (调休)
   * ```
   */
  isWorkingDay(date: Date | string): boolean {
    const day = typeof date === "string" ? requireEpochDay(date, "isWorkingDay") : this.#days.localDay(timeOf(date, "date"));
    return this.#days.isWorkingDay(day);
  }

  /**
   * Whether `at` lies inside a working period `[dayStart, dayEnd)` of a working day.
   * The instant `dayEnd` itself is not working time.
   *
   * @example
   * ```ts
   * cal.isWorkingTime(new Date("2025-03-17T00:30:00Z")); // Mon 08:30 Shanghai → true
   * ```
   */
  isWorkingTime(at: Date): boolean {
    const atMs = timeOf(at, "at");
    const today = this.#days.localDay(atMs);
    for (let day = today - 1; day <= today; day++) {
      if (this.#days.periods(day).some((p) => p.start <= atMs && atMs < p.end)) return true;
    }
    return false;
  }

  /**
   * The moment at which `ms` of working time has elapsed after `from`.
   *
   * - Outside working time the clock starts at the next working start (a call at 20:00 Tuesday
   *   with 6 h falls due Wednesday 14:30 with 08:30–17:30 hours).
   * - Working time ends at `dayEnd`: if the duration is used up exactly there, the result is
   *   that `dayEnd` instant (not the next morning); any remainder continues at the next working start.
   * - `addWorkingTime(from, 0)` returns `from` exactly, even outside working time: a zero
   *   deadline is "now".
   * - The walk goes by whole days, and by whole weeks where a week has no holiday, make-up day or
   *   UTC-offset change; it never steps through minutes. Durations that cannot fit before year
   *   9999 fail at once.
   * - Fractional milliseconds are rounded.
   *
   * @throws {CalendarError} `CAL_BAD_DATE` for an invalid `from`, `CAL_BAD_DURATION` for a negative
   * or non-finite `ms` (or a result beyond year 9999).
   *
   * @example
   * ```ts
   * const cal = new WorkingCalendar(); // Asia/Shanghai, Mon–Sat 08:30–17:30
   * // Saturday 17:00 + 6 h: 30 min on Saturday, Sunday off, Monday 08:30 + 5 h 30 → Monday 14:00
   * cal.addWorkingTime(new Date("2025-03-15T09:00:00Z"), 6 * 3_600_000); // 2025-03-17T06:00:00.000Z
   * ```
   */
  addWorkingTime(from: Date, ms: number): Date {
    const t0 = timeOf(from, "from");
    let remaining = durationOf(ms);
    if (remaining === 0) return new Date(t0);
    const beyond = () => new CalendarError("CAL_BAD_DURATION", `${ms} ms of working time after ${from.toISOString()} is beyond year 9999`);
    // working time never runs faster than the clock
    if (t0 + remaining > (MAX_EPOCH_DAY + 1) * DAY_MS) throw beyond();
    const first = this.#days.localDay(t0);
    // nor faster than the calendar's weeks (+2 h per week for DST) and make-up days allow
    const dayMs = this.#days.dayMs;
    const capacity =
      Math.ceil((MAX_EPOCH_DAY - first + 1) / 7) * (this.#days.weekMs + 2 * 3_600_000) + this.#days.makeUpCount * (dayMs + 3_600_000);
    if (remaining > capacity) throw beyond();
    let idle = 0;
    for (let day = first - 1; ; day++) {
      if (day > first) {
        // whole regular weeks at once; strictly greater, so the deadline itself is placed day by day
        while (remaining > this.#days.weekMs && this.#days.isRegularWeek(day)) {
          remaining -= this.#days.weekMs;
          day += 7;
          idle = 0;
        }
      }
      if (day > MAX_EPOCH_DAY) throw beyond();
      let worked = false;
      for (const p of this.#days.periods(day)) {
        const start = Math.max(p.start, t0);
        const avail = p.end - start;
        if (avail <= 0) continue;
        worked = true;
        if (remaining <= avail) return new Date(start + remaining);
        remaining -= avail;
      }
      if (!worked) {
        if (++idle > this.#days.maxIdleDays) this.#noWorkingTime();
        continue;
      }
      idle = 0;
    }
  }

  /**
   * Milliseconds of working time in `[from, to)`; negative (minus the working time in `[to, from)`)
   * if `to` is before `from`. Walks by whole days and regular weeks, like {@link addWorkingTime}. The inverse of {@link addWorkingTime}:
   * `workingTimeBetween(from, addWorkingTime(from, x)) === x`.
   *
   * @example
   * ```ts
   * const spent = cal.workingTimeBetween(ticket.createdAt, ticket.arrivedAt ?? new Date());
   * const late = spent > 6 * 3_600_000;
   * ```
   */
  workingTimeBetween(from: Date, to: Date): number {
    const a = timeOf(from, "from");
    const b = timeOf(to, "to");
    if (b < a) return -this.#between(b, a);
    return this.#between(a, b);
  }

  /**
   * The start of the next working period at or after `at`; `at` itself (as a new `Date`) if it is
   * inside working time. At `dayEnd` exactly, the next working day's start.
   *
   * @example
   * ```ts
   * cal.nextWorkingStart(new Date("2025-03-18T12:00:00Z")); // Tue 20:00 Shanghai → Wed 08:30 (2025-03-19T00:30:00Z)
   * ```
   */
  nextWorkingStart(at: Date): Date {
    const atMs = timeOf(at, "at");
    let idle = 0;
    for (let day = this.#days.localDay(atMs) - 1; ; day++) {
      if (day > MAX_EPOCH_DAY) throw new CalendarError("CAL_BAD_DATE", "no working time before year 9999");
      const p = this.#days.periods(day).find((period) => period.end > atMs);
      if (p) return new Date(Math.max(p.start, atMs));
      if (++idle > this.#days.maxIdleDays + 2) this.#noWorkingTime();
    }
  }

  /**
   * The instant `dayStart` of the local day containing `date` (a `"YYYY-MM-DD"` string is read as
   * that local date), or `null` if that day is not a working day.
   * If `dayStart` falls in a DST gap, the instant just after the gap is returned.
   *
   * @example
   * ```ts
   * cal.startOfWorkingDay("2025-03-17"); // 2025-03-17T00:30:00.000Z (08:30 in Shanghai)
   * cal.startOfWorkingDay("2025-03-16"); // null: a Sunday
   * ```
   */
  startOfWorkingDay(date: Date | string): Date | null {
    const day = typeof date === "string" ? requireEpochDay(date, "startOfWorkingDay") : this.#days.localDay(timeOf(date, "date"));
    const p = this.#days.periods(day)[0];
    return p ? new Date(p.start) : null;
  }

  /**
   * The working periods (one per range of the working hours, around breaks) of `days` local
   * days starting with the day of `from`, in order; days off have none.
   *
   * @example
   * ```ts
   * cal.workingPeriods(new Date(), 3); // [{ start, end }, …] for today and the next two days
   * ```
   */
  workingPeriods(from: Date, days: number): { start: Date; end: Date }[] {
    const first = this.#days.localDay(timeOf(from, "from"));
    const out: { start: Date; end: Date }[] = [];
    for (let day = first; day < first + Math.max(0, Math.floor(days)) && day <= MAX_EPOCH_DAY; day++) {
      for (const p of this.#days.periods(day)) out.push({ start: new Date(p.start), end: new Date(p.end) });
    }
    return out;
  }

  /**
   * The instant at which `fraction` of the working time between `from` and `due` has elapsed, so
   * that e.g. a 75 % warning of a working-hours deadline falls in working time.
   * `fraction` 0 returns `from`, 1 returns `due`. If there is no working time between them at all,
   * the clock-time point `from + fraction × (due − from)` is returned.
   *
   * @throws {CalendarError} `CAL_BAD_FRACTION` outside `[0, 1]`, `CAL_BAD_RANGE` if `due < from`.
   *
   * @example
   * ```ts
   * const warnAt = cal.fractionPoint(ticket.createdAt, ticket.dueAt, 0.75);
   * ```
   */
  fractionPoint(from: Date, due: Date, fraction: number): Date {
    const a = timeOf(from, "from");
    const b = timeOf(due, "due");
    if (typeof fraction !== "number" || !(fraction >= 0 && fraction <= 1)) {
      throw new CalendarError("CAL_BAD_FRACTION", `fraction must be within [0, 1], got ${String(fraction)}`);
    }
    if (b < a) throw new CalendarError("CAL_BAD_RANGE", `due ${due.toISOString()} is before from ${from.toISOString()}`);
    if (fraction === 0) return new Date(a);
    if (fraction === 1) return new Date(b);
    const total = this.#between(a, b);
    if (total === 0) return new Date(a + Math.round((b - a) * fraction));
    return this.addWorkingTime(from, Math.round(total * fraction));
  }

  // -------------------------------------------------------------------------------------------

  #between(a: number, b: number): number {
    if (a === b) return 0;
    const first = this.#days.localDay(a);
    const last = this.#days.localDay(b);
    let total = 0;
    for (let day = first - 1; day <= last; day++) {
      // whole regular weeks strictly between the local days of a and b
      while (day > first && day + 7 < last && this.#days.isRegularWeek(day)) {
        total += this.#days.weekMs;
        day += 7;
      }
      for (const p of this.#days.periods(day)) {
        const start = Math.max(p.start, a);
        const end = Math.min(p.end, b);
        if (end > start) total += end - start;
      }
    }
    return total;
  }

  #noWorkingTime(): never {
    throw new CalendarError(
      "CAL_NO_WORKING_DAYS",
      `no working time found in ${this.#days.maxIdleDays} consecutive days (check holidays and hours)`,
    );
  }
}

let defaultCalendar: WorkingCalendar | undefined;

/**
 * The instant at which `fraction` of the working time between `from` and `due` has elapsed
 * (see {@link WorkingCalendar.fractionPoint}); uses `calendar`, or the default calendar
 * (Asia/Shanghai, Mon–Sat 08:30–17:30, no holidays) when omitted. Used for the 75 % warning.
 *
 * @example
 * ```ts
 * const due = cal.addWorkingTime(ticket.createdAt, 6 * 3_600_000);
 * const warnAt = fractionPoint(ticket.createdAt, due, 0.75, cal); // in working time
 * ```
 */
export function fractionPoint(from: Date, due: Date, fraction: number, calendar?: WorkingCalendar): Date {
  const cal = calendar ?? (defaultCalendar ??= new WorkingCalendar());
  return cal.fractionPoint(from, due, fraction);
}
