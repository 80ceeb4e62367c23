/** Which language a text is in: a customer message (any Chinese) or a KB document (majority). */

const HAN = /\p{Script=Han}/u;

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
