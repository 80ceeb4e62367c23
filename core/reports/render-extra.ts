/**
 * Cards of the settlement, the supervisor's daily report and the monthly complaint review
 * (platform-neutral; Slack turns them into Block Kit). Pure functions of the computed
 * reports, so Slack and the CLI show the same numbers.
 *
 * @module
 */
import type { CardField, MessageCard } from "../card.ts";
import { reportExtraMessages, yuan } from "../i18n/reports-extra.ts";
import { reportMessages } from "../i18n/reports.ts";
import type { ComplaintReview, TextCount } from "./complaints.ts";
import type { SupervisorDaily } from "./daily.ts";
import type { Counts } from "./math.ts";
import { CARD_MAX_LINES, type ReportLang } from "./render.ts";
import type { SettlementLine, SettlementReport } from "./settlement.ts";

/** Keeps Markdown emphasis markers in names from turning into formatting. */
function plain(s: string): string {
  return s
    .replace(/[*_`]/g, (c) => `\u200b${c}`)
    .replace(/\s+/g, " ")
    .trim();
}

const pctText = (x: number | null) => (x === null ? "—" : `${x.toFixed(1)}%`);
const num2 = (x: number | null) => (x === null ? "—" : x.toFixed(2));
function countsLine(counts: Counts, labels: Record<string, string>): string {
  const parts = Object.entries(counts).map(([k, n]) => `${labels[k] ?? k} ${n}`);
  return parts.length ? parts.join(" · ") : "—";
}

/**
 * The settlement as a card: totals as fields, one line per engineer (jobs, settled, the
 * warranty and out-of-warranty shares), the unsettled jobs by reason.
 *
 * @example
 * ```ts
 * const card = settlementCard(await computeSettlement(store, opts), "zh-CN");
 * ```
 */
export function settlementCard(r: SettlementReport, lang: ReportLang): MessageCard {
  const t = reportExtraMessages(lang).settlement;
  const m = t.money;
  const tot = r.totals;
  const fields: CardField[] = [
    { label: t.jobs, value: String(tot.jobs) },
    { label: t.settled, value: String(tot.settledJobs) },
    { label: t.warranty, value: m(tot.warranty.feeFen) },
    { label: `${t.warranty} · ${t.engineer}`, value: m(tot.warranty.engineerFen) },
    { label: `${t.warranty} · ${t.store} / ${t.lead}`, value: `${m(tot.warranty.storeFen)} / ${m(tot.warranty.leadFen)}` },
    { label: t.paid, value: m(tot.paid.feeFen) },
    { label: `${t.paid} · ${t.engineer} / ${t.department}`, value: `${m(tot.paid.engineerFen)} / ${m(tot.paid.departmentFen)}` },
    { label: t.unsettled, value: String(r.unsettled.total) },
  ];
  const line = (l: SettlementLine) => {
    const who = l.staffId === null ? t.unassigned : plain(l.name || l.slackUserId || `#${l.staffId}`);
    const w = l.warranty;
    const notes = [w.defaulted ? t.defaulted(w.defaulted) : "", w.missing ? t.missing(w.missing) : ""].filter(Boolean);
    const parts = [
      `${t.jobs} ${l.jobs} · ${t.settled} ${l.settledJobs}`,
      `${t.warranty} ${m(w.feeFen)}（${t.store} ${yuan(w.storeFen)} / ${t.engineer} ${yuan(w.engineerFen)} / ${t.lead} ${yuan(w.leadFen)}${notes.length ? `；${notes.join("，")}` : ""}）`,
      `${t.paid} ${m(l.paid.feeFen)}（${t.engineer} ${yuan(l.paid.engineerFen)} / ${t.department} ${yuan(l.paid.departmentFen)}）`,
    ];
    const unsettled = countsLine(l.unsettled, t.reasons);
    return `- **${who}** ${parts.join(" · ")}${unsettled !== "—" ? `\n  ${t.unsettled}${reportMessages(lang).colon}${unsettled}` : ""}`;
  };
  const lines = r.engineers.slice(0, CARD_MAX_LINES).map(line);
  if (r.engineers.length > CARD_MAX_LINES) lines.push(reportMessages(lang).more(r.engineers.length - CARD_MAX_LINES));
  if (r.unsettled.total) lines.push(`**${t.unsettled}** ${countsLine(r.unsettled.byReason, t.reasons)}`);
  const rw = r.rates.warranty;
  return {
    title: t.title(r.period.fromDate, r.period.toDate),
    fields,
    body: [t.rates(rw.store, rw.engineer, rw.lead, r.rates.paid.engineer), ...lines].join("\n"),
    format: "markdown",
    footer: t.footer,
  };
}

/**
 * The supervisor's daily report (服务主任日报表) as a card.
 *
 * @example
 * ```ts
 * await poster.post(s, channel, supervisorDailyCard(report, config.staffLang));
 * ```
 */
export function supervisorDailyCard(r: SupervisorDaily, lang: ReportLang): MessageCard {
  const t = reportExtraMessages(lang).daily;
  const base = reportMessages(lang);
  const ratings = (x: SupervisorDaily["ratings"]) => [x.attitude, x.skill, x.arrival, x.promise].map(num2).join("/");
  const fields: CardField[] = [
    { label: t.in, value: String(r.ticketsIn) },
    { label: t.dispatched, value: String(r.dispatched) },
    { label: t.done, value: String(r.done) },
    { label: t.overdue, value: String(r.overdue) },
    { label: t.complaints, value: `${r.complaintsIn} / ${r.complaintsLate}` },
    { label: t.ratings, value: r.rated ? `${t.rated(r.rated, pctText(r.satisfiedPct))} · ${ratings(r.ratings)}` : "—" },
    { label: t.hours, value: base.hours(r.hours.toFixed(2)) },
  ];
  const lines: string[] = [];
  if (r.ticketsIn) lines.push(`**${t.in}** ${countsLine(r.inByKind, base.kinds)}`);
  if (r.unassignedOverdue) lines.push(t.unassignedOverdue(r.unassignedOverdue));
  if (r.engineers.length) {
    lines.push(`**${t.engineers}**`);
    for (const e of r.engineers.slice(0, CARD_MAX_LINES)) {
      const who = plain(e.name || e.slackUserId || `#${e.staffId}`);
      lines.push(
        `- ${who}${base.colon}${t.engineerLine(e.dispatched, e.done, e.hours.toFixed(2), e.overdue, e.rated ? ratings(e.ratings) : "—")}`,
      );
    }
    if (r.engineers.length > CARD_MAX_LINES) lines.push(base.more(r.engineers.length - CARD_MAX_LINES));
  }
  return {
    title: t.title(r.period.fromDate),
    fields,
    body: lines.length ? lines.join("\n") : base.nothing,
    format: "markdown",
    footer: t.footer(r.period.timeZone, new Date(r.asOf).toISOString().slice(11, 16) + " UTC"),
  };
}

/**
 * The monthly complaint review (投诉案件统计表) as a card.
 *
 * @example
 * ```ts
 * const card = complaintReviewCard(await computeComplaintReview(store, { from, to, timeZone }), "zh-CN");
 * ```
 */
export function complaintReviewCard(r: ComplaintReview, lang: ReportLang): MessageCard {
  const t = reportExtraMessages(lang).review;
  const base = reportMessages(lang);
  const texts = (xs: TextCount[]) => (xs.length ? xs.map((x) => `${x.text === null ? t.none : plain(x.text)} ${x.n}`).join(" · ") : "—");
  const fields: CardField[] = [
    { label: t.closed, value: String(r.closed) },
    { label: t.received, value: String(r.received) },
    { label: t.major, value: String(r.major) },
    {
      label: t.replyOnTime(r.reply.promiseHours),
      value: `${pctText(r.reply.onTimePct)}${r.closed ? base.ratio(r.reply.onTime, r.closed) : ""}`,
    },
    { label: t.replyTimes, value: base.durations(num2(r.reply.medianHours), num2(r.reply.p90Hours), r.reply.replied) },
    { label: t.notReplied, value: String(r.reply.notReplied) },
    { label: t.repeats, value: String(r.repeats) },
  ];
  const lines: string[] = [];
  if (r.closed) {
    lines.push(`**${t.byKind}** ${countsLine(r.byKind, base.complaintKinds)}`);
    lines.push(`**${t.byRouting}** ${countsLine(r.byRouting, t.routing)}`);
    lines.push(`**${t.bySeverity}** ${countsLine(r.bySeverity, base.severities)}`);
    lines.push(`**${t.byResponsibility}** ${texts(r.byResponsibility)}`);
    lines.push(`**${t.byResult}** ${texts(r.byResult)}`);
    lines.push(`**${t.byReaction}** ${texts(r.byReaction)}`);
  }
  return {
    title: t.title(r.period.fromDate, r.period.toDate),
    fields,
    body: lines.length ? lines.join("\n") : base.nothing,
    format: "markdown",
    footer: t.footer(r.reply.promiseHours),
  };
}
