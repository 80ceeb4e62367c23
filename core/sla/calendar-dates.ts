/**
 * Local dates as epoch days, and the checks on the calendar's inputs (dates, times of day,
 * instants, durations). The range of years is kept to 1000..9999 so that loops and `Intl`
 * output stay sane.
 *
 * Pure module: no platform SDK, no date library.
 *
 * @module
 */

import { CalendarError } from "./calendar-error.ts";

/** Milliseconds in a UTC day. */
export const DAY_MS = 86_400_000;
/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;

/** Earliest and latest local dates the calendar accepts (keeps loops and `Intl` output sane). */
export const MIN_EPOCH_DAY = Date.UTC(1000, 0, 1) / DAY_MS;
export const MAX_EPOCH_DAY = Date.UTC(9999, 11, 31) / DAY_MS;

/** A local date "YYYY-MM-DD". */
export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `Date.UTC` that also means years 0..99 literally. */
export function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/** "YYYY-MM-DD" → days since 1970-01-01, or `undefined` if it is not a real date in range. */
export function epochDayOf(text: string): number | undefined {
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

export function dateTextOf(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS);
  const y = String(d.getUTCFullYear()).padStart(4, "0");
  const mo = String(d.getUTCMonth() + 1).padStart(2, "0");
  const da = String(d.getUTCDate()).padStart(2, "0");
  return `${y}-${mo}-${da}`;
}

export function requireEpochDay(text: unknown, where: string): number {
  const day = typeof text === "string" ? epochDayOf(text.trim()) : undefined;
  if (day === undefined) {
    throw new CalendarError("CAL_BAD_DATE", `${where}: "${String(text)}" is not a valid YYYY-MM-DD date`);
  }
  return day;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of an epoch day; 1970-01-01 was a Thursday. */
export function isoWeekday(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** "HH:MM" → minutes after midnight; `allow24` permits exactly "24:00". */
export function minutesOf(text: unknown, field: string, allow24: boolean): number {
  const m = typeof text === "string" ? /^(\d{1,2}):(\d{2})$/.exec(text.trim()) : null;
  if (m) {
    const h = +m[1]!,
      mi = +m[2]!;
    if (mi < 60 && (h < 24 || (allow24 && h === 24 && mi === 0))) return h * 60 + mi;
  }
  throw new CalendarError("CAL_BAD_HOURS", `${field}: "${String(text)}" is not a time of day HH:MM`);
}

export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export function timeOf(value: unknown, name: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new CalendarError("CAL_BAD_DATE", `${name} is not a valid Date`);
  const approxDay = Math.floor(ms / DAY_MS);
  if (approxDay < MIN_EPOCH_DAY + 1 || approxDay > MAX_EPOCH_DAY - 1) {
    throw new CalendarError("CAL_BAD_DATE", `${name} (${(value as Date).toISOString()}) is outside the years 1000..9999`);
  }
  return ms;
}

export function durationOf(ms: unknown): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new CalendarError("CAL_BAD_DURATION", `duration must be a finite number of ms >= 0, got ${String(ms)}`);
  }
  return Math.round(ms);
}
