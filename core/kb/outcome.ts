/** What a KB search is asked (options) and what it answers (results, decision, explanation). */

export interface SearchOptions {
  /** Preferred language; detected from the query when absent (any Chinese → zh). */
  lang?: "zh" | "en";
  /** Customer's product category (or group); entries for other products are excluded (general ones stay). */
  product?: string | null;
}

export interface SearchResult {
  id: string;
  title: string;
  /** Ranking score (BM25F, or fused rank score with embeddings), rounded to 3 decimals. */
  score: number;
}

export interface SearchOutcome {
  query: string;
  /** Id of the one entry we are confident answers the query, or null (hand over to a human). */
  answer: string | null;
  /** Top results, best first (at most {@link MAX_RESULTS}). */
  results: SearchResult[];
}

/** Why the search answered or handed over; "not-served": the message is only about products the shop does not serve. */
export type DecisionReason = "confident" | "no-query-terms" | "no-results" | "low-coverage" | "too-little-matched" | "ambiguous" | "not-served";

export interface SearchExplanation extends SearchOutcome {
  lang: "zh" | "en";
  /** True if nothing matched in the preferred language and other languages were searched. */
  fellBackToOtherLang: boolean;
  /** True if the top result is in another language than the query's. */
  crossLanguage: boolean;
  /** Coverage of the top result (0..1, 3 decimals): of the whole query, or of its best clause when that is higher (see Scorer.coverage). */
  coverage: number;
  /** Matched content weight of the top result. */
  matchedWeight: number;
  /** Top score / best different-topic runner-up score, null when there is no runner-up. */
  margin: number | null;
  /** How nearly the query says one of the top entry's own texts (title, sample question), 0..1. */
  selfMatch: number;
  reason: DecisionReason;
  /** The query terms that were searched (with typo and homophone expansions). */
  terms: string[];
  /** True when embeddings took part in the ranking. */
  fused?: boolean;
  /** The results as the rerank saw them: ranking score relative to the best, and coverage (for people tuning a KB). */
  candidates?: { id: string; relScore: number; coverage: number }[];
}

/**
 * The topic of an entry: its id without the language suffix, so the zh and en versions of
 * one FAQ (`fridge-not-cooling-zh`, `fridge-not-cooling-en`) are one topic.
 *
 * @example
 * ```ts
 * topicOf("fridge-not-cooling-zh") // "fridge-not-cooling"
 * ```
 */
export function topicOf(id: string): string {
  return id.replace(/-(?:zh|en)$/, "");
}
