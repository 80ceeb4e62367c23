import { OTHER_CATEGORY, type Catalogue } from "../catalogue/index.ts";
import { pinyinKey } from "../text/normalize.ts";
import { calibrate, DEFAULT_CALIBRATION, type Calibration, type Probe } from "./calibrate.ts";
import type { KbEntry } from "./entry.ts";
import {
  buildPackedIndex,
  deletions,
  entryFields,
  FIELD_COUNT,
  FUZZY_MIN_LENGTH,
  F_BODY,
  F_QUESTIONS,
  F_TITLE,
  keyAt,
  keyRange,
  type PackedIndex,
} from "./packed.ts";
import { Analyzer, detectLang, getDefaultAnalyzer, type TextAnalysis } from "./tokenize.ts";

export { FUZZY_MIN_LENGTH } from "./packed.ts";

/**
 * Field weights. Sample questions are how customers phrase things, so they count most; the
 * body is long and full of generic words, so it counts least.
 */
export const FIELD_BOOST = { questions: 3, title: 2, tags: 1.5, body: 0.5 } as const;

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

/** Number of results returned. */
export const MAX_RESULTS = 5;

/** Candidates kept after ranking (results, runner-up search, fusion). */
const MAX_CANDIDATES = 30;

/** The decision knobs in one object. */
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

export interface KbIndexOptions extends Partial<KbTuning> {
  /** The catalogue products are recognised with (the shipped one by default). */
  catalogue?: Catalogue;
  /** A prebuilt index of exactly these entries (from a worker, see build.ts). */
  packed?: PackedIndex;
  /** A calibration computed elsewhere (with `packed`), or false to use the priors. */
  calibration?: Calibration | false;
}

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

export type DecisionReason = "confident" | "no-query-terms" | "no-results" | "low-coverage" | "too-little-matched" | "ambiguous";

export interface SearchExplanation extends SearchOutcome {
  lang: "zh" | "en";
  /** True if nothing matched in the preferred language and other languages were searched. */
  fellBackToOtherLang: boolean;
  /** True if the top result is in another language than the query's. */
  crossLanguage: boolean;
  /** Coverage of the top result (0..1, 3 decimals). */
  coverage: number;
  /** Matched content weight of the top result. */
  matchedWeight: number;
  /** Top score / best different-topic runner-up score, null when there is no runner-up. */
  margin: number | null;
  reason: DecisionReason;
  /** The query terms that were searched (with typo and homophone expansions). */
  terms: string[];
  /** True when embeddings took part in the ranking. */
  fused?: boolean;
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

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

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

function fuzziness(term: string): number {
  if (term.length < FUZZY_MIN_LENGTH || !/^[a-z]+$/.test(term)) return 0;
  return term.length >= 8 ? 2 : 1;
}

/** One searched term: a query term, or a typo/homophone stand-in for it. */
interface QTerm {
  id: number;
  text: string;
  weight: number;
  /** units it counts for (coverage) */
  units: readonly number[];
  /** Han character units it counts for partially (rank-only unigrams) */
  uniUnits: readonly number[];
}

/** Leave-one-out: score `doc` as if `field` did not contain these term counts. */
interface Exclusion {
  doc: number;
  field: number;
  counts: Map<number, number>;
  len: number;
}

interface Ranked {
  doc: number;
  score: number;
  key?: number;
}

/** Candidates reranked by coverage. */
const RERANK_DEPTH = 20;

/**
 * Rerank key: coverage first (how much of what the customer said the entry explains), with
 * the BM25 score relative to the best candidate's as a lesser term that breaks near-ties.
 */
export const RERANK_SCORE_SHARE = 0.25;

function rerankKey(relScore: number, coverage: number): number {
  return coverage + RERANK_SCORE_SHARE * relScore;
}

interface Decision {
  explanation: SearchExplanation;
  top: number;
}

/**
 * In-memory FAQ search over KB entries that decides whether it has one confident answer or
 * should hand over to a human.
 *
 * How a query is answered:
 * 1. Analyse it (tokenize.ts): Chinese bigrams and words, English words and stems, model
 *    numbers and error codes whole, traditional characters folded, catalogue products and
 *    lexicon concepts as language-neutral terms. A word the KB does not know is matched
 *    through its typos (English: one or two edits, same first letter) or, for a Chinese
 *    bigram, through KB bigrams that sound the same (冰相 → 冰箱).
 * 2. Filter: entries in the preferred language, plus entries in the other language that have
 *    no version in the preferred one (so an English question reaches a Chinese-only entry);
 *    entries for other products than `opts.product` and than the products the message
 *    names are dropped (general entries always stay).
 * 3. Rank with BM25F (questions > title > tags > body).
 * 4. Answer the top entry only if its coverage and its margin over the best runner-up on a
 *    different topic reach the thresholds calibrated on this KB (calibrate.ts), and it
 *    matched at least {@link MIN_MATCHED_WEIGHT} of real content. Otherwise `answer` is
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
  readonly #entries: KbEntry[];
  readonly #byId = new Map<string, number>();
  readonly #packed: PackedIndex;
  readonly #analyzer: Analyzer;
  readonly #tuning: KbTuning;
  readonly #topic: Int32Array;
  readonly #topicLangs: Set<string>[] = [];
  readonly #acc: Float64Array;
  readonly #touched: Int32Array;
  readonly #allowed: Uint8Array;
  #calibration: Calibration;
  #vectors: (Float32Array | null)[] | null = null;

  /**
   * Throws if two entries share an id. `opts` may override the decision knobs (for
   * experiments and tests; production code uses the calibration).
   */
  constructor(entries: readonly KbEntry[], opts: KbIndexOptions = {}) {
    const { catalogue, packed, calibration, ...overrides } = opts;
    this.#entries = [...entries];
    this.#entries.forEach((e, i) => {
      if (this.#byId.has(e.id)) throw new Error(`KbIndex: duplicate entry id '${e.id}'`);
      this.#byId.set(e.id, i);
    });
    this.#analyzer = catalogue ? new Analyzer(catalogue) : getDefaultAnalyzer();
    this.#packed = packed ?? buildPackedIndex(this.#entries, this.#analyzer);
    if (this.#packed.ids.length !== this.#entries.length || this.#packed.ids.some((id, i) => this.#entries[i]!.id !== id))
      throw new Error("KbIndex: the packed index was built from other entries");
    const topics = new Map<string, number>();
    this.#topic = new Int32Array(this.#entries.length);
    this.#entries.forEach((e, i) => {
      const t = topicOf(e.id);
      let ti = topics.get(t);
      if (ti === undefined) {
        ti = topics.size;
        topics.set(t, ti);
        this.#topicLangs.push(new Set());
      }
      this.#topic[i] = ti;
      this.#topicLangs[ti]!.add(e.lang);
    });
    const n = this.#entries.length;
    this.#acc = new Float64Array(n);
    this.#touched = new Int32Array(n);
    this.#allowed = new Uint8Array(n);
    this.#calibration = DEFAULT_CALIBRATION;
    this.#tuning = { ...DEFAULT_TUNING, ...overrides };
    if (calibration === false) return;
    this.#calibration = calibration ?? calibrate(this.probes(), { minMatchedWeight: this.#tuning.minMatchedWeight });
    this.#tuning = { ...DEFAULT_TUNING, minCoverage: this.#calibration.minCoverage, minMargin: this.#calibration.minMargin, ...overrides };
  }

  /** Number of entries indexed. */
  get size(): number {
    return this.#entries.length;
  }

  /** The catalogue products are recognised with. */
  get catalogue(): Catalogue {
    return this.#analyzer.catalogue;
  }

  /** How the confidence thresholds were set for this KB (see calibrate.ts). */
  get calibration(): Calibration {
    return this.#calibration;
  }

  /** The thresholds in force (calibration, then any overrides). */
  get tuning(): Readonly<KbTuning> {
    return this.#tuning;
  }

  /** The packed index (to hand to another KbIndex of the same entries). */
  get packed(): PackedIndex {
    return this.#packed;
  }

  /** Every entry, in index order. */
  get entries(): readonly KbEntry[] {
    return this.#entries;
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
    const i = this.#byId.get(id);
    return i === undefined ? undefined : this.#entries[i];
  }

  /**
   * Entry embeddings for fused ranking ({@link KbIndex.searchFused}); entries without one
   * take part in the lexical ranking only.
   *
   * @example
   * ```ts
   * kb.setVectors(new Map([["fridge-not-cooling-zh", new Float32Array(vec)]]));
   * ```
   */
  setVectors(vectors: ReadonlyMap<string, Float32Array | readonly number[]>): void {
    const out: (Float32Array | null)[] = this.#entries.map(() => null);
    let any = false;
    for (const [id, v] of vectors) {
      const i = this.#byId.get(id);
      if (i === undefined || !v.length) continue;
      out[i] = normalised(v instanceof Float32Array ? v : Float32Array.from(v));
      any = true;
    }
    this.#vectors = any ? out : null;
  }

  /** True when some entries have embeddings. */
  get hasVectors(): boolean {
    return this.#vectors !== null;
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
   * Like {@link KbIndex.search}, plus why the answer was or was not given (coverage,
   * margin, reason). Meant for logs and tuning.
   *
   * @example
   * ```ts
   * const x = kb.explain("E1");
   * if (!x.answer) log.info({ reason: x.reason, coverage: x.coverage, margin: x.margin });
   * ```
   */
  explain(query: string, opts: SearchOptions = {}): SearchExplanation {
    return this.#decide(query, this.#analyzer.analyze(query), opts).explanation;
  }

  /**
   * Search with the query's embedding fused into the ranking (reciprocal rank fusion of the
   * lexical ranking and cosine similarity to the entries' embeddings). Embeddings reorder
   * the suggestions; a confident answer still needs the lexical evidence (coverage and
   * margin of the fused top entry). Without a vector, or without entry vectors, this is
   * {@link KbIndex.explain}.
   *
   * @example
   * ```ts
   * const x = kb.searchFused("冰箱不冷", await embedder.embedOne("冰箱不冷"));
   * ```
   */
  searchFused(query: string, vector: Float32Array | readonly number[] | null, opts: SearchOptions = {}): SearchExplanation {
    if (!vector || !this.#vectors) return this.explain(query, opts);
    const qv = normalised(vector instanceof Float32Array ? vector : Float32Array.from(vector));
    return this.#decide(query, this.#analyzer.analyze(query), opts, undefined, qv).explanation;
  }

  // ── ranking ─────────────────────────────────────────────────────────────────────────

  #lookup(term: string): number {
    const [lo, hi] = keyRange(this.#packed.vocab, term);
    return lo < hi ? this.#packed.vocab.val[lo]! : -1;
  }

  #df(id: number): number {
    return id < 0 ? 0 : this.#packed.termOff[id + 1]! - this.#packed.termOff[id]!;
  }

  #idf(df: number): number {
    const n = this.#entries.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Query terms with their typo and homophone stand-ins. */
  #queryTerms(a: TextAnalysis): QTerm[] {
    const out: QTerm[] = [];
    const seen = new Set<number>();
    const push = (id: number, text: string, weight: number, units: readonly number[], uniUnits: readonly number[]): void => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ id, text, weight, units, uniUnits });
    };
    for (const [t, w] of a.termWeight) {
      const units = a.termUnits.get(t) ?? [];
      const uni = a.unigramUnits.get(t) ?? [];
      const id = this.#lookup(t);
      if (id >= 0) {
        push(id, t, w, units, uni);
        continue;
      }
      const max = fuzziness(t);
      if (max > 0) {
        for (const cid of this.#fuzzyCandidates(t)) {
          const c = keyAt(this.#packed.termText, cid);
          if (c[0] === t[0] && editDistance(t, c, max) <= max) push(cid, c, w, units, uni);
        }
      } else if (t.length === 2 && /^\p{Script=Han}{2}$/u.test(t)) {
        const [lo, hi] = keyRange(this.#packed.pinyin, pinyinKey(t));
        for (let i = lo; i < hi; i++) {
          const cid = this.#packed.pinyin.val[i]!;
          push(cid, keyAt(this.#packed.termText, cid), w, units, uni);
        }
      }
    }
    return out;
  }

  #fuzzyCandidates(word: string): Set<number> {
    const ids = new Set<number>();
    const add = (table: PackedIndex["vocab"], key: string): void => {
      const [lo, hi] = keyRange(table, key);
      for (let i = lo; i < hi; i++) ids.add(table.val[i]!);
    };
    add(this.#packed.deletes, word); // the KB word has one more letter
    for (const d of deletions(word)) {
      add(this.#packed.vocab, d); // the query has one letter too many
      add(this.#packed.deletes, d); // one letter changed (or swapped)
    }
    return ids;
  }

  /** Which entries a query may reach. */
  #fillAllowed(products: readonly string[], opts: SearchOptions, lang: "zh" | "en" | null, dropTopic = -1): void {
    const cat = this.#analyzer.catalogue;
    const want = opts.product && opts.product !== OTHER_CATEGORY ? cat.resolve(opts.product) : [];
    const wantAny = opts.product && opts.product !== OTHER_CATEGORY ? (want.length ? want : [opts.product]) : null;
    const named = products;
    for (let d = 0; d < this.#entries.length; d++) {
      const e = this.#entries[d]!;
      let ok = this.#topic[d] !== dropTopic;
      if (ok && e.products.length) {
        if (wantAny && !e.products.some((p) => wantAny.includes(p))) ok = false;
        else if (named.length && !e.products.some((p) => named.includes(p))) ok = false;
      }
      if (ok && lang !== null && e.lang !== lang && this.#topicLangs[this.#topic[d]!]!.has(lang)) ok = false;
      this.#allowed[d] = ok ? 1 : 0;
    }
  }

  #fieldTf(p: number, d: number, f: number, qt: QTerm, ex: Exclusion | undefined): number {
    let tf = this.#packed.postTf[p * FIELD_COUNT + f]!;
    if (ex && d === ex.doc && f === ex.field) tf = Math.max(0, tf - (ex.counts.get(qt.id) ?? 0));
    return tf;
  }

  #rank(qterms: readonly QTerm[], ex?: Exclusion): Ranked[] {
    const pk = this.#packed;
    const acc = this.#acc;
    const touched = this.#touched;
    let nTouched = 0;
    const boost = this.#tuning.fieldBoost;
    const boosts = [boost.title, boost.questions, boost.tags, boost.body];
    for (const qt of qterms) {
      const start = pk.termOff[qt.id]!;
      const end = pk.termOff[qt.id + 1]!;
      const idf = this.#idf(end - start) * qt.weight;
      for (let p = start; p < end; p++) {
        const d = pk.postDoc[p]!;
        if (!this.#allowed[d]) continue;
        let tfw = 0;
        for (let f = 0; f < FIELD_COUNT; f++) {
          const tf = this.#fieldTf(p, d, f, qt, ex);
          if (tf === 0) continue;
          let len = pk.fieldLen[d * FIELD_COUNT + f]!;
          if (ex && d === ex.doc && f === ex.field) len = Math.max(1, len - ex.len);
          tfw += (boosts[f]! * tf) / (1 - BM25_B + (BM25_B * len) / pk.avgLen[f]!);
        }
        if (tfw === 0) continue;
        if (acc[d] === 0) touched[nTouched++] = d;
        acc[d] += (idf * tfw * (BM25_K1 + 1)) / (BM25_K1 + tfw);
      }
    }
    const top: Ranked[] = [];
    for (let i = 0; i < nTouched; i++) {
      const d = touched[i]!;
      const s = acc[d]!;
      acc[d] = 0;
      if (top.length < MAX_CANDIDATES || s > top[top.length - 1]!.score) {
        let j = top.length < MAX_CANDIDATES ? top.length : top.length - 1;
        top[j] = { doc: d, score: s };
        while (j > 0 && (top[j - 1]!.score < s || (top[j - 1]!.score === s && top[j - 1]!.doc > d))) {
          top[j] = top[j - 1]!;
          top[j - 1] = { doc: d, score: s };
          j--;
        }
      }
    }
    return top;
  }

  /** Fuses the lexical candidates with the nearest entries by embedding (RRF, k = 60). */
  #fuse(lexical: Ranked[], qv: Float32Array): Ranked[] {
    const vectors = this.#vectors!;
    const sims: Ranked[] = [];
    for (let d = 0; d < vectors.length; d++) {
      const v = vectors[d];
      if (!v || !this.#allowed[d] || v.length !== qv.length) continue;
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i]! * qv[i]!;
      sims.push({ doc: d, score: dot });
    }
    sims.sort((a, b) => b.score - a.score || a.doc - b.doc);
    const fused = new Map<number, number>();
    const RRF_K = 60;
    lexical.forEach((r, i) => fused.set(r.doc, (fused.get(r.doc) ?? 0) + 1 / (RRF_K + i + 1)));
    sims.slice(0, MAX_CANDIDATES).forEach((r, i) => fused.set(r.doc, (fused.get(r.doc) ?? 0) + 1 / (RRF_K + i + 1)));
    return [...fused]
      .map(([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, MAX_CANDIDATES);
  }

  /** Coverage of the query by entry `d` (see {@link BODY_COVERAGE}, {@link UNIGRAM_COVERAGE}). */
  /** Coverage weight of each query unit: its weight × idf (0 for units that are not content). */
  #unitWeights(a: TextAnalysis): Float64Array {
    const w = new Float64Array(a.units.length);
    a.units.forEach((u, i) => {
      if (u.kind === "content") w[i] = u.weight * this.#idf(this.#df(this.#lookup(u.text)));
    });
    return w;
  }

  #coverage(
    a: TextAnalysis,
    qterms: readonly QTerm[],
    d: number,
    ex: Exclusion | undefined,
    unitW: Float64Array,
  ): { coverage: number; matched: number } {
    const pk = this.#packed;
    const t = this.#tuning;
    const hit = new Float64Array(a.units.length);
    for (const qt of qterms) {
      let lo = pk.termOff[qt.id]!;
      let hi = pk.termOff[qt.id + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (pk.postDoc[mid]! < d) lo = mid + 1;
        else hi = mid;
      }
      if (lo >= pk.termOff[qt.id + 1]! || pk.postDoc[lo] !== d) continue;
      let inside = false;
      let inBody = false;
      for (let f = 0; f < FIELD_COUNT; f++) {
        if (this.#fieldTf(lo, d, f, qt, ex) === 0) continue;
        if (f === F_BODY) inBody = true;
        else inside = true;
      }
      if (!inside && !inBody) continue;
      const credit = inside ? 1 : t.bodyCoverage;
      for (const u of qt.units) hit[u] = Math.max(hit[u]!, credit);
      for (const u of qt.uniUnits) hit[u] = Math.max(hit[u]!, credit * t.unigramCoverage);
    }
    let total = 0;
    let matchedIdf = 0;
    let matchedRaw = 0;
    a.units.forEach((u, i) => {
      if (u.kind !== "content") return;
      const w = unitW[i]!;
      total += w;
      matchedIdf += w * hit[i]!;
      matchedRaw += u.weight * hit[i]!;
    });
    return { coverage: total === 0 ? 0 : matchedIdf / total, matched: matchedRaw };
  }

  #decide(
    query: string,
    a: TextAnalysis,
    opts: SearchOptions,
    probe?: { ex?: Exclusion; dropTopic?: number },
    qv?: Float32Array,
  ): Decision {
    const qterms = this.#queryTerms(a);
    const lang = opts.lang ?? detectLang(a.normalized);
    const base: SearchExplanation = {
      query,
      answer: null,
      results: [],
      lang,
      fellBackToOtherLang: false,
      crossLanguage: false,
      coverage: 0,
      matchedWeight: 0,
      margin: null,
      reason: "no-query-terms",
      terms: qterms.map((q) => q.text),
    };
    if (a.termWeight.size === 0) return { explanation: base, top: -1 };
    this.#fillAllowed(a.products, opts, lang, probe?.dropTopic);
    let ranked = qterms.length ? this.#rank(qterms, probe?.ex) : [];
    if (ranked.length === 0 && qterms.length) {
      this.#fillAllowed(a.products, opts, null, probe?.dropTopic);
      ranked = this.#rank(qterms, probe?.ex);
      base.fellBackToOtherLang = ranked.length > 0;
    }
    const lexical = ranked;
    if (qv && this.#vectors) {
      ranked = this.#fuse(lexical, qv);
      base.fused = true;
    }
    if (ranked.length === 0) return { explanation: { ...base, reason: "no-results" }, top: -1 };

    // Rerank the head by how much of the query each candidate explains: BM25 sums many small
    // matches (a same-language entry wins on shared product words and single characters),
    // coverage asks whether the entry matches what the customer said is wrong.
    const unitW = this.#unitWeights(a);
    const head = ranked.slice(0, RERANK_DEPTH).map((r) => ({ ...r, cov: this.#coverage(a, qterms, r.doc, probe?.ex, unitW) }));
    const maxScore = head[0]!.score || 1;
    for (const h of head) h.key = rerankKey(h.score / maxScore, h.cov.coverage);
    head.sort((x, y) => y.key! - x.key! || y.score - x.score || x.doc - y.doc);
    ranked = [...head, ...ranked.slice(RERANK_DEPTH)];
    const topDoc = ranked[0]!.doc;
    const topTopic = this.#topic[topDoc]!;
    const runner = head.find((r) => this.#topic[r.doc] !== topTopic);
    // Margin on evidence strength (coverage × relative score): two entries that both cover
    // the query are told apart by how strongly they match it.
    const strength = (r: (typeof head)[number]): number => Math.max(r.cov.coverage * (r.score / maxScore), 1e-9);
    const margin = runner ? strength(head[0]!) / strength(runner) : null;
    const cov = head[0]!.cov;
    const t = this.#tuning;
    let reason: DecisionReason = "confident";
    if (cov.coverage < t.minCoverage) reason = "low-coverage";
    else if (cov.matched < t.minMatchedWeight) reason = "too-little-matched";
    else if (margin !== null && margin < t.minMargin) reason = "ambiguous";
    const results = ranked.slice(0, MAX_RESULTS).map((r) => ({
      id: this.#entries[r.doc]!.id,
      title: this.#entries[r.doc]!.title,
      score: round3(r.key ?? r.score),
    }));
    return {
      top: topDoc,
      explanation: {
        ...base,
        answer: reason === "confident" ? this.#entries[topDoc]!.id : null,
        results,
        crossLanguage: this.#entries[topDoc]!.lang !== lang,
        coverage: round3(cov.coverage),
        matchedWeight: cov.matched,
        margin: margin === null ? null : round3(margin),
        reason,
      },
    };
  }

  // ── calibration probes ──────────────────────────────────────────────────────────────

  /**
   * The KB's own questions asked of itself (see calibrate.ts): each entry's title and
   * sample questions, (1) with that text left out of the entry (a positive: the entry
   * should still win), and (2) with the entry's whole topic left out (a negative: whatever
   * wins is wrong). At most `limit` texts, spread evenly over the entries.
   */
  probes(limit = MAX_PROBE_TEXTS): Probe[] {
    const texts: { doc: number; field: number; text: string }[] = [];
    this.#entries.forEach((e, d) => {
      texts.push({ doc: d, field: F_TITLE, text: e.title });
      for (const q of e.questions) texts.push({ doc: d, field: F_QUESTIONS, text: q });
    });
    const picked = texts.length <= limit ? texts : spread(texts, limit);
    const out: Probe[] = [];
    for (const p of picked) {
      const e = this.#entries[p.doc]!;
      const a = this.#analyzer.analyze(p.text);
      const counts = new Map<number, number>();
      for (const t of a.terms) {
        const id = this.#lookup(t);
        if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const ex: Exclusion = { doc: p.doc, field: p.field, counts, len: a.terms.length };
      const pos = this.#decide(p.text, a, { lang: e.lang }, { ex });
      const neg = this.#decide(p.text, a, { lang: e.lang }, { dropTopic: this.#topic[p.doc] });
      const feat = (x: Decision) => ({
        coverage: x.explanation.coverage,
        matched: x.explanation.matchedWeight,
        margin: x.explanation.margin,
        hasResult: x.top >= 0,
      });
      out.push({ kind: "positive", right: pos.top >= 0 && this.#topic[pos.top] === this.#topic[p.doc], ...feat(pos) });
      out.push({ kind: "negative", right: false, ...feat(neg) });
    }
    return out;
  }
}

/** Texts asked of the KB for its calibration, at most (spread over the entries). */
export const MAX_PROBE_TEXTS = 1500;

function spread<T>(items: T[], n: number): T[] {
  const out: T[] = [];
  const step = items.length / n;
  for (let i = 0; i < n; i++) out.push(items[Math.floor(i * step)]!);
  return out;
}

function normalised(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const norm = Math.sqrt(s) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

/** The text of every indexed field, joined (what an embedding of the entry is made from). */
export function entryText(e: KbEntry): string {
  return entryFields(e).filter(Boolean).join("\n");
}

/** One line of a labelled evaluation file (`kb-eval/labeled.jsonl`). */
export interface LabeledQuery {
  q: string;
  /** The entry that should answer, or null when the desk should hand over to a human. */
  expect: string | null;
  lang: "zh" | "en";
  product?: string;
  /** What the question tests: typo, homophone, traditional, model, error-code, cross-lang, oos, … */
  tags?: string[];
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
 * const r = evaluateKb(kb, readLabeled("kb-eval/labeled.jsonl"));
 * console.log(r.answerAccuracy, r.recallAt3, r.falseAnswerRate);
 * ```
 */
export function evaluateKb(index: KbIndex, cases: readonly LabeledQuery[]): KbEvalReport {
  let positives = 0,
    nulls = 0,
    answered = 0,
    top1 = 0,
    at3 = 0,
    wrong = 0,
    falseAns = 0;
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

