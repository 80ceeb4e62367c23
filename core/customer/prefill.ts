/**
 * What a customer's free text already says about a report: from the LLM's understanding
 * when there is one, else from keyword detection. Fills only what is still unanswered.
 */
import type { Understanding } from "../assistant/port.ts";
import { defaultCatalogue, type Catalogue } from "../catalogue/index.ts";
import { detectCategory, detectKind, detectModel } from "./detect.ts";
import type { Draft } from "./intake.ts";
import { MAX_FIELD } from "./types.ts";

/**
 * Fills the draft's kind, product and model from the text, without overwriting answers.
 *
 * @example
 * ```ts
 * const draft: Draft = { description: "冰箱不制冷了", photos: [] };
 * prefill(draft, "冰箱不制冷了"); // draft.category === "fridge", draft.kind === "repair"
 * ```
 */
export function prefill(draft: Draft, text: string, understanding?: Understanding | null, catalogue: Catalogue = defaultCatalogue()): void {
  if (draft.category === undefined) draft.category = categoryOf(understanding, catalogue) ?? detectCategory(text, catalogue);
  if (draft.model === undefined) {
    const model = modelOf(understanding) ?? detectModel(text);
    if (model) draft.model = model;
  }
  if (draft.kind === undefined) draft.kind = kindOf(understanding) ?? detectKind(text);
}

/**
 * The catalogue category the LLM understood: its answer when the catalogue has that
 * category, or the one category a family it names stands for (none when the family is a
 * group of several, e.g. small appliances). `within` keeps only those categories.
 */
export function categoryOf(
  understanding?: Understanding | null,
  catalogue: Catalogue = defaultCatalogue(),
  within?: readonly string[],
): string | undefined {
  const said = understanding?.category;
  if (!said) return undefined;
  const ids = catalogue.has(said) ? [said] : catalogue.resolve(said);
  const fit = within ? ids.filter((id) => within.includes(id)) : ids;
  return fit.length === 1 ? fit[0] : undefined;
}

/** The kind of service an understood intent implies (a fault report is a repair). */
export function kindOf(understanding?: Understanding | null): string | undefined {
  if (!understanding) return undefined;
  if (understanding.intent === "fault_report") return "repair";
  if (understanding.intent === "usage_question") return "consult";
  return undefined;
}

function modelOf(understanding?: Understanding | null): string | undefined {
  const model = understanding?.model;
  return model && model.length <= MAX_FIELD.model ? model.normalize("NFKC").toUpperCase() : undefined;
}
