/**
 * The report commands staff type in Slack: `/desk summary [period] [csv]` (supervisors and
 * managers) and `/desk report engineer @user [period]` (one's own, or anyone's for
 * supervisors). The figures come from `core/reports`; this file checks who asks and answers
 * in their language.
 */
import {
  PeriodError,
  computeEngineerReport,
  computeSummary,
  engineerReportCard,
  parsePeriod,
  summaryCard,
  summaryCsv,
  summaryRows,
} from "../reports/index.ts";
import { WorkingCalendar } from "../sla/calendar.ts";
import type { StaffRow, Store } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { member } from "./directory.ts";
import { can } from "./roles.ts";

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
  const me = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(me);
  if (!me) return env.tell(tx, ctx, text.notStaff);
  if (!can(me.role, "reports")) return env.tell(tx, ctx, text.noPermission(text.roles[me.role] ?? me.role));
  const range = period(env, spec);
  if (typeof range === "string") return env.tell(tx, ctx, range);
  const calendar = calendarOf(env);
  const lang = reportLang(me);
  const figures = await computeSummary(tx, { from: range.from, to: range.to, calendar, now: env.now() });
  await env.tell(tx, ctx, summaryCard(figures, lang));
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
