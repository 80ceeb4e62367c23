/**
 * The knobs of the KB search: BM25F field weights and saturation, how coverage is counted,
 * and the priors of the confidence thresholds (calibrated per KB, see calibrate.ts).
 */
import { DEFAULT_CALIBRATION, type ClearPath } from "./calibrate.ts";

/**
 * Field weights. Sample questions are how customers phrase things, so they count most; the
 * body is long and full of generic words, so it counts least.
 */
export const FIELD_BOOST = { questions: 3, title: 2, tags: 1.5, body: 0.5 } as const;

/** Field weights, by field name. */
export type FieldBoosts = Record<keyof typeof FIELD_BOOST, number>;

/** BM25 saturation and length normalisation (the usual values from the literature). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/**
 * Prior for the minimum coverage of an answer, used only when the KB is too small to
 * calibrate (see calibrate.ts). Coverage is the share of the query's own topical content
 * (idf-weighted Han characters and Latin words that are not particles, question framing,
 * brand or product names, or model numbers) that the top entry matched.
 */
export const MIN_COVERAGE = DEFAULT_CALIBRATION.minCoverage;

/**
 * Minimum matched content, in unweighted units (a Han character = 1, a Latin word = 2): at
 * least one Chinese word or one English word must really match.
 */
export const MIN_MATCHED_WEIGHT = 2;

/**
 * Prior for the factor by which the top entry's score must beat the best runner-up on a
 * different topic (the zh/en twin of an entry is the same topic); calibrated per KB.
 */
export const MIN_MARGIN = DEFAULT_CALIBRATION.minMargin;

/**
 * A Han character that the entry matches only on its own (not inside a matching bigram or
 * word) counts this much towards coverage: evidence, but weaker than a matched word.
 */
export const UNIGRAM_COVERAGE = 0.5;

/** A term the entry contains only in its body (not in title, questions or tags) counts this much towards coverage. */
export const BODY_COVERAGE = 0.5;

/**
 * A query unit no entry knows at all (no term that stands for it is in the KB) counts this
 * share of its weight towards coverage: the KB can say nothing about it, neither that an
 * entry explains it nor that another entry does. A word the KB knows but the answer lacks
 * keeps its full weight (it points elsewhere).
 */
export const UNKNOWN_COVERAGE = 0.5;

/**
 * The discount of {@link UNKNOWN_COVERAGE} applies only to an entry that matched at least
 * this much of the query (two Chinese words or two English words): when an entry explains a
 * single word, the words the KB does not know are what the customer is asking about.
 */
export const UNKNOWN_MIN_MATCHED = 4;

/**
 * For an entry in the other language than the query's, a unit that no language-neutral term
 * (catalogue product, lexicon concept) stands for counts this share of its weight: it could
 * not be matched across languages whatever the entry said.
 */
export const CROSS_LANGUAGE_COVERAGE = 0.5;

/**
 * A query unit that a lexicon concept or a negated word stands for ("stopped cooling" →
 * not-cooling, "won't charge" → !charg), matched by an entry only through its words and not
 * through the concept, counts this much: the entry shares the words but may say the opposite
 * ("the light is off but it still cools").
 */
export const CONCEPT_WORD_COVERAGE = 0.5;

/**
 * The best clause of a message stands for it (see `Scorer.coverage`) when it matches this
 * many times the minimum matched content: a word and a half ("洗衣机不甩干，衣服拿出来还是
 * 湿透的": the first clause is the fault, one word and a half of it). It was two words; a
 * word and a half answered a few more on three dev sets and one question fewer on one
 * (dev-f, through its calibration), with no more out-of-scope answers.
 */
export const CLAUSE_MIN_MATCHED = 1.5;

/** Number of results returned. */
export const MAX_RESULTS = 5;

/** Candidates kept after ranking (results, runner-up search, fusion). */
/** Candidates kept after ranking (results, runner-up search, fusion). */
export const MAX_CANDIDATES = 30;

/** Candidates reranked by coverage. */
export const RERANK_DEPTH = 20;

/**
 * Rerank key: coverage first (how much of what the customer said the entry explains), with
 * the BM25 score relative to the best candidate's as a lesser term that breaks near-ties.
 */
export const RERANK_SCORE_SHARE = 0.25;

export function rerankKey(relScore: number, coverage: number): number {
  return coverage + RERANK_SCORE_SHARE * relScore;
}

/** The decision knobs in one object. */
export interface KbTuning {
  fieldBoost: FieldBoosts;
  minCoverage: number;
  minMatchedWeight: number;
  minMargin: number;
  /** See `requiredMargin` (calibrate.ts): how fast the required margin falls with coverage. */
  marginSlope: number;
  /** An answer whose query says this much of one of its own texts needs only to lead (null: off); see self-match.ts. */
  minSelfMatch: number | null;
  /** The clear-winner path below `minCoverage` (null: none); see `ClearPath` (calibrate.ts). */
  clear: ClearPath | null;
  /** False: the long-message path is closed (see `tellsAtLength`, calibrate.ts). */
  long?: boolean;
  /** The matched content the long-message path asks for (see `DecisionRule.longMatched`, calibrate.ts). */
  longMatched?: number;
  unigramCoverage: number;
  bodyCoverage: number;
  /** See {@link UNKNOWN_COVERAGE}. */
  unknownCoverage: number;
  /** See {@link CROSS_LANGUAGE_COVERAGE}. */
  crossLanguageCoverage: number;
  /** See {@link CONCEPT_WORD_COVERAGE}. */
  conceptWordCoverage: number;
}

export const DEFAULT_TUNING: Readonly<KbTuning> = Object.freeze({
  fieldBoost: { ...FIELD_BOOST },
  minCoverage: MIN_COVERAGE,
  minMatchedWeight: MIN_MATCHED_WEIGHT,
  minMargin: MIN_MARGIN,
  marginSlope: DEFAULT_CALIBRATION.marginSlope,
  minSelfMatch: DEFAULT_CALIBRATION.minSelfMatch,
  clear: DEFAULT_CALIBRATION.clear,
  unigramCoverage: UNIGRAM_COVERAGE,
  bodyCoverage: BODY_COVERAGE,
  unknownCoverage: UNKNOWN_COVERAGE,
  crossLanguageCoverage: CROSS_LANGUAGE_COVERAGE,
  conceptWordCoverage: CONCEPT_WORD_COVERAGE,
});
