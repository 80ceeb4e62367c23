/**
 * Plain clock-time targets (complaints: 24 clock hours), as opposed to working time.
 *
 * @module
 */

import { CalendarError } from "./calendar-error.ts";
import { durationOf } from "./calendar-dates.ts";

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
