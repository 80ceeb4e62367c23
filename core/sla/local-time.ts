/**
 * Time-zone arithmetic with `Intl` only: the UTC offset of a zone at an instant, the instant of
 * a local wall time (DST gaps and folds handled), and local "YYYY-MM-DD HH:MM" formatting.
 *
 * Pure module: no platform SDK, no date library.
 *
 * @module
 */

import { CalendarError } from "./calendar-error.ts";
import { DATE_RE, DAY_MS, epochDayOf, utcMs } from "./calendar-dates.ts";

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const FORMAT_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{1,6}),?\s+(\d{1,2}):(\d{2}):(\d{2})$/;

/** The (cached) formatter that reads instants as wall time in `timeZone`. */
export function formatterFor(timeZone: string): Intl.DateTimeFormat {
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

/** Offset (local wall time minus UTC, in ms) of the formatter's time zone at instant `atMs`. */
export function offsetAt(fmt: Intl.DateTimeFormat, atMs: number): number {
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
export function instantOf(fmt: Intl.DateTimeFormat, localMs: number): number {
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
