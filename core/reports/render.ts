/**
 * Rendering of the summary and the technician report as platform-neutral cards (Slack turns
 * them into Block Kit with `bots/slack/serialize.ts`); the CSV is in csv.ts. Pure functions of the computed report, so
 * Slack shows exactly the numbers of `computeSummary` / `computeEngineerReport`.
 *
 * @module
 */
import type { CardField, MessageCard } from "../card.ts";
import { reportMessages, type ReportMessages } from "../i18n/reports.ts";
import type { EngineerReport } from "./engineer.ts";
import { OUTCOME_CLASSES, type Counts, type OutcomeCounts } from "./math.ts";
import type { RatingAverages, Summary } from "./summary.ts";

/** Languages the report cards are written in. */
export type ReportLang = "zh-CN" | "en";

/** At most this many engineer lines (summary) or job lines (technician report) on a card. */
export const CARD_MAX_LINES = 40;

const pctText = (t: ReportMessages, x: number | null) => (x === null ? t.none : `${x.toFixed(1)}%`);
const num2 = (t: ReportMessages, x: number | null) => (x === null ? t.none : x.toFixed(2));

/** "维修 5 · 安装调试 2" (zero counts are never in the maps). */
function countsLine(counts: Counts, labels: Record<string, string>): string {
  const parts = Object.entries(counts).map(([k, n]) => `${labels[k] ?? k} ${n}`);
  return parts.length ? parts.join(" · ") : "—";
}

/** Outcome classes with a non-zero count, in precedence order. */
function outcomesLine(t: ReportMessages, o: OutcomeCounts): string {
  const keys = [
    ...OUTCOME_CLASSES,
    "unclassified",
    ...Object.keys(o).filter((k) => !(OUTCOME_CLASSES as readonly string[]).includes(k) && k !== "unclassified"),
  ];
  const parts = keys.filter((k) => (o[k] ?? 0) > 0).map((k) => `${t.outcomes[k] ?? k} ${o[k]}`);
  return parts.length ? parts.join(" · ") : t.none;
}

/** "2.50/3.00/2.50/2.50" */
function ratingsShort(t: ReportMessages, r: RatingAverages): string {
  return [r.attitude, r.skill, r.arrival, r.promise].map((x) => num2(t, x)).join("/");
}

function ratingsLong(t: ReportMessages, r: RatingAverages): string {
  return (["attitude", "skill", "arrival", "promise"] as const).map((k) => `${t.items[k]} ${num2(t, r[k])}`).join(" · ");
}

function ratio(t: ReportMessages, n: number, d: number): string {
  return d > 0 ? t.ratio(n, d) : "";
}

/** "**label** text" — the card body is light Markdown. */
function line(label: string, text: string): string {
  return `**${label}** ${text}`;
}

/** Keeps Markdown emphasis markers in names from turning into formatting. */
function plain(s: string): string {
  return s
    .replace(/[*_`]/g, (c) => `\u200b${c}`)
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The summary as a card for Slack: a title with the period, ten compact fields (the headline
 * figures) and short body lines (the breakdowns, the survey, complaints, one line per
 * engineer). Every number of the {@link Summary} appears on it (engineers beyond
 * {@link CARD_MAX_LINES} are counted in a "more" line); it fits Slack's limits on a phone.
 *
 * @example
 * ```ts
 * const card = summaryCard(await computeSummary(store, opts), "zh-CN");
 * const { text, blocks } = toBlocks(card); // bots/slack/serialize.ts
 * ```
 */
export function summaryCard(s: Summary, lang: ReportLang): MessageCard {
  const t = reportMessages(lang);
  const f = t.field;
  const fields: CardField[] = [
    { label: f.ticketsIn, value: String(s.ticketsIn.total) },
    { label: f.ticketsOut, value: String(s.ticketsOut.total) },
    {
      label: f.selfService,
      value: `${s.selfService.count}${s.selfService.sharePct === null ? "" : ` · ${pctText(t, s.selfService.sharePct)}`}`,
    },
    {
      label: f.dispatchOnTime,
      value: `${pctText(t, s.sla.dispatch.onTimePct)}${ratio(t, s.sla.dispatch.onTime, s.sla.dispatch.measured)}`,
    },
    {
      label: f.firstResponse,
      value: t.durations(num2(t, s.sla.firstResponseHours.median), num2(t, s.sla.firstResponseHours.p90), s.sla.firstResponseHours.count),
    },
    {
      label: f.resolution,
      value: t.durations(num2(t, s.sla.resolutionHours.median), num2(t, s.sla.resolutionHours.p90), s.sla.resolutionHours.count),
    },
    { label: f.responseRate, value: `${pctText(t, s.survey.responseRatePct)}${ratio(t, s.survey.answered, s.survey.sent)}` },
    { label: f.satisfied, value: `${pctText(t, s.survey.satisfiedPct)}${ratio(t, s.survey.satisfied, s.survey.answered)}` },
    { label: f.complaints, value: `${s.complaints.new} / ${s.complaints.open} / ${s.complaints.overdue}` },
    { label: f.repeatRepairs, value: String(s.repeatRepairs) },
  ];

  const sec = t.section;
  const lines: string[] = [];
  if (s.ticketsIn.total > 0) {
    lines.push(line(sec.inByKind, countsLine(s.ticketsIn.byKind, t.kinds)));
    lines.push(line(sec.inByProduct, countsLine(s.ticketsIn.byProduct, t.products)));
    lines.push(line(sec.inByStatus, countsLine(s.ticketsIn.byStatus, t.statuses)));
    lines.push(line(sec.inByFeeType, countsLine(s.ticketsIn.byFeeType, t.fees)));
    lines.push(line(sec.inByTier, countsLine(s.ticketsIn.byTier, t.tiers)));
  }
  if (s.ticketsOut.total > 0) {
    lines.push(line(sec.outByResolution, countsLine(s.ticketsOut.byResolution, t.resolutions)));
    lines.push(line(sec.outByKind, countsLine(s.ticketsOut.byKind, t.kinds)));
    lines.push(line(sec.outByProduct, countsLine(s.ticketsOut.byProduct, t.products)));
    lines.push(line(sec.outByFeeType, countsLine(s.ticketsOut.byFeeType, t.fees)));
  }
  if (s.survey.sent > 0) {
    lines.push(line(sec.ratings, ratingsLong(t, s.survey.ratings)));
    lines.push(line(f.responseRate, t.surveyStates(s.survey.pending, s.survey.expired)));
  }
  const outcomeTotal = Object.values(s.survey.outcomes).reduce((a, b) => a + b, 0);
  if (outcomeTotal > 0) lines.push(line(sec.outcomes, outcomesLine(t, s.survey.outcomes)));
  const ss = s.survey.selfServiceForm;
  if (ss.sent > 0) lines.push(line(sec.selfServiceSurvey, t.selfServiceSurvey(ss.sent, ss.answered, ss.helped)));
  if (s.complaints.new > 0) {
    lines.push(
      line(
        sec.complaints,
        t.complaintBreakdown(countsLine(s.complaints.byKind, t.complaintKinds), countsLine(s.complaints.bySeverity, t.severities)),
      ),
    );
  }
  if (s.engineers.length > 0) {
    lines.push(`**${sec.engineers}**`);
    for (const e of s.engineers.slice(0, CARD_MAX_LINES)) {
      const who = plain(e.name || e.slackUserId || `#${e.staffId}`);
      lines.push(
        `- ${who}${t.colon}${t.engineerLine(e.jobsDone, `${pctText(t, e.dispatch.onTimePct)}${ratio(t, e.dispatch.onTime, e.dispatch.measured)}`, ratingsShort(t, e.ratings), pctText(t, e.satisfiedPct))}`,
      );
      const o = outcomesLine(t, e.outcomes);
      if (o !== t.none) lines.push(`  ${sec.outcomes}${t.colon}${o}`);
    }
    if (s.engineers.length > CARD_MAX_LINES) lines.push(t.more(s.engineers.length - CARD_MAX_LINES));
  }

  return {
    title: t.summaryTitle(s.period.fromDate, s.period.toDate),
    fields,
    body: lines.length ? lines.join("\n") : t.nothing,
    format: "markdown",
    footer: t.footer(s.period.timeZone),
  };
}

/**
 * The technician report (技术员工作日报表) as a card: jobs done, hours, fees, on-time and
 * ratings as fields; kinds of work, fee types, parts, callback classes and one line per job.
 *
 * @example
 * ```ts
 * const card = engineerReportCard(await computeEngineerReport(store, opts), "en");
 * ```
 */
export function engineerReportCard(r: EngineerReport, lang: ReportLang): MessageCard {
  const t = reportMessages(lang);
  const f = t.field;
  const who = r.staff.name || r.staff.slackUserId;
  const fields: CardField[] = [
    { label: f.jobsDone, value: String(r.jobsDone) },
    { label: f.hours, value: t.hours(r.hours.toFixed(2)) },
    { label: f.fee, value: t.money(r.feeTotal.toFixed(2)) },
    { label: f.dispatchOnTime, value: `${pctText(t, r.dispatch.onTimePct)}${ratio(t, r.dispatch.onTime, r.dispatch.measured)}` },
    { label: f.ratings, value: `${ratingsShort(t, r.ratings)}${r.surveysAnswered ? ` (${r.surveysAnswered})` : ""}` },
    { label: f.satisfied, value: pctText(t, r.satisfiedPct) },
  ];
  const sec = t.section;
  const lines: string[] = [];
  if (r.jobsDone > 0) {
    lines.push(line(sec.kinds, countsLine(r.byKind, t.kinds)));
    lines.push(line(sec.feeTypes, countsLine(r.byFeeType, t.fees)));
  }
  if (r.parts.length) lines.push(line(sec.parts, r.parts.map((p) => `${plain(p.name)}×${p.qty}`).join(" · ")));
  const outcomes = outcomesLine(t, r.outcomes);
  if (outcomes !== t.none) lines.push(line(sec.outcomes, outcomes));
  if (r.jobs.length) {
    lines.push(`**${sec.jobs}**`);
    for (const j of r.jobs.slice(0, CARD_MAX_LINES)) {
      const extra = [
        j.resolved.slice(5),
        j.parts.length ? j.parts.map((p) => `${plain(p.name)}×${p.qty}`).join("、") : "",
        j.outcome ? (t.outcomes[j.outcome] ?? j.outcome) : "",
      ].filter(Boolean);
      lines.push(
        `- #${j.ref} ${t.kinds[j.kind] ?? j.kind} · ${t.products[j.product ?? "none"] ?? j.product} · ${j.hours === null ? t.none : t.hours(j.hours.toFixed(2))} · ${extra.join(" · ")}`,
      );
    }
    if (r.jobs.length > CARD_MAX_LINES) lines.push(t.more(r.jobs.length - CARD_MAX_LINES));
  }
  return {
    title: t.engineerTitle(who, r.period.fromDate, r.period.toDate),
    fields,
    body: lines.length ? lines.join("\n") : t.nothing,
    format: "markdown",
    footer: t.engineerFooter(r.period.timeZone),
  };
}
