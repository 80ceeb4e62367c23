/**
 * What a customer's free text already says about a report: from the LLM's understanding
 * when there is one, else from keyword detection. Fills only what is still unanswered.
 */
import type { Understanding } from "../assistant/port.ts";
import { isProductCategory } from "../domain/product.ts";
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
export function prefill(draft: Draft, text: string, understanding?: Understanding | null): void {
  if (draft.category === undefined) draft.category = categoryOf(understanding) ?? detectCategory(text);
  if (draft.model === undefined) {
    const model = modelOf(understanding) ?? detectModel(text);
    if (model) draft.model = model;
  }
  if (draft.kind === undefined) draft.kind = kindOf(understanding) ?? detectKind(text);
}

/** The product category the LLM understood, if it is one the desk knows. */
export function categoryOf(understanding?: Understanding | null): string | undefined {
  return understanding?.category && isProductCategory(understanding.category) ? understanding.category : undefined;
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
