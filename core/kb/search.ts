import { OTHER_CATEGORY, type Catalogue } from "../catalogue/index.ts";
import { codesInCapitals, functionWordCodes } from "./letter-codes.ts";
import { baggedVerdict, calibrate, CLEAR_MIN_MATCHED, DEFAULT_CALIBRATION, verdict, type Calibration, type DecisionRule, type Probe } from "./calibrate.ts";
import type { KbEntry } from "./entry.ts";
import { fuse, normalised } from "./fusion.ts";
import { topicOf, type DecisionReason, type SearchExplanation, type SearchOptions, type SearchOutcome } from "./outcome.ts";
import { buildPackedIndex, F_QUESTIONS, F_TITLE, type PackedIndex } from "./packed.ts";
import { Scorer, type Exclusion } from "./scoring.ts";
import { isErrorCode } from "./english.ts";
import { SelfMatcher } from "./self-match.ts";
import { EntryFilter, LEXICON_PRODUCT_TERM, lexiconProducts } from "./filter.ts";
import { analyzerFor, CONCEPT_TERM, detectLang, getDefaultAnalyzer, PRODUCT_TERM, type Analyzer, type TextAnalysis } from "./tokenize.ts";
import { DEFAULT_TUNING, MAX_RESULTS, RERANK_DEPTH, rerankKey, UNKNOWN_MIN_MATCHED, type KbTuning } from "./tuning.ts";
import { lookupTerm, searchTerms } from "./typos.ts";

export { entryText, FUZZY_MIN_LENGTH } from "./packed.ts";
export * from "./tuning.ts";
export * from "./outcome.ts";
export * from "./evaluate.ts";

export interface KbIndexOptions extends Partial<KbTuning> {
  /** The catalogue products are recognised with (the shipped one by default). */
  catalogue?: Catalogue;
  /** A prebuilt index of exactly these entries (from a worker, see build.ts). */
  packed?: PackedIndex;
  /** A calibration computed elsewhere (with `packed`), or false to use the priors. */
  calibration?: Calibration | false;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

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
  readonly #scorer: Scorer;
  readonly #self: SelfMatcher;
  readonly #filter: EntryFilter;
  readonly #lexProducts: (string[] | null)[];
  /** the KB's letter-only error codes (letter-codes.ts) */
  readonly #letterCodes: ReadonlySet<string>;
  /** those of them English would drop as function words (HI): see `Analyzer.analyze` */
  readonly #functionCodes: ReadonlySet<string>;
  #calibration: Calibration;
  /** The calibration's bagged rules, unless thresholds were overridden (see {@link Calibration.rules}). */
  #rules: readonly DecisionRule[] | null = null;
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
    this.#analyzer = catalogue ? analyzerFor(catalogue) : getDefaultAnalyzer();
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
    this.#calibration = DEFAULT_CALIBRATION;
    this.#tuning = { ...DEFAULT_TUNING, ...overrides };
    this.#letterCodes = new Set(this.#packed.letterCodes);
    this.#functionCodes = functionWordCodes(this.#letterCodes);
    this.#scorer = new Scorer(
      this.#packed,
      this.#tuning.fieldBoost,
      this.#letterCodes,
      this.#entries.map((e) => e.products),
    );
    this.#self = new SelfMatcher(this.#entries, this.#analyzer, this.#functionCodes);
    this.#lexProducts = lexiconProducts(this.#packed);
    this.#filter = new EntryFilter(this.#entries, this.#topic, this.#topicLangs, this.#analyzer.catalogue, this.#lexProducts);
    if (calibration === false) return;
    this.#calibration =
      calibration ?? calibrate(this.probes(), { minMatchedWeight: this.#tuning.minMatchedWeight, idOf: (d) => this.#entries[d]!.id });
    this.#tuning = { ...DEFAULT_TUNING, minCoverage: this.#calibration.minCoverage,
      minMargin: this.#calibration.minMargin,
      marginSlope: this.#calibration.marginSlope,
      minSelfMatch: this.#calibration.minSelfMatch,
      clear: this.#calibration.clear,
      ...(this.#calibration.long === false ? { long: false } : {}),
      ...(this.#calibration.longMatched !== undefined ? { longMatched: this.#calibration.longMatched } : {}),
      ...overrides,
    };
    const overridden = (["minCoverage", "minMargin", "marginSlope", "minSelfMatch", "clear", "long", "longMatched"] as const).some((k) => k in overrides);
    if (this.#calibration.rules?.length && !overridden) this.#rules = this.#calibration.rules;
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
    return this.#decide(query, this.#analyzeQuery(query), opts).explanation;
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
    return this.#decide(query, this.#analyzeQuery(query), opts, undefined, qv).explanation;
  }

  /** A customer's message analysed, with misspelt catalogue and lexicon words put right first. */
  #analyzeQuery(query: string): TextAnalysis {
    const codes = codesInCapitals(query, this.#functionCodes);
    return this.#analyzer.analyze(this.#analyzer.correct(query, (w) => lookupTerm(this.#packed, w) >= 0), codes.size ? codes : undefined);
  }

  // ── ranking ─────────────────────────────────────────────────────────────────────────

  #decide(
    query: string,
    a: TextAnalysis,
    opts: SearchOptions,
    probe?: { ex?: Exclusion; dropTopic?: number; skip?: string },
    qv?: Float32Array,
  ): Decision {
    const qterms = searchTerms(this.#packed, a);
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
      selfMatch: 0,
      reason: "no-query-terms",
      terms: qterms.map((q) => q.text),
    };
    if (a.termWeight.size === 0) return { explanation: base, top: -1 };
    const lexProducts = [...a.termWeight.keys()].filter((t) => t.startsWith(LEXICON_PRODUCT_TERM));
    this.#filter.fill(this.#scorer.allowed, a.products, opts, lang, probe?.dropTopic, lexProducts);
    let ranked = qterms.length ? this.#scorer.rank(qterms, probe?.ex) : [];
    if (ranked.length === 0 && qterms.length) {
      this.#filter.fill(this.#scorer.allowed, a.products, opts, null, probe?.dropTopic, lexProducts);
      ranked = this.#scorer.rank(qterms, probe?.ex);
      base.fellBackToOtherLang = ranked.length > 0;
    }
    const lexical = ranked;
    if (qv && this.#vectors) {
      ranked = fuse(lexical, qv, this.#vectors, this.#scorer.allowed);
      base.fused = true;
    }
    if (ranked.length === 0) return { explanation: { ...base, reason: "no-results" }, top: -1 };

    // Rerank the head by how much of the query each candidate explains: BM25 sums many small
    // matches (a same-language entry wins on shared product words and single characters),
    // coverage asks whether the entry matches what the customer said is wrong.
    // Unknown words are discounted only for an entry that matches a fair part of the rest
    // (UNKNOWN_MIN_MATCHED): when an entry explains one word of the message, the words
    // the KB does not know are the message ("can I pay with bitcoin").
    const t0 = this.#tuning;
    const full = this.#scorer.unitWeights(a, probe?.ex);
    const disc = t0.unknownCoverage === 1 ? full : this.#scorer.unitWeights(a, probe?.ex, t0.unknownCoverage);
    const fullX = crossLanguageWeights(a, full, t0.crossLanguageCoverage);
    const discX = disc === full ? fullX : crossLanguageWeights(a, disc, t0.crossLanguageCoverage);
    const head = ranked.slice(0, RERANK_DEPTH).map((r) => {
      const same = this.#entries[r.doc]!.lang === lang;
      let cov = this.#scorer.coverage(a, qterms, r.doc, probe?.ex, same ? disc : discX, t0);
      if (disc !== full && cov.matched < UNKNOWN_MIN_MATCHED) cov = this.#scorer.coverage(a, qterms, r.doc, probe?.ex, same ? full : fullX, t0);
      return { ...r, cov };
    });
    // BM25 scores are compared within a language: an entry in the other language matches
    // only through the language-neutral terms, so its score is not weaker evidence but
    // fewer matching terms by construction; coverage already counts what it cannot match
    const maxByLang = new Map<string, number>();
    for (const h of head) {
      const l = this.#entries[h.doc]!.lang;
      maxByLang.set(l, Math.max(maxByLang.get(l) ?? 0, h.score));
    }
    const relScore = (h: (typeof head)[number]): number => h.score / (maxByLang.get(this.#entries[h.doc]!.lang) || 1);
    const maxScore = head[0]!.score || 1;
    for (const h of head) h.key = rerankKey(relScore(h), h.cov.coverage);
    head.sort((x, y) => y.key! - x.key! || y.score - x.score || x.doc - y.doc);
    ranked = [...head, ...ranked.slice(RERANK_DEPTH)];
    const topDoc = ranked[0]!.doc;
    const topTopic = this.#topic[topDoc]!;
    const runner = head.find((r) => this.#topic[r.doc] !== topTopic);
    // Margin on evidence strength (coverage × √relative score, the score relative within the
    // entry's language as in the rerank): two entries that both cover the query are told
    // apart by how strongly they match it, but coverage weighs more (an entry that explains
    // all of the question is not undone by a runner-up's many small matches).
    // A runner-up in the other language than the answer's is measured with the answer's
    // weights: the words no language-neutral term stands for count as they do for the answer,
    // not half, so both are judged on the same part of the query.
    const topLang = this.#entries[topDoc]!.lang;
    const coverageLike = (r: (typeof head)[number]): number => {
      if (this.#entries[r.doc]!.lang === topLang) return r.cov.coverage;
      const w = topLang === lang ? disc : discX;
      let c = this.#scorer.coverage(a, qterms, r.doc, probe?.ex, w, t0);
      if (disc !== full && c.matched < UNKNOWN_MIN_MATCHED) c = this.#scorer.coverage(a, qterms, r.doc, probe?.ex, topLang === lang ? full : fullX, t0);
      return c.coverage;
    };
    const strength = (r: (typeof head)[number], c: number): number => Math.max(c * Math.sqrt(relScore(r)), 1e-9);
    const margin = runner ? strength(head[0]!, head[0]!.cov.coverage) / strength(runner, coverageLike(runner)) : null;
    const cov = head[0]!.cov;
    const t = this.#tuning;
    const selfMatch = this.#self.match(topDoc, new Set(qterms.map((q) => q.text)), probe?.skip);
    // a long message is judged by its best clause, or by an own text it contains, only for an
    // entry about a product: "…麻烦派个师傅过来看看" closes many a fault report, and is no
    // question for the booking entry
    const general = this.#entries[topDoc]!.products.length === 0;
    const judged = general ? cov.coverage : cov.clause;
    // a rival filed under a product: one that matches a symptom or part the lexicon knows, or
    // two words, of the message ("…不凉了，麻烦派个师傅过来看看" is a fault report); one word
    // in passing (上面 in a request for a visit) is no rival
    const productRival =
      general &&
      head.some(
        (h) =>
          h.doc !== topDoc &&
          this.#entries[h.doc]!.products.length > 0 &&
          h.cov.matched >= t.minMatchedWeight &&
          (h.cov.concept || h.cov.matched >= CLEAR_MIN_MATCHED * t.minMatchedWeight),
      );
    const features = { hasResult: true, coverage: judged, matched: cov.matched, margin, selfMatch, general, productRival };
    let reason: DecisionReason = this.#rules
      ? baggedVerdict(features, this.#rules, t.minMatchedWeight)
      : verdict(features, t, t.minMatchedWeight);
    // a message about nothing but products the shop does not serve ("do you repair
    // cameras?") is for staff to answer: a general entry (booking, fees) does not
    if (reason === "confident" && this.#unservedOnly(a, opts, topDoc)) reason = "not-served";
    // a message that names a code with an entry of its own ("洗衣机显示UE，也不脱水") is not
    // answered by another entry that only lists the code: the code says more than the words
    if (reason === "confident" && this.#scorer.passesOverCode(qterms, topDoc)) reason = "ambiguous";
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
        coverage: round3(judged),
        matchedWeight: cov.matched,
        margin: margin === null ? null : round3(margin),
        selfMatch: round3(selfMatch),
        reason,
        candidates: head.slice(0, MAX_RESULTS).map((h) => ({ id: this.#entries[h.doc]!.id, relScore: round3(h.score / maxScore), coverage: round3(h.cov.coverage) })),
      },
    };
  }

  /**
   * True when the message names products, all of them ones the catalogue files under
   * "other" (not served), no product was chosen, and `doc` is a general entry (neither filed
   * under a product nor naming one of the lexicon's).
   */
  #unservedOnly(a: TextAnalysis, opts: SearchOptions, doc: number): boolean {
    if (opts.product || a.products.length === 0 || a.products.some((p) => p !== OTHER_CATEGORY)) return false;
    const e = this.#entries[doc]!;
    return e.products.length === 0 && !e.otherProducts?.length && !this.#lexProducts[doc]?.length;
  }

  /** True when the text of entry `from` names an error code (E1, UE) that entry `doc`, on the same product, has too. */
  #sharesCode(a: TextAnalysis, from: number, doc: number): boolean {
    const mine = this.#entries[from]!.products;
    const theirs = this.#entries[doc]!.products;
    if (mine.length && theirs.length && !mine.some((p) => theirs.includes(p))) return false; // E1 on a heater is not E1 on a washer
    const pk = this.#packed;
    for (const t of a.terms) {
      if (!isErrorCode(t) && !this.#letterCodes.has(t)) continue;
      const id = lookupTerm(pk, t);
      if (id < 0) continue;
      for (let p = pk.termOff[id]!; p < pk.termOff[id + 1]!; p++) if (pk.postDoc[p] === doc) return true;
    }
    return false;
  }

  // ── calibration probes ──────────────────────────────────────────────────────────────

  /**
   * The KB's own questions asked of itself (see calibrate.ts): each entry's title and
   * sample questions, (1) with that text left out of the entry (a positive: the entry
   * should still win), and (2) with the entry's whole topic left out (a negative: whatever
   * wins is wrong; when what wins lists an error code the text names, it is a right answer,
   * and the negative counts as answered by nothing). At most `limit` texts, spread evenly
   * over the entries.
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
      const a = this.#analyzer.analyze(p.text, this.#functionCodes);
      const counts = new Map<number, number>();
      for (const t of a.terms) {
        const id = lookupTerm(this.#packed, t);
        if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const ex: Exclusion = { doc: p.doc, field: p.field, counts, len: a.terms.length };
      const pos = this.#decide(p.text, a, { lang: e.lang }, { ex, skip: p.text });
      const neg = this.#decide(p.text, a, { lang: e.lang }, { dropTopic: this.#topic[p.doc] });
      const feat = (x: Decision) => ({
        coverage: x.explanation.coverage,
        matched: x.explanation.matchedWeight,
        margin: x.explanation.margin,
        hasResult: x.top >= 0,
        selfMatch: x.explanation.selfMatch,
      });
      out.push({ kind: "positive", right: pos.top >= 0 && this.#topic[pos.top] === this.#topic[p.doc], ...feat(pos), entry: p.doc, top: pos.top });
      // with the topic left out, an entry that lists the same error code answers the question
      // (a code table beside the entry on one code): no false answer, and counting it as one
      // made a KB of codes refuse most of its own answers. It stays among the negatives as one
      // answered by nothing, so the budget of false answers is the same share of all of them.
      const answered = neg.top >= 0 && this.#sharesCode(a, p.doc, neg.top);
      out.push({ kind: "negative", right: false, ...feat(neg), ...(answered ? { hasResult: false } : {}), entry: p.doc, top: neg.top });
    }
    return out;
  }
}

/**
 * The unit weights for an entry in the other language: a unit that no language-neutral term
 * (catalogue product, lexicon concept) stands for cannot be matched across languages at all,
 * so it counts `share` of its weight.
 */
function crossLanguageWeights(a: TextAnalysis, unitW: Float64Array, share: number): Float64Array {
  if (share === 1) return unitW;
  const bridged = new Uint8Array(a.units.length);
  for (const [term, units] of a.termUnits) if (term.startsWith(CONCEPT_TERM) || term.startsWith(PRODUCT_TERM)) for (const u of units) bridged[u] = 1;
  return unitW.map((w, i) => (bridged[i] ? w : w * share));
}

/** Texts asked of the KB for its calibration, at most (spread over the entries). */
export const MAX_PROBE_TEXTS = 1500;

function spread<T>(items: T[], n: number): T[] {
  const out: T[] = [];
  const step = items.length / n;
  for (let i = 0; i < n; i++) out.push(items[Math.floor(i * step)]!);
  return out;
}
