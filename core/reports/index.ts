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
export { DEFAULT_PROMISE_HOURS, DEFAULT_REPEAT_DAYS, computeComplaintReview, type ComplaintReview, type TextCount } from "./complaints.ts";
export { computeSupervisorDaily, type DailyFigures, type SupervisorDaily } from "./daily.ts";
export { fenText, settlementCsv, settlementJobsCsvHeader, settlementJobsCsvLines } from "./csv.ts";
export {
  EXCLUDED_LIST_LIMIT,
  UNSETTLED_REASONS,
  computeSettlement,
  settlementJobPage,
  settlementJobPages,
  type DefaultSettlementFen,
  type SettlementCursor,
  type SettlementJob,
  type SettlementLine,
  type SettlementOptions,
  type SettlementReport,
  type UnsettledJob,
} from "./settlement.ts";
export {
  DEFAULT_SETTLEMENT_RATES,
  parseYuanToFen,
  settlementDefaultsFromEnv,
  settlementRatesFromEnv,
  splitFen,
  type SettlementRates,
} from "./settlement-split.ts";
export { complaintReviewCard, settlementCard, supervisorDailyCard } from "./render-extra.ts";
export { CHART_WIDTH, reviewChartSpec, summaryChartSpec, type ChartSpec } from "./chart.ts";
export { complaintReviewPng, renderChartPng, renderChartSvg, summaryChartPng, type ChartImage } from "./chart-render.ts";
export { outboxPoster, type ReportFile, type ReportPoster } from "./post.ts";
export {
  REPORT_DAILY_JOB,
  REPORT_MONTHLY_JOB,
  nextDailyRun,
  nextMonthlyRun,
  reportJobHandlers,
  reportScheduleFromEnv,
  runDailyReportJob,
  runMonthlyReportJob,
  scheduleReportJobs,
  type ReportJobDeps,
  type ReportSchedule,
} from "./schedule.ts";
