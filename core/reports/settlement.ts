/**
 * The settlement (结算) of a period, per engineer: the jobs they finished, the warranty
 * settlement fees the manufacturer pays for their warranty (C) jobs split into store,
 * engineer and service-lead shares, and the out-of-warranty (A) fees split into engineer and
 * department shares. Contract (B) jobs are counted and carry no fee.
 *
 * Which jobs: tickets resolved in the period (`resolvedAt` in it), not self-service, not
 * complaints, by their current assignee. **Only jobs whose callback found the customer
 * satisfied are settled.** The others are listed apart with the reason, in this precedence:
 * `complaint` (callback class complaint, or a complaint was filed about the job),
 * `repeat_repair` (the job is itself a repeat repair of an earlier one), the callback classes
 * `repeat_visits`, `not_fixed_first`, `attitude`, `unsatisfied`, then `no_response` and
 * `awaiting_callback` (no answer yet: it settles in a later run of the same period).
 *
 * Fees: a warranty job's fee is the settlement fee on its repair card, else the category's
 * default (`defaultSettlementFen`), else 0 and counted in `warranty.missing`; a job without a
 * repair card has no fee. A paid job's fee is the repair card's fee (yuan → fen, exact).
 * Each job is split on its own (the rule in settlement-split.ts), so a job's shares never
 * depend on the period it is reported in; the lines add the jobs' shares up.
 *
 * Everything is aggregated in SQL (jobs grouped by engineer, fee type, reason and fee), so a
 * year costs what its aggregates cost; the per-job detail comes in pages.
 *
 * @module
 */
import { formatLocal } from "../sla/calendar.ts";
import type { SettlementGroupRaw, SettlementJobRaw } from "../store/reports.ts";
import { checkRange } from "./errors.ts";
import { compareText, sortKeys, type Counts } from "./math.ts";
import { splitFen, type SettlementRates } from "./settlement-split.ts";
import { periodOf, type ReportSource, type Summary } from "./summary.ts";

/** Why a job is not settled, in precedence order. */
export const UNSETTLED_REASONS = [
  "complaint",
  "repeat_repair",
  "repeat_visits",
  "not_fixed_first",
  "attitude",
  "unsatisfied",
  "no_response",
  "awaiting_callback",
] as const;
export type UnsettledReason = (typeof UNSETTLED_REASONS)[number];

/** The default warranty settlement fee of a product category, in fen; null when there is none. */
export type DefaultSettlementFen = (category: string | null) => number | null;

/** Excluded jobs listed in the report itself (all of them are in the detail pages / CSV). */
export const EXCLUDED_LIST_LIMIT = 100;

/** Warranty (C) figures of settled jobs, fen. */
export interface WarrantyFigures {
  jobs: number;
  feeFen: number;
  storeFen: number;
  engineerFen: number;
  leadFen: number;
  /** jobs whose fee is the category default (none entered on the card) */
  defaulted: number;
  /** jobs with a repair card but neither an entered fee nor a default (settled at 0) */
  missing: number;
}

/** Out-of-warranty (A) figures of settled jobs, fen. */
export interface PaidFigures {
  jobs: number;
  feeFen: number;
  engineerFen: number;
  departmentFen: number;
}

/** One engineer's settlement (or the totals, with `staffId` null and no name). */
export interface SettlementLine {
  /** null: unassigned jobs (or the totals line) */
  staffId: number | null;
  slackUserId: string;
  name: string | null;
  /** jobs finished in the period */
  jobs: number;
  /** of those, settled (callback satisfied) */
  settledJobs: number;
  warranty: WarrantyFigures;
  paid: PaidFigures;
  /** settled contract (B) jobs: no fee to split */
  contractJobs: number;
  /** jobs not settled, by reason */
  unsettled: Counts;
}

/** A job that is not settled, with the reason. */
export interface UnsettledJob {
  ref: number;
  staffId: number | null;
  engineer: string | null;
  feeType: string;
  /** its fee in fen (the category default for a warranty job without one), null without a repair card */
  feeFen: number | null;
  reason: string;
  /** local "YYYY-MM-DD HH:MM" of `resolvedAt` */
  resolved: string;
}

/** The settlement report (plain JSON). */
export interface SettlementReport {
  period: Summary["period"];
  /** the rates used, in percent */
  rates: { warranty: { store: number; engineer: number; lead: number }; paid: { engineer: number; department: number } };
  engineers: SettlementLine[];
  totals: SettlementLine;
  unsettled: { total: number; byReason: Counts; jobs: UnsettledJob[] };
}

/** Options of {@link computeSettlement}. */
export interface SettlementOptions {
  from: Date;
  to: Date;
  /** The calendar's time zone (for the local dates). */
  timeZone: string;
  rates: SettlementRates;
  /** Per-category default warranty settlement fee (fen), used when the repair card has none. */
  defaultSettlementFen: DefaultSettlementFen;
}

function emptyLine(staffId: number | null): SettlementLine {
  return {
    staffId,
    slackUserId: "",
    name: null,
    jobs: 0,
    settledJobs: 0,
    warranty: { jobs: 0, feeFen: 0, storeFen: 0, engineerFen: 0, leadFen: 0, defaulted: 0, missing: 0 },
    paid: { jobs: 0, feeFen: 0, engineerFen: 0, departmentFen: 0 },
    contractJobs: 0,
    unsettled: {},
  };
}

/** A fee in fen from the store (always whole), checked. */
function fen(x: number, what: string): number {
  if (!Number.isSafeInteger(x)) throw new RangeError(`${what}: ${x} is not a whole number of fen`);
  return x;
}

/** The fee of a group or job: the recorded one, else the category default; `defaulted` / `missing` say which. */
function resolveFee(g: { feeType: string; fee: number | null; category: string | null }, defaults: DefaultSettlementFen) {
  if (g.fee !== null) return { fee: fen(g.fee, "fee"), defaulted: false, missing: false };
  const d = g.feeType === "C" ? defaults(g.category) : null;
  if (d === null || d === undefined) return { fee: 0, defaulted: false, missing: g.feeType === "C" };
  return { fee: fen(d, `default settlement fee of ${g.category}`), defaulted: true, missing: false };
}

function addGroup(line: SettlementLine, g: SettlementGroupRaw, o: SettlementOptions): void {
  line.jobs += g.jobs;
  if (g.reason !== "settled") {
    line.unsettled[g.reason] = (line.unsettled[g.reason] ?? 0) + g.jobs;
    return;
  }
  line.settledJobs += g.jobs;
  const { fee, defaulted, missing } = resolveFee(g, o.defaultSettlementFen);
  if (g.feeType === "C") {
    const [store, engineer, lead] = splitFen(fee, o.rates.warranty);
    const w = line.warranty;
    w.jobs += g.jobs;
    w.feeFen += fee * g.jobs;
    w.storeFen += store! * g.jobs;
    w.engineerFen += engineer! * g.jobs;
    w.leadFen += lead! * g.jobs;
    if (defaulted) w.defaulted += g.jobs;
    if (missing) w.missing += g.jobs;
  } else if (g.feeType === "A") {
    const [engineer, department] = splitFen(fee, [o.rates.paidEngineer, 10_000 - o.rates.paidEngineer]);
    const p = line.paid;
    p.jobs += g.jobs;
    p.feeFen += fee * g.jobs;
    p.engineerFen += engineer! * g.jobs;
    p.departmentFen += department! * g.jobs;
  } else {
    line.contractJobs += g.jobs;
  }
}

function addLine(total: SettlementLine, l: SettlementLine): void {
  total.jobs += l.jobs;
  total.settledJobs += l.settledJobs;
  total.contractJobs += l.contractJobs;
  for (const k of Object.keys(total.warranty) as (keyof WarrantyFigures)[]) total.warranty[k] += l.warranty[k];
  for (const k of Object.keys(total.paid) as (keyof PaidFigures)[]) total.paid[k] += l.paid[k];
  for (const [k, n] of Object.entries(l.unsettled)) total.unsettled[k] = (total.unsettled[k] ?? 0) + n;
}

/**
 * Computes the settlement of `[from, to)`: one line per engineer with jobs in the period
 * (unassigned jobs in a line with `staffId` null), ordered by settled jobs (most first), then
 * name, then id; the totals; the unsettled jobs by reason and the first
 * {@link EXCLUDED_LIST_LIMIT} of them (see {@link settlementJobPages} for all).
 *
 * @throws {ReportError} `REPORT_BAD_RANGE` if `from` is not before `to`.
 *
 * @example
 * ```ts
 * const rates = settlementRatesFromEnv(process.env);
 * const r = await computeSettlement(store, { from, to, timeZone, rates, defaultSettlementFen: (c) => catalogue.settlementFen(c) });
 * r.totals.warranty.engineerFen; // 123450 (fen)
 * ```
 */
export async function computeSettlement(store: ReportSource, o: SettlementOptions): Promise<SettlementReport> {
  checkRange(o.from, o.to);
  const groups = await store.reports.settlementGroups({ from: o.from, to: o.to });
  const lines = new Map<number | null, SettlementLine>();
  for (const g of groups) {
    let line = lines.get(g.assigneeId);
    if (!line) lines.set(g.assigneeId, (line = emptyLine(g.assigneeId)));
    addGroup(line, g, o);
  }
  const ids = [...lines.keys()].filter((id): id is number => id !== null);
  const staff = new Map((await store.reports.staffByIds(ids)).map((s) => [s.id, s]));
  const engineers = [...lines.values()].map((l) => {
    const s = l.staffId === null ? undefined : staff.get(l.staffId);
    return { ...l, slackUserId: s?.slackUserId ?? "", name: s?.name ?? null, unsettled: sortKeys(l.unsettled, UNSETTLED_REASONS) };
  });
  engineers.sort(
    (a, b) =>
      Number(a.staffId === null) - Number(b.staffId === null) ||
      b.settledJobs - a.settledJobs ||
      compareText(a.name ?? "", b.name ?? "") ||
      (a.staffId ?? 0) - (b.staffId ?? 0),
  );
  const totals = emptyLine(null);
  for (const l of engineers) addLine(totals, l);
  totals.unsettled = sortKeys(totals.unsettled, UNSETTLED_REASONS);

  const first = await store.reports.settlementJobPage(
    { from: o.from, to: o.to },
    { after: null, limit: EXCLUDED_LIST_LIMIT, excludedOnly: true },
  );
  const total = Object.values(totals.unsettled).reduce((a, b) => a + b, 0);
  const pct = (bp: number) => bp / 100;
  return {
    period: periodOf(o.from, o.to, o.timeZone),
    rates: {
      warranty: { store: pct(o.rates.warranty[0]), engineer: pct(o.rates.warranty[1]), lead: pct(o.rates.warranty[2]) },
      paid: { engineer: pct(o.rates.paidEngineer), department: pct(10_000 - o.rates.paidEngineer) },
    },
    engineers,
    totals,
    unsettled: { total, byReason: totals.unsettled, jobs: first.map((j) => unsettledJob(j, staff, o)) },
  };
}

function unsettledJob(
  j: SettlementJobRaw,
  staff: Map<number, { name: string | null; slackUserId: string }>,
  o: SettlementOptions,
): UnsettledJob {
  const s = j.assigneeId === null ? undefined : staff.get(j.assigneeId);
  return {
    ref: j.ref,
    staffId: j.assigneeId,
    engineer: s ? s.name || s.slackUserId : j.assigneeId === null ? null : `#${j.assigneeId}`,
    feeType: j.feeType,
    feeFen: j.hasRepair || j.fee !== null ? resolveFee(j, o.defaultSettlementFen).fee : null,
    reason: j.reason,
    resolved: formatLocal(j.resolvedAt, o.timeZone),
  };
}

/** One job of the settlement detail (every job of the period, settled or not). */
export interface SettlementJob extends UnsettledJob {
  /** the shares of a settled job (fen); null for a job that is not settled */
  shares: { store: number; engineer: number; lead: number } | { engineer: number; department: number } | null;
  /** the fee is the category default */
  defaulted: boolean;
}

/** Where a page of settlement jobs ended: the next page starts after it. */
export interface SettlementCursor {
  at: Date;
  ref: number;
}

/**
 * One page of the settlement detail: up to `pageSize` jobs after `cursor` (null: from the
 * start), in the order resolved, and the cursor of the next page (null at the end).
 *
 * @example
 * ```ts
 * let page = await settlementJobPage(store, opts, null);
 * while (page.next) page = await settlementJobPage(store, opts, page.next);
 * ```
 */
export async function settlementJobPage(
  store: ReportSource,
  o: SettlementOptions & { pageSize?: number },
  cursor: SettlementCursor | null,
  staff = new Map<number, { name: string | null; slackUserId: string }>(),
): Promise<{ jobs: SettlementJob[]; next: SettlementCursor | null }> {
  checkRange(o.from, o.to);
  const size = o.pageSize ?? 2000;
  const page = await store.reports.settlementJobPage({ from: o.from, to: o.to }, { after: cursor, limit: size, excludedOnly: false });
  const unseen = [...new Set(page.map((j) => j.assigneeId).filter((id): id is number => id !== null && !staff.has(id)))];
  for (const s of await store.reports.staffByIds(unseen)) staff.set(s.id, s);
  const jobs = page.map((j) => {
    const base = unsettledJob(j, staff, o);
    const { fee, defaulted } = j.hasRepair ? resolveFee(j, o.defaultSettlementFen) : { fee: j.fee ?? 0, defaulted: false };
    let shares: SettlementJob["shares"] = null;
    if (j.reason === "settled" && j.feeType === "C") {
      const [store_, engineer, lead] = splitFen(fee, o.rates.warranty);
      shares = { store: store_!, engineer: engineer!, lead: lead! };
    } else if (j.reason === "settled" && j.feeType === "A") {
      const [engineer, department] = splitFen(fee, [o.rates.paidEngineer, 10_000 - o.rates.paidEngineer]);
      shares = { engineer: engineer!, department: department! };
    }
    return { ...base, shares, defaulted: defaulted && j.feeType === "C" };
  });
  const last = page[page.length - 1];
  return { jobs, next: page.length === size && last ? { at: last.resolvedAt, ref: last.ref } : null };
}

/**
 * Every job of the settlement, page by page, in the order resolved: the detail behind
 * {@link computeSettlement} (the CSV with `--detail`). Memory stays flat.
 *
 * @example
 * ```ts
 * for await (const page of settlementJobPages(store, opts)) out(settlementJobsCsvLines(page, "zh-CN"));
 * ```
 */
export async function* settlementJobPages(
  store: ReportSource,
  o: SettlementOptions & { pageSize?: number },
): AsyncGenerator<SettlementJob[]> {
  const staff = new Map<number, { name: string | null; slackUserId: string }>();
  let cursor: SettlementCursor | null = null;
  do {
    const page: { jobs: SettlementJob[]; next: SettlementCursor | null } = await settlementJobPage(store, o, cursor, staff);
    if (page.jobs.length) yield page.jobs;
    cursor = page.next;
  } while (cursor);
}
