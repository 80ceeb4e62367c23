/**
 * The coded error of the report computations.
 *
 * @module
 */
import { DeskError } from "../errors.ts";

/** Codes carried by {@link ReportError}. */
export type ReportErrorCode =
  /** `from` is not before `to`, or a date is invalid. */
  | "REPORT_BAD_RANGE"
  /** The staff member of a technician report does not exist. */
  | "REPORT_UNKNOWN_STAFF"
  /** A settlement rate (`SETTLEMENT_*`) or report schedule setting (`REPORT_*`) cannot be read. */
  | "REPORT_BAD_CONFIG"
  /** A chart could not be rendered (the renderer or its font is missing or failed). */
  | "REPORT_CHART_FAILED";

/**
 * Error thrown by the report computations; switch on `code`.
 *
 * @example
 * ```ts
 * try { await computeEngineerReport(store, { staffId, from, to, calendar }); }
 * catch (err) { if (err instanceof ReportError && err.code === "REPORT_UNKNOWN_STAFF") reply(notStaff); }
 * ```
 */
export class ReportError extends DeskError<ReportErrorCode> {}

/** Throws `REPORT_BAD_RANGE` unless `from` and `to` are valid dates with `from < to`. */
export function checkRange(from: Date, to: Date): void {
  if (!(from instanceof Date) || !(to instanceof Date) || !Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime())) {
    throw new ReportError("REPORT_BAD_RANGE", "from and to must be valid dates");
  }
  if (from.getTime() >= to.getTime()) {
    throw new ReportError("REPORT_BAD_RANGE", `from ${from.toISOString()} is not before to ${to.toISOString()}`);
  }
}
