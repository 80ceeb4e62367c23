/**
 * What text analysis produces (see tokenize.ts): query units with their kind, the terms and
 * their weights, and the prefixes of the language-neutral terms.
 */

/** How a query unit counts when measuring how much of a query an entry covers. */
export type UnitKind =
  /** Topical content: counts towards coverage. */
  | "content"
  /** Indexed and searched, but neither helps nor hurts coverage (怎么办, how, brand names, model numbers). */
  | "neutral"
  /** Dropped entirely (的, 了, 吗, the, my …). */
  | "stop";

export interface QueryUnit {
  /** The character (Han) or word (Latin) in the normalised text. */
  text: string;
  kind: UnitKind;
  /** Coverage weight: 1 per Han character, 2 per Latin word (about one Chinese word). */
  weight: number;
  /** Part of a brand or product name (neutral, and down-weighted for ranking). */
  isName?: boolean;
  /** True for a Han character (pinyin matching applies to Han bigrams only). */
  han?: boolean;
  /** Which clause of the text the unit is in (0, 1, …: split at sentence punctuation). */
  clause?: number;
}

export interface TextAnalysis {
  /** Normalised text. */
  normalized: string;
  /** Terms in order, with repetitions (term frequency matters when indexing). */
  terms: string[];
  /** Units of the text, see {@link QueryUnit}. */
  units: QueryUnit[];
  /**
   * For each distinct term, the indices of the units it stands for. Rank-only terms
   * (single-character unigrams inside longer Han runs, model-number products) are absent.
   */
  termUnits: Map<string, number[]>;
  /** Query-time weight per distinct term (see {@link UNIGRAM_WEIGHT}, {@link VARIANT_WEIGHT}, {@link NAME_TERM_WEIGHT}). */
  termWeight: Map<string, number>;
  /** For each rank-only unigram, the Han character units it matches (used for partial coverage). */
  unigramUnits: Map<string, number[]>;
  /**
   * Terms searched only as they are, never matched fuzzily or by sound: English words the
   * analyser knows (catalogue names, lexicon phrases: flashing is not flushing), and Han
   * bigrams across two words (临时|有事 → 时有 is not 视有).
   */
  exact?: ReadonlySet<string>;
  /** Categories the text names (catalogue synonyms and model numbers), in order of mention. */
  products: string[];
}

/** Weight of rank-only Han unigrams relative to bigrams and words. */
export const UNIGRAM_WEIGHT = 0.3;
/** Weight of each of a Latin word's two forms (raw and stemmed). */
export const VARIANT_WEIGHT = 0.5;
/** Ranking weight of terms that are only a brand or product name (空调, 海尔, fridge). */
export const NAME_TERM_WEIGHT = 0.3;
/** Prefix of catalogue product terms. */
export const PRODUCT_TERM = "@";
/** Prefix of lexicon concept terms. */
export const CONCEPT_TERM = "~";
/**
 * Prefix of negated English words: `!charg` for "won't charge", "not charging", "no charge"
 * (the word after a negation in the phrase stream), so an entry about the fault is told from
 * one that only mentions the word ("very hot while charging").
 */
export const NEGATED_TERM = "!";
