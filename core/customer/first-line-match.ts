/**
 * "Is there one confident answer to this description?" — asked as soon as a report has a
 * description, before any other question. The knowledge base is searched in the turn (it is
 * an in-memory index); with an LLM, the grounded answer was written before the transaction
 * (see {@link prepareFirstLine}), and the model may also say that no entry fits.
 */
import type { Assistant, GroundedAnswer } from "../assistant/port.ts";
import type { FaqService } from "../faq.ts";
import { suggestions, topicOf, type KbEntry } from "../kb/index.ts";
import type { TurnContext } from "./context.ts";

/** Entries the LLM may write from (the best ones found). */
export const LLM_ENTRIES = 3;

/** What the LLM wrote for a description, before the transaction. */
export interface PreparedFirstLine {
  /** the description the answer is for */
  question: string;
  /** null when the model failed (the KB's own answer is used then) */
  answer: GroundedAnswer | null;
  /** the entries it was given */
  entryIds: string[];
}

/** One confident first-line answer. */
export interface FirstLineMatch {
  entry: KbEntry;
  /** the steps to send: the entry's body, or the LLM's text from it */
  text: string;
  generated: boolean;
  score: number | null;
  /** the customer picked it among the suggestions (see {@link findSuggestions}) */
  picked?: boolean;
}

function productFilter(category?: string | null): string | null {
  return category && category !== "other" ? category : null;
}

/**
 * The confident answer to a description, if there is one.
 *
 * @example
 * ```ts
 * const match = findFirstLine(turn, "冰箱不制冷了", "fridge"); // entry fridge-not-cooling-zh
 * ```
 */
export function findFirstLine(turn: TurnContext, question: string, category?: string | null): FirstLineMatch | null {
  const faq = turn.options.faq;
  const outcome = faq.search(question, { product: productFilter(category) });
  const score = outcome.results[0]?.score ?? null;
  const prepared = turn.prepared.firstLine;
  if (prepared && prepared.question === question && prepared.answer) {
    const id = prepared.answer.entryId;
    const entry = id && prepared.entryIds.includes(id) ? faq.get(id) : undefined;
    return entry ? { entry, text: prepared.answer.text, generated: true, score } : null;
  }
  const entry = outcome.answer ? faq.get(outcome.answer) : undefined;
  return entry ? { entry, text: entry.body, generated: false, score } : null;
}

/**
 * When no answer is confident: the entries to offer as "is it one of these?" (see
 * core/kb/suggest.ts), each in the customer's language where the KB has it in both. None
 * when the LLM has already judged the best entries (it said none fits).
 *
 * @example
 * ```ts
 * const offered = findSuggestions(turn, "洗衣机显示UE还一直晃", "washer"); // up to 3 entries
 * ```
 */
export function findSuggestions(turn: TurnContext, question: string, category?: string | null): KbEntry[] {
  const prepared = turn.prepared.firstLine;
  if (prepared && prepared.question === question && prepared.answer) return [];
  const faq = turn.options.faq;
  const lang = turn.customer.lang === "en" ? "en" : "zh";
  const out: KbEntry[] = [];
  for (const id of suggestions(faq.explain(question, { product: productFilter(category) }))) {
    const entry = faq.get(`${topicOf(id)}-${lang}`) ?? faq.get(id);
    if (entry && !out.some((e) => e.id === entry.id)) out.push(entry);
  }
  return out;
}

/**
 * With an LLM, before the transaction: the grounded answer to a description, written from the
 * best entries (none are sent when the search finds nothing).
 *
 * @example
 * ```ts
 * prepared.firstLine = await prepareFirstLine(assistant, faq, { customerKey, question, lang, category });
 * ```
 */
export async function prepareFirstLine(
  assistant: Assistant,
  faq: FaqService,
  input: { customerKey: string; question: string; lang: string; category?: string | null; kind?: string | null; model?: string | null },
): Promise<PreparedFirstLine | undefined> {
  const outcome = faq.search(input.question, { product: productFilter(input.category) });
  const entries = outcome.results
    .slice(0, LLM_ENTRIES)
    .map((result) => faq.get(result.id))
    .filter((found) => !!found);
  if (!entries.length) return undefined;
  const answer = await assistant.answer({
    customerKey: input.customerKey,
    question: input.question,
    lang: input.lang,
    // the ticket is opened after this answer, so it has no reference yet
    ticket: {
      ref: 0,
      kind: input.kind ?? "repair",
      category: input.category ?? null,
      model: input.model ?? null,
      description: input.question,
      lang: input.lang,
    },
    entries,
  });
  return { question: input.question, answer, entryIds: entries.map((entry) => entry.id) };
}
