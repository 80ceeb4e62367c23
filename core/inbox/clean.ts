/**
 * Cleaning inbound payloads before they are stored: PostgreSQL refuses U+0000 in text and
 * jsonb, and an unpaired UTF-16 surrogate in jsonb, so an update carrying either would fail
 * to persist (and the platform would retry it forever). The desk stores and processes the
 * cleaned value; the exact original is kept beside it in base64 for the audit trail.
 */

/** What replaces an unpaired surrogate (the Unicode replacement character). */
export const REPLACEMENT_CHAR = "\uFFFD";

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string PostgreSQL will store: NUL characters removed, unpaired surrogates replaced by
 * U+FFFD. Other text (emoji, CJK, control characters other than NUL) is left as it is.
 *
 * @example
 * ```ts
 * cleanText("冰箱\u0000坏了\ud800"); // "冰箱坏了\uFFFD"
 * ```
 */
export function cleanText(s: string): string {
  const noNul = s.includes("\u0000") ? s.replace(NUL, "") : s;
  return noNul.replace(LONE_SURROGATE, REPLACEMENT_CHAR);
}

/**
 * A JSON value with every string (keys included) cleaned by {@link cleanText}; `changed`
 * says whether anything had to be cleaned. The input is not modified.
 *
 * @example
 * ```ts
 * cleanPayload({ message: { text: "a\u0000b" } }); // { value: { message: { text: "ab" } }, changed: true }
 * ```
 */
export function cleanPayload<T>(value: T): { value: T; changed: boolean } {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const c = cleanText(v);
      if (c !== v) changed = true;
      return c;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[walk(k) as string] = walk(x);
      return out;
    }
    return v;
  };
  const out = walk(value) as T;
  return { value: changed ? out : value, changed };
}
