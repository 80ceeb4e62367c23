/**
 * CSV for Excel: a UTF-8 byte order mark, a header line, CRLF line ends, RFC 4180 quoting,
 * and text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return) prefixed with an apostrophe. Written line by line, so a long
 * export streams.
 *
 * @module
 */
import { guardFormula } from "../csv-guard.ts";
import { reportExtraMessages } from "../i18n/reports-extra.ts";
import { reportMessages } from "../i18n/reports.ts";
import type { ReportLang } from "./render.ts";
import type { SummaryRow } from "./rows.ts";
import type { SettlementJob, SettlementLine, SettlementReport } from "./settlement.ts";

/** The byte order mark Excel needs to read UTF-8. */
export const CSV_BOM = "\uFEFF";

/**
 * One CSV field: quoted per RFC 4180 when it holds a comma, a quote or a line break; a text
 * that a spreadsheet would take for a formula gets a leading `'` ({@link guardFormula}; numbers such as `-12.50`
 * stay numbers).
 *
 * @example
 * ```ts
 * csvField('=HYPERLINK("x")'); // "'=HYPERLINK(""x"")" quoted
 * csvField("-12.50");          // "-12.50"
 * ```
 */
export function csvField(value: string): string {
  const v = guardFormula(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line (with its CRLF) from cells. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvField).join(",") + "\r\n";
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

/** The header line of the summary's CSV (with the byte order mark). */
export function summaryCsvHeader(lang: ReportLang = "zh-CN"): string {
  const t = reportMessages(lang);
  return CSV_BOM + csvLine(CSV_COLUMNS.map((c) => t.csvHeaders[c] ?? c));
}

/** The CSV lines of some per-ticket rows (no header): for streaming page by page. */
export function summaryCsvLines(rows: readonly SummaryRow[], lang: ReportLang = "zh-CN"): string {
  const t = reportMessages(lang);
  const label = (labels: Record<string, string>, v: string | null) => (v === null ? "" : (labels[v] ?? v));
  const bool = (v: boolean | null) => (v === null ? "" : v ? t.yes : t.no);
  const n = (v: number | null, digits?: number) => (v === null ? "" : digits === undefined ? String(v) : v.toFixed(digits));
  let out = "";
  for (const r of rows) {
    out += csvLine([
      String(r.ref),
      r.created,
      label(t.kinds, r.kind),
      label(t.products, r.product),
      label(t.statuses, r.status),
      label(t.fees, r.feeType),
      label(t.resolutions, r.resolution),
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
      label(t.outcomes, r.outcome),
      bool(r.repeat),
    ]);
  }
  return out;
}

/**
 * The per-ticket rows as one CSV for Excel: header, one line per row. Headers and coded
 * values (kind, product, status, fee type, resolution, outcome, yes/no) are in `lang`; empty
 * cells for missing values; working hours with two decimals.
 *
 * @example
 * ```ts
 * const csv = summaryCsv(await summaryRows(store, { from, to, calendar }), "zh-CN");
 * await client.files.uploadV2({ channel_id, filename: "summary.csv", content: csv });
 * ```
 */
export function summaryCsv(rows: readonly SummaryRow[], lang: ReportLang = "zh-CN"): string {
  return summaryCsvHeader(lang) + summaryCsvLines(rows, lang);
}

/** Fen as a yuan amount with two decimals and no grouping ("-12.50"): exact, never a float. */
export function fenText(fen: number): string {
  const a = Math.abs(fen);
  return `${fen < 0 ? "-" : ""}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

/** The settlement's per-engineer CSV (header included): one line per engineer, then the totals. */
export function settlementCsv(r: SettlementReport, lang: ReportLang = "zh-CN"): string {
  const t = reportExtraMessages(lang).settlement;
  const cols = [
    "engineer",
    "jobs",
    "settledJobs",
    "warrantyJobs",
    "warrantyFee",
    "warrantyStore",
    "warrantyEngineer",
    "warrantyLead",
    "paidJobs",
    "paidFee",
    "paidEngineer",
    "paidDepartment",
    "contractJobs",
    "unsettled",
  ];
  const row = (l: SettlementLine, who: string) => [
    who,
    String(l.jobs),
    String(l.settledJobs),
    String(l.warranty.jobs),
    fenText(l.warranty.feeFen),
    fenText(l.warranty.storeFen),
    fenText(l.warranty.engineerFen),
    fenText(l.warranty.leadFen),
    String(l.paid.jobs),
    fenText(l.paid.feeFen),
    fenText(l.paid.engineerFen),
    fenText(l.paid.departmentFen),
    String(l.contractJobs),
    String(Object.values(l.unsettled).reduce((a, b) => a + b, 0)),
  ];
  let out = CSV_BOM + csvLine(cols.map((c) => t.csv[c] ?? c));
  for (const l of r.engineers) out += csvLine(row(l, l.staffId === null ? t.unassigned : l.name || l.slackUserId || `#${l.staffId}`));
  return out + csvLine(row(r.totals, t.total));
}

/** The header of the settlement's per-job CSV. */
export function settlementJobsCsvHeader(lang: ReportLang = "zh-CN"): string {
  const t = reportExtraMessages(lang).settlement;
  const cols = [
    "ref",
    "resolved",
    "engineer",
    "feeType",
    "fee",
    "defaulted",
    "reason",
    "warrantyStore",
    "warrantyEngineer",
    "warrantyLead",
    "paidEngineer",
    "paidDepartment",
  ];
  return CSV_BOM + csvLine(cols.map((c) => t.csv[c] ?? c));
}

/** Lines of the settlement's per-job CSV (no header): every job, its fee, whether settled, its shares. */
export function settlementJobsCsvLines(jobs: readonly SettlementJob[], lang: ReportLang = "zh-CN"): string {
  const t = reportExtraMessages(lang).settlement;
  const fees = reportMessages(lang).fees;
  let out = "";
  for (const j of jobs) {
    const s = j.shares as Record<string, number> | null;
    const w = j.feeType === "C" && s;
    const p = j.feeType === "A" && s;
    out += csvLine([
      String(j.ref),
      j.resolved,
      j.engineer ?? t.unassigned,
      fees[j.feeType] ?? j.feeType,
      j.feeFen === null ? "" : fenText(j.feeFen),
      j.defaulted ? reportMessages(lang).yes : "",
      j.reason === "settled" ? t.settledReason : (t.reasons[j.reason] ?? j.reason),
      w ? fenText(s.store!) : "",
      w ? fenText(s.engineer!) : "",
      w ? fenText(s.lead!) : "",
      p ? fenText(s.engineer!) : "",
      p ? fenText(s.department!) : "",
    ]);
  }
  return out;
}
