/**
 * Scoring entries against a query over the packed index: BM25F (fields weighted, see
 * {@link FIELD_BOOST}) and coverage (how much of what the customer said an entry matches).
 * Both can leave one text out of one entry, for the calibration's leave-one-out probes.
 */
import { isErrorCode } from "./english.ts";
import { LEXICON_PRODUCT_TERM } from "./filter.ts";
import { F_BODY, F_QUESTIONS, F_TITLE, FIELD_COUNT, postingWeights, type PackedIndex } from "./packed.ts";
import { CONCEPT_TERM, NEGATED_TERM, type TextAnalysis } from "./terms.ts";
import { BM25_B, BM25_K1, CLAUSE_MIN_MATCHED, FIELD_BOOST, MAX_CANDIDATES, type FieldBoosts, type KbTuning } from "./tuning.ts";
import { lookupTerm, type QTerm } from "./typos.ts";

/** Leave-one-out: score `doc` as if `field` did not contain these term counts. */
export interface Exclusion {
  doc: number;
  field: number;
  counts: Map<number, number>;
  len: number;
}

export interface Ranked {
  doc: number;
  score: number;
  key?: number;
}

/**
 * The scorer of one index: reusable buffers (one search at a time, synchronously) and the
 * entries a query may reach (`allowed`, filled by the caller before each ranking).
 */
export class Scorer {
  readonly allowed: Uint8Array;
  readonly #packed: PackedIndex;
  readonly #acc: Float64Array;
  readonly #touched: Int32Array;
  readonly #n: number;
  readonly #boosts: number[];
  /** per posting, its BM25F term-frequency part (all but idf), for the field boosts in force */
  readonly #postW: Float64Array;
  /** The KB's letter-only error codes (letter-codes.ts), lowercased. */
  readonly #codes: ReadonlySet<string>;
  /** Per error code (term id), the entries whose title or questions name it (PackedIndex.titledCodes). */
  readonly #titledCodes = new Map<number, number[]>();
  /** Each entry's products (an error code means something on one product). */
  readonly #products: readonly (readonly string[])[];

  constructor(packed: PackedIndex, boost: FieldBoosts = FIELD_BOOST, codes: ReadonlySet<string> = new Set(), products: readonly (readonly string[])[] = []) {
    this.#packed = packed;
    this.#codes = codes;
    this.#products = products;
    for (let i = 0; i < packed.titledCodes.length; i += 2) {
      const [term, doc] = [packed.titledCodes[i]!, packed.titledCodes[i + 1]!];
      const docs = this.#titledCodes.get(term) ?? [];
      docs.push(doc);
      this.#titledCodes.set(term, docs);
    }
    this.#n = packed.ids.length;
    this.#acc = new Float64Array(this.#n);
    this.#touched = new Int32Array(this.#n);
    this.allowed = new Uint8Array(this.#n);
    this.#boosts = [boost.title, boost.questions, boost.tags, boost.body];
    const isDefault = (Object.keys(FIELD_BOOST) as (keyof FieldBoosts)[]).every((k) => boost[k] === FIELD_BOOST[k]);
    this.#postW = isDefault && packed.postW.length === packed.postDoc.length ? packed.postW : postingWeights(packed, boost);
  }

  /** Document frequency of a term id (0 for -1). */
  df(id: number): number {
    return id < 0 ? 0 : this.#packed.termOff[id + 1]! - this.#packed.termOff[id]!;
  }

  /** BM25 inverse document frequency. */
  idf(df: number): number {
    const n = this.#n;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  #fieldTf(p: number, d: number, f: number, termId: number, ex: Exclusion | undefined): number {
    let tf = this.#packed.postTf[p * FIELD_COUNT + f]!;
    if (ex && d === ex.doc && f === ex.field) tf = Math.max(0, tf - (ex.counts.get(termId) ?? 0));
    return tf;
  }

  /** The best {@link MAX_CANDIDATES} allowed entries by BM25F, best first. */
  rank(qterms: readonly QTerm[], ex?: Exclusion): Ranked[] {
    const pk = this.#packed;
    const acc = this.#acc;
    const touched = this.#touched;
    const allowed = this.allowed;
    const postDoc = pk.postDoc;
    const postW = this.#postW;
    const exDoc = ex ? ex.doc : -1;
    let nTouched = 0;
    const boosts = this.#boosts;
    for (const qt of qterms) {
      const start = pk.termOff[qt.id]!;
      const end = pk.termOff[qt.id + 1]!;
      const idf = this.idf(end - start) * qt.weight;
      for (let p = start; p < end; p++) {
        const d = postDoc[p]!;
        if (allowed[d] === 0) continue;
        if (d !== exDoc) {
          if (acc[d] === 0) touched[nTouched++] = d;
          acc[d]! += idf * postW[p]!;
          continue;
        }
        let tfw = 0;
        for (let f = 0; f < FIELD_COUNT; f++) {
          const tf = this.#fieldTf(p, d, f, qt.id, ex);
          if (tf === 0) continue;
          let len = pk.fieldLen[d * FIELD_COUNT + f]!;
          if (ex && d === ex.doc && f === ex.field) len = Math.max(1, len - ex.len);
          tfw += (boosts[f]! * tf) / (1 - BM25_B + (BM25_B * len) / pk.avgLen[f]!);
        }
        if (tfw === 0) continue;
        if (acc[d] === 0) touched[nTouched++] = d;
        acc[d]! += (idf * tfw * (BM25_K1 + 1)) / (BM25_K1 + tfw);
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

  /** True when another entry on a product of `d` (or, for a general `d`, any entry) names this code in its title or questions. */
  #codeHasEntry(term: number, d: number): boolean {
    const docs = this.#titledCodes.get(term);
    if (!docs) return false;
    const mine = this.#products[d] ?? [];
    return docs.some((o) => o !== d && (mine.length === 0 || (this.#products[o] ?? []).some((p) => mine.includes(p))));
  }

  /**
   * True when the query names an error code that `d` does not name in its title or questions
   * while another entry on its product does (the code's own entry).
   */
  passesOverCode(qterms: readonly QTerm[], d: number): boolean {
    for (const qt of qterms) {
      if (!(isErrorCode(qt.text) || this.#codes.has(qt.text))) continue;
      const docs = this.#titledCodes.get(qt.id);
      if (!docs || docs.includes(d)) continue;
      if (this.#codeHasEntry(qt.id, d)) return true;
    }
    return false;
  }

  /** True when some entry other than the left-out text has this term. */
  #known(id: number, ex: Exclusion | undefined): boolean {
    if (id < 0) return false;
    const pk = this.#packed;
    const start = pk.termOff[id]!;
    const end = pk.termOff[id + 1]!;
    if (end - start !== 1 || !ex || pk.postDoc[start] !== ex.doc) return end > start;
    for (let f = 0; f < FIELD_COUNT; f++) if (this.#fieldTf(start, ex.doc, f, id, ex) > 0) return true;
    return false;
  }

  /**
   * Coverage weight of each query unit: its weight × idf (0 for units that are not content).
   * A unit no entry knows (no term standing for it is in the KB) counts `unknownShare` of
   * the rarest known unit's weight (UNKNOWN_COVERAGE in tuning.ts): the KB says nothing
   * about it either way.
   */
  unitWeights(a: TextAnalysis, ex?: Exclusion, unknownShare = 1): Float64Array {
    const w = new Float64Array(a.units.length);
    const known = new Uint8Array(a.units.length);
    if (unknownShare !== 1) {
      const mark = (term: string, units: readonly number[]) => {
        if (units.every((u) => known[u] === 1)) return;
        if (this.#known(lookupTerm(this.#packed, term), ex)) for (const u of units) known[u] = 1;
      };
      for (const [term, units] of a.termUnits) mark(term, units);
      for (const [term, units] of a.unigramUnits) mark(term, units);
    }
    a.units.forEach((u, i) => {
      if (u.kind !== "content") return;
      // an unknown unit is weighed as the rarest known one (df 1), times its share
      if (unknownShare !== 1 && !known[i]) w[i] = u.weight * this.idf(1) * unknownShare;
      else w[i] = u.weight * this.idf(this.df(lookupTerm(this.#packed, u.text)));
    });
    return w;
  }

  /**
   * Coverage of the query by entry `d` (see {@link KbTuning.bodyCoverage}, {@link KbTuning.unigramCoverage}),
   * the content it matched, and the coverage of the query's best clause (split at sentence
   * punctuation) that matches {@link CLAUSE_MIN_MATCHED} times the minimum content or more: a customer states the fault in one clause
   * and tells the story around it in the others ("空调开了一上午，吹出来的风一点都不凉，是不是坏了");
   * and whether it matched a lexicon concept of the query (`concept`: a symptom, a part, a
   * service; not a lexicon product).
   */
  coverage(
    a: TextAnalysis,
    qterms: readonly QTerm[],
    d: number,
    ex: Exclusion | undefined,
    unitW: Float64Array,
    t: Pick<KbTuning, "bodyCoverage" | "unigramCoverage" | "conceptWordCoverage" | "minMatchedWeight">,
  ): { coverage: number; matched: number; clause: number; concept: boolean } {
    const pk = this.#packed;
    const hit = new Float64Array(a.units.length);
    // units a lexicon concept or a negated word the KB knows stands for ("stopped cooling" →
    // ~not-cooling, "not charging" → !charg): an entry that has their words but not the
    // concept may say the opposite ("it still cools", "hot while charging")
    const conceptual = new Uint8Array(a.units.length);
    const byConcept = new Float64Array(a.units.length);
    let viaConcept = false;
    if (t.conceptWordCoverage !== 1)
      for (const qt of qterms) if (qualified(qt.text)) for (const u of qt.units) conceptual[u] = 1;
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
      let named = false;
      for (let f = 0; f < FIELD_COUNT; f++) {
        if (this.#fieldTf(lo, d, f, qt.id, ex) === 0) continue;
        if (f === F_BODY) inBody = true;
        else inside = true;
        if (f === F_TITLE || f === F_QUESTIONS) named = true;
      }
      if (!inside && !inBody) continue;
      // a body is long and generic, but an error code it lists is as specific as a title, unless
      // another entry is about that code (its title or questions name it): a code table that
      // lists it in its tags or body is then not the answer, the other entry is
      const code = isErrorCode(qt.text) || this.#codes.has(qt.text);
      const credit = code ? (named || !this.#codeHasEntry(qt.id, d) ? 1 : t.bodyCoverage) : inside ? 1 : t.bodyCoverage;
      const concept = qualified(qt.text);
      if (qt.text.startsWith(CONCEPT_TERM) && !qt.text.startsWith(LEXICON_PRODUCT_TERM)) viaConcept = true;
      for (const u of qt.units) {
        hit[u] = Math.max(hit[u]!, credit);
        if (concept) byConcept[u] = Math.max(byConcept[u]!, credit);
      }
      for (const u of qt.uniUnits) hit[u] = Math.max(hit[u]!, credit * t.unigramCoverage);
    }
    let total = 0;
    let matchedIdf = 0;
    let matchedRaw = 0;
    const nClauses = (a.units.at(-1)?.clause ?? 0) + 1;
    const cTotal = new Float64Array(nClauses);
    const cIdf = new Float64Array(nClauses);
    const cRaw = new Float64Array(nClauses);
    a.units.forEach((u, i) => {
      if (u.kind !== "content") return;
      if (conceptual[i]) hit[i] = Math.max(byConcept[i]!, hit[i]! * t.conceptWordCoverage);
      const w = unitW[i]!;
      const c = u.clause ?? 0;
      total += w;
      matchedIdf += w * hit[i]!;
      matchedRaw += u.weight * hit[i]!;
      cTotal[c] = cTotal[c]! + w;
      cIdf[c] = cIdf[c]! + w * hit[i]!;
      cRaw[c] = cRaw[c]! + u.weight * hit[i]!;
    });
    const coverage = total === 0 ? 0 : matchedIdf / total;
    // the best clause that matches a word and a half or more (CLAUSE_MIN_MATCHED)
    let clause = coverage;
    if (nClauses > 1) for (let c = 0; c < nClauses; c++) if (cRaw[c]! >= CLAUSE_MIN_MATCHED * t.minMatchedWeight && cTotal[c]! > 0) clause = Math.max(clause, cIdf[c]! / cTotal[c]!);
    return { coverage, matched: matchedRaw, clause, concept: viaConcept };
  }
}

/** A concept or negated-word term: it says more about its words than the words alone. */
function qualified(term: string): boolean {
  return term.startsWith(CONCEPT_TERM) || term.startsWith(NEGATED_TERM);
}
