/**
 * Dialect function words folded to their Mandarin equivalents, so that a customer who writes
 * Cantonese (`雪櫃唔凍咗`, `部冷氣冇反應`) or Xiang/south-western Mandarin (`冒得反应`) is compared
 * with a knowledge base written in Mandarin, and a Cantonese knowledge base with Mandarin
 * questions. Only grammatical words (negation, aspect, demonstratives, question words) and
 * everyday set phrases whose reading is not in doubt (冲凉 = 洗澡, 稀碎 = 碎了) are here. Single
 * content characters a shop might use in its own sense (冻, 着, 整) are left to the shop's KB
 * and the lexicon.
 *
 * Applied to simplified text (after OpenCC), so the keys are in simplified form (`係` is `系`
 * by then). General vocabulary only, never words picked for one KB.
 */

/** [dialect, Mandarin]; where keys overlap, the longest at a position wins (唔够冻 before 唔). */
export const DIALECT_FOLDS: readonly (readonly [string, string])[] = [
  // Cantonese: set phrases first, then the single characters they contain
  ["系唔系", "是不是"], ["系咪", "是不是"], ["唔系", "不是"], ["唔该", "谢谢"], ["唔使", "不用"], ["唔知", "不知道"],
  ["唔得", "不行"], ["唔够冻", "不够冷"], ["唔冻", "不冷"], ["冇冻", "不冷"], ["唔", "不"],
  ["冇得", "没有"], ["冇", "没"], ["咗", "了"], ["嘅", "的"], ["啲", "些"], ["喺", "在"], ["嚟", "来"],
  ["佢哋", "他们"], ["佢", "它"], ["哋", "们"], ["嗰", "那"], ["呢个", "这个"], ["呢部", "这部"], ["呢度", "这里"],
  ["乜嘢", "什么"], ["咩事", "什么事"], ["做咩", "为什么"], ["咩", "什么"], ["乜", "什么"], ["嘢", "东西"],
  ["点解", "为什么"], ["点算", "怎么办"], ["点样", "怎样"], ["点搞", "怎么搞"], ["点办", "怎么办"], ["点整", "怎么弄"],
  ["边度", "哪里"], ["边个", "哪个"], ["几时", "什么时候"], ["啱啱", "刚刚"], ["咁样", "这样"], ["咁", "这么"],
  ["攞", "拿"], ["俾", "给"], ["睇", "看"], ["揾", "找"], ["仲", "还"], ["嘈", "吵"],
  ["几耐", "多久"], ["几多", "多少"], ["几钱", "多少钱"], ["屋企", "家里"], ["而家", "现在"], ["宜家", "现在"],
  ["头先", "刚才"], ["琴日", "昨天"], ["寻日", "昨天"], ["听日", "明天"], ["听朝", "明早"], ["今朝", "今早"],
  ["开唔到", "开不了"], ["开唔着", "开不了"], ["点唔着", "点不着"], ["跌咗落", "掉到"], ["跌落", "掉到"],
  ["冲凉", "洗澡"], ["洗衫", "洗衣服"], ["啲衫", "些衣服"], ["一阵热一阵冻", "忽冷忽热"], ["一阵冻一阵热", "忽冷忽热"],
  // Xiang / south-western Mandarin
  ["冒得", "没有"],
  // north-eastern and northern Mandarin
  ["瞅瞅", "看看"], ["瞅", "看"], ["俺", "我"], ["啥玩意", "什么"], ["咋的", "怎么了"], ["嘎哈", "干啥"], ["外头", "外面"],
  ["稀碎", "碎了"], ["不好使", "不好用"], ["哪儿", "哪里"], ["这儿", "这里"], ["那儿", "那里"],
]; // prettier-ignore

/**
 * The northern 儿 suffix (erhua: 管儿, 点儿, 事儿, 劲儿) adds a sound, not a word: dropped after a
 * Han character, except where 儿 is the child (女儿, 婴儿, 儿子, 儿童).
 */
const ERHUA = /(?<=\p{Script=Han})(?<![女婴幼孤健胎男侄孙宠托])儿(?![子童科女歌孙媳])/gu;

const FOLD = new Map(DIALECT_FOLDS);
const FOLD_RE = new RegExp([...FOLD.keys()].sort((a, b) => b.length - a.length).join("|"), "g");
const HAS_KEY = new RegExp(`[${[...new Set([...FOLD.keys()].map((k) => k[0]))].join("")}]`);

/**
 * Dialect words of simplified text put in Mandarin (see {@link DIALECT_FOLDS}).
 *
 * @example
 * ```ts
 * foldDialect("雪柜唔冻咗，点算") // "雪柜不冷了，怎么办"
 * foldDialect("排水管儿瞅着也没折") // "排水管看着也没折"
 * ```
 */
export function foldDialect(text: string): string {
  const folded = HAS_KEY.test(text) ? text.replace(FOLD_RE, (m) => FOLD.get(m)!) : text;
  return folded.includes("儿") ? folded.replace(ERHUA, "") : folded;
}
