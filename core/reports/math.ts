/**
 * Arithmetic and vocabularies shared by every report: rounding, percentages, means,
 * percentiles, count maps in the domain's key order, and the outcome classes.
 *
 * @module
 */
import { PRODUCT_CATEGORIES } from "../domain/product.ts";
import { TICKET_KINDS, TICKET_STATUSES } from "../domain/ticket.ts";
import type { WorkingCalendar } from "../sla/calendar.ts";

export const HOUR_MS = 3_600_000;

/** Rounds half away from zero to `digits` decimals (`round(2.675, 2)` is 2.68). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f * (1 + Number.EPSILON))) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** `part / whole` in percent, one decimal; null when `whole` is 0. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? round((part / whole) * 100, 1) : null;
}

/** Arithmetic mean, two decimals; null for no values. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return round(values.reduce((a, b) => a + b, 0) / values.length, 2);
}

/** `sum / count`, two decimals; null when `count` is 0 (the mean of values summed elsewhere, e.g. in SQL). */
export function meanOf(sum: number, count: number): number | null {
  return count > 0 ? round(sum / count, 2) : null;
}

/**
 * The `p`-quantile (0..1) with linear interpolation between closest ranks (Excel's
 * PERCENTILE.INC, NumPy's default, PostgreSQL's `percentile_cont`): sort ascending,
 * `h = (n − 1) × p`, answer `x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋+1] − x[⌊h⌋])`; two decimals; null
 * for no values. The median is `quantile(xs, 0.5)`: the mean of the two middle values when n is even.
 *
 * @example
 * ```ts
 * quantile([0, 0.5, 0.5, 1, 1, 2], 0.5); // 0.75
 * quantile([6, 6.5, 6.5, 12, 14], 0.9);  // 13.2
 * ```
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return round(xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!), 2);
}

/** Canonical key orders of the count maps (known values first, in domain order). */
export const KEY_ORDER = {
  kind: TICKET_KINDS as readonly string[],
  product: [...PRODUCT_CATEGORIES, "none"] as readonly string[],
  status: TICKET_STATUSES as readonly string[],
  feeType: ["A", "B", "C"] as readonly string[],
  resolution: ["repaired", "self_service", "invalid", "duplicate", "cancelled", "none"] as readonly string[],
  complaintKind: ["product", "service", "environment", "unknown"] as readonly string[],
  severity: ["major", "ordinary", "unknown"] as readonly string[],
  routing: ["quality", "logistics", "supervisors", "safety", "unknown"] as readonly string[],
};

/** The outcome classes of a finished job, in precedence order (seed 000 第四篇). */
export const OUTCOME_CLASSES = [
  "complaint",
  "repeat_visits",
  "not_fixed_first",
  "attitude",
  "unsatisfied",
  "satisfied",
  "no_response",
] as const;
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];

/**
 * Surveys per outcome class. All seven classes are always present; `unclassified` counts
 * surveys without a class yet (callback still pending); a class name the desk does not know
 * gets its own key.
 */
export type OutcomeCounts = Record<OutcomeClass | "unclassified", number> & Record<string, number>;

export function emptyOutcomes(): OutcomeCounts {
  return { complaint: 0, repeat_visits: 0, not_fixed_first: 0, attitude: 0, unsatisfied: 0, satisfied: 0, no_response: 0, unclassified: 0 };
}

/** Counts per key. */
export type Counts = Record<string, number>;

/** Counts keys (null → "none") into an object ordered by `order`, then alphabetically. */
export function countBy(keys: Iterable<string | null>, order: readonly string[] = []): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keys) {
    const key = k ?? "none";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return sortKeys(counts, order);
}

/** A copy of `o` with the keys of `order` first (in that order), then the rest alphabetically. */
export function sortKeys<T>(o: Record<string, T>, order: readonly string[] = []): Record<string, T> {
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  const keys = Object.keys(o).sort((a, b) => rank(a) - rank(b) || compareText(a, b));
  const out: Record<string, T> = {};
  for (const k of keys) out[k] = o[k]!;
  return out;
}

/** Code-point order (the same in every process, unlike localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `at` lies in `[from, to)`. */
export function within(at: Date | null | undefined, from: Date, to: Date): boolean {
  return !!at && at.getTime() >= from.getTime() && at.getTime() < to.getTime();
}

/** Working hours from `a` to `b` (not rounded; never negative). */
export function workingHours(calendar: WorkingCalendar, a: Date, b: Date): number {
  return Math.max(0, calendar.workingTimeBetween(a, b)) / HOUR_MS;
}
