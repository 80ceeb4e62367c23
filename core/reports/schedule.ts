/**
 * The reports the desk posts by itself, as durable jobs (core/jobs):
 * - at the end of each working day (`report.daily`, key `report.daily:YYYY-MM-DD`): the
 *   supervisor's daily report (服务主任日报表) to a channel, and to each engineer who finished
 *   jobs that day their technician report (技术员工作日报表) by DM;
 * - on the first working day of each month (`report.monthly`, key `report.monthly:YYYY-MM`):
 *   the complaint review (投诉案件统计表) of the month before, with its chart, to a channel,
 *   and by DM to every manager.
 *
 * Once per day (and month) whatever the number of desk processes: the job key is
 * deterministic, so scheduling it twice keeps one job; the runners claim jobs with SKIP
 * LOCKED, and the posts are enqueued in the transaction that marks the job done. Each job
 * schedules the next one in that same transaction; {@link scheduleReportJobs} at start-up
 * schedules the next ones if none is pending (after a stop over a run time, the missed job
 * runs once, late, and the chain goes on from now).
 *
 * @module
 */
import type { JobContext, JobHandler } from "../jobs/runner.ts";
import { localTimeToInstant, type WorkingCalendar } from "../sla/calendar.ts";
import type { JobRow, Store } from "../store/index.ts";
import { computeComplaintReview, type ComplaintReview } from "./complaints.ts";
import { computeSupervisorDaily } from "./daily.ts";
import { computeEngineerReport, type EngineerReport } from "./engineer.ts";
import { ReportError } from "./errors.ts";
import { fromToDates, localDay } from "./period.ts";
import type { ReportFile, ReportPoster } from "./post.ts";
import { engineerReportCard, type ReportLang } from "./render.ts";
import { complaintReviewCard, supervisorDailyCard } from "./render-extra.ts";

export const REPORT_DAILY_JOB = "report.daily";
export const REPORT_MONTHLY_JOB = "report.monthly";
/** How far ahead the next run is looked for (days). */
const LOOKAHEAD_DAYS = 400;
const DAY_MS = 86_400_000;

/** When and where the scheduled reports go; null = off. */
export interface ReportSchedule {
  daily: { at: string; channel: string | null; engineerDms: boolean } | null;
  monthly: { at: string; channel: string | null } | null;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Reads the schedule from the environment:
 * - `REPORT_DAILY_AT`: local time of the daily reports on each working day, `HH:MM`, or `off`
 *   (default: the end of the working day, `DESK_WORK_HOURS`);
 * - `REPORT_DAILY_CHANNEL`: channel of the supervisor's daily report (default: the caller's
 *   default, the triage channel);
 * - `REPORT_ENGINEER_DM`: `on` (default) or `off`: the technicians' reports by DM;
 * - `REPORT_MONTHLY_AT`: local time of the complaint review on the first working day of each
 *   month, or `off` (default: the start of the working day);
 * - `REPORT_MONTHLY_CHANNEL`: channel of the review and its chart (default: the caller's
 *   default, the complaints channel); managers always get it by DM.
 *
 * @throws {ReportError} `REPORT_BAD_CONFIG` naming the variable.
 *
 * @example
 * ```ts
 * const schedule = reportScheduleFromEnv(process.env, config.sla.calendar);
 * ```
 */
export function reportScheduleFromEnv(env: Record<string, string | undefined>, calendar: WorkingCalendar): ReportSchedule {
  const time = (name: string, fallback: string): string | null => {
    const v = env[name]?.normalize("NFKC").trim().toLowerCase();
    if (!v) return fallback === "24:00" ? "23:59" : fallback;
    if (v === "off" || v === "none" || v === "关闭") return null;
    if (!HHMM.test(v)) throw new ReportError("REPORT_BAD_CONFIG", `${name}: "${env[name]}" is not a time HH:MM (or off)`);
    return v;
  };
  const channel = (name: string) => env[name]?.trim() || null;
  const dm = env.REPORT_ENGINEER_DM?.trim().toLowerCase();
  if (dm && !["on", "off", "true", "false", "1", "0"].includes(dm)) {
    throw new ReportError("REPORT_BAD_CONFIG", `REPORT_ENGINEER_DM: "${env.REPORT_ENGINEER_DM}" is not on or off`);
  }
  const dailyAt = time("REPORT_DAILY_AT", calendar.config.dayEnd);
  const monthlyAt = time("REPORT_MONTHLY_AT", calendar.config.dayStart);
  return {
    daily: dailyAt ? { at: dailyAt, channel: channel("REPORT_DAILY_CHANNEL"), engineerDms: !dm || ["on", "true", "1"].includes(dm) } : null,
    monthly: monthlyAt ? { at: monthlyAt, channel: channel("REPORT_MONTHLY_CHANNEL") } : null,
  };
}

const dayText = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
const epochDay = (text: string) => Date.parse(`${text}T00:00:00Z`) / DAY_MS;

/** The first working day at or after `after` whose run time `at` is after `after`: its date and run instant. */
export function nextDailyRun(calendar: WorkingCalendar, after: Date, at: string): { date: string; runAt: Date } {
  const tz = calendar.config.timeZone;
  const today = epochDay(localDay(after, tz));
  for (let d = today; d < today + LOOKAHEAD_DAYS; d++) {
    const date = dayText(d);
    if (!calendar.isWorkingDay(date)) continue;
    const runAt = localTimeToInstant(tz, date, at);
    if (runAt.getTime() > after.getTime()) return { date, runAt };
  }
  throw new ReportError("REPORT_BAD_CONFIG", `no working day in the ${LOOKAHEAD_DAYS} days after ${after.toISOString()}`);
}

/**
 * The next first-working-day-of-a-month run after `after`: the month it opens (`YYYY-MM`),
 * the run instant, and the month before it, which the review covers (`reviewFrom..reviewTo`,
 * both inclusive local dates).
 */
export function nextMonthlyRun(
  calendar: WorkingCalendar,
  after: Date,
  at: string,
): { month: string; runAt: Date; reviewFrom: string; reviewTo: string } {
  const tz = calendar.config.timeZone;
  const [y, m] = localDay(after, tz).split("-").map(Number) as [number, number];
  for (let k = 0; k < 14; k++) {
    const first = Date.UTC(y, m - 1 + k, 1) / DAY_MS;
    const month = dayText(first).slice(0, 7);
    let d = first;
    while (!calendar.isWorkingDay(dayText(d)) && dayText(d).slice(0, 7) === month) d++;
    if (dayText(d).slice(0, 7) !== month) continue;
    const runAt = localTimeToInstant(tz, dayText(d), at);
    if (runAt.getTime() <= after.getTime()) continue;
    const prevFirst = Date.UTC(y, m - 2 + k, 1) / DAY_MS;
    return { month, runAt, reviewFrom: dayText(prevFirst), reviewTo: dayText(first - 1) };
  }
  throw new ReportError("REPORT_BAD_CONFIG", `no working day at the start of the 14 months after ${after.toISOString()}`);
}

/** What the report jobs need. */
export interface ReportJobDeps {
  calendar: WorkingCalendar;
  schedule: ReportSchedule;
  /** The daily report's channel when `REPORT_DAILY_CHANNEL` is unset (the triage channel). */
  defaultDailyChannel: string | null;
  /** The review's channel when `REPORT_MONTHLY_CHANNEL` is unset (the complaints channel). */
  defaultMonthlyChannel: string | null;
  /** Language of channel posts (DMs use each person's language). */
  staffLang: ReportLang;
  poster: ReportPoster;
  now: () => Date;
  /** Complaint reply promise, clock hours (default 24). */
  promiseHours?: number;
  /** Repeat complaint window, days (default 90). */
  repeatDays?: number;
  /** Renders the review's chart as PNG (core/reports/chart-render.ts `complaintReviewPng`); none: no chart. */
  reviewChart?: (review: ComplaintReview, lang: ReportLang) => Promise<Uint8Array>;
}

const langOf = (l: string | null | undefined): ReportLang => (l === "en" ? "en" : "zh-CN");

async function scheduleDaily(s: Store, deps: ReportJobDeps, after: Date): Promise<void> {
  if (!deps.schedule.daily) return;
  const next = nextDailyRun(deps.calendar, after, deps.schedule.daily.at);
  await s.jobs.schedule(
    { kind: REPORT_DAILY_JOB, key: `${REPORT_DAILY_JOB}:${next.date}`, runAt: next.runAt, data: { date: next.date } },
    deps.now(),
  );
}

async function scheduleMonthly(s: Store, deps: ReportJobDeps, after: Date): Promise<void> {
  if (!deps.schedule.monthly) return;
  const next = nextMonthlyRun(deps.calendar, after, deps.schedule.monthly.at);
  await s.jobs.schedule(
    {
      kind: REPORT_MONTHLY_JOB,
      key: `${REPORT_MONTHLY_JOB}:${next.month}`,
      runAt: next.runAt,
      data: { month: next.month, from: next.reviewFrom, to: next.reviewTo },
    },
    deps.now(),
  );
}

/**
 * Schedules the next daily and monthly report jobs (if they are on and not scheduled yet).
 * Call it at start-up, on every desk: the keys make it once-only.
 *
 * @example
 * ```ts
 * await scheduleReportJobs(store, deps);
 * ```
 */
export async function scheduleReportJobs(store: Store, deps: ReportJobDeps): Promise<void> {
  const now = deps.now();
  await scheduleDaily(store, deps, now);
  await scheduleMonthly(store, deps, now);
}

/** `report.daily`: the supervisor's daily report to the channel, the technicians' reports by DM, then the next day's job. */
export async function runDailyReportJob(job: JobRow, ctx: JobContext, deps: ReportJobDeps): Promise<void> {
  const date = String((job.data as { date?: string }).date ?? "");
  const tz = deps.calendar.config.timeZone;
  const day = fromToDates(date, date, tz);
  const now = deps.now();
  const daily = await computeSupervisorDaily(ctx.store, { from: day.from, to: day.to, now, timeZone: tz });
  const dms: { staffId: number; report: EngineerReport }[] = [];
  if (deps.schedule.daily?.engineerDms) {
    for (const e of daily.engineers.filter((x) => x.done > 0 && x.slackUserId)) {
      dms.push({
        staffId: e.staffId,
        report: await computeEngineerReport(ctx.store, { staffId: e.staffId, from: day.from, to: day.to, calendar: deps.calendar }),
      });
    }
  }
  const langs = new Map((await ctx.store.reports.staffByIds(dms.map((d) => d.staffId))).map((s) => [s.id, langOf(s.lang)]));
  const channel = deps.schedule.daily?.channel ?? deps.defaultDailyChannel;
  await ctx.complete(async (s) => {
    if (channel) await deps.poster.post(s, channel, supervisorDailyCard(daily, deps.staffLang));
    for (const d of dms)
      await deps.poster.dm(s, d.report.staff.slackUserId, engineerReportCard(d.report, langs.get(d.staffId) ?? deps.staffLang));
    await scheduleDaily(s, deps, new Date(Math.max(job.runAt.getTime(), now.getTime())));
  });
}

/** `report.monthly`: the complaint review of the month before (with its chart) to the channel and to the managers, then next month's job. */
export async function runMonthlyReportJob(job: JobRow, ctx: JobContext, deps: ReportJobDeps): Promise<void> {
  const data = job.data as { month?: string; from?: string; to?: string };
  const tz = deps.calendar.config.timeZone;
  const period = fromToDates(String(data.from ?? ""), String(data.to ?? ""), tz);
  const now = deps.now();
  const review = await computeComplaintReview(ctx.store, {
    from: period.from,
    to: period.to,
    timeZone: tz,
    promiseHours: deps.promiseHours,
    repeatDays: deps.repeatDays,
  });
  const files: ReportFile[] = [];
  if (deps.reviewChart) {
    try {
      const png = await deps.reviewChart(review, deps.staffLang);
      files.push({ filename: `complaints-${period.fromDate.slice(0, 7)}.png`, content: png });
    } catch (err) {
      // the review matters more than its picture: post it without the chart
      if (!(err instanceof ReportError && err.code === "REPORT_CHART_FAILED")) throw err;
    }
  }
  const managers = await ctx.store.reports.staffWithRoles(["manager"]);
  const channel = deps.schedule.monthly?.channel ?? deps.defaultMonthlyChannel;
  await ctx.complete(async (s) => {
    if (channel) await deps.poster.post(s, channel, complaintReviewCard(review, deps.staffLang), files);
    for (const m of managers) await deps.poster.dm(s, m.slackUserId, complaintReviewCard(review, langOf(m.lang)));
    await scheduleMonthly(s, deps, new Date(Math.max(job.runAt.getTime(), now.getTime())));
  });
}

/**
 * The handlers to register on the desk's job runner.
 *
 * @example
 * ```ts
 * for (const [kind, handler] of Object.entries(reportJobHandlers(deps))) jobs.handle(kind, handler);
 * await scheduleReportJobs(store, deps);
 * ```
 */
export function reportJobHandlers(deps: ReportJobDeps): Record<string, JobHandler> {
  return {
    [REPORT_DAILY_JOB]: (job, ctx) => runDailyReportJob(job, ctx, deps),
    [REPORT_MONTHLY_JOB]: (job, ctx) => runMonthlyReportJob(job, ctx, deps),
  };
}
