/**
 * Which local days of a working calendar are working days, and the working period of each:
 * weekdays, holidays and make-up days (调休), read in the calendar's time zone, cached per day.
 * {@link WorkingCalendar} walks these periods to add and measure working time.
 *
 * @module
 */

import { DAY_MS, MAX_EPOCH_DAY, MINUTE_MS, isoWeekday } from "./calendar-dates.ts";
import type { ResolvedCalendarConfig } from "./calendar-settings.ts";
import { instantOf, offsetAt } from "./local-time.ts";

/** Working period of one local day: [start, end) as UTC ms. */
export interface Period {
  readonly start: number;
  readonly end: number;
}

const PERIOD_CACHE_LIMIT = 20_000;

/**
 * The working days and periods of one resolved calendar configuration. Immutable apart from its
 * caches.
 *
 * @example
 * ```ts
 * const days = new WorkingDays(resolveCalendarConfig({ timeZone: "Asia/Shanghai" }));
 * const p = days.period(days.localDay(Date.now())); // today's working period, or null
 * ```
 */
export class WorkingDays {
  /** Longest run of consecutive days without working time we may meet before giving up. */
  readonly maxIdleDays: number;
  /** Working time of a regular week (no special day, no offset change). */
  readonly weekMs: number;
  /** Working time of one regular working day. */
  readonly dayMs: number;
  /** How many make-up days the calendar has. */
  readonly makeUpCount: number;

  readonly #fmt: Intl.DateTimeFormat;
  readonly #weekdays: ReadonlySet<number>;
  readonly #holidays: ReadonlySet<number>;
  readonly #makeUp: ReadonlySet<number>;
  /** Holidays and make-up days, sorted: weeks free of them can be skipped whole. */
  readonly #specialDays: readonly number[];
  readonly #periods = new Map<number, readonly Period[]>();
  readonly #intervals: readonly (readonly [number, number])[];
  /** UTC offset sampled 14 h before `day × 24 h` (before that local day can begin), by day. Cached. */
  readonly #samples = new Map<number, number>();

  constructor(r: ResolvedCalendarConfig) {
    this.#fmt = r.fmt;
    this.#weekdays = r.weekdays;
    this.#holidays = r.holidays;
    this.#makeUp = r.makeUp;
    this.#intervals = r.intervals;
    // Every 7 consecutive days hold a working weekday, so a run of days without working time
    // can only be as long as 7 × (holidays + a few DST-emptied days) + a week.
    this.maxIdleDays = 7 * (this.#holidays.size + 4) + 7;
    this.#specialDays = [...new Set([...this.#holidays, ...this.#makeUp])].sort((a, b) => a - b);
    this.dayMs = this.#intervals.reduce((sum, [from, to]) => sum + (to - from), 0) * MINUTE_MS;
    this.weekMs = this.#weekdays.size * this.dayMs;
    this.makeUpCount = this.#makeUp.size;
  }

  /** The local day (days since 1970-01-01 in the calendar's zone) containing the instant `atMs`. */
  localDay(atMs: number): number {
    return Math.floor((atMs + offsetAt(this.#fmt, atMs)) / DAY_MS);
  }

  /** Whether a local day is a working day: a make-up day, or a working weekday that is no holiday. */
  isWorkingDay(day: number): boolean {
    if (this.#makeUp.has(day)) return true;
    if (this.#holidays.has(day)) return false;
    return this.#weekdays.has(isoWeekday(day));
  }

  /**
   * Whether the 7 local days from `day` hold no holiday or make-up day and no UTC-offset change,
   * so that their working time is exactly `weekMs`. The offset is sampled before the first and
   * after the last possible instant of those days (offsets lie within −12 h … +14 h); equal
   * samples mean no change, assuming a zone never changes its offset twice within 9 days
   * (true of tzdata zones; the per-day conversion makes the same kind of assumption).
   */
  isRegularWeek(day: number): boolean {
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

  /**
   * The working periods of a local day (one, or several around breaks), in order; empty if it
   * is not a working day. Cached.
   */
  periods(day: number): readonly Period[] {
    let list = this.#periods.get(day);
    if (list !== undefined) return list;
    const found: Period[] = [];
    if (this.isWorkingDay(day)) {
      const base = day * DAY_MS;
      for (const [from, to] of this.#intervals) {
        const start = instantOf(this.#fmt, base + from * MINUTE_MS);
        const end = instantOf(this.#fmt, base + to * MINUTE_MS);
        if (end > start) found.push({ start, end });
      }
    }
    list = found;
    if (this.#periods.size >= PERIOD_CACHE_LIMIT) this.#periods.clear();
    this.#periods.set(day, list);
    return list;
  }
}
