/**
 * The working calendar as a table (`WorkCalendarDay`), so SQL can measure working hours
 * without loading rows: the calendar itself stays in JavaScript (core/sla/calendar.ts), and
 * this module writes one row per local day of the span a report needs, on demand.
 *
 * For instants a ≤ b the working time is `cum(b) − cum(a)`, where for an instant t of local
 * day d, `cum(t) = cumMs(d) + clamp(t − startMs(d), 0, endMs(d) − startMs(d))` (0 on a day
 * off). `cumMs` counts from a fixed origin, so rows written by different processes, or for
 * overlapping spans, always agree. One set of rows per calendar configuration
 * ({@link calendarKey}): changing the working hours or holidays starts a new set, and the
 * old one is never read again.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { formatLocal, localTimeToInstant, type WorkingCalendar } from "../sla/calendar.ts";
import type { RawQuery } from "./reports.ts";

const DAY_MS = 86_400_000;
/** The local day `cumMs` counts from. Any fixed day works; only differences are used. */
const ORIGIN_DAY = "2000-01-01";
/** Days written per INSERT. */
const INSERT_BATCH = 1000;
/** Extra days written on each side of a requested span, so neighbouring reports reuse them. */
const MARGIN_DAYS = 31;

/** A stable fingerprint of a calendar's configuration. */
export function calendarKey(calendar: WorkingCalendar): string {
  const c = calendar.config;
  const text = JSON.stringify([c.timeZone, c.workingDays, c.dayStart, c.dayEnd, c.holidays, c.makeUpDays]);
  return createHash("sha256").update(text).digest("hex").slice(0, 24);
}

const dayText = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
const epochDayOf = (text: string) => Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) / DAY_MS;

/** Local day of an instant in a time zone, as days since 1970-01-01. */
function localEpochDay(at: Date, timeZone: string): number {
  const f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return epochDayOf(f.format(at));
}

/**
 * SQL for `cum(t)` (working ms from the origin to the instant `t`), given the alias of the
 * `WorkCalendarDay` row joined on t's local day and the SQL of t's epoch milliseconds.
 */
export function cumSql(day: string, tMs: string): string {
  return `(${day}."cumMs" + COALESCE(LEAST(GREATEST(${tMs} - ${day}."startMs", 0), ${day}."endMs" - ${day}."startMs"), 0))`;
}

/** SQL of the epoch milliseconds of a `timestamp(3)` column holding UTC. */
export function epochMsSql(col: string): string {
  return `round(date_part('epoch', ${col}) * 1000)::bigint`;
}

/**
 * SQL of the local date (in the time zone given by the SQL `tz`) of a `timestamp(3)` column
 * holding UTC. With `offsetMs` (a zone whose UTC offset is the same on every day of the
 * calendar's rows, such as Asia/Shanghai) plain arithmetic, which is cheaper per row.
 */
export function localDateSql(col: string, tz: string, offsetMs: number | null = null): string {
  if (offsetMs !== null) return `(DATE '1970-01-01' + floor((date_part('epoch', ${col}) * 1000 + ${offsetMs}) / ${DAY_MS})::int)`;
  return `((${col} AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date`;
}

/** The calendar's rows, and the zone's UTC offset if it is the same all through them. */
export interface CalendarRows {
  key: string;
  /** ms to add to UTC to get local time, on every day of the rows; null if it changes (DST) */
  offsetMs: number | null;
}

const OFFSETS = new Map<string, number | null>();

/** The UTC offset of `timeZone` if it is the same at the start and middle of every local day a..b, else null. */
function fixedOffset(timeZone: string, a: number, b: number): number | null {
  const k = `${timeZone}:${a}:${b}`;
  if (OFFSETS.has(k)) return OFFSETS.get(k)!;
  const at = (ms: number) => Date.parse(formatLocal(new Date(ms), timeZone).replace(" ", "T") + ":00Z") - ms;
  const first = at(localTimeToInstant(timeZone, dayText(a), "00:00").getTime());
  let fixed: number | null = first;
  for (let d = a; d <= b && fixed !== null; d++) {
    const m = localTimeToInstant(timeZone, dayText(d), "00:00").getTime();
    if (at(m) !== first || at(m + DAY_MS / 2) !== first) fixed = null;
  }
  // a minute-rounded offset would misplace instants near midnight: only whole minutes count
  if (fixed !== null && fixed % 60_000 !== 0) fixed = null;
  OFFSETS.set(k, fixed);
  return fixed;
}

/** Writes and finds the rows of working calendars. */
export class WorkCalendarRepo {
  constructor(private readonly q: RawQuery) {}

  /**
   * Makes sure the table holds `calendar`'s days from the local day of `from` to that of
   * `to` (both included); returns the calendar's key and, when the zone keeps one UTC offset
   * over all the rows, that offset. Idempotent, safe with several
   * processes (rows are deterministic; duplicates are skipped).
   *
   * @example
   * ```ts
   * const { key, offsetMs } = await store.reports.calendar.ensure(calendar, oldest, newest);
   * ```
   */
  async ensure(calendar: WorkingCalendar, from: Date, to: Date): Promise<CalendarRows> {
    const key = calendarKey(calendar);
    const tz = calendar.config.timeZone;
    const first = localEpochDay(from, tz) - 1;
    const last = localEpochDay(to, tz) + 1;
    const rows = await this.q<{ lo: number | null; hi: number | null; n: number }>(
      `SELECT min("day" - DATE '1970-01-01') AS lo, max("day" - DATE '1970-01-01') AS hi, count(*)::int AS n
       FROM "WorkCalendarDay" WHERE "calendarKey" = $1`,
      [key],
    );
    const r = rows[0];
    if (r && r.lo !== null && r.hi !== null) {
      const { lo, hi } = r;
      // contiguous and covering: nothing to write
      if (r.n === hi - lo + 1 && lo <= first && hi >= last) return { key, offsetMs: fixedOffset(tz, lo, hi) };
    }
    const a = first - MARGIN_DAYS;
    const b = last + MARGIN_DAYS;
    await this.write(calendar, key, a, b);
    const lo = r && r.lo !== null ? Math.min(a, r.lo) : a;
    const hi = r && r.hi !== null ? Math.max(b, r.hi) : b;
    // what lies between an older span and this one may be missing: fill it too
    if (lo < a) await this.write(calendar, key, lo, a - 1);
    if (hi > b) await this.write(calendar, key, b + 1, hi);
    return { key, offsetMs: fixedOffset(tz, lo, hi) };
  }

  /** Writes days `a..b` (epoch days) of the calendar, skipping those already there. */
  private async write(calendar: WorkingCalendar, key: string, a: number, b: number): Promise<void> {
    const tz = calendar.config.timeZone;
    const midnight = (d: number) => localTimeToInstant(tz, dayText(d), "00:00");
    const origin = midnight(epochDayOf(ORIGIN_DAY));
    const start = midnight(a);
    let cum = start >= origin ? calendar.workingTimeBetween(origin, start) : -calendar.workingTimeBetween(start, origin);
    let batch: { day: string; cumMs: string; startMs: string | null; endMs: string | null }[] = [];
    let dayStart = start;
    for (let d = a; d <= b; d++) {
      const next = midnight(d + 1);
      const len = calendar.workingTimeBetween(dayStart, next);
      const s = len > 0 ? calendar.nextWorkingStart(dayStart).getTime() : null;
      batch.push({
        day: dayText(d),
        cumMs: String(cum),
        startMs: s === null ? null : String(s),
        endMs: s === null ? null : String(s + len),
      });
      cum += len;
      dayStart = next;
      if (batch.length >= INSERT_BATCH || d === b) {
        await this.q(
          `INSERT INTO "WorkCalendarDay" ("calendarKey", "day", "cumMs", "startMs", "endMs")
           SELECT $1, d, c, s, e FROM unnest($2::date[], $3::bigint[], $4::bigint[], $5::bigint[]) AS u(d, c, s, e)
           ON CONFLICT DO NOTHING`,
          [key, batch.map((x) => x.day), batch.map((x) => x.cumMs), batch.map((x) => x.startMs), batch.map((x) => x.endMs)],
        );
        batch = [];
      }
    }
  }
}
