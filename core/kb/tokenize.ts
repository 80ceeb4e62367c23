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
import { defaultCatalogue, type Catalogue } from "../catalogue/index.ts";
import { normalizeText } from "../text/normalize.ts";
import { SYMPTOM_LEXICON, type LexiconConcept } from "./lexicon.ts";

export { normalizeText } from "../text/normalize.ts";

/** How a query unit counts when measuring how much of a query an entry covers. */
export type UnitKind =
  /** Topical content: counts towards coverage. */
  | "content"
  /** Indexed and searched, but neither helps nor hurts coverage (怎么办, how, brand names, model numbers). */
  | "neutral"
  /** Dropped entirely (的, 了, 吗, the, my …). */
  | "stop";

export interface QueryUnit {
  /** The character (Han) or word (Latin) in the normalised text. */
  text: string;
  kind: UnitKind;
  /** Coverage weight: 1 per Han character, 2 per Latin word (about one Chinese word). */
  weight: number;
  /** Part of a brand or product name (neutral, and down-weighted for ranking). */
  isName?: boolean;
  /** True for a Han character (pinyin matching applies to Han bigrams only). */
  han?: boolean;
}

export interface TextAnalysis {
  /** Normalised text. */
  normalized: string;
  /** Terms in order, with repetitions (term frequency matters when indexing). */
  terms: string[];
  /** Units of the text, see {@link QueryUnit}. */
  units: QueryUnit[];
  /**
   * For each distinct term, the indices of the units it stands for. Rank-only terms
   * (single-character unigrams inside longer Han runs, model-number products) are absent.
   */
  termUnits: Map<string, number[]>;
  /** Query-time weight per distinct term (see {@link UNIGRAM_WEIGHT}, {@link VARIANT_WEIGHT}, {@link NAME_TERM_WEIGHT}). */
  termWeight: Map<string, number>;
  /** For each rank-only unigram, the Han character units it matches (used for partial coverage). */
  unigramUnits: Map<string, number[]>;
  /** Categories the text names (catalogue synonyms and model numbers), in order of mention. */
  products: string[];
}

/** Weight of rank-only Han unigrams relative to bigrams and words. */
export const UNIGRAM_WEIGHT = 0.3;
/** Weight of each of a Latin word's two forms (raw and stemmed). */
export const VARIANT_WEIGHT = 0.5;
/** Ranking weight of terms that are only a brand or product name (空调, 海尔, fridge). */
export const NAME_TERM_WEIGHT = 0.3;
/** Prefix of catalogue product terms. */
export const PRODUCT_TERM = "@";
/** Prefix of lexicon concept terms. */
export const CONCEPT_TERM = "~";

/**
 * Particles, pronouns and other glue characters: dropped and used as split points for
 * bigrams, so "冰箱不冷了怎么办" yields 冰箱 箱不 不冷 | 怎么 么办 and not 冷怎.
 * 不/没 are NOT here: 不制冷, 不排水, 没画面 carry the meaning.
 */
export const ZH_STOP_CHARS: ReadonlySet<string> = new Set([..."的了吗呢吧啊呀嘛哦哈呗啦喔哟嗯我你您他她它们是个这那和与及或就都也又很太给让把被"]);

/**
 * Question framing and politeness. Indexed and searched (怎么 vs 多久 separates "how do I
 * change the filter" from "how often"), but they say nothing about the topic, so they are
 * neutral for coverage.
 */
export const ZH_NEUTRAL_PHRASES: readonly string[] = [
  "怎么回事", "怎么处理", "怎么解决", "怎么弄", "怎么搞", "怎么样", "怎么办", "怎么", "怎样", "咋回事", "咋整", "咋办", "咋弄", "咋",
  "如何", "为什么", "为啥", "什么", "啥", "多久", "多长时间", "多长", "是否", "能不能", "可不可以", "可以", "一下",
  "请问", "你好", "您好", "谢谢", "麻烦", "帮忙", "帮我", "一直", "总是", "老是", "经常", "突然", "现在", "今天", "昨天",
  "有点", "有些", "好像", "感觉", "应该", "需要", "意思", "问题", "情况", "原因", "处理", "解决", "一点", "还是", "出现",
  "显示", "发现", "最近", "刚买", "刚刚", "新买", "哪里", "哪儿", "在哪", "哪个", "哪些", "多少", "几点",
  "几个", "能否", "是不是", "有没有", "会不会", "要不要", "一般", "工作", "正常", "坏了", "坏掉",
  "型号", "机型", "开始", "已经", "前天", "前几天", "这几天", "好几天", "几天", "两天", "三天", "刚才", "早上", "晚上",
  "昨晚", "今早", "上午", "下午", "时候", "家里", "我家", "买的",
]; // prettier-ignore

/** Brand names: say which product, not what is wrong with it, so neutral for coverage. */
export const BRAND_NAMES: readonly string[] = [
  "海尔", "美的", "格力", "海信", "长虹", "创维", "康佳", "小天鹅", "西门子", "松下", "三星", "索尼", "夏普", "小米", "华为",
  "荣耀", "苹果", "奥克斯", "志高", "容声", "美菱", "博世", "惠而浦", "九阳", "苏泊尔", "沁园", "安吉尔", "史密斯", "飞利浦",
  "方太", "格兰仕", "统帅", "卡萨帝", "红米", "一加", "魅族", "老板", "华帝", "万和", "万家乐", "林内", "樱花", "东芝", "日立",
]; // prettier-ignore

const EN_BRANDS: ReadonlySet<string> = new Set([
  "haier", "midea", "gree", "hisense", "changhong", "skyworth", "konka", "siemens", "panasonic", "samsung", "sony", "sharp",
  "xiaomi", "huawei", "honor", "apple", "ipad", "aux", "bosch", "whirlpool", "joyoung", "supor", "philips", "lg",
  "tcl", "oppo", "vivo", "redmi", "oneplus", "meizu", "galanz", "casarte", "pixel", "galaxy", "mi", "toshiba", "hitachi", "rinnai",
]); // prettier-ignore

/** English function words: dropped entirely. Negations too (the topic word carries the meaning). */
export const EN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the i im ive id me my mine we us our you your yours he him his she her it its they them their this that these those " +
    "is am are was were be been being do does did done doing have has had having will would shall should can could may might must " +
    "to of in on at by for with from into onto about as and or but if so than then there here out up down off over under " +
    "not no nor dont doesnt didnt isnt arent wasnt werent wont cant cannot couldnt wouldnt shouldnt havent hasnt " +
    "just very too also really quite some any all every each more most much many lot lots get got gets getting " +
    "oh ok okay hi hello hey dear thanks thank pls plz please sir madam yes yeah"
  ).split(/\s+/),
);

/** English question framing: searched, neutral for coverage. */
const EN_NEUTRAL_WORDS: ReadonlySet<string> = new Set(
  (
    "how what why when where which who whats hows whom long often help fix fixed problem problems issue issues keep keeps kept " +
    "still anymore again suddenly always sometimes now today yesterday need needs want wants new bought recently showing shows " +
    "show display displays displaying says said mean means meaning happen happened happening wrong something thing anything work time " +
    "works working stop stopped stops model since started start starting morning evening night days week weeks ago"
  ).split(/\s+/),
);

/** Negations, folded to `not` for lexicon phrases ("won't cool" = "not cooling"). */
const EN_NEGATIONS: ReadonlySet<string> = new Set(
  "not no never dont doesnt didnt isnt arent wasnt werent wont cant cannot couldnt wouldnt shouldnt havent hasnt aint nothing".split(" "),
);
/** Skipped when matching lexicon phrases: auxiliaries, articles, pronouns, intensifiers. */
const EN_PHRASE_SKIP: ReadonlySet<string> = new Set(
  (
    "a an the my our your its it is am are was were be been being do does did will would can could should shall may might " +
    "at all any anymore properly correctly very really just still again even quite so too keep keeps kept seem seems " +
    "i me we you he she they this that there"
  ).split(" "),
);

const HAN = /\p{Script=Han}/u;
const RUN = /(\p{Script=Han}+)|([a-z0-9]+(?:['’][a-z]+)?(?:[-_./][a-z0-9]+)*)/gu;
const ERROR_CODE = /^[a-z]{1,2}\d{1,3}[a-z]?$|^\d{1,2}[a-z]{1,2}$/;

let segmenter: Intl.Segmenter | undefined;
function zhSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  return segmenter;
}

/**
 * True if the text contains a Han (Chinese) character.
 *
 * @example
 * ```ts
 * hasCjk("冰箱 E1") // true
 * ```
 */
export function hasCjk(text: string): boolean {
  return HAN.test(text);
}

/**
 * Guess the language of a customer message: any Chinese character means zh.
 *
 * @example
 * ```ts
 * detectLang("我的fridge不冷") // "zh"
 * ```
 */
export function detectLang(text: string): "zh" | "en" {
  return hasCjk(text) ? "zh" : "en";
}

/**
 * The language of a document (a KB entry): Chinese when Han characters outnumber Latin
 * words, so an English entry that quotes a Chinese button label stays English.
 *
 * @example
 * ```ts
 * detectDocLang("If this didn't help, tap 仍需服务.") // "en"
 * ```
 */
export function detectDocLang(text: string): "zh" | "en" {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  return han > words ? "zh" : "en";
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

function classifyLatin(tok: string): UnitKind {
  if (EN_STOP_WORDS.has(tok)) return "stop";
  if (EN_BRANDS.has(tok) || EN_NEUTRAL_WORDS.has(tok)) return "neutral";
  if (/\d/.test(tok)) return ERROR_CODE.test(tok) ? "content" : "neutral"; // E1, F21 topical; BCD-215WDPV, 215 not
  if (tok.length === 1) return "stop";
  return "content";
}

function latinTerms(tok: string): string[] {
  const parts = tok.split(/[-_./]/).filter((p) => p.length > 0);
  if (parts.length > 1) {
    const out = [tok];
    for (const p of parts) if (!EN_STOP_WORDS.has(p)) out.push(p);
    return out;
  }
  const stem = stemEn(tok);
  return stem !== tok ? [tok, stem] : [tok];
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

/** A word of the English phrase stream: folded for lexicon matching, with its unit. */
interface PhraseWord {
  w: string;
  unit: number;
}

function phraseWord(raw: string): string | null {
  const t = raw.replace(/['’]/g, "");
  if (EN_NEGATIONS.has(t)) return "not";
  if (EN_PHRASE_SKIP.has(t)) return null;
  return stemEn(t);
}

function phraseWords(phrase: string): string[] {
  const out: string[] = [];
  for (const m of normalizeText(phrase).matchAll(/[a-z0-9]+(?:['’][a-z]+)?/g)) {
    const w = phraseWord(m[0]);
    if (w !== null) out.push(w);
  }
  return out;
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
  readonly #neutralRe: RegExp;
  readonly #zhConcepts: RegExp | null;
  readonly #zhConceptOf = new Map<string, string>();
  readonly #enConcepts = new Map<string, { words: string[]; id: string }[]>();

  constructor(catalogue: Catalogue = defaultCatalogue(), lexicon: readonly LexiconConcept[] = SYMPTOM_LEXICON) {
    this.catalogue = catalogue;
    const zhNames: string[] = [];
    for (const c of catalogue.categories) for (const s of [...c.synonyms.zh, c.name.zh]) if (hasCjk(s)) zhNames.push(normalizeText(s));
    this.#nameRe = phraseRe([...BRAND_NAMES, ...zhNames]);
    this.#neutralRe = phraseRe(ZH_NEUTRAL_PHRASES);
    const zh: string[] = [];
    for (const c of lexicon) {
      for (const p of c.zh) {
        const n = normalizeText(p);
        if (!this.#zhConceptOf.has(n)) {
          this.#zhConceptOf.set(n, c.id);
          zh.push(n);
        }
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
  }

  /**
   * Analyse text into search terms and coverage units (see the module comment).
   *
   * @example
   * ```ts
   * analyzer.analyze("海尔BCD-215冰箱不冷了").terms // ["海尔", "bcd-215", "bcd", "215", "冰箱", "不冷", …, "@fridge", "~not-cooling"]
   * ```
   */
  analyze(text: string): TextAnalysis {
    const normalized = normalizeText(text);
    const terms: string[] = [];
    const units: QueryUnit[] = [];
    const termUnits = new Map<string, number[]>();
    const termWeight = new Map<string, number>();
    const unigramUnits = new Map<string, number[]>();
    const emit = (term: string, unitIdx: readonly number[], weight = 1): void => {
      terms.push(term);
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

    for (const m of normalized.matchAll(RUN)) {
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
          for (let i = 0; i < run.length; i++) unitAt[m.index + i] = base + i;
        }
        chars.forEach((c, i) =>
          units.push({ text: c, kind: kinds[i] ?? "content", weight: 1, han: true, ...(names[i] ? { isName: true } : {}) }),
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
          for (const seg of zhSegmenter().segment(run)) {
            const w = seg.segment;
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
        let kind = classifyLatin(tok);
        let isName = EN_BRANDS.has(tok);
        if (kind === "content" && nameSpan(at)) {
          kind = "neutral";
          isName = true;
        }
        const idx = units.length;
        units.push({ text: tok, kind, weight: 2, ...(isName ? { isName: true } : {}) });
        for (let i = 0; i < m[2].length; i++) unitAt[at + i] = idx;
        const pw = /^[a-z]+$/.test(tok) ? phraseWord(tok) : null;
        if (pw !== null) enWords.push({ w: pw, unit: idx });
        if (kind === "stop") continue;
        const forms = latinTerms(tok);
        const isVariantPair = forms.length === 2 && !/[-_./]/.test(tok);
        for (const t of forms) emit(t, [idx], isVariantPair ? VARIANT_WEIGHT : 1);
      }
    }

    // Catalogue products: one language-neutral term per mention.
    const products: string[] = [];
    for (const pm of matches) {
      if (!products.includes(pm.id)) products.push(pm.id);
      const idx: number[] = [];
      if (pm.via === "name") for (let i = pm.start; i < pm.end; i++) if (unitAt[i]! >= 0 && !idx.includes(unitAt[i]!)) idx.push(unitAt[i]!);
      emit(PRODUCT_TERM + pm.id, idx);
    }
    // Lexicon concepts, Chinese: leftmost-longest phrases of the text.
    if (this.#zhConcepts) {
      this.#zhConcepts.lastIndex = 0;
      for (let cm = this.#zhConcepts.exec(normalized); cm !== null; cm = this.#zhConcepts.exec(normalized)) {
        const idx: number[] = [];
        for (let i = cm.index; i < cm.index + cm[0].length; i++) if (unitAt[i]! >= 0 && !idx.includes(unitAt[i]!)) idx.push(unitAt[i]!);
        emit(CONCEPT_TERM + this.#zhConceptOf.get(cm[0])!, idx);
      }
    }
    // Lexicon concepts, English: longest phrase starting at each word, then continue after it.
    for (let i = 0; i < enWords.length; ) {
      const cands = this.#enConcepts.get(enWords[i]!.w);
      let used = 1;
      if (cands) {
        for (const c of cands) {
          if (i + c.words.length > enWords.length) continue;
          let ok = true;
          for (let k = 1; k < c.words.length && ok; k++) ok = enWords[i + k]!.w === c.words[k];
          if (!ok) continue;
          emit(
            CONCEPT_TERM + c.id,
            enWords.slice(i, i + c.words.length).map((x) => x.unit),
          );
          used = c.words.length;
          break;
        }
      }
      i += used;
    }

    // Brand and product names say which product (handled by filtering), not what is wrong:
    // they must not let an entry win just by repeating 空调 more often than the others.
    for (const [term, idx] of termUnits) {
      if (idx.length > 0 && idx.every((u) => units[u]?.isName)) termWeight.set(term, (termWeight.get(term) ?? 1) * NAME_TERM_WEIGHT);
    }
    for (const [term] of termWeight) if (term.startsWith(PRODUCT_TERM)) termWeight.set(term, NAME_TERM_WEIGHT);
    return { normalized, terms, units, termUnits, termWeight, unigramUnits, products };
  }
}

let defaultAnalyzer: Analyzer | undefined;

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
