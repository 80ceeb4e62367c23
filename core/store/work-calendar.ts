/**
 * The working calendar as arrays SQL can index, so working hours are measured inside the
 * database without loading rows: the calendar itself stays in JavaScript
 * (core/sla/calendar.ts); for a span of local days this module computes, per day, the
 * working time before it (`cum`), the start of its working period (`start`) and the length
 * of that period (`len`, 0 on a day off), and passes them as three array parameters.
 *
 * For instants a ≤ b the working time is `cum(b) − cum(a)`, where for an instant t of local
 * day d, `cum(t) = cum[d] + clamp(t − start[d], 0, len[d])`. All values are whole
 * milliseconds, exact in `float8`. An instant whose day lies outside the span gives NULL, so
 * the query can tell, and the caller widens the span.
 *
 * @module
 */
import { formatLocal, localTimeToInstant, type WorkingCalendar } from "../sla/calendar.ts";

const DAY_MS = 86_400_000;

const dayText = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
const epochDayOf = (text: string) => Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) / DAY_MS;

/** Local day of an instant in a time zone, as days since 1970-01-01. */
export function localEpochDay(at: Date, timeZone: string): number {
  return epochDayOf(formatLocal(at, timeZone).slice(0, 10));
}

/** A span of the calendar's days as SQL array parameters. */
export interface CalendarArrays {
  /** epoch day of the first element */
  base: number;
  /** number of days */
  days: number;
  /** `{…}` array literals (float8) of cum, start and len, for `$n::text::float8[]` */
  cum: string;
  start: string;
  len: string;
  /** ms to add to UTC to get local time on every day of the span; null if it changes (DST) */
  offsetMs: number | null;
}

/** The UTC offset of `timeZone` if it is the same at the start and middle of every local day a..b, else null. */
function fixedOffset(timeZone: string, a: number, b: number): number | null {
  const at = (ms: number) => Date.parse(formatLocal(new Date(ms), timeZone).replace(" ", "T") + ":00Z") - ms;
  const first = at(localTimeToInstant(timeZone, dayText(a), "00:00").getTime());
  for (let d = a; d <= b + 1; d++) {
    const m = localTimeToInstant(timeZone, dayText(d), "00:00").getTime();
    if (at(m) !== first || at(m + DAY_MS / 2) !== first) return null;
  }
  return first;
}

/**
 * The calendar's days from the local day of `from` to that of `to` (both included).
 *
 * @example
 * ```ts
 * const cal = calendarArrays(calendar, oldest, newest);
 * await q(sql, [..., cal.cum, cal.start, cal.len]);
 * ```
 */
export function calendarArrays(calendar: WorkingCalendar, from: Date, to: Date): CalendarArrays {
  const tz = calendar.config.timeZone;
  const a = localEpochDay(from, tz);
  const b = Math.max(a, localEpochDay(to, tz));
  const cum: number[] = [];
  const start: number[] = [];
  const len: number[] = [];
  let total = 0;
  let dayStart = localTimeToInstant(tz, dayText(a), "00:00");
  for (let d = a; d <= b; d++) {
    const next = localTimeToInstant(tz, dayText(d + 1), "00:00");
    const l = calendar.workingTimeBetween(dayStart, next);
    cum.push(total);
    start.push(l > 0 ? calendar.nextWorkingStart(dayStart).getTime() : 0);
    len.push(l);
    total += l;
    dayStart = next;
  }
  const lit = (xs: number[]) => `{${xs.join(",")}}`;
  return { base: a, days: b - a + 1, cum: lit(cum), start: lit(start), len: lit(len), offsetMs: fixedOffset(tz, a, b) };
}

/**
 * SQL of the 1-based index into the arrays of the local day of an instant, given as exact
 * epoch milliseconds (`ms`) and as the `timestamp(3)` column holding it (`col`); `$tz` is the
 * SQL of the time-zone parameter (used only when the offset is not fixed).
 */
export function dayIndexSql(ms: string, col: string, cal: CalendarArrays, tz: string): string {
  if (cal.offsetMs !== null) return `(floor((${ms} + ${cal.offsetMs}) / ${DAY_MS})::int - ${cal.base} + 1)`;
  return `((((${col} AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date - DATE '1970-01-01') - ${cal.base} + 1)`;
}

/** SQL of `cum(t)` for an instant with exact epoch ms `ms` and day index `i`; the arrays are the SQL `c`, `s`, `l`. */
export function cumSql(ms: string, i: string, c: string, s: string, l: string): string {
  return `(${c}[${i}] + LEAST(GREATEST(${ms} - ${s}[${i}], 0), ${l}[${i}]))`;
}
