/**
 * The charts that go with `/desk summary` and `/desk report complaints`. Rendering a chart
 * takes a moment (Vega-Lite → SVG → PNG), so the command only schedules it: a durable job
 * computes the figures again outside any transaction, renders the PNG, and enqueues its
 * upload into the channel the command came from in the transaction that marks the job done.
 * A chart that cannot be rendered is left out; the card has the figures anyway.
 */
import type { JobContext } from "../jobs/runner.ts";
import type { Logger } from "../log.ts";
import {
  ReportError,
  complaintReviewPng,
  computeComplaintReview,
  computeSummary,
  summaryChartPng,
  type ReportLang,
} from "../reports/index.ts";
import type { WorkingCalendar } from "../sla/calendar.ts";
import type { JobRow, Store } from "../store/index.ts";
import { toOutbox } from "./outbound.ts";

export const REPORT_CHART_JOB = "report.chart";

/** What a chart job carries. */
export interface ReportChartRequest {
  report: "summary" | "complaints";
  from: string;
  to: string;
  /** local dates of the period, for the file name */
  fromDate: string;
  toDate: string;
  lang: ReportLang;
  channel: string;
}

/**
 * Schedules the chart of a report the asker just got as a card.
 *
 * @example
 * ```ts
 * await scheduleReportChart(tx, { report: "summary", from, to, fromDate, toDate, lang: "zh-CN", channel: "C_TRIAGE" }, now);
 * ```
 */
export async function scheduleReportChart(tx: Store, request: ReportChartRequest, now: Date): Promise<void> {
  const key = `chart:${request.report}:${request.channel}:${request.from}:${request.to}:${request.lang}:${now.getTime()}`;
  await tx.jobs.schedule({ kind: REPORT_CHART_JOB, key, runAt: now, data: { ...request } }, now);
}

export interface ReportChartDeps {
  calendar: WorkingCalendar;
  timeZone: string;
  now: () => Date;
  log: Logger;
  complaintReplyHours?: number;
  repeatDays?: number;
}

/** The job: figures, PNG, upload. */
export async function runReportChart(job: JobRow, ctx: JobContext, deps: ReportChartDeps): Promise<void> {
  const request = job.data as unknown as ReportChartRequest;
  const from = new Date(request.from);
  const to = new Date(request.to);
  let png: Uint8Array;
  try {
    if (request.report === "summary") {
      const summary = await computeSummary(ctx.store, { from, to, calendar: deps.calendar, now: deps.now() });
      png = await summaryChartPng(ctx.store, summary, request.lang);
    } else {
      const review = await computeComplaintReview(ctx.store, {
        from,
        to,
        timeZone: deps.timeZone,
        promiseHours: deps.complaintReplyHours,
        repeatDays: deps.repeatDays,
      });
      png = await complaintReviewPng(review, request.lang);
    }
  } catch (err) {
    if (err instanceof ReportError && err.code === "REPORT_CHART_FAILED") {
      deps.log.warn("report.chart_failed", { report: request.report, err });
      await ctx.complete(async () => {});
      return;
    }
    throw err;
  }
  const filename = `${request.report}-${request.fromDate}_${request.toDate}.png`;
  const content = Buffer.from(png).toString("base64");
  await ctx.complete((tx) =>
    tx.outbox.enqueue(
      [
        toOutbox({
          kind: "file",
          channel: request.channel,
          source: { platform: "inline", filename, content, encoding: "base64" },
          title: filename,
        }),
      ],
      deps.now(),
    ),
  );
}
