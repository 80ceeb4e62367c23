/**
 * FAQ knowledge base: KB file format and loading, bilingual CJK-aware analysis, a packed
 * index (buildable off the event loop), confidence calibrated on the KB itself, and a search
 * that gives one confident answer or none.
 *
 * @example
 * ```ts
 * import { KbIndex, loadKbDir } from "../core/kb/index.ts";
 * const { entries, errors, warnings } = await loadKbDir("kb");
 * const kb = new KbIndex(entries);
 * const { answer } = kb.search("洗衣机不排水", { product: "washer" });
 * ```
 */
export {
  KbFormatError,
  idFromPath,
  parseKbEntry,
  parseKbFile,
  sha256Hex,
  slugId,
  type KbEntry,
  type KbErrorCode,
  type KbWarning,
  type KbWarningCode,
  type ParsedKbFile,
} from "./entry.ts";
export { loadKbDir, type KbLoadError, type KbLoadResult, type KbLoadWarning } from "./load.ts";
export {
  Analyzer,
  BRAND_NAMES,
  CONCEPT_TERM,
  EN_STOP_WORDS,
  NAME_TERM_WEIGHT,
  PRODUCT_TERM,
  UNIGRAM_WEIGHT,
  VARIANT_WEIGHT,
  ZH_NEUTRAL_PHRASES,
  ZH_STOP_CHARS,
  analyzeText,
  detectDocLang,
  detectLang,
  detectProducts,
  getDefaultAnalyzer,
  hasCjk,
  normalizeText,
  queryTerms,
  stemEn,
  tokenize,
  type QueryUnit,
  type TextAnalysis,
  type UnitKind,
} from "./tokenize.ts";
export { SYMPTOM_LEXICON, type LexiconConcept } from "./lexicon.ts";
export {
  DEFAULT_CALIBRATION,
  MIN_PROBES,
  TARGET_FALSE_ANSWERS,
  TARGET_WRONG_ANSWERS,
  calibrate,
  formatCalibration,
  formatOverlaps,
  type Calibration,
  type Probe,
} from "./calibrate.ts";
export { buildPackedIndex, type PackedIndex } from "./packed.ts";
export { formatMissingQuestions, MAX_ADVICE_IDS } from "./advice.ts";
export { MAX_SUGGESTIONS, suggestions } from "./suggest.ts";
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
  entryText,
  evaluateKb,
  topicOf,
  type DecisionReason,
  type KbEvalReport,
  type KbIndexOptions,
  type KbTuning,
  type LabeledQuery,
  type SearchExplanation,
  type SearchOptions,
  type SearchOutcome,
  type SearchResult,
} from "./search.ts";
