/**
 * CJK-aware, bilingual text analysis for the FAQ knowledge base.
 *
 * One analyser serves both indexing and querying, so a KB body and a customer's message
 * are cut into the same kind of terms:
 *
 * - Text is normalised (`core/text/normalize.ts`): full-width → half-width, lowercase,
 *   traditional → simplified Chinese.
 * - Runs of Han characters are split at particles/pronouns (的 了 吗 我 …) and produce
 *   character bigrams (robust to segmentation errors) plus the words `Intl.Segmenter` finds,
 *   and rank-only single characters.
 * - Latin runs produce lowercased words with a light English stemmer; model numbers and
 *   error codes are kept whole and also split at `-`, `_`, `.`, `/`
 *   (`KFR-35GW` → `kfr-35gw`, `kfr`, `35gw`).
 * - Language-neutral terms bridge Chinese and English: `@<category>` for every product the
 *   catalogue recognises (电饭锅, rice cooker → `@rice-cooker`), and `~<concept>` for the
 *   phrases of the bilingual symptom lexicon (不制冷, not cooling → `~not-cooling`).
 *
 * For queries the analyser also reports "units" (one per Han character, one per Latin word)
 * with a class, so the search can tell how much of what the customer actually said an entry
 * answers (see `coverage` in search.ts).
 */
import { defaultCatalogue, OTHER_CATEGORY, type Catalogue } from "../catalogue/index.ts";
import { normalizeText } from "../text/normalize.ts";
import { classifyLatin, editDistance, fuzziness, latinTerms, phraseWord, phraseWords, stemEn, type PhraseWord } from "./english.ts";
import { isCommonEnglishWord } from "./common-words.ts";
import { hasCjk } from "./lang.ts";
import { SYMPTOM_LEXICON, type LexiconConcept } from "./lexicon.ts";
import { BRAND_NAMES, EN_BRANDS, EN_NEUTRAL_WORDS, EN_STOP_WORDS, ZH_ABB_SUFFIXES, ZH_NEUTRAL_PHRASES, ZH_STOP_CHARS } from "./stopwords.ts";
import {
  CONCEPT_TERM,
  NEGATED_TERM,
  NAME_TERM_WEIGHT,
  PRODUCT_TERM,
  UNIGRAM_WEIGHT,
  VARIANT_WEIGHT,
  type QueryUnit,
  type TextAnalysis,
  type UnitKind,
} from "./terms.ts";

export { normalizeText } from "../text/normalize.ts";
export { stemEn } from "./english.ts";
export { detectDocLang, detectLang, hasCjk } from "./lang.ts";
export { BRAND_NAMES, EN_STOP_WORDS, ZH_NEUTRAL_PHRASES, ZH_STOP_CHARS } from "./stopwords.ts";
export * from "./terms.ts";

const ABB_SUFFIXES: ReadonlySet<string> = new Set(ZH_ABB_SUFFIXES);

const CLAUSE_BREAK = /[,.!?;:，。！？；：…\n]/;

const RUN = /(\p{Script=Han}+)|([a-z0-9]+(?:['’][a-z]+)?(?:[-_./][a-z0-9]+)*)/gu;

let segmenter: Intl.Segmenter | undefined;
function zhSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  return segmenter;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const phraseRe = (phrases: readonly string[]): RegExp =>
  new RegExp([...new Set(phrases)].sort((a, b) => b.length - a.length).map(escapeRe).join("|"), "g");

/** Mark every occurrence of the phrases (overlaps included) in a Han run. */
function markPhrases(run: string, re: RegExp, kinds: UnitKind[], kind: UnitKind, names?: boolean[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(run); m !== null; m = re.exec(run)) {
    for (let i = m.index; i < m.index + m[0].length; i++) {
      if (kinds[i] === "content") {
        kinds[i] = kind;
        if (names) names[i] = true;
      }
    }
    re.lastIndex = m.index + 1; // allow overlapping phrases
  }
}

/** Forms of "stop" that say the same as "not" before a verb in -ing ("stopped cooling"). */
const STOP_FORMS: ReadonlySet<string> = new Set(["stop", "stops", "stopped"]);

/**
 * "Stopped cooling" and "stops working" are "not cooling" and "not working" to the lexicon:
 * a form of "stop" before a verb in -ing, not itself after a negation ("won't stop beeping"),
 * is folded to `not` in the phrase stream.
 */
function stopAsNegation(words: PhraseWord[], units: readonly QueryUnit[]): void {
  for (let i = 0; i + 1 < words.length; i++) {
    const raw = units[words[i]!.unit]?.text ?? "";
    const next = units[words[i + 1]!.unit]?.text ?? "";
    if (STOP_FORMS.has(raw) && /[a-z]{2}ing$/.test(next) && words[i - 1]?.w !== "not") words[i] = { ...words[i]!, w: "not" };
  }
}

/**
 * "Not giving any water" says "no water", "doesn't have any power" says "no power": for the
 * lexicon, a negation, a verb and "any" before a word read as the negation right before that
 * word, the verb's unit going with the phrase. Returns the folded copy; `words` is unchanged.
 */
function notAnyAsNo(words: readonly PhraseWord[], units: readonly QueryUnit[]): PhraseWord[] {
  const out = [...words];
  for (let i = 0; i + 2 < out.length; i++) {
    const verb = out[i + 1]!;
    if (out[i]!.w === "not" && verb.w !== "not" && units[verb.unit + 1]?.text === "any" && out[i + 2]!.unit === verb.unit + 2)
      out.splice(i, 2, { ...out[i]!, with: [...(out[i]!.with ?? []), verb.unit] });
  }
  return out;
}

/**
 * Chinese degree adverbs: 很慢, 特别慢 and 贼慢 say what 慢 says, so the lexicon's phrases
 * are also looked for with them taken out (see {@link withoutDegreeAdverbs}).
 */
export const ZH_DEGREE_ADVERBS: readonly string[] = ["有一点", "有点儿", "特别", "非常", "十分", "相当", "比较", "有点", "有些", "超级", "极其", "格外", "实在", "真的", "很", "太", "挺", "好", "贼", "蛮"];
const DEGREE_RE = new RegExp(`(?<=\\p{Script=Han})(?:${ZH_DEGREE_ADVERBS.join("|")})(?=\\p{Script=Han})`, "gu");

/**
 * The text with the degree adverbs between two Han characters taken out, and for each of
 * its characters the offset it had in the text.
 *
 * @example
 * ```ts
 * withoutDegreeAdverbs("水流特别细").text // "水流细"
 * ```
 */
export function withoutDegreeAdverbs(text: string): { text: string; at: number[] } {
  const at: number[] = [];
  let out = "";
  let last = 0;
  const keep = (from: number, to: number) => {
    for (let i = from; i < to; i++) at.push(i);
    out += text.slice(from, to);
  };
  for (const m of text.matchAll(DEGREE_RE)) {
    keep(last, m.index);
    last = m.index + m[0].length;
  }
  keep(last, text.length);
  return { text: out, at };
}

/**
 * The analyser, compiled once from a catalogue (product names) and a lexicon (concepts).
 *
 * @example
 * ```ts
 * const analyzer = new Analyzer(loadCatalogue(path));
 * analyzer.analyze("My rice cooker won't heat").terms // […, "@rice-cooker", "~not-heating", …]
 * ```
 */
export class Analyzer {
  readonly catalogue: Catalogue;
  readonly #nameRe: RegExp;
  /** Names of unserved products that are also the head word of a served one's name ("heater": "water heater"). */
  readonly #ambiguousOther = new Set<string>();
  readonly #neutralRe: RegExp;
  readonly #zhConcepts: RegExp | null;
  readonly #zhConceptOf = new Map<string, string[]>();
  /** Concepts marked vague in the lexicon (see {@link LexiconConcept.vague}). */
  readonly #vague = new Set<string>();
  readonly #enConcepts = new Map<string, { words: string[]; id: string }[]>();
  /** English words of the catalogue's names and the lexicon's phrases, by themselves and with one letter deleted. */
  readonly #dict = new Map<string, string[]>();
  /** Stems of the catalogue's and lexicon's English words: a word with one of them is an inflection ("pulling" of "pull"), not a typo. */
  readonly #stems = new Set<string>();

  constructor(catalogue: Catalogue = defaultCatalogue(), lexicon: readonly LexiconConcept[] = SYMPTOM_LEXICON) {
    this.catalogue = catalogue;
    const zhNames: string[] = [];
    for (const c of catalogue.categories) for (const s of [...c.synonyms.zh, c.name.zh]) if (hasCjk(s)) zhNames.push(normalizeText(s));
    this.#nameRe = phraseRe([...BRAND_NAMES, ...zhNames]);
    const served = catalogue.categories.filter((c) => c.id !== OTHER_CATEGORY).flatMap((c) => [...c.synonyms.en, c.name.en].map((n) => normalizeText(n)));
    for (const o of catalogue.categories.find((c) => c.id === OTHER_CATEGORY)?.synonyms.en ?? []) {
      const n = normalizeText(o);
      if (served.some((s) => s !== n && s.endsWith(` ${n}`))) this.#ambiguousOther.add(n);
    }
    this.#neutralRe = phraseRe(ZH_NEUTRAL_PHRASES);
    const zh: string[] = [];
    for (const c of lexicon) {
      if (c.vague) this.#vague.add(c.id);
      for (const p of c.zh) {
        const n = normalizeText(p);
        // a phrase two concepts share has both senses (打折: a kinked hose, a discount)
        const ids = this.#zhConceptOf.get(n);
        if (!ids) {
          this.#zhConceptOf.set(n, [c.id]);
          zh.push(n);
        } else if (!ids.includes(c.id)) ids.push(c.id);
      }
      for (const p of c.en) {
        const words = phraseWords(p);
        if (!words.length) continue;
        const list = this.#enConcepts.get(words[0]!) ?? [];
        list.push({ words, id: c.id });
        this.#enConcepts.set(words[0]!, list);
      }
    }
    for (const list of this.#enConcepts.values()) list.sort((a, b) => b.words.length - a.words.length);
    this.#zhConcepts = zh.length ? phraseRe(zh) : null;
    const words = new Set<string>();
    const addWords = (phrase: string): void => {
      for (const w of normalizeText(phrase).match(/[a-z]+/g) ?? []) if (fuzziness(w) > 0) words.add(w);
    };
    for (const c of catalogue.categories) for (const p of [...c.synonyms.en, c.name.en]) addWords(p);
    for (const c of lexicon) for (const p of c.en) addWords(p);
    for (const w of words) {
      this.#stems.add(stemEn(w));
      for (const k of [w, ...oneDeleted(w)]) {
        const list = this.#dict.get(k);
        if (!list) this.#dict.set(k, [w]);
        else if (!list.includes(w)) list.push(w);
      }
    }
  }

  /**
   * A customer's message with misspelt product and symptom words put right (mircowave →
   * microwave, ketle → kettle), so catalogue names and lexicon phrases are recognised. Only
   * English words that neither the analyser's word lists nor `known` (the KB's vocabulary)
   * know are touched, and only when one catalogue or lexicon word is closest.
   *
   * @example
   * ```ts
   * analyzer.correct("mircowave sparks", (w) => kbKnows(w)) // "microwave sparks"
   * ```
   */
  correct(text: string, known: (word: string) => boolean): string {
    const normalized = normalizeText(text);
    return normalized.replace(/(?<![a-z0-9])[a-z]+(?![a-z0-9'’])/g, (w) => {
      const max = fuzziness(w);
      if (max === 0 || this.#dict.get(w)?.includes(w) || EN_STOP_WORDS.has(w) || EN_NEUTRAL_WORDS.has(w) || EN_BRANDS.has(w) || isCommonEnglishWord(w)) return w;
      const cands = new Set<string>();
      for (const k of [w, ...oneDeleted(w)]) for (const c of this.#dict.get(k) ?? []) cands.add(c);
      const stem = stemEn(w);
      // a word the KB knows, or an inflection of a catalogue or lexicon word ("pulling" of
      // "pull", not a typo of "pilling"), stays; unless it is such a word with a letter
      // dropped that stems alike ("washing machin"): the whole word changes no search term
      // and lets the phrase be recognised
      if (known(w) || known(stem) || this.#stems.has(stem)) {
        const same = [...cands].filter((c) => c.length === w.length + 1 && stemEn(c) === stem);
        return same.length === 1 ? same[0]! : w;
      }
      const closest = (word: string, within: Iterable<string>): string | null => {
        const limit = fuzziness(word);
        let best: string | null = null;
        let bestD = limit + 1;
        let tie = false;
        for (const c of within) {
          if (c[0] !== word[0]) continue;
          const d = editDistance(word, c, limit);
          if (d < bestD) [best, bestD, tie] = [c, d, false];
          else if (d === bestD) tie = true;
        }
        return limit > 0 && best !== null && !tie ? best : null;
      };
      const whole = closest(w, cands);
      if (whole !== null) return whole;
      // an inflected word misspelt in its stem ("overheeting"): the stem put right, the ending kept
      if (stem !== w && w.startsWith(stem)) {
        const stemCands = new Set<string>();
        for (const k of [stem, ...oneDeleted(stem)]) for (const c of this.#dict.get(k) ?? []) stemCands.add(c);
        const fixed = closest(stem, stemCands);
        if (fixed !== null && stemEn(fixed + w.slice(stem.length)) === fixed) return fixed + w.slice(stem.length);
      }
      return w;
    });
  }

  /**
   * Analyse text into search terms and coverage units (see the module comment).
   *
   * @example
   * ```ts
   * analyzer.analyze("海尔BCD-215冰箱不冷了").terms // ["海尔", "bcd-215", "bcd", "215", "冰箱", "不冷", …, "@fridge", "~not-cooling"]
   * analyzer.analyze("fridge display says HI", new Set(["hi"])).terms // [..., "hi"]: a KB's code, not a greeting
   * ```
   *
   * `codes`: lowercased words that are error codes here although English would drop them as
   * function words (a KB's letter code `HI`, see letter-codes.ts): kept as content.
   */
  analyze(text: string, codes?: ReadonlySet<string>): TextAnalysis {
    const normalized = normalizeText(text);
    const terms: string[] = [];
    const units: QueryUnit[] = [];
    const termUnits = new Map<string, number[]>();
    const termWeight = new Map<string, number>();
    const unigramUnits = new Map<string, number[]>();
    const emit = (term: string, unitIdx: readonly number[], weight = 1, count = true): void => {
      if (count) terms.push(term);
      termWeight.set(term, Math.max(termWeight.get(term) ?? 0, weight));
      if (unitIdx.length === 0) return;
      const prev = termUnits.get(term);
      if (!prev) termUnits.set(term, [...unitIdx]);
      else for (const u of unitIdx) if (!prev.includes(u)) prev.push(u);
    };
    // offset in `normalized` → unit index (Han character or Latin word), -1 elsewhere
    const unitAt = new Int32Array(normalized.length).fill(-1);
    const matches = this.catalogue.detectNormalized(normalized);
    const nameSpan = (at: number): boolean => matches.some((m) => m.via === "name" && at >= m.start && at < m.end);
    const enWords: PhraseWord[] = [];
    const exact = new Set<string>();

    // clauses: a new one after sentence punctuation (，。！？ , . ! ? ; …)
    let clause = 0;
    let lastEnd = 0;
    for (const m of normalized.matchAll(RUN)) {
      if (CLAUSE_BREAK.test(normalized.slice(lastEnd, m.index))) clause++;
      lastEnd = m.index + m[0].length;
      if (m[1] !== undefined) {
        const run = m[1];
        const chars = [...run];
        const base = units.length;
        const kinds: UnitKind[] = chars.map((c) => (ZH_STOP_CHARS.has(c) ? "stop" : "content"));
        const names: boolean[] = chars.map(() => false);
        const bmp = chars.length === run.length;
        if (bmp) {
          markPhrases(run, this.#nameRe, kinds, "neutral", names);
          markPhrases(run, this.#neutralRe, kinds, "neutral");
          for (let i = 1; i + 1 < run.length; i++) if (ABB_SUFFIXES.has(run.slice(i, i + 2))) kinds[i] = kinds[i + 1] = kinds[i] === "stop" ? "stop" : "neutral";
          for (let i = 0; i < run.length; i++) unitAt[m.index + i] = base + i;
        }
        chars.forEach((c, i) =>
          units.push({ text: c, kind: kinds[i] ?? "content", weight: 1, han: true, clause, ...(names[i] ? { isName: true } : {}) }),
        );
        // Sub-runs between stop characters → bigrams (or the lone character), plus rank-only unigrams.
        let start = 0;
        for (let i = 0; i <= chars.length; i++) {
          if (i === chars.length || kinds[i] === "stop") {
            const len = i - start;
            if (len === 1) emit(chars[start]!, [base + start]);
            for (let j = start; j + 1 < i; j++) emit(chars[j]! + chars[j + 1]!, [base + j, base + j + 1]);
            if (len > 1) {
              for (let j = start; j < i; j++) {
                emit(chars[j]!, [], UNIGRAM_WEIGHT);
                const u = unigramUnits.get(chars[j]!) ?? [];
                u.push(base + j);
                unigramUnits.set(chars[j]!, u);
              }
            }
            start = i + 1;
          }
        }
        // Dictionary words from Intl.Segmenter (skipping any that contain a stop character).
        if (bmp && run.length >= 2) {
          let prevWord: { end: number; long: boolean } | null = null;
          for (const seg of zhSegmenter().segment(run)) {
            const w = seg.segment;
            // a bigram across two words of two characters or more (临时|有事 → 时有) is an
            // artefact of the bigrams: searched as it is, never taken for a homophone typo
            const long = seg.isWordLike === true && w.length >= 2;
            if (prevWord?.long && long && prevWord.end === seg.index) exact.add(run[seg.index - 1]! + w[0]!);
            prevWord = { end: seg.index + w.length, long };
            if (!seg.isWordLike || w.length < 2) continue;
            let hasStop = false;
            for (const c of w) if (ZH_STOP_CHARS.has(c)) hasStop = true;
            if (hasStop) continue;
            const idx: number[] = [];
            for (let k = 0; k < w.length; k++) idx.push(base + seg.index + k);
            emit(w, idx);
          }
        }
      } else if (m[2] !== undefined) {
        const tok = m[2].replace(/['’]/g, "");
        const at = m.index;
        let kind = codes?.has(tok) ? "content" : classifyLatin(tok);
        // a model number (digits, not an error code) says which product, not what is wrong
        let isName = EN_BRANDS.has(tok) || (kind === "neutral" && /\d/.test(tok));
        if (kind === "content" && nameSpan(at)) {
          kind = "neutral";
          isName = true;
        }
        const idx = units.length;
        units.push({ text: tok, kind, weight: 2, clause, ...(isName ? { isName: true } : {}) });
        for (let i = 0; i < m[2].length; i++) unitAt[at + i] = idx;
        const pw = /^[a-z]+$/.test(tok) ? phraseWord(tok) : null;
        if (pw !== null) enWords.push({ w: pw, unit: idx });
        if (kind === "stop") continue;
        const forms = latinTerms(tok);
        // a word the lexicon or catalogue knows, or a common English word, is no typo ("sell" is not "seal")
        if (this.#dict.get(tok)?.includes(tok) || isCommonEnglishWord(tok)) for (const t of forms) exact.add(t);
        const isVariantPair = forms.length === 2 && !/[-_./]/.test(tok);
        for (const t of forms) emit(t, [idx], isVariantPair ? VARIANT_WEIGHT : 1);
      }
    }

    // Catalogue products: one language-neutral term per mention.
    const products: string[] = [];
    for (const pm of matches) {
      // "heater" alone may be the water heater the shop serves: no product, rather than "other"
      if (pm.id === OTHER_CATEGORY && this.#ambiguousOther.has(pm.term)) continue;
      if (!products.includes(pm.id)) products.push(pm.id);
      const idx: number[] = [];
      if (pm.via === "name") for (let i = pm.start; i < pm.end; i++) if (unitAt[i]! >= 0 && !idx.includes(unitAt[i]!)) idx.push(unitAt[i]!);
      emit(PRODUCT_TERM + pm.id, idx);
    }
    // Lexicon concepts, Chinese: leftmost-longest phrases of the text, and of the text
    // without its degree adverbs (水流特别细 says 水流细), each with the units it spans.
    if (this.#zhConcepts) {
      for (const { text, at } of [{ text: normalized, at: null }, withoutDegreeAdverbs(normalized)]) {
        if (at !== null && text === normalized) continue;
        this.#zhConcepts.lastIndex = 0;
        // the longest phrase at each position; one that starts inside another and ends after
        // it counts too (洗衣机门|门打不开: the door, and a door that won't open), one inside
        // another does not (不出水 is not 出水)
        let coveredTo = -1;
        for (let cm = this.#zhConcepts.exec(text); cm !== null; cm = this.#zhConcepts.exec(text)) {
          this.#zhConcepts.lastIndex = cm.index + 1;
          if (cm.index + cm[0].length - 1 <= coveredTo) continue;
          coveredTo = cm.index + cm[0].length - 1;
          const from = at ? at[cm.index]! : cm.index;
          const to = at ? at[cm.index + cm[0].length - 1]! : cm.index + cm[0].length - 1;
          const idx: number[] = [];
          for (let i = from; i <= to; i++) if (unitAt[i]! >= 0 && !idx.includes(unitAt[i]!)) idx.push(unitAt[i]!);
          for (const id of this.#zhConceptOf.get(cm[0])!) {
            const term = CONCEPT_TERM + id;
            // found again without the adverbs: the same term (once), over all the units it spans
            if (at !== null && termUnits.has(term)) emit(term, idx, 0, false);
            else emit(term, idx);
          }
        }
      }
    }
    // Lexicon concepts, English: the longest phrase starting at each word.
    stopAsNegation(enWords, units);
    for (let i = 0; i + 1 < enWords.length; i++) {
      const next = enWords[i + 1]!;
      if (enWords[i]!.w === "not" && next.w !== "not" && units[next.unit]?.kind === "content") emit(NEGATED_TERM + next.w, [next.unit]);
    }
    // A phrase that starts inside another and ends after it counts too ("low water flow" is
    // low water and water flow); one inside another does not ("not turn on" is not "turn on").
    const phrase = notAnyAsNo(enWords, units);
    let covered = 0;
    for (let i = 0; i < phrase.length; i++) {
      const cands = this.#enConcepts.get(phrase[i]!.w);
      if (!cands) continue;
      for (const c of cands) {
        if (i + c.words.length > phrase.length || i + c.words.length <= covered) continue;
        let ok = true;
        for (let k = 1; k < c.words.length && ok; k++) ok = phrase[i + k]!.w === c.words[k];
        if (!ok) continue;
        const span = phrase.slice(i, i + c.words.length).flatMap((x) => [x.unit, ...(x.with ?? [])]);
        // the same phrase in another concept is another sense of it ("light up": a lamp, a flame)
        for (const o of cands) if (o.words.length === c.words.length && o.words.every((w, k) => w === c.words[k])) emit(CONCEPT_TERM + o.id, span);
        covered = i + c.words.length;
        break;
      }
    }

    // Vague concepts (something is wrong, or when, but not what) are neutral for coverage,
    // where no specific concept stands for the same words.
    if (this.#vague.size) {
      const specific = new Set<number>();
      const vague = new Set<number>();
      for (const [term, idx] of termUnits) {
        if (!term.startsWith(CONCEPT_TERM)) continue;
        for (const u of idx) (this.#vague.has(term.slice(CONCEPT_TERM.length)) ? vague : specific).add(u);
      }
      for (const u of vague) if (!specific.has(u) && units[u]?.kind === "content") units[u]!.kind = "neutral";
    }

    // Brand and product names say which product (handled by filtering), not what is wrong:
    // they must not let an entry win just by repeating 空调 more often than the others.
    for (const [term, idx] of termUnits) {
      if (idx.length > 0 && idx.every((u) => units[u]?.isName)) termWeight.set(term, (termWeight.get(term) ?? 1) * NAME_TERM_WEIGHT);
    }
    for (const [term] of termWeight) if (term.startsWith(PRODUCT_TERM)) termWeight.set(term, NAME_TERM_WEIGHT);
    return { normalized, terms, units, termUnits, termWeight, unigramUnits, products, ...(exact.size ? { exact } : {}) };
  }
}

function oneDeleted(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

let defaultAnalyzer: Analyzer | undefined;
const analyzers = new WeakMap<Catalogue, Analyzer>();

/**
 * The analyser of a catalogue with the shipped lexicon, compiled once per catalogue (a KB
 * rebuilt or reloaded with the same catalogue does not compile it again).
 *
 * @example
 * ```ts
 * analyzerFor(catalogue) === analyzerFor(catalogue) // true
 * ```
 */
export function analyzerFor(catalogue: Catalogue): Analyzer {
  let a = analyzers.get(catalogue);
  if (!a) analyzers.set(catalogue, (a = new Analyzer(catalogue)));
  return a;
}

/**
 * The analyser over the shipped catalogue and lexicon.
 *
 * @example
 * ```ts
 * getDefaultAnalyzer().analyze("冰箱不冷").products // ["fridge"]
 * ```
 */
export function getDefaultAnalyzer(): Analyzer {
  defaultAnalyzer ??= new Analyzer();
  return defaultAnalyzer;
}

/**
 * {@link Analyzer.analyze} with the shipped catalogue.
 *
 * @example
 * ```ts
 * analyzeText("Ｅ１").terms // ["e1"]
 * ```
 */
export function analyzeText(text: string): TextAnalysis {
  return getDefaultAnalyzer().analyze(text);
}

/**
 * Terms of a text, with repetitions, as used for indexing.
 *
 * @example
 * ```ts
 * tokenize("KFR-35GW 空调").slice(0, 3) // ["kfr-35gw", "kfr", "35gw"]
 * ```
 */
export function tokenize(text: string): string[] {
  return analyzeText(text).terms;
}

/**
 * Distinct terms of a query, in first-seen order.
 *
 * @example
 * ```ts
 * queryTerms("Ｅ１ e1") // ["e1"]
 * ```
 */
export function queryTerms(text: string): string[] {
  return [...new Set(analyzeText(text).terms)];
}

/**
 * Catalogue categories a message names, in catalogue order (shipped catalogue unless given).
 *
 * @example
 * ```ts
 * detectProducts("我的洗衣机和冰箱都坏了") // ["fridge", "washer"]
 * detectProducts("热水器漏水")             // ["water-heater"]
 * ```
 */
export function detectProducts(text: string, catalogue: Catalogue = defaultCatalogue()): string[] {
  const found = new Set(catalogue.categoriesIn(text));
  return catalogue.ids.filter((id) => found.has(id));
}
