/**
 * How first-line steps read in a chat: a KB answer is often a page (seven numbered steps, a
 * safety note, a closing line). The customer first gets a short message — the first steps
 * and any safety note, with Solved / Still need service — and a "more steps" button for the
 * rest, so each message stays well within a chat message's length.
 */
import type { CardButton, MessageCard } from "../card.ts";
import type { Messages } from "../i18n/index.ts";
import { BUTTON } from "./codes.ts";

/** Steps shown in the first message; the rest come with "more steps". */
export const FIRST_STEPS = 3;
/**
 * Longest text of one first-line message (characters). Telegram allows 4096 per message; a
 * chat reply is meant to be read at a glance, so far less.
 */
export const FAQ_MESSAGE_CHARS = 1200;

const STEP_RE = /^\s*(?:\d{1,2}[.、)）]|[-*•]\s)\s*/;
const SAFETY_RE = /⚠|安全|危险|safety|warning|danger/i;

/** A KB answer cut into what comes first and what comes on request. */
export interface SplitAnswer {
  /** intro, the first steps and safety notes */
  first: string;
  /** the remaining steps and closing lines; empty when everything fits in the first message */
  rest: string;
}

/**
 * Splits a KB answer into a short first message and the rest. Safety notes always go first.
 *
 * @example
 * ```ts
 * const { first, rest } = splitAnswer(entry.body); // first: intro + steps 1–3 + ⚠️ note
 * ```
 */
export function splitAnswer(body: string): SplitAnswer {
  const blocks = body
    .split(/\n\s*\n|\n(?=\s*\d{1,2}[.、)）])/)
    .map((b) => b.trim())
    .filter(Boolean);
  const steps = blocks.filter((b) => STEP_RE.test(b));
  if (steps.length <= FIRST_STEPS + 1) return fit({ first: body.trim(), rest: "" });
  const firstSteps = new Set(steps.slice(0, FIRST_STEPS));
  const firstStepAt = blocks.indexOf(steps[0]!);
  const first: string[] = [];
  const rest: string[] = [];
  blocks.forEach((block, i) => {
    if (i < firstStepAt || firstSteps.has(block) || SAFETY_RE.test(block)) first.push(block);
    else if (STEP_RE.test(block)) rest.push(block);
    // closing lines ("reply Still need service if…") say what the buttons say: left out
  });
  return fit({ first: join(first), rest: join(rest) });
}

function join(blocks: string[]): string {
  // steps stay a list (single line breaks); other blocks get a blank line around them
  let out = "";
  let prevStep = false;
  for (const block of blocks) {
    const step = STEP_RE.test(block);
    if (out) out += step && prevStep ? "\n" : "\n\n";
    out += block;
    prevStep = step;
  }
  return out;
}

function fit(split: SplitAnswer): SplitAnswer {
  if (split.first.length <= FAQ_MESSAGE_CHARS) return split;
  const cut = split.first.lastIndexOf("\n", FAQ_MESSAGE_CHARS);
  const at = cut > FAQ_MESSAGE_CHARS / 2 ? cut : FAQ_MESSAGE_CHARS;
  return { first: split.first.slice(0, at).trimEnd(), rest: (split.first.slice(at).trim() + "\n\n" + split.rest).trim() };
}

function answerButtons(ui: Messages, ref: number, more: boolean): CardButton[][] {
  const rows: CardButton[][] = [
    [
      { label: ui.buttons.solved, action: BUTTON.faqSolved, value: String(ref), style: "primary" },
      { label: ui.buttons.needService, action: BUTTON.faqNeedService, value: String(ref) },
    ],
  ];
  if (more) rows.push([{ label: ui.buttons.moreSteps, action: BUTTON.faqMore, value: String(ref) }]);
  return rows;
}

/**
 * The first-line message: steps (the first of them, for a long KB answer), the source and the
 * question, with Solved / Still need service (and "more steps" when there are more).
 *
 * @param generated the text was written by the LLM from the entry (sent whole: it is short)
 *
 * @example
 * ```ts
 * turn.send(offerCard(turn.ui, ticket.ref, entry.title, entry.body, false));
 * ```
 */
export function offerCard(ui: Messages, ref: number, title: string, text: string, generated: boolean): MessageCard {
  const { first, rest } = generated ? { first: text, rest: "" } : splitAnswer(text);
  return {
    title: ui.faqIntro,
    body: first,
    format: "markdown",
    footer: `${ui.faqSource(title)}\n${ui.faqQuestion}`,
    buttons: answerButtons(ui, ref, rest !== ""),
  };
}

/**
 * The rest of a long KB answer, asked for with "more steps".
 *
 * @example
 * ```ts
 * turn.send(moreStepsCard(turn.ui, ticket.ref, entry.body));
 * ```
 */
export function moreStepsCard(ui: Messages, ref: number, body: string): MessageCard {
  return {
    body: splitAnswer(body).rest || body,
    format: "markdown",
    footer: ui.faqQuestion,
    buttons: answerButtons(ui, ref, false),
  };
}
