/**
 * The terms a query is searched with: its own terms that the KB knows, and for those it does
 * not know, the KB's terms they are probably a typo of (English: one or two edits with the
 * same first letter) or, for a Chinese bigram, the KB bigrams that sound the same (冰相 → 冰箱)
 * or, when none does, that differ in one look-alike character (微波妒 → 微波炉).
 */
import { pinyinKey } from "../text/normalize.ts";
import { editDistance, fuzziness } from "./english.ts";
import { deletions, keyAt, keyRange, type PackedIndex } from "./packed.ts";
import type { TextAnalysis } from "./terms.ts";
import { LOOKALIKE_GROUPS } from "../text/lookalikes.ts";

/**
 * Weight of a look-alike stand-in relative to the word typed: half. Most customers type
 * pinyin, where the common slip is a homophone; look-alikes come from handwriting input, and
 * two characters that share a component are often not confused at all.
 */
export const LOOKALIKE_WEIGHT = 0.5;

let lookalikeIndex: Map<string, string[]> | undefined;

/**
 * The common characters that look like `c` (built the same way around a shared component;
 * see core/text/lookalikes.ts), without `c` itself.
 *
 * @example
 * ```ts
 * lookalikesOf("妒") // ["护", "沪", "炉", "驴", …]
 * ```
 */
export function lookalikesOf(c: string): readonly string[] {
  if (!lookalikeIndex) {
    const groups = new Map<string, Set<string>>();
    for (const g of LOOKALIKE_GROUPS)
      for (const ch of g) {
        const set = groups.get(ch) ?? new Set<string>();
        for (const other of g) if (other !== ch) set.add(other);
        groups.set(ch, set);
      }
    lookalikeIndex = new Map([...groups].map(([ch, set]) => [ch, [...set]]));
  }
  return lookalikeIndex.get(c) ?? [];
}

/** One searched term: a query term, or a typo/homophone stand-in for it. */
export interface QTerm {
  id: number;
  text: string;
  weight: number;
  /** units it counts for (coverage) */
  units: readonly number[];
  /** Han character units it counts for partially (rank-only unigrams) */
  uniUnits: readonly number[];
}

function fuzzyCandidates(packed: PackedIndex, word: string): Set<number> {
  const ids = new Set<number>();
  const add = (table: PackedIndex["vocab"], key: string): void => {
    const [lo, hi] = keyRange(table, key);
    for (let i = lo; i < hi; i++) ids.add(table.val[i]!);
  };
  add(packed.deletes, word); // the KB word has one more letter
  for (const d of deletions(word)) {
    add(packed.vocab, d); // the query has one letter too many
    add(packed.deletes, d); // one letter changed (or swapped)
  }
  return ids;
}

/**
 * The term id of `term` in the index, or -1.
 *
 * @example
 * ```ts
 * lookupTerm(packed, "制冷") // 42
 * ```
 */
export function lookupTerm(packed: PackedIndex, term: string): number {
  const [lo, hi] = keyRange(packed.vocab, term);
  return lo < hi ? packed.vocab.val[lo]! : -1;
}

/**
 * Query terms with their typo and homophone stand-ins.
 *
 * @example
 * ```ts
 * searchTerms(packed, analyzer.analyze("冰相不冷")).map((t) => t.text) // [..., "冰箱", ...]
 * ```
 */
export function searchTerms(packed: PackedIndex, a: TextAnalysis): QTerm[] {
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
    const id = lookupTerm(packed, t);
    if (id >= 0) {
      push(id, t, w, units, uni);
      continue;
    }
    if (a.exact?.has(t)) continue;
    const max = fuzziness(t);
    if (max > 0) {
      for (const cid of fuzzyCandidates(packed, t)) {
        const c = keyAt(packed.termText, cid);
        if (c[0] === t[0] && editDistance(t, c, max) <= max) push(cid, c, w, units, uni);
      }
    } else if (t.length === 2 && /^\p{Script=Han}{2}$/u.test(t)) {
      const [lo, hi] = keyRange(packed.pinyin, pinyinKey(t));
      for (let i = lo; i < hi; i++) {
        const cid = packed.pinyin.val[i]!;
        push(cid, keyAt(packed.termText, cid), w, units, uni);
      }
      // no homophone: a look-alike (微波妒 → 微波炉, 迸水 → 进水, 不加然 → 不加热), weaker
      if (lo === hi)
        for (let at = 0; at < 2; at++)
          for (const c of lookalikesOf(t[at]!)) {
            const alt = at === 0 ? c + t[1]! : t[0]! + c;
            const cid = lookupTerm(packed, alt);
            if (cid >= 0) push(cid, alt, w * LOOKALIKE_WEIGHT, units, uni);
          }
    }
  }
  return out;
}
