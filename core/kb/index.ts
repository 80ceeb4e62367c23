/**
 * FAQ knowledge base: KB file format and loading, CJK-aware analysis, and a
 * search that gives one confident answer or none.
 *
 * @example
 * ```ts
 * import { KbIndex, loadKbDir } from "../core/kb/index.ts";
 * const { entries, errors } = await loadKbDir("kb");
 * const kb = new KbIndex(entries);
 * const { answer } = kb.search("洗衣机不排水", { product: "washer" });
 * ```
 */
export { KbFormatError, MIN_QUESTIONS, parseKbEntry, sha256Hex, type KbEntry, type KbErrorCode } from "./entry.ts";
export { loadKbDir, type KbLoadError, type KbLoadResult } from "./load.ts";
export {
  BRAND_NAMES,
  EN_STOP_WORDS,
  NAME_TERM_WEIGHT,
  PRODUCT_KEYWORDS,
  UNIGRAM_WEIGHT,
  VARIANT_WEIGHT,
  ZH_NEUTRAL_PHRASES,
  ZH_PRODUCT_NAMES,
  ZH_STOP_CHARS,
  analyzeText,
  detectLang,
  detectProducts,
  hasCjk,
  normalizeText,
  queryTerms,
  stemEn,
  tokenize,
  type QueryUnit,
  type TextAnalysis,
  type UnitKind,
} from "./tokenize.ts";
export {
  BODY_COVERAGE,
  DEFAULT_TUNING,
  FIELD_BOOST,
  FUZZY_MIN_LENGTH,
  KbIndex,
  MAX_RESULTS,
  MIN_COVERAGE,
  MIN_MARGIN,
  MIN_MATCHED_WEIGHT,
  UNIGRAM_COVERAGE,
  evaluateKb,
  topicOf,
  type DecisionReason,
  type KbEvalReport,
  type KbTuning,
  type LabeledQuery,
  type SearchExplanation,
  type SearchOptions,
  type SearchOutcome,
  type SearchResult,
} from "./search.ts";
