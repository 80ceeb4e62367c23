/**
 * Text normalisation shared by the product catalogue and the knowledge base, so that a
 * customer's message and a shop's files are compared in one form:
 *
 * - NFKC: full-width letters, digits and punctuation become half-width (`Ｅ１` → `E1`);
 * - lowercase;
 * - traditional Chinese folded to simplified (Taiwan phrases and Hong Kong variants too:
 *   `電視機沒有畫面` → `电视机没有画面`, `螢幕` → `屏幕`), with OpenCC's dictionaries (opencc-js);
 * - dialect function words folded to Mandarin (`唔冻咗` → `不冷了`, see `dialect.ts`).
 *
 * Also the toneless pinyin of Han characters (pinyin-pro), used to tolerate homophone typos
 * (冰相 for 冰箱).
 */
import * as OpenCC from "opencc-js/t2cn";
import { pinyin } from "pinyin-pro";
import { foldDialect } from "./dialect.ts";

type Convert = (s: string) => string;
let toSimplified: Convert | undefined;

const HAN = /\p{Script=Han}/u;

function simplifier(): Convert {
  if (!toSimplified) {
    // Taiwan (with Taiwan phrases) first, then Hong Kong variants; simplified text passes through both unchanged.
    const tw = OpenCC.Converter({ from: "twp", to: "cn" });
    const hk = OpenCC.Converter({ from: "hk", to: "cn" });
    toSimplified = (s) => hk(tw(s));
  }
  return toSimplified;
}

/**
 * Traditional Chinese to simplified; text without Han characters is returned as is.
 *
 * @example
 * ```ts
 * toSimplifiedChinese("冰箱不製冷") // "冰箱不制冷"
 * ```
 */
export function toSimplifiedChinese(text: string): string {
  return HAN.test(text) ? simplifier()(text) : text;
}

/**
 * The normal form every comparison uses: NFKC (full-width → half-width), lowercase,
 * traditional → simplified Chinese, dialect function words → Mandarin.
 *
 * @example
 * ```ts
 * normalizeText("Ｅ１故障！電視機") // "e1故障!电视机"
 * normalizeText("部冷氣冇反應") // "部冷气机没反应"
 * ```
 */
export function normalizeText(text: string): string {
  return foldDialect(toSimplifiedChinese(text.normalize("NFKC").toLowerCase().replace(TRAD_AIRCON, "冷氣機")));
}

/**
 * 冷氣 written in traditional characters is the air conditioner in Hong Kong and Taiwan
 * (部冷氣好嘈, 開冷氣); in simplified text 冷气 is as often the cold air itself (冰箱没冷气).
 */
const TRAD_AIRCON = /冷氣(?![機])/g;

const pinyinCache = new Map<string, string>();

/**
 * Toneless pinyin of one Han character in a "fuzzy" form that merges the sounds most often
 * confused when typing (zh/z, ch/c, sh/s, final -ng/-n): 箱 → "xian", 相 → "xian".
 * Characters without a reading come back unchanged.
 *
 * @example
 * ```ts
 * fuzzyPinyin("箱") === fuzzyPinyin("相") // true
 * ```
 */
export function fuzzyPinyin(char: string): string {
  let p = pinyinCache.get(char);
  if (p === undefined) {
    const raw = HAN.test(char) ? pinyin(char, { toneType: "none", type: "array" })[0] || char : char;
    p = raw
      .replace(/^([zcs])h/, "$1")
      .replace(/ng$/, "n")
      .replace(/ü|v/g, "u");
    pinyinCache.set(char, p);
  }
  return p;
}

/**
 * The fuzzy pinyin key of a Han string: its characters' {@link fuzzyPinyin} joined by `'`.
 *
 * @example
 * ```ts
 * pinyinKey("冰相") === pinyinKey("冰箱") // true ("bin'xian")
 * ```
 */
export function pinyinKey(han: string): string {
  let out = "";
  for (const c of han) out += (out ? "'" : "") + fuzzyPinyin(c);
  return out;
}
