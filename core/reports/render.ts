/**
 * Rendering of the reports: platform-neutral cards (Slack turns them into Block Kit with
 * `bots/slack/serialize.ts`) and the per-ticket CSV. Pure functions of the computed report, so
 * Slack shows exactly the numbers of `computeSummary` / `computeEngineerReport`.
 *
 * @module
 */
import type { CardField, MessageCard } from "../card.ts";
import { reportMessages, type ReportMessages } from "../i18n/reports.ts";
import type { EngineerReport } from "./engineer.ts";
import { OUTCOME_CLASSES, type Counts, type OutcomeCounts, type RatingAverages, type Summary, type SummaryRow } from "./summary.ts";

/** Languages the report cards are written in. */
export type ReportLang = "zh-CN" | "en";

/** At most this many engineer lines (summary) or job lines (technician report) on a card. */
export const CARD_MAX_LINES = 40;

const pctText = (msg: ReportMessages, x: number | null) => (x === null ? msg.none : `${x.toFixed(1)}%`);
const num2 = (msg: ReportMessages, x: number | null) => (x === null ? msg.none : x.toFixed(2));

/** "维修 5 · 安装调试 2" (zero counts are never in the maps). */
function countsLine(counts: Counts, labels: Record<string, string>): string {
  const parts = Object.entries(counts).map(([k, n]) => `${labels[k] ?? k} ${n}`);
  return parts.length ? parts.join(" · ") : "—";
}

/** Outcome classes with a non-zero count, in precedence order. */
function outcomesLine(msg: ReportMessages, counts: OutcomeCounts): string {
  const keys = [
    ...OUTCOME_CLASSES,
    "unclassified",
    ...Object.keys(counts).filter((k) => !(OUTCOME_CLASSES as readonly string[]).includes(k) && k !== "unclassified"),
  ];
  const parts = keys.filter((k) => (counts[k] ?? 0) > 0).map((k) => `${msg.outcomes[k] ?? k} ${counts[k]}`);
  return parts.length ? parts.join(" · ") : msg.none;
}

/** "2.50/3.00/2.50/2.50" */
function ratingsShort(msg: ReportMessages, r: RatingAverages): string {
  return [r.attitude, r.skill, r.arrival, r.promise].map((x) => num2(msg, x)).join("/");
}

function ratingsLong(msg: ReportMessages, r: RatingAverages): string {
  return (["attitude", "skill", "arrival", "promise"] as const).map((k) => `${msg.items[k]} ${num2(msg, r[k])}`).join(" · ");
}

function ratio(msg: ReportMessages, n: number, d: number): string {
  return d > 0 ? msg.ratio(n, d) : "";
}

/** "**label** text" — the card body is light Markdown. */
function line(label: string, text: string): string {
  return `**${label}** ${text}`;
}

/** Keeps Markdown emphasis markers in names from turning into formatting. */
function plain(text: string): string {
  return text
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
export function summaryCard(summary: Summary, lang: ReportLang): MessageCard {
  const msg = reportMessages(lang);
  const f = msg.field;
  const fields: CardField[] = [
    { label: f.ticketsIn, value: String(summary.ticketsIn.total) },
    { label: f.ticketsOut, value: String(summary.ticketsOut.total) },
    {
      label: f.selfService,
      value: `${summary.selfService.count}${summary.selfService.sharePct === null ? "" : ` · ${pctText(msg, summary.selfService.sharePct)}`}`,
    },
    {
      label: f.dispatchOnTime,
      value: `${pctText(msg, summary.sla.dispatch.onTimePct)}${ratio(msg, summary.sla.dispatch.onTime, summary.sla.dispatch.measured)}`,
    },
    {
      label: f.firstResponse,
      value: msg.durations(
        num2(msg, summary.sla.firstResponseHours.median),
        num2(msg, summary.sla.firstResponseHours.p90),
        summary.sla.firstResponseHours.count,
      ),
    },
    {
      label: f.resolution,
      value: msg.durations(
        num2(msg, summary.sla.resolutionHours.median),
        num2(msg, summary.sla.resolutionHours.p90),
        summary.sla.resolutionHours.count,
      ),
    },
    {
      label: f.responseRate,
      value: `${pctText(msg, summary.survey.responseRatePct)}${ratio(msg, summary.survey.answered, summary.survey.sent)}`,
    },
    {
      label: f.satisfied,
      value: `${pctText(msg, summary.survey.satisfiedPct)}${ratio(msg, summary.survey.satisfied, summary.survey.answered)}`,
    },
    { label: f.complaints, value: `${summary.complaints.new} / ${summary.complaints.open} / ${summary.complaints.overdue}` },
    { label: f.repeatRepairs, value: String(summary.repeatRepairs) },
  ];

  const sec = msg.section;
  const lines: string[] = [];
  if (summary.ticketsIn.total > 0) {
    lines.push(line(sec.inByKind, countsLine(summary.ticketsIn.byKind, msg.kinds)));
    lines.push(line(sec.inByProduct, countsLine(summary.ticketsIn.byProduct, msg.products)));
    lines.push(line(sec.inByStatus, countsLine(summary.ticketsIn.byStatus, msg.statuses)));
    lines.push(line(sec.inByFeeType, countsLine(summary.ticketsIn.byFeeType, msg.fees)));
  }
  if (summary.ticketsOut.total > 0) {
    lines.push(line(sec.outByResolution, countsLine(summary.ticketsOut.byResolution, msg.resolutions)));
    lines.push(line(sec.outByKind, countsLine(summary.ticketsOut.byKind, msg.kinds)));
    lines.push(line(sec.outByProduct, countsLine(summary.ticketsOut.byProduct, msg.products)));
    lines.push(line(sec.outByFeeType, countsLine(summary.ticketsOut.byFeeType, msg.fees)));
  }
  if (summary.survey.sent > 0) {
    lines.push(line(sec.ratings, ratingsLong(msg, summary.survey.ratings)));
    lines.push(line(f.responseRate, msg.surveyStates(summary.survey.pending, summary.survey.expired)));
  }
  const outcomeTotal = Object.values(summary.survey.outcomes).reduce((a, b) => a + b, 0);
  if (outcomeTotal > 0) lines.push(line(sec.outcomes, outcomesLine(msg, summary.survey.outcomes)));
  const ss = summary.survey.selfServiceForm;
  if (ss.sent > 0) lines.push(line(sec.selfServiceSurvey, msg.selfServiceSurvey(ss.sent, ss.answered, ss.helped)));
  if (summary.complaints.new > 0) {
    lines.push(
      line(
        sec.complaints,
        msg.complaintBreakdown(
          countsLine(summary.complaints.byKind, msg.complaintKinds),
          countsLine(summary.complaints.bySeverity, msg.severities),
        ),
      ),
    );
  }
  if (summary.engineers.length > 0) {
    lines.push(`**${sec.engineers}**`);
    for (const e of summary.engineers.slice(0, CARD_MAX_LINES)) {
      const who = plain(e.name || e.slackUserId || `#${e.staffId}`);
      lines.push(
        `- ${who}${msg.colon}${msg.engineerLine(e.jobsDone, `${pctText(msg, e.dispatch.onTimePct)}${ratio(msg, e.dispatch.onTime, e.dispatch.measured)}`, ratingsShort(msg, e.ratings), pctText(msg, e.satisfiedPct))}`,
      );
      const outcomes = outcomesLine(msg, e.outcomes);
      if (outcomes !== msg.none) lines.push(`  ${sec.outcomes}${msg.colon}${outcomes}`);
    }
    if (summary.engineers.length > CARD_MAX_LINES) lines.push(msg.more(summary.engineers.length - CARD_MAX_LINES));
  }

  return {
    title: msg.summaryTitle(summary.period.fromDate, summary.period.toDate),
    fields,
    body: lines.length ? lines.join("\n") : msg.nothing,
    format: "markdown",
    footer: msg.footer(summary.period.timeZone),
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
export function engineerReportCard(report: EngineerReport, lang: ReportLang): MessageCard {
  const msg = reportMessages(lang);
  const f = msg.field;
  const who = report.staff.name || report.staff.slackUserId;
  const fields: CardField[] = [
    { label: f.jobsDone, value: String(report.jobsDone) },
    { label: f.hours, value: msg.hours(report.hours.toFixed(2)) },
    { label: f.fee, value: msg.money(report.feeTotal.toFixed(2)) },
    {
      label: f.dispatchOnTime,
      value: `${pctText(msg, report.dispatch.onTimePct)}${ratio(msg, report.dispatch.onTime, report.dispatch.measured)}`,
    },
    { label: f.ratings, value: `${ratingsShort(msg, report.ratings)}${report.surveysAnswered ? ` (${report.surveysAnswered})` : ""}` },
    { label: f.satisfied, value: pctText(msg, report.satisfiedPct) },
  ];
  const sec = msg.section;
  const lines: string[] = [];
  if (report.jobsDone > 0) {
    lines.push(line(sec.kinds, countsLine(report.byKind, msg.kinds)));
    lines.push(line(sec.feeTypes, countsLine(report.byFeeType, msg.fees)));
  }
  if (report.parts.length) lines.push(line(sec.parts, report.parts.map((p) => `${plain(p.name)}×${p.qty}`).join(" · ")));
  const outcomes = outcomesLine(msg, report.outcomes);
  if (outcomes !== msg.none) lines.push(line(sec.outcomes, outcomes));
  if (report.jobs.length) {
    lines.push(`**${sec.jobs}**`);
    for (const j of report.jobs.slice(0, CARD_MAX_LINES)) {
      const extra = [
        j.resolved.slice(5),
        j.parts.length ? j.parts.map((p) => `${plain(p.name)}×${p.qty}`).join("、") : "",
        j.outcome ? (msg.outcomes[j.outcome] ?? j.outcome) : "",
      ].filter(Boolean);
      lines.push(
        `- #${j.ref} ${msg.kinds[j.kind] ?? j.kind} · ${msg.products[j.product ?? "none"] ?? j.product} · ${j.hours === null ? msg.none : msg.hours(j.hours.toFixed(2))} · ${extra.join(" · ")}`,
      );
    }
    if (report.jobs.length > CARD_MAX_LINES) lines.push(msg.more(report.jobs.length - CARD_MAX_LINES));
  }
  return {
    title: msg.engineerTitle(who, report.period.fromDate, report.period.toDate),
    fields,
    body: lines.length ? lines.join("\n") : msg.nothing,
    format: "markdown",
    footer: msg.engineerFooter(report.period.timeZone),
  };
}

const CSV_COLUMNS = [
  "ref",
  "created",
  "kind",
  "product",
  "status",
  "feeType",
  "resolution",
  "resolved",
  "assignee",
  "firstResponseWh",
  "resolutionWh",
  "slaMet",
  "attitude",
  "skill",
  "arrival",
  "promise",
  "satisfied",
  "outcome",
  "repeat",
] as const satisfies readonly (keyof SummaryRow)[];

/** One CSV field, quoted per RFC 4180 when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The per-ticket rows as CSV for Excel: a UTF-8 byte order mark, a header line, one line per
 * row, CRLF line ends, RFC 4180 quoting. Headers and coded values (kind, product, status, fee
 * type, resolution, outcome, yes/no) are in `lang`; empty cells for missing values; working
 * hours with two decimals.
 *
 * @example
 * ```ts
 * const csv = summaryCsv(await summaryRows(store, { from, to, calendar }), "zh-CN");
 * await client.files.uploadV2({ channel_id, filename: "summary.csv", content: csv });
 * ```
 */
export function summaryCsv(rows: readonly SummaryRow[], lang: ReportLang = "zh-CN"): string {
  const msg = reportMessages(lang);
  const label = (labels: Record<string, string>, v: string | null) => (v === null ? "" : (labels[v] ?? v));
  const bool = (v: boolean | null) => (v === null ? "" : v ? msg.yes : msg.no);
  const n = (v: number | null, digits?: number) => (v === null ? "" : digits === undefined ? String(v) : v.toFixed(digits));
  const cells = (r: SummaryRow): string[] => [
    String(r.ref),
    r.created,
    label(msg.kinds, r.kind),
    label(msg.products, r.product),
    label(msg.statuses, r.status),
    label(msg.fees, r.feeType),
    label(msg.resolutions, r.resolution),
    r.resolved ?? "",
    r.assignee ?? "",
    n(r.firstResponseWh, 2),
    n(r.resolutionWh, 2),
    bool(r.slaMet),
    n(r.attitude),
    n(r.skill),
    n(r.arrival),
    n(r.promise),
    bool(r.satisfied),
    label(msg.outcomes, r.outcome),
    bool(r.repeat),
  ];
  const lines = [CSV_COLUMNS.map((c) => msg.csvHeaders[c] ?? c), ...rows.map(cells)].map((cols) => cols.map(csvField).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
