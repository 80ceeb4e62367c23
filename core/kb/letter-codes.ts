/**
 * Error codes made of letters only (`dE`, `UE`, `UNb`, `tF`), as the shop's own KB writes
 * them. Codes with a digit (`E1`, `F21`, `4C`) are told by their shape wherever they appear
 * (english.ts `isErrorCode`); a code of letters alone looks like a word or an abbreviation
 * (`UE` beside `TV`, `RO`, `PP`), so it is a code only where the KB writes it as one:
 * - in mixed case that no word or abbreviation takes (`dE`, `tF`);
 * - in capitals (`UE`, `UNb`), next to a word that introduces a code (显示UE, 报FL, shows "LO", "UE" code) or
 *   in a list with a digit code (E1、UE、OE).
 *
 * The customer writes it in any case ("washer shows ue"): the search lowercases both sides,
 * and a code the KB knows counts as specific wherever the entry has it, as a digit code does.
 */

import { EN_NEUTRAL_WORDS, EN_STOP_WORDS } from "./stopwords.ts";

/** Words before a code ("显示UE", "shows dE", "error code LE"), as the KB ends the text just before it. */
const BEFORE = /(?:显示|显示屏|屏幕|屏上|面板|提示|报警?|跳|闪烁?|出现|亮起?|代码|故障码|错误码|代码是|显示为|显示的是|shows?|showing|shown|displays?|displaying|reads|says|codes?|error|flashing|flashes|blinking|blinks|symbol|light)$/i;
/** Cues before a code that name the display or the code itself, not a light or a button ("light ON"). */
const SHOWS_BEFORE = /(?:显示|显示屏|屏幕|屏上|报警?|出现|代码|故障码|错误码|代码是|显示为|显示的是|shows?|showing|displays?|displaying|reads|says|codes?|error)$/i;
/** Words after a code ("UE代码", "LE error", "FL code"). */
const AFTER = /^(?:代码|故障|报警|错误|字样|code|error|fault|alarm)/i;
/**
 * A digit error code on the other side of a list separator (E1、UE / UE, E2 / OE or E1), or
 * before it a letter code already found (E1、OE、LE).
 */
const LIST_BEFORE = /(?<![A-Za-z0-9_-])([A-Za-z]{1,3}\d{0,3})\s*(?:[、,，/]|or|或)\s*$/i;
const DIGIT_CODE = /^[A-Za-z]{1,2}\d{1,3}$/;
const LIST_AFTER = /^\s*(?:[、,，/]|or|或)\s*[A-Za-z]{1,2}\d{1,3}(?![A-Za-z0-9_-])/i;
/** Between the cue and the code: spaces, quotes, brackets, a colon. */
const GAP = /[\s"'“”‘’「」『』()（）:：]*$/;
const GAP_AFTER = /^[\s"'“”‘’「」『』()（）:：]*/;

/**
 * Two or three letters standing alone, with a capital first or second (every code shape
 * below has one): not part of a word or of a model number (`QY-RO600`, `MB-40FH`).
 */
const TOKEN = /(?<![A-Za-z0-9_-])(?=[a-z]?[A-Z])[A-Za-z]{2,3}(?![A-Za-z0-9_-])/g;
/** Full-width Latin letters and punctuation, folded before the text is read. */
const FULL_WIDTH = /[\uFF01-\uFF5E]/;
/** Abbreviations that stand before "code" without being one ("QR code", "PIN code"), or head a table's first column ("No."). */
const NOT_CODES = new Set(["qr", "pin", "zip", "sms", "otp", "no"]);
/** The first cell of a Markdown table row, when it is code-shaped: `| HI | 冷冻室温度过高 |`. */
const TABLE_FIRST_CELL = /^\s*\|\s*([A-Za-z]{1,3}\d{0,3})\s*\|/gm;

/**
 * The letter-only error codes of a KB's texts, lowercased.
 *
 * @example
 * ```ts
 * letterCodes(["洗衣机脱水显示UE", 'If the display shows "dE", close the door', "TV and AC"]) // Set {"ue", "de"}
 * ```
 */
export function letterCodes(texts: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const raw of texts) {
    const text = FULL_WIDTH.test(raw) ? raw.normalize("NFKC") : raw;
    // a code table: the first column of a Markdown table that lists a digit code (E1) too
    const firsts = [...text.matchAll(TABLE_FIRST_CELL)].map((m) => m[1]!);
    if (firsts.some((f) => DIGIT_CODE.test(f)))
      for (const f of firsts) if (/^[A-Za-z]{2,3}$/.test(f) && /[A-Z]/.test(f) && !NOT_CODES.has(f.toLowerCase())) out.add(f.toLowerCase());
    for (const m of text.matchAll(TOKEN)) {
      const tok = m[0];
      if (out.has(tok.toLowerCase()) || NOT_CODES.has(tok.toLowerCase())) continue;
      if (isMixedCaseCode(tok)) {
        out.add(tok.toLowerCase());
        continue;
      }
      if (!/^[A-Z]{2}[A-Za-z]?$/.test(tok)) continue;
      const before = text.slice(Math.max(0, m.index - 16), m.index).replace(GAP, "");
      const after = text.slice(m.index + tok.length, m.index + tok.length + 16).replace(GAP_AFTER, "");
      const listed = LIST_BEFORE.exec(text.slice(Math.max(0, m.index - 16), m.index))?.[1];
      const inList = listed !== undefined && (DIGIT_CODE.test(listed) || out.has(listed.toLowerCase()));
      // an English function word (ON, IT, NO) only after a cue that can introduce nothing but a code ("displays HI")
      if (EN_STOP_WORDS.has(tok.toLowerCase())) {
        if (SHOWS_BEFORE.test(before) || AFTER.test(after)) out.add(tok.toLowerCase());
        continue;
      }
      if (BEFORE.test(before) || AFTER.test(after) || inList || LIST_AFTER.test(text.slice(m.index + tok.length))) out.add(tok.toLowerCase());
    }
  }
  return out;
}

/** `dE`, `tF`, `nD`: a small letter, then a capital (not `iOS`, not `TVs`). */
function isMixedCaseCode(tok: string): boolean {
  return /^[a-z][A-Z]$/.test(tok);
}

/**
 * The codes among `codes` that English analysis would drop as function words (`HI`; `ON` only
 * where the KB writes it after "displays" or before "code", see {@link letterCodes}):
 * the KB's texts keep them as content everywhere; a customer's message keeps one only where it
 * is written in capitals ("fridge display says HI", not "hi, my fridge…"), see {@link codesInCapitals}.
 *
 * @example
 * ```ts
 * functionWordCodes(new Set(["ue", "hi"])) // Set {"hi"}
 * ```
 */
export function functionWordCodes(codes: Iterable<string>): Set<string> {
  return new Set([...codes].filter((c) => EN_STOP_WORDS.has(c) || EN_NEUTRAL_WORDS.has(c)));
}

/**
 * The codes of `codes` (lowercased) that `text` writes in capitals as a word of their own.
 *
 * @example
 * ```ts
 * codesInCapitals("Hi, my fridge shows HI", new Set(["hi"])) // Set {"hi"}
 * codesInCapitals("hi, my fridge is warm", new Set(["hi"])) // Set {}
 * ```
 */
export function codesInCapitals(text: string, codes: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (codes.size === 0) return out;
  for (const m of text.normalize("NFKC").matchAll(/(?<![A-Za-z])[A-Z]{2,3}(?![A-Za-z])/g)) if (codes.has(m[0].toLowerCase())) out.add(m[0].toLowerCase());
  return out;
}
