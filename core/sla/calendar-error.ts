/**
 * The working calendar's coded error.
 *
 * @module
 */

import { DeskError } from "../errors.ts";

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
