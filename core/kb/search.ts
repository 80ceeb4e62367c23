import MiniSearch, { type SearchResult as MsResult } from "minisearch";
import type { KbEntry } from "./entry.ts";
import { analyzeText, detectLang, detectProducts, type TextAnalysis } from "./tokenize.ts";

/**
 * Field weights. Sample questions are how customers phrase things, so they count
 * most; the body is long and full of generic words, so it counts least.
 */
export const FIELD_BOOST = { questions: 3, title: 2, tags: 1.5, body: 0.5 } as const;

/**
 * Minimum coverage for an answer. Coverage is the normalised score: the share of
 * the query's own topical content that the top entry matched. Content means Han
 * characters and Latin words that are not particles, question framing (怎么办,
 * how), brand or product names, or model numbers; each is weighted by its
 * inverse document frequency over the KB (BM25's idf; a word no entry contains
 * weighs most). So the query's own terms define the maximum reachable, and the
 * entry must reach at least half of it: "我想买一台新电视" (only 电视 matches, and
 * product names are neutral) stays below; "海尔BCD-215冰箱不冷了咋办" is fully
 * covered by 不冷. Products named in the message are handled by filtering
 * instead (see `detectProducts`).
 */
export const MIN_COVERAGE = 0.5;

/**
 * Minimum matched content, in unweighted units (a Han character = 1, a Latin
 * word = 2): at least one Chinese word or one English word must really match.
 */
export const MIN_MATCHED_WEIGHT = 2;

/**
 * The top entry's score must beat the best runner-up on a *different topic* by
 * this factor (the zh/en twin of an entry is the same topic). Otherwise the
 * question is ambiguous (e.g. a bare "E1" is both a fridge and an AC code).
 */
export const MIN_MARGIN = 1.2;

/**
 * A Han character that the entry matches only on its own (not inside a matching
 * bigram or word) counts this much towards coverage: 霜 in "结了厚厚一层霜" is
 * evidence, but weaker than a matched word.
 */
export const UNIGRAM_COVERAGE = 0.5;

/**
 * A term the entry contains only in its body (not in title, questions or tags)
 * counts this much towards coverage.
 */
export const BODY_COVERAGE = 0.5;

/** Typo tolerance: only ASCII words at least this long are matched fuzzily (edit distance 1, 2 from 8 letters). */
export const FUZZY_MIN_LENGTH = 4;

/** Number of results returned. */
export const MAX_RESULTS = 5;

/** The decision knobs in one object; the named constants above are the defaults. */
export interface KbTuning {
  fieldBoost: Record<"questions" | "title" | "tags" | "body", number>;
  minCoverage: number;
  minMatchedWeight: number;
  minMargin: number;
  unigramCoverage: number;
  bodyCoverage: number;
}

export const DEFAULT_TUNING: Readonly<KbTuning> = Object.freeze({
  fieldBoost: { ...FIELD_BOOST },
  minCoverage: MIN_COVERAGE,
  minMatchedWeight: MIN_MATCHED_WEIGHT,
  minMargin: MIN_MARGIN,
  unigramCoverage: UNIGRAM_COVERAGE,
  bodyCoverage: BODY_COVERAGE,
});

export interface SearchOptions {
  /** Preferred language; detected from the query when absent (any Chinese → zh). */
  lang?: "zh" | "en";
  /** Customer's product category; entries for other products are excluded (general ones stay). */
  product?: string | null;
}

export interface SearchResult {
  id: string;
  title: string;
  /** BM25 score, rounded to 3 decimals. */
  score: number;
}

export interface SearchOutcome {
  query: string;
  /** Id of the one entry we are confident answers the query, or null (hand over to a human). */
  answer: string | null;
  /** Top results, best first (at most {@link MAX_RESULTS}). */
  results: SearchResult[];
}

export type DecisionReason = "confident" | "no-query-terms" | "no-results" | "low-coverage" | "too-little-matched" | "ambiguous";

export interface SearchExplanation extends SearchOutcome {
  lang: "zh" | "en";
  /** True if nothing matched in the preferred language and other languages were searched. */
  fellBackToOtherLang: boolean;
  /** Coverage of the top result (0..1, 3 decimals). */
  coverage: number;
  /** Matched content weight of the top result. */
  matchedWeight: number;
  /** Top score / best different-topic runner-up score, null when there is no runner-up. */
  margin: number | null;
  reason: DecisionReason;
  /** The query terms that were searched. */
  terms: string[];
}

/**
 * The topic of an entry: its id without the language suffix, so the zh and en
 * versions of one FAQ (`fridge-not-cooling-zh`, `fridge-not-cooling-en`) are one topic.
 *
 * @example
 * ```ts
 * topicOf("fridge-not-cooling-zh") // "fridge-not-cooling"
 * ```
 */
export function topicOf(id: string): string {
  return id.replace(/-(?:zh|en)$/, "");
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

interface IndexedDoc {
  id: string;
  title: string;
  questions: string;
  tags: string;
  body: string;
}

function fuzziness(term: string): number {
  if (term.length < FUZZY_MIN_LENGTH || !/^[a-z]+$/.test(term)) return 0;
  return term.length >= 8 ? 2 : 1;
}

/** Levenshtein distance, stopping early once it exceeds `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * How much each matched query term counts for coverage (0..1). Exact matches
 * count; a fuzzy match (only tried for words the KB does not contain) counts as a
 * typo correction only if the KB word starts with the same letter ("coolng" →
 * "cooling" yes, "crack" → "track" no): first letters are rarely mistyped.
 * A term the entry only mentions in its body counts `bodyCredit`: what an entry
 * is *about* shows in its title, questions and tags ("放在阳台" is in the drain
 * entry's body as an aside, not its topic).
 */
function creditedTerms(
  queryTerms: readonly string[],
  match: Readonly<Record<string, readonly string[]>>,
  bodyCredit: number,
): Map<string, number> {
  const credit = (docTerm: string): number => ((match[docTerm] ?? []).some((f) => f !== "body") ? 1 : bodyCredit);
  const out = new Map<string, number>();
  const docTerms = Object.keys(match);
  for (const q of queryTerms) {
    if (match[q]) {
      out.set(q, credit(q));
      continue;
    }
    const max = fuzziness(q);
    if (max === 0) continue;
    let best = 0;
    for (const d of docTerms) if (d[0] === q[0] && editDistance(q, d, max) <= max) best = Math.max(best, credit(d));
    if (best > 0) out.set(q, best);
  }
  return out;
}

function coverageOf(
  analysis: TextAnalysis,
  matched: ReadonlyMap<string, number>,
  unigramCredit: number,
  unitIdf: (text: string) => number,
): { coverage: number; matched: number; total: number } {
  const hit = new Map<number, number>();
  for (const [term, credit] of matched) {
    for (const unit of analysis.termUnits.get(term) ?? []) hit.set(unit, Math.max(hit.get(unit) ?? 0, credit));
    for (const unit of analysis.unigramUnits.get(term) ?? []) hit.set(unit, Math.max(hit.get(unit) ?? 0, credit * unigramCredit));
  }
  let total = 0;
  let matchedIdf = 0;
  let matchedRaw = 0;
  analysis.units.forEach((u, i) => {
    if (u.kind !== "content") return;
    const w = u.weight * unitIdf(u.text);
    const h = hit.get(i) ?? 0;
    total += w;
    matchedIdf += w * h;
    matchedRaw += u.weight * h;
  });
  return { coverage: total === 0 ? 0 : matchedIdf / total, matched: matchedRaw, total };
}

/**
 * In-memory FAQ search over KB entries (MiniSearch + a CJK-aware analyser) that
 * decides whether it has one confident answer or should hand over to a human.
 *
 * How a query is answered:
 * 1. Filter: entries in the preferred language (falling back to the other one if
 *    nothing matches); entries for other products than `opts.product` and than
 *    the products the message names are dropped (general entries always stay).
 * 2. Rank with MiniSearch BM25 (questions > title > tags > body; fuzzy only for
 *    unknown ASCII words of 4+ letters).
 * 3. Answer the top entry only if its coverage ≥ {@link MIN_COVERAGE}, it matched
 *    at least {@link MIN_MATCHED_WEIGHT} of real content, and it beats the best
 *    runner-up on a different topic by {@link MIN_MARGIN}. Otherwise `answer` is
 *    null and the results are only suggestions.
 *
 * @example
 * ```ts
 * const { entries } = await loadKbDir("kb");
 * const kb = new KbIndex(entries);
 * const out = kb.search("冰箱不冷了咋办", { product: "fridge" });
 * if (out.answer) reply(kb.get(out.answer)!.body); else handOver();
 * ```
 */
export class KbIndex {
  readonly #entries = new Map<string, KbEntry>();
  readonly #ms: MiniSearch<IndexedDoc>;
  readonly #tuning: KbTuning;
  readonly #df = new Map<string, number>();

  /**
   * Throws if two entries share an id. `tuning` overrides the default knobs
   * (for experiments and tests; production code should use the defaults).
   */
  constructor(entries: KbEntry[], tuning: Partial<KbTuning> = {}) {
    this.#tuning = { ...DEFAULT_TUNING, ...tuning };
    let docTerms: Set<string> | null = null;
    this.#ms = new MiniSearch<IndexedDoc>({
      fields: ["title", "questions", "tags", "body"],
      idField: "id",
      tokenize: (text) => {
        const terms = analyzeText(text).terms;
        if (docTerms) for (const term of terms) docTerms.add(term);
        return terms;
      },
      processTerm: (term) => term,
    });
    for (const e of entries) {
      if (this.#entries.has(e.id)) throw new Error(`KbIndex: duplicate entry id '${e.id}'`);
      this.#entries.set(e.id, e);
    }
    // Document frequencies for coverage weighting, collected while MiniSearch tokenizes each entry.
    for (const e of entries) {
      docTerms = new Set<string>();
      this.#ms.add({ id: e.id, title: e.title, questions: e.questions.join("\n"), tags: e.tags.join("\n"), body: e.body });
      for (const term of docTerms) this.#df.set(term, (this.#df.get(term) ?? 0) + 1);
    }
    docTerms = null;
  }

  /** Number of entries indexed. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Entry by id.
   *
   * @example
   * ```ts
   * kb.get("fridge-not-cooling-zh")?.title // "冰箱不制冷怎么办"
   * ```
   */
  get(id: string): KbEntry | undefined {
    return this.#entries.get(id);
  }

  /**
   * Search, returning the top results and `answer` (the top id) only when confident.
   *
   * @example
   * ```ts
   * kb.search("fridge not coolng").answer // "fridge-not-cooling-en"
   * kb.search("你们几点下班").answer      // null
   * ```
   */
  search(query: string, opts: SearchOptions = {}): SearchOutcome {
    const { query: q, answer, results } = this.explain(query, opts);
    return { query: q, answer, results };
  }

  /**
   * Like {@link KbIndex.search}, plus why the answer was or was not given
   * (coverage, margin, reason). Meant for logs and tuning.
   *
   * @example
   * ```ts
   * const x = kb.explain("E1");
   * if (!x.answer) log.info({ reason: x.reason, coverage: x.coverage, margin: x.margin });
   * ```
   */
  explain(query: string, opts: SearchOptions = {}): SearchExplanation {
    const analysis = analyzeText(query);
    const terms = [...new Set(analysis.terms)];
    const lang = opts.lang ?? detectLang(query);
    const base: SearchExplanation = {
      query,
      answer: null,
      results: [],
      lang,
      fellBackToOtherLang: false,
      coverage: 0,
      matchedWeight: 0,
      margin: null,
      reason: "no-query-terms",
      terms,
    };
    if (terms.length === 0) return base;

    const product = opts.product && opts.product !== "other" ? opts.product : null;
    // Products the message itself names: an entry about another product must not answer
    // ("空调外机噪音大" is not the fridge-noise entry, "热水器漏水" not the purifier-leak one).
    const named = detectProducts(query);
    const productOk = (e: KbEntry): boolean =>
      e.products.length === 0 ||
      ((!product || e.products.includes(product)) && (named.length === 0 || e.products.some((p) => named.includes(p as never))));
    const run = (wantLang: "zh" | "en" | null): MsResult[] =>
      this.#ms.search(query, {
        tokenize: () => terms,
        processTerm: (term) => term,
        boost: { ...this.#tuning.fieldBoost },
        // Typo tolerance only for words the KB does not know: "door" must not fuzzily become "poor".
        fuzzy: (term) => (this.#df.has(term) ? false : fuzziness(term) || false),
        boostTerm: (term) => analysis.termWeight.get(term) ?? 1,
        prefix: false,
        combineWith: "OR",
        filter: (r) => {
          const e = this.#entries.get(r.id as string);
          return !!e && productOk(e) && (wantLang === null || e.lang === wantLang);
        },
      });

    let raw = run(lang);
    if (raw.length === 0) {
      raw = run(null);
      base.fellBackToOtherLang = raw.length > 0;
    }
    if (raw.length === 0) return { ...base, reason: "no-results" };

    const tuning = this.#tuning;
    const n = this.#entries.size;
    const idf = (term: string): number => {
      const df = this.#df.get(term) ?? 0;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    };
    const hits = raw.map((h) => ({ id: h.id as string, score: h.score, queryTerms: h.queryTerms, match: h.match }));

    const results: SearchResult[] = hits.slice(0, MAX_RESULTS).map((h) => ({
      id: h.id,
      title: this.#entries.get(h.id)!.title,
      score: round3(h.score),
    }));
    const top = hits[0]!;
    const cov = coverageOf(analysis, creditedTerms(top.queryTerms, top.match, tuning.bodyCoverage), tuning.unigramCoverage, idf);
    const runner = hits.find((h) => topicOf(h.id) !== topicOf(top.id));
    const margin = runner ? top.score / runner.score : null;

    let reason: DecisionReason = "confident";
    if (cov.coverage < tuning.minCoverage) reason = "low-coverage";
    else if (cov.matched < tuning.minMatchedWeight) reason = "too-little-matched";
    else if (margin !== null && margin < tuning.minMargin) reason = "ambiguous";

    return {
      ...base,
      answer: reason === "confident" ? top.id : null,
      results,
      coverage: round3(cov.coverage),
      matchedWeight: cov.matched,
      margin: margin === null ? null : round3(margin),
      reason,
    };
  }
}

/** One line of a labelled evaluation file (`kb-eval/labeled.jsonl`). */
export interface LabeledQuery {
  q: string;
  /** The entry that should answer, or null when the desk should hand over to a human. */
  expect: string | null;
  lang: "zh" | "en";
  product?: string;
}

export interface KbEvalReport {
  positives: number;
  nulls: number;
  /** Positives where `answer` is the expected id (confident and right). */
  answerAccuracy: number;
  /** Positives where the first result is the expected id (ranking only, ignores confidence). */
  top1: number;
  /** Positives where the expected id is among the first 3 results. */
  recallAt3: number;
  /** Positives answered with a different entry (the worst outcome). */
  wrongAnswerRate: number;
  /** Null queries that got an answer anyway. */
  falseAnswerRate: number;
  /** Per-query misses, for debugging. */
  misses: { q: string; expect: string | null; answer: string | null; top: string | null; reason: DecisionReason }[];
}

/**
 * Score a {@link KbIndex} against labelled queries.
 *
 * @example
 * ```ts
 * const rows = readFileSync("kb-eval/labeled.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l));
 * const r = evaluateKb(kb, rows);
 * console.log(r.answerAccuracy, r.recallAt3, r.falseAnswerRate);
 * ```
 */
export function evaluateKb(index: KbIndex, cases: readonly LabeledQuery[]): KbEvalReport {
  let positives = 0, nulls = 0, answered = 0, top1 = 0, at3 = 0, wrong = 0, falseAns = 0;
  const misses: KbEvalReport["misses"] = [];
  for (const c of cases) {
    const x = index.explain(c.q, { lang: c.lang, product: c.product ?? null });
    const top = x.results[0]?.id ?? null;
    if (c.expect === null) {
      nulls++;
      if (x.answer !== null) {
        falseAns++;
        misses.push({ q: c.q, expect: null, answer: x.answer, top, reason: x.reason });
      }
      continue;
    }
    positives++;
    if (x.answer === c.expect) answered++;
    else misses.push({ q: c.q, expect: c.expect, answer: x.answer, top, reason: x.reason });
    if (x.answer !== null && x.answer !== c.expect) wrong++;
    if (top === c.expect) top1++;
    if (x.results.slice(0, 3).some((r) => r.id === c.expect)) at3++;
  }
  const frac = (n: number, d: number): number => (d === 0 ? 0 : round3(n / d));
  return {
    positives,
    nulls,
    answerAccuracy: frac(answered, positives),
    top1: frac(top1, positives),
    recallAt3: frac(at3, positives),
    wrongAnswerRate: frac(wrong, positives),
    falseAnswerRate: frac(falseAns, nulls),
    misses,
  };
}
