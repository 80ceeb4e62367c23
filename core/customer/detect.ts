/**
 * Cheap detection of what a customer already said in free text (product, model, kind), so
 * intake asks only for what is still missing. Products are recognised by the shop's
 * catalogue (its names and synonyms in both languages, and model-number patterns). The LLM
 * (when configured) does this better.
 */
import { defaultCatalogue, type Catalogue } from "../catalogue/index.ts";
import type { TicketKind } from "../domain/ticket.ts";

/**
 * The first product category the text names, by the catalogue.
 *
 * @example
 * ```ts
 * detectCategory("冰箱不制冷了"); // "fridge"
 * detectCategory("电饭锅煮饭夹生", catalogue); // "rice-cooker"
 * ```
 */
export function detectCategory(text: string, catalogue: Catalogue = defaultCatalogue()): string | undefined {
  return catalogue.categoriesIn(text)[0];
}

/**
 * Finds a model number: letters and digits with at least one of each, e.g. BCD-215WDPV,
 * KFR-35GW, XQG80; ignores error codes like E1/F21 (too short) and plain numbers.
 */
export function detectModel(text: string): string | undefined {
  const t = text.normalize("NFKC");
  const re = /(?<![A-Za-z0-9])([A-Za-z]{1,6}[-/]?[0-9]{2,}[A-Za-z0-9/-]*|[0-9]{2,}[A-Za-z]{1,4}[0-9A-Za-z-]*)(?![A-Za-z0-9])/g;
  for (const m of t.matchAll(re)) {
    const s = m[1]!; // the whole pattern is group 1
    if (s.length < 4) continue; // E1, F21, 15s …
    if (/^(e|f|p|h|c|err|error)[-]?\d{1,3}$/i.test(s)) continue; // error codes
    if (/^\d+(s|min|h|kg|l|w|v|cm|mm|m|g|ml|mah|gb|tb|hz|db|度|年|月|日|天)$/i.test(s)) continue; // quantities
    if (/^(19|20)\d{2}[-/]/.test(s)) continue; // dates
    return s.toUpperCase();
  }
  return undefined;
}

const KIND_WORDS: [TicketKind, RegExp][] = [
  ["return", /退货|换货|退换|退款|换新|包换|包退|return|exchange|refund/i],
  ["install", /安装|装机|移机|拆装|组装|调试|install|set\s*up|setup|mount|assembl(e|ing|y)/i],
  ["maintenance", /保养|清洗|清洁|换滤芯|更换滤芯|维护|maintenance|service\s*check|clean(ing)?|replace\s*(the\s*)?filter/i],
  ["consult", /怎么用|如何使用|怎样使用|怎么设置|如何设置|使用方法|是什么意思|how\s+(do|to|can)\s+i|how\s+to\s+use|what\s+does/i],
  [
    "repair",
    /坏了|故障|不制冷|不冷|不制热|不热|不工作|不开机|开不了机|不启动|不转|不排水|不脱水|漏水|漏电|异响|噪音|响声|报错|错误代码|代码|显示\s*[EFPH]\d|黑屏|花屏|没声音|无法|不能|充不进|不充电|死机|卡住|[EFPH]\d{1,2}\b|broken|not\s+working|doesn'?t\s+work|won'?t|stopped|leak|noise|noisy|error|fault|dead|no\s+picture|not\s+cool|not\s+heat|not\s+charg/i,
  ],
];

/** The kind of service the text asks for, when it is clear from the words. */
export function detectKind(text: string): TicketKind | undefined {
  const t = text.normalize("NFKC");
  for (const [kind, re] of KIND_WORDS) if (re.test(t)) return kind;
  return undefined;
}

/** "Don't know" in the customer's words. */
export function isDontKnow(text: string): boolean {
  return /^(不知道|不清楚|不记得|忘了|忘记了|没有|无|不详|跳过|略|不知|\?|？|don'?t\s*know|dunno|not\s*sure|no\s*idea|unknown|skip|n\/?a|none)[。.!！ ]*$/i.test(
    text.normalize("NFKC").trim(),
  );
}
