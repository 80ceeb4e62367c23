/**
 * One FAQ knowledge-base entry: a Markdown file with YAML front matter.
 *
 * ```md
 * ---
 * id: fridge-not-cooling-zh
 * title: 冰箱不制冷怎么办
 * products: [fridge]
 * lang: zh
 * questions:
 *   - 冰箱不制冷了
 *   - 冰箱不冷了怎么办
 *   - 冷藏室温度降不下来
 * tags: [制冷, 温度]
 * ---
 * 1. 检查电源……
 * ```
 */
import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { PRODUCT_CATEGORIES } from "../domain/product.ts";
import { DeskError } from "../errors.ts";

export interface KbEntry {
  /** Unique id, lowercase letters, digits and dashes, e.g. `fridge-not-cooling-zh`. */
  id: string;
  title: string;
  lang: "zh" | "en";
  /** Product categories (from PRODUCT_CATEGORIES); empty for general entries. */
  products: string[];
  /** Sample phrasings customers use (at least 3). */
  questions: string[];
  tags: string[];
  /** Markdown troubleshooting steps. */
  body: string;
  sourcePath?: string;
  /** sha256 hex of the whole file text. */
  checksum: string;
}

export type KbErrorCode =
  | "KB_NO_FRONT_MATTER"
  | "KB_BAD_YAML"
  | "KB_MISSING_FIELD"
  | "KB_BAD_FIELD"
  | "KB_BAD_LANG"
  | "KB_BAD_PRODUCT"
  | "KB_EMPTY_BODY"
  | "KB_DUPLICATE_ID"
  | "KB_READ_ERROR";

/** Minimum number of sample questions per entry. */
export const MIN_QUESTIONS = 3;

const KNOWN_FIELDS = ["id", "title", "products", "lang", "questions", "tags"] as const;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A KB file that does not follow the format. `code` is stable for programs,
 * `message` names the field for humans, `field` is set when one field is at fault.
 *
 * @example
 * ```ts
 * try { parseKbEntry(text, path); }
 * catch (e) { if (e instanceof KbFormatError && e.code === "KB_BAD_LANG") console.warn(e.message); }
 * ```
 */
export class KbFormatError extends DeskError<KbErrorCode> {
  constructor(
    code: KbErrorCode,
    message: string,
    readonly field?: string,
    readonly sourcePath?: string,
  ) {
    super(code, sourcePath ? `${sourcePath}: ${message}` : message);
  }
}

/**
 * sha256 hex digest of a text (UTF-8).
 *
 * @example
 * ```ts
 * sha256Hex("abc") // "ba7816bf…"
 * ```
 */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function splitFrontMatter(text: string, sourcePath?: string): { yaml: string; body: string } {
  const src = text.replace(/^\uFEFF/, "");
  const lines = src.split(/\r?\n/);
  if (lines[0]?.trimEnd() !== "---") {
    throw new KbFormatError("KB_NO_FRONT_MATTER", "file must start with a '---' line opening the YAML front matter", undefined, sourcePath);
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === "---");
  if (close < 0) {
    throw new KbFormatError("KB_NO_FRONT_MATTER", "front matter is not closed by a '---' line", undefined, sourcePath);
  }
  return { yaml: lines.slice(1, close).join("\n"), body: lines.slice(close + 1).join("\n") };
}

function requireString(fm: Record<string, unknown>, field: string, sourcePath?: string): string {
  const v = fm[field];
  if (v === undefined || v === null) {
    throw new KbFormatError("KB_MISSING_FIELD", `missing required field '${field}'`, field, sourcePath);
  }
  if (typeof v !== "string" || v.trim() === "") {
    throw new KbFormatError("KB_BAD_FIELD", `field '${field}' must be a non-empty string`, field, sourcePath);
  }
  return v.trim();
}

function requireStringList(fm: Record<string, unknown>, field: string, min: number, sourcePath?: string): string[] {
  const v = fm[field];
  if (v === undefined || v === null) {
    throw new KbFormatError("KB_MISSING_FIELD", `missing required field '${field}'`, field, sourcePath);
  }
  if (!Array.isArray(v)) {
    throw new KbFormatError("KB_BAD_FIELD", `field '${field}' must be a list`, field, sourcePath);
  }
  const out: string[] = [];
  for (const [i, item] of v.entries()) {
    if (typeof item !== "string" || item.trim() === "") {
      throw new KbFormatError("KB_BAD_FIELD", `field '${field}' item ${i + 1} must be a non-empty string`, field, sourcePath);
    }
    out.push(item.trim());
  }
  if (out.length < min) {
    throw new KbFormatError("KB_BAD_FIELD", `field '${field}' needs at least ${min} items, got ${out.length}`, field, sourcePath);
  }
  return out;
}

/**
 * Parse and strictly validate one KB file. Throws {@link KbFormatError} with a code:
 * `KB_NO_FRONT_MATTER`, `KB_BAD_YAML` (unparsable, or not a mapping), `KB_MISSING_FIELD`,
 * `KB_BAD_FIELD` (wrong type, bad id, fewer than 3 questions, unknown field),
 * `KB_BAD_LANG`, `KB_BAD_PRODUCT`, `KB_EMPTY_BODY`.
 *
 * @example
 * ```ts
 * const text = await readFile("kb/fridge-not-cooling.zh.md", "utf8");
 * const entry = parseKbEntry(text, "kb/fridge-not-cooling.zh.md");
 * entry.id // "fridge-not-cooling-zh"
 * ```
 */
export function parseKbEntry(text: string, sourcePath?: string): KbEntry {
  const { yaml, body } = splitFrontMatter(text, sourcePath);
  let fm: unknown;
  try {
    fm = parseYaml(yaml);
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new KbFormatError("KB_BAD_YAML", `front matter is not valid YAML: ${why}`, undefined, sourcePath);
  }
  if (fm === null || typeof fm !== "object" || Array.isArray(fm)) {
    throw new KbFormatError("KB_BAD_YAML", "front matter must be a YAML mapping of fields", undefined, sourcePath);
  }
  const rec = fm as Record<string, unknown>;
  for (const key of Object.keys(rec)) {
    if (!(KNOWN_FIELDS as readonly string[]).includes(key)) {
      throw new KbFormatError("KB_BAD_FIELD", `unknown field '${key}' (allowed: ${KNOWN_FIELDS.join(", ")})`, key, sourcePath);
    }
  }

  const id = requireString(rec, "id", sourcePath);
  if (!ID_PATTERN.test(id)) {
    throw new KbFormatError("KB_BAD_FIELD", `field 'id' must be lowercase letters, digits and dashes, got '${id}'`, "id", sourcePath);
  }
  const title = requireString(rec, "title", sourcePath);

  if (rec.lang === undefined || rec.lang === null) {
    throw new KbFormatError("KB_MISSING_FIELD", "missing required field 'lang'", "lang", sourcePath);
  }
  if (rec.lang !== "zh" && rec.lang !== "en") {
    throw new KbFormatError("KB_BAD_LANG", `field 'lang' must be 'zh' or 'en', got ${JSON.stringify(rec.lang)}`, "lang", sourcePath);
  }
  const lang = rec.lang;

  const products = requireStringList(rec, "products", 0, sourcePath);
  for (const p of products) {
    if (!(PRODUCT_CATEGORIES as readonly string[]).includes(p)) {
      throw new KbFormatError(
        "KB_BAD_PRODUCT",
        `field 'products' has unknown category '${p}' (allowed: ${PRODUCT_CATEGORIES.join(", ")})`,
        "products",
        sourcePath,
      );
    }
  }
  const questions = requireStringList(rec, "questions", MIN_QUESTIONS, sourcePath);
  const tags = requireStringList(rec, "tags", 0, sourcePath);

  const trimmedBody = body.trim();
  if (trimmedBody === "") {
    throw new KbFormatError("KB_EMPTY_BODY", "the body (troubleshooting steps after the front matter) is empty", "body", sourcePath);
  }

  const entry: KbEntry = {
    id,
    title,
    lang,
    products: [...new Set(products)],
    questions,
    tags,
    body: trimmedBody,
    checksum: sha256Hex(text),
  };
  if (sourcePath !== undefined) entry.sourcePath = sourcePath;
  return entry;
}
