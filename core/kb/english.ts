/**
 * English words for the analyser: a light stemmer, how a Latin token counts (content,
 * neutral, stop), its search forms, and the folded words lexicon phrases are matched on.
 */
import { normalizeText } from "../text/normalize.ts";
import { EN_BRANDS, EN_NEGATIONS, EN_NEUTRAL_WORDS, EN_PHRASE_SKIP, EN_STOP_WORDS } from "./stopwords.ts";
import type { UnitKind } from "./terms.ts";

const ERROR_CODE = /^[a-z]{1,2}-?\d{1,3}[a-z]?$|^\d{1,2}[a-z]{1,2}$/;

/** An error code as the analyser keeps it (`e1`, `f21`, `3e`): topical, and specific wherever it is written. */
export function isErrorCode(tok: string): boolean {
  return ERROR_CODE.test(tok);
}

/**
 * A deliberately light English stemmer (plural -s/-es, -ing, -ed, final -e), applied the
 * same way to KB text and queries.
 *
 * @example
 * ```ts
 * stemEn("leaking") // "leak"
 * ```
 */
export function stemEn(word: string): string {
  let w = word;
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/(?:ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length >= 6) w = w.slice(0, -3);
  else if (w.endsWith("ed") && w.length >= 5) w = w.slice(0, -2);
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("e") && w.length >= 4) w = w.slice(0, -1);
  return w;
}

export function classifyLatin(tok: string): UnitKind {
  if (EN_STOP_WORDS.has(tok)) return "stop";
  if (EN_BRANDS.has(tok) || EN_NEUTRAL_WORDS.has(tok)) return "neutral";
  if (/\d/.test(tok)) return ERROR_CODE.test(tok) ? "content" : "neutral"; // E1, F21 topical; BCD-215WDPV, 215 not
  if (tok.length === 1) return "stop";
  return "content";
}

export function latinTerms(tok: string): string[] {
  const parts = tok.split(/[-_./]/).filter((p) => p.length > 0);
  if (parts.length > 1) {
    const out = [tok];
    for (const p of parts) if (!EN_STOP_WORDS.has(p)) out.push(p);
    return out;
  }
  const stem = stemEn(tok);
  return stem !== tok ? [tok, stem] : [tok];
}

/** A word of the English phrase stream: folded for lexicon matching, with its unit. */
export interface PhraseWord {
  w: string;
  unit: number;
  /** Units of words folded into this one (see notAnyAsNo in tokenize.ts). */
  with?: number[];
}

export function phraseWord(raw: string): string | null {
  const t = raw.replace(/['’]/g, "");
  if (EN_NEGATIONS.has(t)) return "not";
  if (EN_PHRASE_SKIP.has(t)) return null;
  return stemEn(t);
}

export function phraseWords(phrase: string): string[] {
  const out: string[] = [];
  for (const m of normalizeText(phrase).matchAll(/[a-z0-9]+(?:['’][a-z]+)?/g)) {
    const w = phraseWord(m[0]);
    if (w !== null) out.push(w);
  }
  return out;
}

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string
 * alignment), stopping early once it exceeds `max`: `fyrer` is one edit from `fryer`.
 *
 * @example
 * ```ts
 * editDistance("mircowave", "microwave", 2) // 1
 * ```
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * How many edits a misspelt English word may be from the word it stands for: none under
 * {@link FUZZY_WORD_MIN} letters, one up to 7, two from 8.
 *
 * @example
 * ```ts
 * fuzziness("ketle") // 1
 * ```
 */
export function fuzziness(term: string): number {
  if (term.length < FUZZY_WORD_MIN || !/^[a-z]+$/.test(term)) return 0;
  return term.length >= 8 ? 2 : 1;
}

/** English words at least this long are matched fuzzily when nothing knows them. */
export const FUZZY_WORD_MIN = 4;
