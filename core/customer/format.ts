/** Small text helpers shared by the customer flows. */
import type { Messages } from "../i18n/index.ts";

/** Characters of a description shown on a card (the full text stays on the ticket). */
export const CARD_DESCRIPTION_CHARS = 300;

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + "…";
}

/** Splits items into rows of `size` (button rows). */
export function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let start = 0; start < items.length; start += size) rows.push(items.slice(start, start + size));
  return rows;
}

/** Matches typed text against a button's choices (value or label in the customer's language). */
export function matchChoice<T extends string>(text: string, values: readonly T[], labels: Record<string, string>): T | undefined {
  const typed = text.normalize("NFKC").trim().toLowerCase();
  return values.find((value) => value === typed || labels[value]?.toLowerCase() === typed);
}

/** A product category in the customer's language ("unknown" when there is none). */
export function productLabel(ui: Messages, category: string | null): string {
  return category ? (ui.products[category] ?? category) : ui.summary.unknown;
}
