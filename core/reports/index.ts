/**
 * Reports: the manager's summary, its per-ticket CSV, the technician report, the settlement
 * (结算), the supervisor's daily report, the monthly complaint review, their charts, and the
 * scheduled jobs that post them; with the periods they cover and the working calendar they
 * measure with.
 *
 * @example
 * ```ts
 * import { calendarFromEnv, computeSummary, parsePeriod, summaryCard } from "../core/reports/index.ts";
 * const calendar = calendarFromEnv(process.env, config.timeZone);
 * const p = parsePeriod("week", new Date(), config.timeZone);
 * const card = summaryCard(await computeSummary(store, { from: p.from, to: p.to, calendar, now: new Date() }), "zh-CN");
 * ```
 *
 * @module
 */
export { calendarFromEnv } from "../sla/calendar-config.ts";
export { computeEngineerReport, type EngineerJob, type EngineerReport, type EngineerReportOptions } from "./engineer.ts";
export { ReportError, type ReportErrorCode } from "./errors.ts";
export { OUTCOME_CLASSES, quantile, type Counts, type OutcomeClass, type OutcomeCounts } from "./math.ts";
export { MAX_PERIOD_DAYS, PeriodError, fromToDates, localDay, parsePeriod, type Period, type PeriodErrorCode } from "./period.ts";
export { CSV_BOM, csvField, csvLine, summaryCsv, summaryCsvHeader, summaryCsvLines } from "./csv.ts";
export { CARD_MAX_LINES, engineerReportCard, summaryCard, type ReportLang } from "./render.ts";
export { summaryRowPages, summaryRows, type SummaryRow, type SummaryRowOptions } from "./rows.ts";
export {
  computeSummary,
  type DispatchFigure,
  type DurationFigure,
  type EngineerFigures,
  type RatingAverages,
  type ReportSource,
  type Summary,
  type SummaryOptions,
} from "./summary.ts";
