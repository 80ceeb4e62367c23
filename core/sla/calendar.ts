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
 * Pure module: no platform SDK, no Prisma, no date library.
 *
 * @module
 */

import { DeskError } from "../errors.ts";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Earliest and latest local dates the calendar accepts (keeps loops and `Intl` output sane). */
const MIN_EPOCH_DAY = Date.UTC(1000, 0, 1) / DAY_MS;
const MAX_EPOCH_DAY = Date.UTC(9999, 11, 31) / DAY_MS;

/** Codes carried by {@link CalendarError}. */
export type CalendarErrorCode =
  /** `dayStart`/`dayEnd` malformed, or `dayStart >= dayEnd` (no overnight shifts). */
  | "CAL_BAD_HOURS"
  /** A date string is not a real `YYYY-MM-DD` date, a `Date` is invalid, or out of range. */
  | "CAL_BAD_DATE"
  /** A weekday is not an ISO weekday 1..7, or a weekday spec cannot be parsed. */
  | "CAL_BAD_DAYS"
  /** The time zone is not a valid IANA zone. */
  | "CAL_BAD_TIMEZONE"
  /** The calendar has no regular working weekday, so deadlines could never fall due. */
  | "CAL_NO_WORKING_DAYS"
  /** The same date is both a holiday and a make-up day. */
  | "CAL_DATE_CONFLICT"
  /** A duration is negative, not finite, or pushes the result out of range. */
  | "CAL_BAD_DURATION"
  /** A fraction is outside `[0, 1]`. */
  | "CAL_BAD_FRACTION"
  /** An interval ends before it starts. */
  | "CAL_BAD_RANGE";

/**
 * Error thrown by the calendar; switch on `code`, not on the message.
 *
 * @example
 * ```ts
 * try {
 *   new WorkingCalendar({ dayStart: "18:00", dayEnd: "08:00" });
 * } catch (err) {
 *   if (err instanceof CalendarError && err.code === "CAL_BAD_HOURS") reply("Working hours must not cross midnight");
 * }
 * ```
 */
export class CalendarError extends DeskError<CalendarErrorCode> {}

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
  holidays: Object.freeze([]) as unknown as string[],
  makeUpDays: Object.freeze([]) as unknown as string[],
});

// ---------------------------------------------------------------------------------------------
// Time-zone arithmetic (Intl only)
// ---------------------------------------------------------------------------------------------

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const FORMAT_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{1,6}),?\s+(\d{1,2}):(\d{2}):(\d{2})$/;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

/** `Date.UTC` that also means years 0..99 literally. */
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/** Offset (local wall time minus UTC, in ms) of the formatter's time zone at instant `atMs`. */
function offsetAt(fmt: Intl.DateTimeFormat, atMs: number): number {
  const whole = atMs - (((atMs % 1000) + 1000) % 1000);
  const text = fmt.format(whole);
  const m = FORMAT_RE.exec(text);
  let local: number;
  if (m) {
    local = utcMs(+m[3]!, +m[1]!, +m[2]!, +m[4]!, +m[5]!, +m[6]!);
  } else {
    const parts: Record<string, number> = {};
    for (const part of fmt.formatToParts(whole)) if (part.type !== "literal") parts[part.type] = Number(part.value);
    local = utcMs(parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!);
  }
  return local - whole;
}

/**
 * The UTC instant of a local wall time (`localMs` = wall time read as if it were UTC).
 * Disambiguation as Temporal's "compatible": a wall time that occurs twice (autumn fold)
 * maps to the earlier instant; a wall time skipped by a spring gap is moved forward by the
 * length of the gap (02:30 in a 02:00→03:00 gap becomes 03:30).
 */
function instantOf(fmt: Intl.DateTimeFormat, localMs: number): number {
  const before = offsetAt(fmt, localMs - DAY_MS);
  const after = offsetAt(fmt, localMs + DAY_MS);
  const t1 = localMs - before;
  if (before === after) {
    if (offsetAt(fmt, t1) === before) return t1;
  }
  const t2 = localMs - after;
  const ok1 = offsetAt(fmt, t1) === before;
  const ok2 = offsetAt(fmt, t2) === after;
  if (ok1 && ok2) return Math.min(t1, t2);
  if (ok1) return t1;
  if (ok2) return t2;
  return t1; // gap: use the offset in force before the transition → lands after the gap
}

// ---------------------------------------------------------------------------------------------
// Parsing helpers
// ---------------------------------------------------------------------------------------------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" → days since 1970-01-01, or `undefined` if it is not a real date in range. */
function epochDayOf(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = +m[1]!,
    mo = +m[2]!,
    d = +m[3]!;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const ms = utcMs(y, mo, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() + 1 !== mo || back.getUTCDate() !== d) return undefined;
  const day = ms / DAY_MS;
  if (day < MIN_EPOCH_DAY || day > MAX_EPOCH_DAY) return undefined;
  return day;
}

function dateTextOf(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS);
  const y = String(d.getUTCFullYear()).padStart(4, "0");
  const mo = String(d.getUTCMonth() + 1).padStart(2, "0");
  const da = String(d.getUTCDate()).padStart(2, "0");
  return `${y}-${mo}-${da}`;
}

function requireEpochDay(text: unknown, where: string): number {
  const day = typeof text === "string" ? epochDayOf(text.trim()) : undefined;
  if (day === undefined) {
    throw new CalendarError("CAL_BAD_DATE", `${where}: "${String(text)}" is not a valid YYYY-MM-DD date`);
  }
  return day;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of an epoch day; 1970-01-01 was a Thursday. */
function isoWeekday(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** "HH:MM" → minutes after midnight; `allow24` permits exactly "24:00". */
function minutesOf(text: unknown, field: string, allow24: boolean): number {
  const m = typeof text === "string" ? /^(\d{1,2}):(\d{2})$/.exec(text.trim()) : null;
  if (m) {
    const h = +m[1]!,
      mi = +m[2]!;
    if (mi < 60 && (h < 24 || (allow24 && h === 24 && mi === 0))) return h * 60 + mi;
  }
  throw new CalendarError("CAL_BAD_HOURS", `${field}: "${String(text)}" is not a time of day HH:MM`);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

function timeOf(value: unknown, name: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new CalendarError("CAL_BAD_DATE", `${name} is not a valid Date`);
  const approxDay = Math.floor(ms / DAY_MS);
  if (approxDay < MIN_EPOCH_DAY + 1 || approxDay > MAX_EPOCH_DAY - 1) {
    throw new CalendarError("CAL_BAD_DATE", `${name} (${(value as Date).toISOString()}) is outside the years 1000..9999`);
  }
  return ms;
}

function durationOf(ms: unknown): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new CalendarError("CAL_BAD_DURATION", `duration must be a finite number of ms >= 0, got ${String(ms)}`);
  }
  return Math.round(ms);
}

/**
 * Parse a working-hours spec such as `"08:30-17:30"` into `dayStart`/`dayEnd`.
 * Accepts `-`, `–`, `—`, `~`, `至`, `to` as separators, one-digit hours and `HHMM` without colon;
 * the result is normalised to `"HH:MM"`. `dayEnd` may be `"24:00"`.
 *
 * @throws {CalendarError} `CAL_BAD_HOURS` if malformed or if the start is not before the end.
 *
 * @example
 * ```ts
 * parseHours("8:30 - 17:30"); // { dayStart: "08:30", dayEnd: "17:30" }
 * const cal = new WorkingCalendar({ ...parseHours(settings.hours) });
 * ```
 */
export function parseHours(spec: string): { dayStart: string; dayEnd: string } {
  const text = String(spec ?? "")
    .trim()
    .replace(/\s*(?:-|–|—|~|～|至|到|\bto\b)\s*/gi, "-");
  const m = /^(\d{1,2}):?(\d{2})-(\d{1,2}):?(\d{2})$/.exec(text);
  if (!m) throw new CalendarError("CAL_BAD_HOURS", `"${spec}" is not a working-hours range like 08:30-17:30`);
  const start = minutesOf(`${m[1]}:${m[2]}`, "start", false);
  const end = minutesOf(`${m[3]}:${m[4]}`, "end", true);
  if (start >= end) {
    throw new CalendarError("CAL_BAD_HOURS", `"${spec}": the start must be before the end (no overnight shifts)`);
  }
  return { dayStart: hhmm(start), dayEnd: hhmm(end) };
}

const EN_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const ZH_DAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7 };

function weekdayOf(token: string, spec: string): number {
  const word = token.trim().toLowerCase();
  if (/^\d+$/.test(word)) {
    const n = Number(word);
    if (n >= 1 && n <= 7) return n;
  } else if (word.length >= 3 && /^[a-z]+$/.test(word)) {
    const i = EN_DAYS.findIndex((name) => name.startsWith(word));
    if (i >= 0) return i + 1;
  } else {
    const zh = word.replace(/^(?:周|星期|礼拜)/, "");
    const n = ZH_DAYS[zh];
    if (n !== undefined) return n;
  }
  throw new CalendarError("CAL_BAD_DAYS", `"${spec}": "${token}" is not a weekday (use Mon..Sun, 1..7 or 周一..周日)`);
}

/**
 * Parse a working-days spec into sorted ISO weekdays (1 = Monday … 7 = Sunday).
 * Accepts ranges and lists of English names (`"Mon-Sat"`, `"mon,tue,wed"`, `"Monday to Friday"`),
 * ISO numbers (`"1-6"`, `"1,2,3,4,5"`) and Chinese (`"周一至周六"`). A range may wrap (`"Sat-Mon"` = 6,7,1).
 *
 * @throws {CalendarError} `CAL_BAD_DAYS` for an unknown day or an empty spec.
 *
 * @example
 * ```ts
 * parseWorkingDays("Mon-Sat"); // [1, 2, 3, 4, 5, 6]
 * parseWorkingDays("1,2,3,4,5"); // [1, 2, 3, 4, 5]
 * ```
 */
export function parseWorkingDays(spec: string): number[] {
  const text = String(spec ?? "")
    .trim()
    .replace(/\s*(?:-|–|—|~|～|至|到|\.\.|\bto\b)\s*/gi, "-");
  const tokens = text.split(/[\s,，、;；/]+/).filter(Boolean);
  if (tokens.length === 0) throw new CalendarError("CAL_BAD_DAYS", `"${spec}" names no weekday`);
  const days = new Set<number>();
  for (const token of tokens) {
    const parts = token.split("-");
    if (parts.length === 1) {
      days.add(weekdayOf(parts[0]!, spec));
    } else if (parts.length === 2 && parts[0] && parts[1]) {
      const a = weekdayOf(parts[0], spec);
      const b = weekdayOf(parts[1], spec);
      for (let d = a, n = 0; n < 7; d = (d % 7) + 1, n++) {
        days.add(d);
        if (d === b) break;
      }
    } else {
      throw new CalendarError("CAL_BAD_DAYS", `"${spec}": "${token}" is not a weekday range`);
    }
  }
  return [...days].sort((x, y) => x - y);
}

// ---------------------------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------------------------

/** Working period of one local day: [start, end) as UTC ms. */
interface Period {
  readonly start: number;
  readonly end: number;
}

const PERIOD_CACHE_LIMIT = 20_000;

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

  readonly #fmt: Intl.DateTimeFormat;
  readonly #weekdays: ReadonlySet<number>;
  readonly #holidays: ReadonlySet<number>;
  readonly #makeUp: ReadonlySet<number>;
  readonly #startMin: number;
  readonly #endMin: number;
  /** Longest run of consecutive days without working time we may meet before giving up. */
  readonly #maxIdleDays: number;
  /** Holidays and make-up days, sorted: weeks free of them can be skipped whole. */
  readonly #specialDays: readonly number[];
  /** Working time of a regular week (no special day, no offset change). */
  readonly #weekMs: number;
  readonly #periods = new Map<number, Period | null>();
  /** UTC offset sampled 14 h before `day × 24 h` (before that local day can begin), by day. Cached. */
  readonly #samples = new Map<number, number>();

  constructor(config: Partial<CalendarConfig> = {}) {
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
    this.#fmt = formatterFor(timeZone);

    this.#startMin = minutesOf(c.dayStart, "dayStart", false);
    this.#endMin = minutesOf(c.dayEnd, "dayEnd", true);
    if (this.#startMin >= this.#endMin) {
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
    this.#weekdays = new Set(c.workingDays);
    if (this.#weekdays.size === 0) {
      throw new CalendarError(
        "CAL_NO_WORKING_DAYS",
        "workingDays is empty: the calendar would have no working time, so no deadline could ever fall due",
      );
    }

    this.#holidays = dateSet(c.holidays, "holidays");
    this.#makeUp = dateSet(c.makeUpDays, "makeUpDays");
    const both = [...this.#holidays].filter((d) => this.#makeUp.has(d));
    if (both.length > 0) {
      throw new CalendarError("CAL_DATE_CONFLICT", `${both.map(dateTextOf).join(", ")} listed both as holiday and as make-up day`);
    }
    // Every 7 consecutive days hold a working weekday, so a run of days without working time
    // can only be as long as 7 × (holidays + a few DST-emptied days) + a week.
    this.#maxIdleDays = 7 * (this.#holidays.size + 4) + 7;
    this.#specialDays = [...new Set([...this.#holidays, ...this.#makeUp])].sort((a, b) => a - b);
    this.#weekMs = this.#weekdays.size * (this.#endMin - this.#startMin) * MINUTE_MS;

    this.config = Object.freeze({
      timeZone,
      workingDays: Object.freeze([...this.#weekdays].sort((a, b) => a - b)) as unknown as number[],
      dayStart: hhmm(this.#startMin),
      dayEnd: hhmm(this.#endMin),
      holidays: Object.freeze([...this.#holidays].sort((a, b) => a - b).map(dateTextOf)) as unknown as string[],
      makeUpDays: Object.freeze([...this.#makeUp].sort((a, b) => a - b).map(dateTextOf)) as unknown as string[],
    });
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
    if (typeof text !== "string") throw new CalendarError("CAL_BAD_DATE", "date list must be a string");
    const days = new Set<number>();
    const lines = text.split(/\r\n|\r|\n/);
    lines.forEach((raw, i) => {
      const line = raw.replace(/#.*$/, "").replace(/\s*(?:\.\.|~|～|至)\s*/g, "..");
      for (const token of line.split(/[\s,，、;；]+/)) {
        if (!token) continue;
        const where = `line ${i + 1}`;
        const range = token.split("..");
        if (range.length === 1) {
          days.add(requireEpochDay(token, where));
        } else if (range.length === 2) {
          const a = requireEpochDay(range[0], where);
          const b = requireEpochDay(range[1], where);
          if (b < a || b - a > 365) {
            throw new CalendarError("CAL_BAD_DATE", `${where}: "${token}" is not a forward range of at most 366 days`);
          }
          for (let d = a; d <= b; d++) days.add(d);
        } else {
          throw new CalendarError("CAL_BAD_DATE", `${where}: "${token}" is not a date or a range A..B`);
        }
      }
    });
    return [...days].sort((a, b) => a - b).map(dateTextOf);
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
    const day = typeof date === "string" ? requireEpochDay(date, "isWorkingDay") : this.#localDay(timeOf(date, "date"));
    return this.#isWorkingEpochDay(day);
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
    const today = this.#localDay(atMs);
    for (let day = today - 1; day <= today; day++) {
      const p = this.#period(day);
      if (p && p.start <= atMs && atMs < p.end) return true;
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
    const first = this.#localDay(t0);
    // nor faster than the calendar's weeks (+2 h per week for DST) and make-up days allow
    const dayMs = (this.#endMin - this.#startMin) * MINUTE_MS;
    const capacity = Math.ceil((MAX_EPOCH_DAY - first + 1) / 7) * (this.#weekMs + 2 * 3_600_000) + this.#makeUp.size * (dayMs + 3_600_000);
    if (remaining > capacity) throw beyond();
    let idle = 0;
    for (let day = first - 1; ; day++) {
      if (day > first) {
        // whole regular weeks at once; strictly greater, so the deadline itself is placed day by day
        while (remaining > this.#weekMs && this.#isRegularWeek(day)) {
          remaining -= this.#weekMs;
          day += 7;
          idle = 0;
        }
      }
      if (day > MAX_EPOCH_DAY) throw beyond();
      const p = this.#period(day);
      const start = p ? Math.max(p.start, t0) : 0;
      const avail = p ? p.end - start : 0;
      if (avail <= 0) {
        if (++idle > this.#maxIdleDays) this.#noWorkingTime();
        continue;
      }
      idle = 0;
      if (remaining <= avail) return new Date(start + remaining);
      remaining -= avail;
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
    for (let day = this.#localDay(atMs) - 1; ; day++) {
      if (day > MAX_EPOCH_DAY) throw new CalendarError("CAL_BAD_DATE", "no working time before year 9999");
      const p = this.#period(day);
      if (p && p.end > atMs && p.end > p.start) return new Date(Math.max(p.start, atMs));
      if (++idle > this.#maxIdleDays + 2) this.#noWorkingTime();
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
    const day = typeof date === "string" ? requireEpochDay(date, "startOfWorkingDay") : this.#localDay(timeOf(date, "date"));
    const p = this.#period(day);
    return p ? new Date(p.start) : null;
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
    const first = this.#localDay(a);
    const last = this.#localDay(b);
    let total = 0;
    for (let day = first - 1; day <= last; day++) {
      // whole regular weeks strictly between the local days of a and b
      while (day > first && day + 7 < last && this.#isRegularWeek(day)) {
        total += this.#weekMs;
        day += 7;
      }
      const p = this.#period(day);
      if (!p) continue;
      const start = Math.max(p.start, a);
      const end = Math.min(p.end, b);
      if (end > start) total += end - start;
    }
    return total;
  }

  /**
   * Whether the 7 local days from `day` hold no holiday or make-up day and no UTC-offset change,
   * so that their working time is exactly `#weekMs`. The offset is sampled before the first and
   * after the last possible instant of those days (offsets lie within −12 h … +14 h); equal
   * samples mean no change, assuming a zone never changes its offset twice within 9 days
   * (true of tzdata zones; the per-day conversion makes the same kind of assumption).
   */
  #isRegularWeek(day: number): boolean {
    const specials = this.#specialDays;
    if (specials.length > 0 && specials[specials.length - 1]! >= day) {
      let lo = 0,
        hi = specials.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (specials[mid]! < day) lo = mid + 1;
        else hi = mid;
      }
      if (specials[lo]! < day + 7) return false;
    }
    if (day + 9 > MAX_EPOCH_DAY) return false;
    // sample(day + 9) is taken at (day + 8) × 24 h + 10 h, after local midnight ending day + 6 at any offset
    return this.#sample(day) === this.#sample(day + 9);
  }

  #sample(day: number): number {
    let off = this.#samples.get(day);
    if (off === undefined) {
      off = offsetAt(this.#fmt, day * DAY_MS - 14 * 3_600_000);
      if (this.#samples.size >= PERIOD_CACHE_LIMIT) this.#samples.clear();
      this.#samples.set(day, off);
    }
    return off;
  }

  #localDay(atMs: number): number {
    return Math.floor((atMs + offsetAt(this.#fmt, atMs)) / DAY_MS);
  }

  #isWorkingEpochDay(day: number): boolean {
    if (this.#makeUp.has(day)) return true;
    if (this.#holidays.has(day)) return false;
    return this.#weekdays.has(isoWeekday(day));
  }

  /** The working period of a local day, or null if it is not a working day. Cached. */
  #period(day: number): Period | null {
    let p = this.#periods.get(day);
    if (p !== undefined) return p;
    if (this.#isWorkingEpochDay(day)) {
      const base = day * DAY_MS;
      const start = instantOf(this.#fmt, base + this.#startMin * MINUTE_MS);
      const end = instantOf(this.#fmt, base + this.#endMin * MINUTE_MS);
      p = { start, end: Math.max(start, end) };
    } else {
      p = null;
    }
    if (this.#periods.size >= PERIOD_CACHE_LIMIT) this.#periods.clear();
    this.#periods.set(day, p);
    return p;
  }

  #noWorkingTime(): never {
    throw new CalendarError(
      "CAL_NO_WORKING_DAYS",
      `no working time found in ${this.#maxIdleDays} consecutive days (check holidays and hours)`,
    );
  }
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

/**
 * Plain clock time: `from + ms`, ignoring working hours, weekends and holidays.
 * Complaints use clock time: the reply is due 24 clock hours after receipt.
 *
 * @throws {CalendarError} `CAL_BAD_DATE` for an invalid `from`, `CAL_BAD_DURATION` for a negative or non-finite `ms`.
 *
 * @example
 * ```ts
 * const replyDue = addClockTime(complaint.receivedAt, 24 * 3_600_000);
 * ```
 */
export function addClockTime(from: Date, ms: number): Date {
  const fromMs = from instanceof Date ? from.getTime() : NaN;
  if (!Number.isFinite(fromMs)) throw new CalendarError("CAL_BAD_DATE", "from is not a valid Date");
  const result = new Date(fromMs + durationOf(ms));
  if (!Number.isFinite(result.getTime())) throw new CalendarError("CAL_BAD_DURATION", "result is out of the Date range");
  return result;
}

/**
 * The instant of a local wall-clock time in a time zone (spring gaps move forward, autumn
 * folds take the earlier instant).
 *
 * @example
 * ```ts
 * localTimeToInstant("Asia/Shanghai", "2026-11-25", "14:00").toISOString(); // "2026-11-25T06:00:00.000Z"
 * ```
 */
export function localTimeToInstant(timeZone: string, date: string, time: string): Date {
  const ymd = DATE_RE.exec(date);
  const hm = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!ymd || !hm) throw new CalendarError("CAL_BAD_DATE", `expected YYYY-MM-DD and HH:MM, got "${date} ${time}"`);
  const h = Number(hm[1]);
  const mi = Number(hm[2]);
  if (h > 23 || mi > 59) throw new CalendarError("CAL_BAD_DATE", `"${time}" is not a time of day`);
  const days = epochDayOf(date);
  if (days === undefined) throw new CalendarError("CAL_BAD_DATE", `"${date}" is not a date`);
  return new Date(instantOf(formatterFor(timeZone), utcMs(+ymd[1]!, +ymd[2]!, +ymd[3]!, h, mi)));
}

/**
 * An instant as local "YYYY-MM-DD HH:MM" in a time zone.
 *
 * @example
 * ```ts
 * formatLocal(new Date("2026-11-25T06:00:00Z"), "Asia/Shanghai"); // "2026-11-25 14:00"
 * ```
 */
export function formatLocal(at: Date, timeZone: string): string {
  const local = at.getTime() + offsetAt(formatterFor(timeZone), at.getTime());
  return new Date(local).toISOString().slice(0, 16).replace("T", " ");
}
