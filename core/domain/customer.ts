/**
 * Customer file (客户档案) rules: phone validation, areas, languages.
 */

export const AREAS = ["city", "suburb"] as const;
export type Area = (typeof AREAS)[number];

export const LANGS = ["zh-CN", "en"] as const;
export type Lang = (typeof LANGS)[number];

/**
 * Chooses the customer's language from Telegram's `language_code`: Chinese variants → zh-CN,
 * any other known code → en, none → zh-CN (our users read Chinese first).
 *
 * @example
 * ```ts
 * langFromCode("zh-hans"); // "zh-CN"
 * langFromCode("en-US");   // "en"
 * ```
 */
export function langFromCode(code: string | undefined | null): Lang {
  if (!code) return "zh-CN";
  return code.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function isLang(v: unknown): v is Lang {
  return v === "zh-CN" || v === "en";
}

/**
 * Normalises and validates a phone number. Accepts mainland mobiles (11 digits starting 1[3-9],
 * optionally +86/0086), landlines with area code (010-12345678, 0755 1234 5678), and
 * international numbers in E.164 form (+ and 8–15 digits). Full-width digits are accepted.
 *
 * @example
 * ```ts
 * normalizePhone("138 0013 8000"); // "13800138000"
 * normalizePhone("+86 138-0013-8000"); // "13800138000"
 * normalizePhone("12345"); // null
 * ```
 */
export function normalizePhone(input: string): string | null {
  const s = input
    .normalize("NFKC")
    .trim()
    .replace(/[\s\-()（）.]/g, "");
  if (/^(\+?86|0086)?1[3-9]\d{9}$/.test(s)) return s.slice(-11);
  if (/^0\d{2,3}\d{7,8}$/.test(s)) {
    const area = /^0(10|2\d)/.test(s) ? s.slice(0, 3) : s.slice(0, 4);
    return `${area}-${s.slice(area.length)}`;
  }
  if (/^(\+|00)[1-9]\d{7,14}$/.test(s)) return "+" + s.replace(/^(\+|00)/, "");
  return null;
}

/** Masks a phone for display in lists: 138****8000. */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? phone.slice(0, 3) + "****" + phone.slice(-4) : phone;
}

/**
 * Masks a name for showing it to someone not yet known to be its owner: the first and last
 * character of a Chinese name (王*明, 欧**娜), the first letter of each Latin word (J*** S****).
 *
 * @example
 * ```ts
 * maskName("王小明");     // "王*明"
 * maskName("John Smith"); // "J*** S****"
 * ```
 */
export function maskName(name: string): string {
  const n = name.trim();
  if (/^[\x20-\x7e]+$/.test(n))
    return n
      .split(/\s+/)
      .map((w) => w[0] + "*".repeat(Math.max(1, w.length - 1)))
      .join(" ");
  const chars = [...n.replace(/\s+/g, "")];
  if (chars.length <= 1) return chars.join("") + "*";
  if (chars.length === 2) return chars[0] + "*";
  return chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1];
}

/** The tier of a VIP customer as the desk stores it (the dispatch target checks for it). */
export const VIP_TIER = "vip";
/** The tier of a customer nobody classified. */
export const STANDARD_TIER = "standard";

/**
 * A tier as the shop names it (its records or staff), in the desk's form: one of the VIP
 * names becomes `vip`; any other name is kept as written (e.g. `A`, `金卡`).
 *
 * @example
 * ```ts
 * normalizeTier(" VIP ", ["vip", "贵宾"]); // "vip"
 * normalizeTier("A", ["vip"]);             // "A"
 * ```
 */
export function normalizeTier(raw: string, vipTiers: readonly string[]): string {
  const t = raw.normalize("NFKC").trim();
  if (vipTiers.includes(t.toLowerCase())) return VIP_TIER;
  return t || STANDARD_TIER;
}

/** A stored tier as people read it: `VIP`, or the shop's own name; empty for standard. */
export function tierLabel(tier: string): string {
  if (tier === VIP_TIER) return "VIP";
  return tier === STANDARD_TIER ? "" : tier;
}
