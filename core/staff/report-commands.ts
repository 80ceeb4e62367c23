/**
 * The report commands staff type in Slack: `/desk summary [period] [csv]` (supervisors and
 * managers, with its chart), `/desk report engineer @user [period]` (one's own, or anyone's
 * for supervisors), `/desk report complaints [period]` (the complaint review, supervisors and
 * managers) and `/desk report settlement [period] [csv]` (结算, managers). The figures come from `core/reports`; this file checks who asks and answers
 * in their language.
 */
import {
  DEFAULT_SETTLEMENT_RATES,
  PeriodError,
  complaintReviewCard,
  computeComplaintReview,
  computeEngineerReport,
  computeSettlement,
  computeSummary,
  engineerReportCard,
  parsePeriod,
  settlementCard,
  settlementCsv,
  summaryCard,
  summaryCsv,
  summaryRows,
} from "../reports/index.ts";
import { WorkingCalendar } from "../sla/calendar.ts";
import type { StaffRow, Store } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { member } from "./directory.ts";
import { scheduleReportChart } from "./report-charts.ts";
import { can, type Capability } from "./roles.ts";

type Period = { from: Date; to: Date; fromDate: string; toDate: string };

/** The period a command names, or the message saying why it names none. */
function period(env: StaffEnv, spec: string | undefined): Period | string {
  try {
    return parsePeriod(spec, env.now(), env.timeZone);
  } catch (err) {
    if (err instanceof PeriodError) return err.message;
    throw err;
  }
}

function calendarOf(env: StaffEnv): WorkingCalendar {
  return env.options.calendar ?? new WorkingCalendar({ timeZone: env.timeZone });
}

function reportLang(staff: StaffRow): "en" | "zh-CN" {
  return staff.lang === "en" ? "en" : "zh-CN";
}

/**
 * `/desk summary [period] [csv]`: supervisors and managers, in the asker's language; with
 * `csv`, the rows as a file in the channel.
 *
 * @example
 * ```ts
 * await summary(env, tx, ctx, "2026-11", { csv: true, channel: "C_TRIAGE" });
 * ```
 */
export async function summary(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  spec: string | undefined,
  opts: { csv?: boolean; channel?: string } = {},
): Promise<void> {
  const asked = await reportRequest(env, tx, ctx, "reports", spec);
  if (!asked) return;
  const { range, lang } = asked;
  const calendar = calendarOf(env);
  const figures = await computeSummary(tx, { from: range.from, to: range.to, calendar, now: env.now() });
  await env.tell(tx, ctx, summaryCard(figures, lang));
  if (opts.channel) await scheduleReportChart(tx, chartRequest("summary", range, lang, opts.channel), env.now());
  if (opts.csv && opts.channel) {
    const rows = await summaryRows(tx, { from: range.from, to: range.to, calendar });
    const filename = `summary-${range.fromDate}_${range.toDate}.csv`;
    await env.out(tx, [
      { kind: "file", channel: opts.channel, source: { platform: "inline", filename, content: summaryCsv(rows, lang) }, title: filename },
    ]);
  }
}

/** `/desk report engineer @user [period]`: one's own, or anyone's for supervisors. */
export async function engineerReport(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  target: { userId: string } | null,
  spec: string | undefined,
): Promise<void> {
  const me = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(me);
  if (!me) return env.tell(tx, ctx, text.notStaff);
  const whom = target?.userId ?? ctx.userId;
  if (whom !== ctx.userId && !can(me.role, "reports")) return env.tell(tx, ctx, text.noPermission(text.roles[me.role] ?? me.role));
  const staff = await member(env, tx, whom);
  if (!staff) return env.tell(tx, ctx, text.staffNotFound(env.mention(whom)));
  const range = period(env, spec);
  if (typeof range === "string") return env.tell(tx, ctx, range);
  const report = await computeEngineerReport(tx, { staffId: staff.id, from: range.from, to: range.to, calendar: calendarOf(env) });
  await env.tell(tx, ctx, engineerReportCard(report, reportLang(me)));
}

function chartRequest(report: "summary" | "complaints", range: Period, lang: "en" | "zh-CN", channel: string) {
  return {
    report,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    fromDate: range.fromDate,
    toDate: range.toDate,
    lang,
    channel,
  };
}

/** The asker, if they are staff with the capability; otherwise they are told why not. */
async function allowed(env: StaffEnv, tx: Store, ctx: StaffContext, capability: Capability): Promise<StaffRow | null> {
  const me = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(me);
  if (!me) {
    await env.tell(tx, ctx, text.notStaff);
    return null;
  }
  if (!can(me.role, capability)) {
    await env.tell(tx, ctx, text.noPermission(text.roles[me.role] ?? me.role));
    return null;
  }
  return me;
}

/**
 * The opening every report command shares: the asker with the capability, the period they
 * asked for (or `fallback`), and the language to answer in; null once they were told why not.
 */
async function reportRequest(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  capability: Capability,
  spec: string | undefined,
): Promise<{ me: StaffRow; range: Period; lang: "en" | "zh-CN" } | null> {
  const me = await allowed(env, tx, ctx, capability);
  if (!me) return null;
  const range = period(env, spec);
  if (typeof range === "string") {
    await env.tell(tx, ctx, range);
    return null;
  }
  return { me, range, lang: reportLang(me) };
}

/**
 * `/desk report complaints [period]` (投诉案件统计表, this month by default): supervisors and
 * managers; the chart follows in the channel.
 */
export async function complaintReview(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  spec: string | undefined,
  opts: { channel?: string } = {},
): Promise<void> {
  const asked = await reportRequest(env, tx, ctx, "reports", spec ?? "month");
  if (!asked) return;
  const { range, lang } = asked;
  const review = await computeComplaintReview(tx, {
    from: range.from,
    to: range.to,
    timeZone: env.timeZone,
    promiseHours: env.options.complaintReplyHours,
    repeatDays: env.options.repeatDays,
  });
  await env.tell(tx, ctx, complaintReviewCard(review, lang));
  if (opts.channel) await scheduleReportChart(tx, chartRequest("complaints", range, lang, opts.channel), env.now());
}

/**
 * `/desk report settlement [period] [csv]` (结算, this month by default): managers only; with
 * `csv`, the per-engineer lines as a file in the channel.
 */
export async function settlement(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  spec: string | undefined,
  opts: { csv?: boolean; channel?: string } = {},
): Promise<void> {
  const asked = await reportRequest(env, tx, ctx, "settlement", spec ?? "month");
  if (!asked) return;
  const { range, lang } = asked;
  const report = await computeSettlement(tx, {
    from: range.from,
    to: range.to,
    timeZone: env.timeZone,
    rates: env.options.settlement?.rates ?? DEFAULT_SETTLEMENT_RATES,
    defaultSettlementFen: env.options.settlement?.defaultFen ?? (() => null),
  });
  await env.tell(tx, ctx, settlementCard(report, lang));
  if (opts.csv && opts.channel) {
    const filename = `settlement-${range.fromDate}_${range.toDate}.csv`;
    await env.out(tx, [
      {
        kind: "file",
        channel: opts.channel,
        source: { platform: "inline", filename, content: settlementCsv(report, lang) },
        title: filename,
      },
    ]);
  }
}
