/**
 * CJK-aware text analysis for the FAQ knowledge base.
 *
 * One analyser serves both indexing and querying, so a KB body and a customer's
 * message are cut into the same kind of terms:
 *
 * - Text is NFKC-normalised (full-width `Ｅ１` → `E1`) and lowercased.
 * - Runs of Han characters are split at particles/pronouns (的 了 吗 我 …) and
 *   produce character bigrams (robust to segmentation errors and one-character
 *   typos such as 冰相 for 冰箱) plus the words `Intl.Segmenter` finds.
 * - Latin runs produce lowercased words with a light English stemmer; model
 *   numbers and error codes are kept whole and also split at `-`, `_`, `.`, `/`
 *   (`KFR-35GW` → `kfr-35gw`, `kfr`, `35gw`).
 *
 * For queries the analyser also reports "units" (one per Han character, one per
 * Latin word) with a class, so the search can tell how much of what the customer
 * actually said a KB entry answers (see `coverage` in search.ts).
 */

import { PRODUCT_CATEGORIES, type ProductCategory } from "../domain/product.ts";

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
}

export interface TextAnalysis {
  /** Normalised text (NFKC, lowercase). */
  normalized: string;
  /** Terms in order, with repetitions (term frequency matters when indexing). */
  terms: string[];
  /** Units of the text, see {@link QueryUnit}. */
  units: QueryUnit[];
  /**
   * For each distinct term, the indices of the units it stands for. Rank-only
   * terms (single-character unigrams inside longer Han runs) are absent: they
   * help ranking (冰相 → 冰 still points at 冰箱) but never count as coverage.
   */
  termUnits: Map<string, number[]>;
  /**
   * Query-time weight per distinct term: {@link UNIGRAM_WEIGHT} for rank-only
   * unigrams, {@link VARIANT_WEIGHT} for a Latin word and its stem (so a word
   * with two forms weighs as much as a word with one), 1 otherwise.
   */
  termWeight: Map<string, number>;
  /** For each rank-only unigram, the Han character units it matches (used for partial coverage). */
  unigramUnits: Map<string, number[]>;
}

/** Weight of rank-only Han unigrams relative to bigrams and words. */
export const UNIGRAM_WEIGHT = 0.3;
/** Weight of each of a Latin word's two forms (raw and stemmed). */
export const VARIANT_WEIGHT = 0.5;
/** Ranking weight of terms that are only a brand or product name (空调, 海尔, fridge). */
export const NAME_TERM_WEIGHT = 0.3;

/**
 * Particles, pronouns and other glue characters: dropped and used as split
 * points for bigrams, so "冰箱不冷了怎么办" yields 冰箱 箱不 不冷 | 怎么 么办 and not 冷怎.
 * 不/没 are NOT here: 不制冷, 不排水, 没画面 carry the meaning.
 */
export const ZH_STOP_CHARS: ReadonlySet<string> = new Set(
  [..."的了吗呢吧啊呀嘛哦哈呗啦喔哟嗯我你您他她它们是个这那和与及或就都也又很太给让把被"],
);

/**
 * Question framing and politeness. These are indexed and searched (怎么 vs 多久
 * separates "how do I change the filter" from "how often"), but they say nothing
 * about the topic, so they are neutral for coverage: "电脑坏了怎么办" must not look
 * half-answered because a KB entry also says 怎么办.
 */
export const ZH_NEUTRAL_PHRASES: readonly string[] = [
  "怎么回事", "怎么处理", "怎么解决", "怎么弄", "怎么搞", "怎么样", "怎么办", "怎么", "怎样", "咋回事", "咋整", "咋办", "咋弄", "咋",
  "如何", "为什么", "为啥", "什么", "啥", "多久", "多长时间", "多长", "是否", "能不能", "可不可以", "可以", "一下",
  "请问", "你好", "您好", "谢谢", "麻烦", "帮忙", "帮我", "一直", "总是", "老是", "经常", "突然", "现在", "今天", "昨天",
  "有点", "有些", "好像", "感觉", "应该", "需要", "意思", "问题", "情况", "原因", "处理", "解决", "一点", "还是", "出现",
  "显示", "发现", "最近", "刚买", "刚刚", "新买", "哪里", "哪儿", "在哪", "哪个", "哪些", "多少", "几点",
  "几个", "能否", "是不是", "有没有", "会不会", "要不要", "一般", "工作", "正常", "坏了", "坏掉",
  // when it started and what the model is: intake records these, they do not describe the fault
  "型号", "机型", "开始", "已经", "前天", "前几天", "这几天", "好几天", "几天", "两天", "三天", "刚才", "早上", "晚上",
  "昨晚", "今早", "上午", "下午", "时候", "家里", "我家", "买的",
];

/**
 * Names of the products the desk serves. Which product a message is about is
 * handled by product filtering (see `detectProducts`); coverage asks whether the
 * *problem* is answered, so these names are neutral. Parts and variants (滤芯,
 * 外机, 滚筒, freezer) stay content, and so do names of products the KB does not
 * cover (热水器, dishwasher): an entry that does not mention them should not answer.
 */
export const ZH_PRODUCT_NAMES: readonly string[] = [
  "电视机", "电视", "彩电", "冰箱", "冰柜", "冷柜", "洗衣机", "空调", "电饭煲", "电饭锅", "微波炉", "净水器", "净水机", "纯水机", "手机",
];
const EN_PRODUCT_NAMES: readonly string[] = [
  "tv", "tvs", "television", "telly", "fridge", "fridges", "refrigerator", "washer", "washing machine", "aircon", "ac", "air con",
  "air conditioner", "microwave", "rice cooker", "purifier", "water purifier", "phone", "phones", "mobile", "smartphone", "cellphone",
];
const EN_PRODUCT_NAME_RE = new RegExp(
  `(?<![a-z0-9])(?:${[...EN_PRODUCT_NAMES].sort((a, b) => b.length - a.length).map((w) => w.replace(/ /g, "\\s+")).join("|")})(?![a-z0-9])`,
  "g",
);

/** Brand names: say which product, not what is wrong with it, so neutral for coverage. */
export const BRAND_NAMES: readonly string[] = [
  "海尔", "美的", "格力", "海信", "长虹", "创维", "康佳", "小天鹅", "西门子", "松下", "三星", "索尼", "夏普", "小米", "华为",
  "荣耀", "苹果", "奥克斯", "志高", "容声", "美菱", "博世", "惠而浦", "九阳", "苏泊尔", "沁园", "安吉尔", "史密斯", "飞利浦",
  "方太", "格兰仕", "统帅", "卡萨帝", "红米", "一加", "魅族",
];

const EN_BRANDS: ReadonlySet<string> = new Set([
  "haier", "midea", "gree", "hisense", "changhong", "skyworth", "konka", "siemens", "panasonic", "samsung", "sony", "sharp",
  "xiaomi", "huawei", "honor", "apple", "iphone", "ipad", "aux", "bosch", "whirlpool", "joyoung", "supor", "philips", "lg",
  "tcl", "oppo", "vivo", "redmi", "oneplus", "meizu", "galanz", "casarte", "pixel", "galaxy", "mi",
]);

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

const HAN = /\p{Script=Han}/u;
const RUN = /(\p{Script=Han}+)|([a-z0-9]+(?:['’][a-z]+)?(?:[-_./][a-z0-9]+)*)/gu;
const ERROR_CODE = /^[a-z]{1,2}\d{1,3}[a-z]?$|^\d{1,2}[a-z]{1,2}$/;

let segmenter: Intl.Segmenter | undefined;
function zhSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  return segmenter;
}

/**
 * NFKC-normalise and lowercase (full-width letters, digits and punctuation become half-width).
 *
 * @example
 * ```ts
 * normalizeText("Ｅ１故障") // "e1故障"
 * ```
 */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/**
 * True if the text contains a Han (Chinese) character.
 *
 * @example
 * ```ts
 * hasCjk("冰箱 E1") // true
 * hasCjk("fridge E1") // false
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
  return hasCjk(normalizeText(text)) ? "zh" : "en";
}

/**
 * A deliberately light English stemmer (plural -s/-es, -ing, -ed, final -e),
 * applied the same way to KB text and queries.
 *
 * @example
 * ```ts
 * stemEn("leaking") // "leak"
 * stemEn("charges") === stemEn("charging") // true ("charg")
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
  if (/\d/.test(tok)) {
    // E1, F21, P4, 3a: error codes are topical. Model numbers (BCD-215WDPV, KFR-35GW) and plain numbers are not.
    return ERROR_CODE.test(tok) ? "content" : "neutral";
  }
  if (tok.length === 1) return "stop";
  return "content";
}

function latinTerms(tok: string): string[] {
  const parts = tok.split(/[-_./]/).filter((p) => p.length > 0);
  if (parts.length > 1) {
    const out = [tok];
    for (const p of parts) if (!EN_STOP_WORDS.has(p) && p.length > 0) out.push(p);
    return out;
  }
  const stem = stemEn(tok);
  return stem !== tok ? [tok, stem] : [tok];
}

const phraseRe = (phrases: readonly string[]): RegExp =>
  new RegExp([...phrases].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
let NAME_RE: RegExp | undefined;
let NEUTRAL_RE: RegExp | undefined;

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

/**
 * Analyse text into search terms and coverage units (see the module comment).
 *
 * @example
 * ```ts
 * const a = analyzeText("海尔BCD-215冰箱不冷了");
 * a.terms // ["海尔", "bcd-215", "bcd", "215", "冰箱", "不冷", "箱不", …]
 * ```
 */
export function analyzeText(text: string): TextAnalysis {
  const normalized = normalizeText(text);
  const terms: string[] = [];
  const units: QueryUnit[] = [];
  const termUnits = new Map<string, number[]>();
  const termWeight = new Map<string, number>();
  const unigramUnits = new Map<string, number[]>();
  const emit = (term: string, unitIdx: number[], weight = 1): void => {
    terms.push(term);
    termWeight.set(term, Math.max(termWeight.get(term) ?? 0, weight));
    if (unitIdx.length === 0) return;
    const prev = termUnits.get(term);
    if (!prev) termUnits.set(term, [...unitIdx]);
    else for (const u of unitIdx) if (!prev.includes(u)) prev.push(u);
  };

  const productNameSpans: [number, number][] = [];
  for (const pm of normalized.matchAll(EN_PRODUCT_NAME_RE)) productNameSpans.push([pm.index, pm.index + pm[0].length]);

  for (const m of normalized.matchAll(RUN)) {
    if (m[1] !== undefined) {
      const run = m[1];
      const chars = [...run]; // Han chars in the BMP and beyond
      const base = units.length;
      const kinds: UnitKind[] = chars.map((c) => (ZH_STOP_CHARS.has(c) ? "stop" : "content"));
      const names: boolean[] = chars.map(() => false);
      // Phrase positions are in UTF-16 code units; only mark when the run is all BMP (practically always).
      if (chars.length === run.length) {
        NAME_RE ??= phraseRe([...BRAND_NAMES, ...ZH_PRODUCT_NAMES]);
        NEUTRAL_RE ??= phraseRe(ZH_NEUTRAL_PHRASES);
        markPhrases(run, NAME_RE, kinds, "neutral", names);
        markPhrases(run, NEUTRAL_RE, kinds, "neutral");
      }
      chars.forEach((c, i) => units.push({ text: c, kind: kinds[i] ?? "content", weight: 1, ...(names[i] ? { isName: true } : {}) }));

      // Sub-runs between stop characters -> bigrams (or the lone character).
      let start = 0;
      for (let i = 0; i <= chars.length; i++) {
        if (i === chars.length || kinds[i] === "stop") {
          const len = i - start;
          if (len === 1) emit(chars[start]!, [base + start]);
          for (let j = start; j + 1 < i; j++) emit(chars[j]! + chars[j + 1]!, [base + j, base + j + 1]);
          // Rank-only unigrams, for typo tolerance (冰相 still shares 冰 with 冰箱).
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
      if (chars.length === run.length && run.length >= 2) {
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
      if (kind === "content" && productNameSpans.some(([a, b]) => at >= a && at < b)) {
        kind = "neutral";
        isName = true;
      }
      const idx = units.length;
      units.push({ text: tok, kind, weight: 2, ...(isName ? { isName: true } : {}) });
      if (kind === "stop") continue;
      const forms = latinTerms(tok);
      const isVariantPair = forms.length === 2 && !tok.includes("-") && !/[_./]/.test(tok);
      for (const t of forms) emit(t, [idx], isVariantPair ? VARIANT_WEIGHT : 1);
    }
  }
  // Brand and product names say which product (handled by filtering), not what is wrong:
  // they must not let an entry win just by repeating 空调 more often than the others.
  for (const [term, idx] of termUnits) {
    if (idx.length > 0 && idx.every((u) => units[u]?.isName)) termWeight.set(term, (termWeight.get(term) ?? 1) * NAME_TERM_WEIGHT);
  }
  return { normalized, terms, units, termUnits, termWeight, unigramUnits };
}

/**
 * Terms of a text, with repetitions, as used for indexing.
 *
 * @example
 * ```ts
 * tokenize("KFR-35GW 空调") // ["kfr-35gw", "kfr", "35gw", "空调", "空调"]
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
 * Words that name a product, by category. `other` lists appliances the desk
 * serves but the KB has no troubleshooting for (热水器, 洗碗机 …): naming one
 * keeps product-specific entries for *other* products from answering.
 */
export const PRODUCT_KEYWORDS: Readonly<Record<ProductCategory, { zh: readonly string[]; en: readonly string[] }>> = {
  tv: { zh: ["电视", "彩电"], en: ["tv", "tvs", "television", "telly"] },
  fridge: { zh: ["冰箱", "冰柜", "冷柜"], en: ["fridge", "fridges", "refrigerator", "freezer"] },
  washer: { zh: ["洗衣机", "滚筒", "波轮", "洗烘一体"], en: ["washer", "washing machine", "washing-machine"] },
  ac: { zh: ["空调", "挂机", "柜机", "外机", "内机", "冷气机"], en: ["ac", "a/c", "aircon", "air con", "air conditioner", "air conditioning"] },
  small: {
    zh: ["电饭煲", "电饭锅", "微波炉", "电水壶", "电磁炉", "豆浆机", "破壁机", "电压力锅", "吹风机"],
    en: ["rice cooker", "microwave", "kettle", "hair dryer", "blender"],
  },
  purifier: { zh: ["净水器", "净水机", "纯水机", "滤水器", "滤芯"], en: ["purifier", "water purifier", "water filter", "ro system"] },
  phone: { zh: ["手机"], en: ["phone", "phones", "mobile", "smartphone", "cellphone", "iphone"] },
  other: {
    zh: [
      "热水器", "洗碗机", "油烟机", "燃气灶", "煤气灶", "烤箱", "扫地机", "电脑", "笔记本", "平板", "打印机", "自行车", "汽车",
      "电动车", "空气净化器", "除湿机", "加湿器", "吸尘器", "电风扇", "取暖器", "干衣机",
    ],
    en: [
      "water heater", "boiler", "dishwasher", "oven", "stove", "cooker hood", "laptop", "computer", "tablet", "printer", "bicycle",
      "bike", "car", "vacuum", "dehumidifier", "humidifier", "heater", "dryer", "air purifier",
    ],
  },
};

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const PRODUCT_MATCHERS: { cat: ProductCategory; zh: readonly string[]; en: RegExp | null }[] = PRODUCT_CATEGORIES.map((cat) => {
  const { zh, en } = PRODUCT_KEYWORDS[cat];
  const alts = [...en].sort((a, b) => b.length - a.length).map(escapeRe);
  return { cat, zh, en: alts.length ? new RegExp(`(?:^|[^a-z0-9])(?:${alts.join("|")})(?:$|[^a-z0-9])`) : null };
});

/**
 * Chinese national-standard model prefixes name the product too: BCD-215… is a
 * fridge (冰箱 冷藏 冷冻), KFR-35GW an air conditioner (空调 分体 热泵), XQG/XQB a
 * washing machine (洗衣机 全自动 滚筒/波轮).
 */
const MODEL_PREFIXES: readonly { re: RegExp; cat: ProductCategory }[] = [
  { re: /(?<![a-z0-9])bcd?-?\d/, cat: "fridge" },
  { re: /(?<![a-z0-9])kfr?d?-?\d/, cat: "ac" },
  { re: /(?<![a-z0-9])xq[bgs]-?\d/, cat: "washer" },
];

/**
 * Product categories a message names ("海尔空调E1" → ["ac"]), in
 * PRODUCT_CATEGORIES order. "空气净化器" counts as other, not purifier (a water purifier).
 *
 * @example
 * ```ts
 * detectProducts("我的洗衣机和冰箱都坏了") // ["fridge", "washer"]
 * detectProducts("热水器漏水")             // ["other"]
 * detectProducts("KFR-35GW 不制冷")         // ["ac"]
 * ```
 */
export function detectProducts(text: string): ProductCategory[] {
  let norm = normalizeText(text);
  const found = new Set<ProductCategory>();
  // Longer "other" names that contain a KB product's name are removed first (空气净化器, air purifier vs purifier).
  for (const name of ["空气净化器", "air purifier"]) {
    if (norm.includes(name)) {
      found.add("other");
      norm = norm.split(name).join(" ");
    }
  }
  for (const m of PRODUCT_MATCHERS) {
    if (m.zh.some((w) => norm.includes(w)) || (m.en !== null && m.en.test(norm))) found.add(m.cat);
  }
  for (const { re, cat } of MODEL_PREFIXES) if (re.test(norm)) found.add(cat);
  return PRODUCT_CATEGORIES.filter((c) => found.has(c));
}
