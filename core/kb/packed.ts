/**
 * The knowledge base's inverted index as flat arrays: built once (in a worker thread for a
 * large KB, see build.ts), moved to the desk's thread without copying (typed arrays are
 * transferred; each string table is one string), and searched there synchronously.
 */
import { functionWordCodes, letterCodes } from "./letter-codes.ts";
import type { KbEntry } from "./entry.ts";
import { CONCEPT_TERM, PRODUCT_TERM } from "./terms.ts";
import type { Analyzer } from "./tokenize.ts";
import { pinyinKey } from "../text/normalize.ts";
import { FUZZY_WORD_MIN, isErrorCode } from "./english.ts";
import { BM25_B, BM25_K1, FIELD_BOOST, type FieldBoosts } from "./tuning.ts";

/** Indexed fields, in this order everywhere. */
export const FIELDS = ["title", "questions", "tags", "body"] as const;
export type FieldName = (typeof FIELDS)[number];
export const FIELD_COUNT = FIELDS.length;
export const F_TITLE = 0;
export const F_QUESTIONS = 1;
export const F_TAGS = 2;
export const F_BODY = 3;

/** English words at least this long are matched fuzzily when the KB does not know them. */
export const FUZZY_MIN_LENGTH = FUZZY_WORD_MIN;

const SEP = "\u0001";

/**
 * Sorted keys, each with a number, in one string plus offsets; several values per key sit
 * next to each other. Binary search, no allocation.
 */
export interface KeyTable {
  text: string;
  /** start of key i in `text`; length = keys + 1 */
  off: Uint32Array;
  /** the value of key i */
  val: Uint32Array;
}

function makeKeyTable(pairs: [string, number][]): KeyTable {
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const off = new Uint32Array(pairs.length + 1);
  const val = new Uint32Array(pairs.length);
  const parts: string[] = [];
  let pos = 0;
  pairs.forEach(([k, v], i) => {
    off[i] = pos;
    val[i] = v;
    parts.push(k);
    pos += k.length + 1;
  });
  off[pairs.length] = pos;
  return { text: parts.join(SEP) + (pairs.length ? SEP : ""), off, val };
}

function compareKey(t: KeyTable, i: number, key: string): number {
  const start = t.off[i]!;
  const len = t.off[i + 1]! - 1 - start;
  const n = Math.min(len, key.length);
  for (let k = 0; k < n; k++) {
    const d = t.text.charCodeAt(start + k) - key.charCodeAt(k);
    if (d !== 0) return d;
  }
  return len - key.length;
}

/**
 * The index range [lo, hi) of `key` in the table (empty when absent).
 *
 * @example
 * ```ts
 * const [lo, hi] = keyRange(packed.vocab, "制冷");
 * const termId = lo < hi ? packed.vocab.val[lo] : -1;
 * ```
 */
export function keyRange(t: KeyTable, key: string): [number, number] {
  const n = t.val.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKey(t, mid, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < n && compareKey(t, end, key) === 0) end++;
  return [lo, end];
}

/** The key at position i. */
export function keyAt(t: KeyTable, i: number): string {
  return t.text.slice(t.off[i]!, t.off[i + 1]! - 1);
}

export interface PackedIndex {
  /** entry ids in document order (checked against the entries the index is used with) */
  ids: string[];
  /** term → term id (one value per key) */
  vocab: KeyTable;
  /** term id → its text (for fuzzy candidates) */
  termText: KeyTable;
  /** postings of term t: [termOff[t], termOff[t+1]) */
  termOff: Uint32Array;
  postDoc: Uint32Array;
  /** per posting, the term frequency in each field (capped at 255) */
  postTf: Uint8Array;
  /** per posting, its BM25F term-frequency part with the default field boosts (see scoring.ts) */
  postW: Float64Array;
  /** per document and field, the number of terms */
  fieldLen: Uint32Array;
  avgLen: Float64Array;
  /** one-letter-deleted forms of English words → term id (typo tolerance) */
  deletes: KeyTable;
  /** fuzzy pinyin of Han bigrams → term id (homophone typos) */
  pinyin: KeyTable;
  /** the KB's letter-only error codes, lowercased (see letter-codes.ts); found here, off the event loop for a large KB */
  letterCodes: string[];
  /**
   * Error codes (digit or letter) that an entry has in its title or sample questions: pairs
   * of term id and document, flat. That entry is the one on that code; another entry on the
   * same product that lists the code only in its tags or body (a code table) is then not the
   * specific answer (see Scorer.coverage).
   */
  titledCodes: number[];
}

const isHanBigram = (t: string): boolean => t.length === 2 && /^\p{Script=Han}{2}$/u.test(t);
const isFuzzyWord = (t: string): boolean => t.length >= FUZZY_MIN_LENGTH && /^[a-z]+$/.test(t);

/**
 * Every form of `word` with one letter deleted.
 *
 * @example
 * ```ts
 * deletions("cool") // ["ool", "col", "coo"]
 * ```
 */
export function deletions(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return [...out];
}

/** The text indexed for each field of an entry. */
export function entryFields(e: KbEntry): string[] {
  return [e.title, e.questions.join("\n"), e.tags.join("\n"), e.body];
}

/**
 * The text of every indexed field, joined (what an embedding of the entry is made from).
 *
 * @example
 * ```ts
 * embedder.embed([entryText(entry)]);
 * ```
 */
export function entryText(e: KbEntry): string {
  return entryFields(e).filter(Boolean).join("\n");
}

/**
 * Builds the packed index of `entries` (tokenising every field with `analyzer`).
 * Declared products are indexed as product terms in the tags field, so an entry is found
 * by its products' names in any language.
 *
 * @example
 * ```ts
 * const packed = buildPackedIndex(entries, new Analyzer(catalogue));
 * ```
 */
export function buildPackedIndex(entries: readonly KbEntry[], analyzer: Analyzer): PackedIndex {
  const n = entries.length;
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // per term: flat list of [doc, tf0, tf1, tf2, tf3]
  const posts: number[][] = [];
  const fieldLen = new Uint32Array(n * FIELD_COUNT);
  const totals = new Float64Array(FIELD_COUNT);
  // the KB's letter codes, and those English would drop as function words (HI), kept as content
  const codes = letterCodes(entries.flatMap(entryFields));
  const keep = functionWordCodes(codes);
  entries.forEach((e, d) => {
    const perDoc = new Map<number, Uint32Array>();
    entryFields(e).forEach((text, f) => {
      const ts = analyzer.analyze(text, keep).terms;
      if (f === F_TAGS) for (const p of e.products) ts.push(PRODUCT_TERM + p);
      fieldLen[d * FIELD_COUNT + f] = ts.length;
      totals[f]! += ts.length;
      for (const t of ts) {
        let id = termIds.get(t);
        if (id === undefined) {
          id = terms.length;
          termIds.set(t, id);
          terms.push(t);
          posts.push([]);
        }
        let tf = perDoc.get(id);
        if (!tf) perDoc.set(id, (tf = new Uint32Array(FIELD_COUNT)));
        tf[f]!++;
      }
    });
    for (const [id, tf] of perDoc) posts[id]!.push(d, tf[0]!, tf[1]!, tf[2]!, tf[3]!);
  });
  const termOff = new Uint32Array(terms.length + 1);
  let p = 0;
  for (let t = 0; t < terms.length; t++) {
    termOff[t] = p;
    p += posts[t]!.length / 5;
  }
  termOff[terms.length] = p;
  const postDoc = new Uint32Array(p);
  const postTf = new Uint8Array(p * FIELD_COUNT);
  for (let t = 0, q = 0; t < terms.length; t++) {
    const list = posts[t]!;
    for (let i = 0; i < list.length; i += 5, q++) {
      postDoc[q] = list[i]!;
      for (let f = 0; f < FIELD_COUNT; f++) postTf[q * FIELD_COUNT + f] = Math.min(255, list[i + 1 + f]!);
    }
  }
  const avgLen = new Float64Array(FIELD_COUNT);
  for (let f = 0; f < FIELD_COUNT; f++) avgLen[f] = n ? Math.max(1, totals[f]! / n) : 1;

  const deletePairs: [string, number][] = [];
  const pinyinPairs: [string, number][] = [];
  terms.forEach((t, id) => {
    if (t.startsWith(PRODUCT_TERM) || t.startsWith(CONCEPT_TERM)) return;
    if (isFuzzyWord(t)) for (const d of deletions(t)) deletePairs.push([d, id]);
    else if (isHanBigram(t)) pinyinPairs.push([pinyinKey(t), id]);
  });
  const titledCodes: number[] = [];
  terms.forEach((t, id) => {
    if (!isErrorCode(t) && !codes.has(t)) return;
    for (let q = termOff[id]!; q < termOff[id + 1]!; q++)
      if (postTf[q * FIELD_COUNT + F_TITLE]! + postTf[q * FIELD_COUNT + F_QUESTIONS]! > 0) titledCodes.push(id, postDoc[q]!);
  });
  return {
    ids: entries.map((e) => e.id),
    letterCodes: [...codes],
    titledCodes,
    postW: postingWeights({ postDoc, postTf, fieldLen, avgLen }, FIELD_BOOST),
    vocab: makeKeyTable(terms.map((t, i) => [t, i])),
    termText: termTable(terms),
    termOff,
    postDoc,
    postTf,
    fieldLen,
    avgLen,
    deletes: makeKeyTable(deletePairs),
    pinyin: makeKeyTable(pinyinPairs),
  };
}

/** Term id → text, as a table whose i-th key is term i (not sorted). */
function termTable(terms: string[]): KeyTable {
  const off = new Uint32Array(terms.length + 1);
  let pos = 0;
  terms.forEach((t, i) => {
    off[i] = pos;
    pos += t.length + 1;
  });
  off[terms.length] = pos;
  return { text: terms.join(SEP) + (terms.length ? SEP : ""), off, val: new Uint32Array(0) };
}

/**
 * Per posting, the BM25F term-frequency part of its score (everything but the term's idf):
 * computed once per index so that ranking is one multiply-add per posting.
 *
 * @example
 * ```ts
 * const postW = postingWeights(packed, FIELD_BOOST);
 * ```
 */
export function postingWeights(packed: Pick<PackedIndex, "postDoc" | "postTf" | "fieldLen" | "avgLen">, boost: FieldBoosts): Float64Array {
  const boosts = [boost.title, boost.questions, boost.tags, boost.body];
  const out = new Float64Array(packed.postDoc.length);
  for (let p = 0; p < out.length; p++) {
    const d = packed.postDoc[p]!;
    let tfw = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const tf = packed.postTf[p * FIELD_COUNT + f]!;
      if (tf === 0) continue;
      tfw += (boosts[f]! * tf) / (1 - BM25_B + (BM25_B * packed.fieldLen[d * FIELD_COUNT + f]!) / packed.avgLen[f]!);
    }
    out[p] = tfw === 0 ? 0 : (tfw * (BM25_K1 + 1)) / (BM25_K1 + tfw);
  }
  return out;
}

/** The typed arrays of a packed index, for `postMessage`'s transfer list. */
export function transferables(p: PackedIndex): ArrayBuffer[] {
  const arrays = [
    p.vocab.off, p.vocab.val, p.termText.off, p.termOff, p.postDoc, p.postTf, p.postW, p.fieldLen, p.avgLen,
    p.deletes.off, p.deletes.val, p.pinyin.off, p.pinyin.val,
  ]; // prettier-ignore
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
