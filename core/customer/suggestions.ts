/**
 * "Is it one of these?": when the knowledge base has no confident answer to a description
 * but a few entries match it, intake shows their titles as buttons before any other
 * question. A tap on one sends its steps as a confident answer would (the ticket opens, with
 * Solved / Still need service); "None of these" goes on with the report, which then goes
 * straight to staff. A message typed instead joins the description, and the report goes on.
 *
 * Only reports that self-help can settle get suggestions (a repair or a question on use, or
 * a kind not chosen yet): someone asking for an installation or a return wants the visit.
 */
import type { CardButton, MessageCard } from "../card.ts";
import type { KbEntry } from "../kb/index.ts";
import { BUTTON } from "./codes.ts";
import { clip } from "./format.ts";
import type { TurnContext } from "./context.ts";

/** Longest button label: an entry's title, clipped (a phone shows about this much of a button). */
export const SUGGESTION_LABEL_CHARS = 40;

/** Report kinds that are offered suggestions (undefined: the kind is not known yet). */
const SELF_HELP_KINDS: ReadonlySet<string | undefined> = new Set([undefined, "repair", "consult"]);

/** True when a report of this kind is offered suggestions. */
export function suggestsFor(kind: string | undefined): boolean {
  return SELF_HELP_KINDS.has(kind);
}

/**
 * The suggestions as a card: one button per entry, then "None of these".
 *
 * @example
 * ```ts
 * turn.send(suggestionCard(turn, entries));
 * ```
 */
export function suggestionCard(turn: TurnContext, entries: readonly Pick<KbEntry, "title">[], note?: string): MessageCard {
  const ui = turn.ui;
  const rows: CardButton[][] = entries.map((e, i) => [
    { label: clip(e.title, SUGGESTION_LABEL_CHARS), action: BUTTON.suggestion, value: String(i) },
  ]);
  rows.push([{ label: ui.buttons.noneOfThese, action: BUTTON.noSuggestion, value: "x" }]);
  return { body: (note ? note + "\n\n" : "") + ui.ask.suggest, buttons: rows };
}

/** The entries a draft's saved suggestions stand for, as the KB has them now (an entry removed since is left out). */
export function suggestedEntries(turn: TurnContext, ids: readonly string[] | undefined): KbEntry[] {
  return (ids ?? []).map((id) => turn.options.faq.get(id)).filter((e): e is KbEntry => !!e);
}
