/**
 * A purchase date as the customer gave it: "2026年3月" stays a month (the warranty counts it
 * as the month's last day, but the customer never said that day).
 */
import type { Messages } from "../i18n/index.ts";

/**
 * The purchase date for the customer's eyes: a day, a month, or "unknown".
 *
 * @example
 * ```ts
 * describePurchase(messages("zh-CN"), "2026-03-31", "month"); // "2026年3月"
 * ```
 */
export function describePurchase(ui: Messages, iso: string | null | undefined, precision?: "day" | "month"): string {
  if (!iso) return ui.summary.unknown;
  if (precision !== "month") return iso;
  return ui.purchaseMonth(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)));
}
