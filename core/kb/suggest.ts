/**
 * "Is it one of these?": when no entry is a confident answer, the entries the customer may
 * pick from themselves. The search ranks the right entry among its first three for nearly
 * every answerable question, even where it cannot tell which one it is (two entries on
 * close topics, a fault told among much else); the customer can, at a glance of the titles.
 *
 * Only a search that found something the message says is asked for suggestions: the top
 * entry matched a word of it or more ({@link MIN_MATCHED_WEIGHT}), and the search refused it
 * for low coverage or an unclear lead, not for having nothing to go on or for being about
 * products the shop does not serve. Entries that explain much less of the message than the
 * best one are left out ({@link SUGGESTION_MIN_SHARE}), and one entry stands for a topic.
 */
import { topicOf, type DecisionReason, type SearchExplanation } from "./outcome.ts";
import { MIN_MATCHED_WEIGHT } from "./tuning.ts";

/** Entries suggested at most: three titles are read at a glance on a phone. */
export const MAX_SUGGESTIONS = 3;

/** A suggested entry explains at least this share of what the best candidate explains of the message. */
export const SUGGESTION_MIN_SHARE = 0.5;

/** The refusals that still leave something to suggest. */
const SUGGESTING: ReadonlySet<DecisionReason> = new Set(["low-coverage", "ambiguous"]);

/**
 * The ids of the entries to suggest for an unanswered message (empty: nothing worth offering,
 * or the search answered).
 *
 * @example
 * ```ts
 * const x = kb.explain("洗衣机显示UE还一直晃");
 * if (!x.answer) offer(suggestions(x).map((id) => kb.get(id)!.title));
 * ```
 */
export function suggestions(x: Pick<SearchExplanation, "answer" | "reason" | "matchedWeight" | "candidates">, max = MAX_SUGGESTIONS): string[] {
  if (x.answer || !SUGGESTING.has(x.reason) || x.matchedWeight < MIN_MATCHED_WEIGHT) return [];
  const candidates = x.candidates ?? [];
  const best = Math.max(0, ...candidates.map((c) => c.coverage));
  if (best === 0) return [];
  const topics = new Set<string>();
  const out: string[] = [];
  for (const c of candidates) {
    if (out.length >= max) break;
    if (c.coverage < SUGGESTION_MIN_SHARE * best || topics.has(topicOf(c.id))) continue;
    topics.add(topicOf(c.id));
    out.push(c.id);
  }
  return out;
}
