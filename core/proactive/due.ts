/**
 * The dates reminders are about, pure: a consumable's due date from the catalogue's interval
 * and the product's last replacement (or install, or purchase) date; a warranty's end; whole
 * months between two days. Days are "YYYY-MM-DD" strings; stored dates are UTC midnights.
 */
import type { Consumable } from "../catalogue/index.ts";
import { addMonths } from "../domain/fee.ts";
import type { ProductRow } from "../store/index.ts";

/** "YYYY-MM-DD" of a stored date (or null). */
export function dayOf(d: Date | null | undefined): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}

/** A stored date (UTC midnight) of "YYYY-MM-DD". */
export function dateOf(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** "YYYY-MM-DD" plus calendar months (clamped to the month's last day). */
export function addMonthsToDay(day: string, months: number): string {
  return dayOf(addMonths(dateOf(day), months))!;
}

/** "YYYY-MM-DD" plus days (negative: before). */
export function addDaysToDay(day: string, days: number): string {
  return dayOf(new Date(dateOf(day).getTime() + days * 86_400_000))!;
}

/** Whole months from `from` to `to` (0 if `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return Math.max(0, months);
}

/** The consumables map a product keeps ({ id: "YYYY-MM-DD" }). */
export function changedOn(product: Pick<ProductRow, "consumablesChangedOn">): Record<string, string> {
  const v = product.consumablesChangedOn;
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, string>) : {};
}

/**
 * When a consumable of a product is due: its interval after the last replacement of it,
 * else after the product's last consumable change, install or purchase date. Null when the
 * product has none of these dates.
 *
 * @example
 * ```ts
 * consumableDue({ purchaseDate: new Date("2026-08-24"), … }, { id: "pp-cotton", intervalMonths: 3, … });
 * // { since: "2026-08-24", due: "2026-11-24" }
 * ```
 */
export function consumableDue(
  product: Pick<ProductRow, "consumablesChangedOn" | "filterChangedAt" | "installDate" | "purchaseDate">,
  consumable: Consumable,
): { since: string; due: string } | null {
  const since =
    changedOn(product)[consumable.id] ?? dayOf(product.filterChangedAt) ?? dayOf(product.installDate) ?? dayOf(product.purchaseDate);
  return since ? { since, due: addMonthsToDay(since, consumable.intervalMonths) } : null;
}

/** The last day of a product's warranty (purchase date plus the category's months), or null. */
export function warrantyEnd(product: Pick<ProductRow, "purchaseDate" | "category">, months: Record<string, number>): string | null {
  const bought = dayOf(product.purchaseDate);
  const m = months[product.category];
  return bought && m !== undefined ? addMonthsToDay(bought, m) : null;
}
