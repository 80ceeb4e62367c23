/**
 * Chinese text with a Latin name in it: a space goes between the name and the Chinese text
 * around it ("已由工程师 Wang 受理", not "工程师 Wang受理"), as Chinese typesetting does
 * with Latin words; names in Chinese need none ("已由工程师王师傅受理").
 */

const LATIN_END = /[A-Za-z0-9._)\]]$/;
const LATIN_START = /^[A-Za-z0-9(@#[]/;

/**
 * The name as it goes between Chinese characters: spaced on each side that is Latin.
 *
 * @example
 * ```ts
 * `已由${zhName("工程师 wang.shifu")}受理`; // "已由工程师 wang.shifu 受理"
 * `已由${zhName("工程师王师傅")}受理`; // "已由工程师王师傅受理"
 * ```
 */
export function zhName(name: string): string {
  return (LATIN_START.test(name) ? " " : "") + name + (LATIN_END.test(name) ? " " : "");
}

/**
 * "工程师" and a name: joined without a space for a Chinese name, with one for a Latin name.
 *
 * @example
 * ```ts
 * zhTitled("工程师", "王师傅"); // "工程师王师傅"
 * zhTitled("工程师", "Wang"); // "工程师 Wang"
 * ```
 */
export function zhTitled(title: string, name?: string | null): string {
  const trimmed = name?.trim();
  if (!trimmed) return title;
  return LATIN_START.test(trimmed) ? `${title} ${trimmed}` : `${title}${trimmed}`;
}
