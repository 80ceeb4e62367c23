/**
 * Customer-facing text, one module per language.
 *
 * @example
 * ```ts
 * const m = messages("en");
 * m.created("#1024"); // "✅ Ticket #1024 is open"
 * ```
 */
import type { Lang } from "../domain/customer.ts";
import { en } from "./en.ts";
import { zhCN, type Messages } from "./zh-CN.ts";

export type { Messages };
const ALL: Record<Lang, Messages> = { "zh-CN": zhCN, en };

export function messages(lang: string): Messages {
  return ALL[lang as Lang] ?? zhCN;
}
