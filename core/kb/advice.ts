/**
 * Advice to the shop about its KB, printed by `faq import` and `faq eval --kb`: what the
 * shop can add so that the desk answers more of its customers confidently.
 */
import type { KbEntry } from "./entry.ts";

/** Entry ids named in one line of advice at most; the rest are counted. */
export const MAX_ADVICE_IDS = 8;

/**
 * The entries with no sample question, as one line for people (null: every entry has one).
 * Sample questions in customers' words are what the search matches best and what the
 * confidence rule is calibrated on (calibrate.ts): an entry with none is asked only its title.
 *
 * @example
 * ```ts
 * formatMissingQuestions(entries)
 * // "3 of 45 entries have no sample question (boiler-code-table, invoice, trade-in): two or three each, in your customers' words, let the desk match and answer more of them"
 * ```
 */
export function formatMissingQuestions(entries: readonly KbEntry[]): string | null {
  const ids = entries.filter((e) => e.questions.length === 0).map((e) => e.id);
  if (ids.length === 0) return null;
  const named = ids.slice(0, MAX_ADVICE_IDS).join(", ") + (ids.length > MAX_ADVICE_IDS ? ` and ${ids.length - MAX_ADVICE_IDS} more` : "");
  return (
    `${ids.length} of ${entries.length} ${entries.length === 1 ? "entry has" : "entries have"} no sample question (${named}): ` +
    "two or three each, in your customers' words, let the desk match and answer more of them"
  );
}
