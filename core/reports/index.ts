/**
 * Reports: the manager's summary, its per-ticket CSV, and the technician report,
 * with the periods they cover and the working calendar they measure with.
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
export { MAX_PERIOD_DAYS, PeriodError, fromToDates, localDay, parsePeriod, type Period, type PeriodErrorCode } from "./period.ts";
export { CARD_MAX_LINES, csvField, engineerReportCard, summaryCard, summaryCsv, type ReportLang } from "./render.ts";
export {
  OUTCOME_CLASSES,
  ReportError,
  computeSummary,
  engineerFigures,
  quantile,
  summaryRows,
  type Counts,
  type DispatchFigure,
  type DurationFigure,
  type EngineerFigures,
  type OutcomeClass,
  type OutcomeCounts,
  type RatingAverages,
  type ReportErrorCode,
  type ReportSource,
  type Summary,
  type SummaryOptions,
  type SummaryRow,
} from "./summary.ts";
