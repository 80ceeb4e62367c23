/**
 * The staff side of the desk, when there is one (a Slack app, or the sandbox playing the
 * staff platform): the staff desk with its channels and admins, and the jobs it runs (report
 * charts, claim summaries, the daily and monthly reports the desk posts by itself). The
 * Slack adapter is connected separately (`platforms.ts` `connectSlack`).
 */
import { StaffDesk, SUMMARY_JOB, runStaffSummary } from "../../core/staff/index.ts";
import { REPORT_CHART_JOB, runReportChart } from "../../core/staff/report-charts.ts";
import type { DeskEvents } from "../../core/events.ts";
import { complaintReviewPng, outboxPoster, reportJobHandlers, type ReportJobDeps } from "../../core/reports/index.ts";
import { SANDBOX_CHANNELS, SANDBOX_MANAGER } from "../sandbox/index.ts";
import { slackChannelMention, slackMention } from "../slack/names.ts";
import type { CoreServices, DeskContext } from "./services.ts";

export interface StaffSide {
  staff: StaffDesk;
  /** the reports the desk posts by itself (daily, monthly) */
  reportJobs: ReportJobDeps;
}

/**
 * @example
 * ```ts
 * const sandboxStaff = config.sandbox.enabled && !config.slack.botToken;
 * const { staff, reportJobs } = staffSide(desk, core, events, sandboxStaff);
 * ```
 */
export function staffSide(desk: DeskContext, core: CoreServices, events: DeskEvents, sandboxStaff: boolean): StaffSide {
  const { o, catalogue, clock, log } = desk;
  const { config } = o;
  const { jobs, assistant } = core;
  const slackConfig = config.slack;
  const staff = new StaffDesk({
    clock,
    timeZone: config.timeZone,
    log: log.child({ c: "staff" }),
    channels: sandboxStaff
      ? SANDBOX_CHANNELS
      : {
          triage: slackConfig.triageChannel,
          escalation: slackConfig.escalationChannel,
          complaints: slackConfig.complaintsChannel,
        },
    adminUserIds: sandboxStaff ? [SANDBOX_MANAGER] : slackConfig.adminUserIds,
    staffLang: config.staffLang,
    mention: slackMention,
    appointments: core.appointments,
    channelMention: sandboxStaff ? undefined : slackChannelMention,
    profileNames: !!config.slack.botToken,
    summarizeOnClaim: !!assistant,
    events,
    calendar: config.sla.calendar,
    settlement: config.settlement,
    complaintReplyHours: config.sla.targets.complaintReplyHours,
    repeatDays: config.repeatDays,
    catalogue,
    warrantyMonths: config.warrantyMonths,
    vipTiers: config.vipTiers,
  });
  jobs.handle(REPORT_CHART_JOB, (job, ctx) =>
    runReportChart(job, ctx, {
      calendar: config.sla.calendar,
      timeZone: config.timeZone,
      now: () => clock.now(),
      log: log.child({ c: "reports" }),
      complaintReplyHours: config.sla.targets.complaintReplyHours,
      repeatDays: config.repeatDays,
    }),
  );
  jobs.handle(SUMMARY_JOB, (job, ctx) => runStaffSummary(job, ctx, assistant, staff));
  const channels = sandboxStaff ? SANDBOX_CHANNELS : { triage: slackConfig.triageChannel, complaints: slackConfig.complaintsChannel };
  const reportJobs: ReportJobDeps = {
    calendar: config.sla.calendar,
    schedule: config.reports,
    defaultDailyChannel: channels.triage ?? null,
    defaultMonthlyChannel: channels.complaints ?? channels.triage ?? null,
    staffLang: config.staffLang,
    poster: outboxPoster(() => clock.now()),
    now: () => clock.now(),
    promiseHours: config.sla.targets.complaintReplyHours,
    repeatDays: config.repeatDays,
    reviewChart: complaintReviewPng,
  };
  for (const [kind, handler] of Object.entries(reportJobHandlers(reportJobs))) jobs.handle(kind, handler);
  return { staff, reportJobs };
}
