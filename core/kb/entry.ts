/**
 * One FAQ knowledge-base entry: a Markdown file with YAML front matter.
 *
 * ```md
 * ---
 * id: fridge-not-cooling-zh        # optional: from the file name
 * title: 冰箱不制冷怎么办           # optional: the first question, heading or line of the body
 * products: [fridge]               # catalogue ids, names or synonyms; [] or absent for general entries
 * lang: zh                         # optional: detected from the text
 * questions:                       # optional, any number: how customers ask it
 *   - 冰箱不制冷了
 * tags: [制冷, 温度]                # optional
 * ---
 * 1. 检查电源……
 * ```
 *
 * A knowledge base written elsewhere imports as long as each entry is usable: only a file
 * with no readable front matter, an empty body, or an id another file already has is
 * refused. Everything else that is off is repaired and reported as a warning.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { parse as parseYaml } from "yaml";
import { defaultCatalogue, type Catalogue } from "../catalogue/index.ts";
import { DeskError } from "../errors.ts";
import { detectDocLang } from "./lang.ts";

export interface KbEntry {
  /** Unique id, lowercase letters, digits and dashes, e.g. `fridge-not-cooling-zh`. */
  id: string;
  title: string;
  lang: "zh" | "en";
  /** Catalogue category ids; empty for general entries. */
  products: string[];
  /**
   * Products the entry names that the catalogue does not list, as written (a water softener
   * in a shop whose catalogue has none). The entry is general for the catalogue, but a
   * question about a catalogue product (a range hood) does not reach it.
   */
  otherProducts?: string[];
  /** Sample phrasings customers use (any number, possibly none). */
  questions: string[];
  tags: string[];
  /** Markdown troubleshooting steps. */
  body: string;
  sourcePath?: string;
  /** sha256 hex of the entry as imported (changes when the file or its reading changes). */
  checksum: string;
}

/** Problems that make a file unusable (the entry is not imported). */
export type KbErrorCode = "KB_NO_FRONT_MATTER" | "KB_BAD_YAML" | "KB_EMPTY_BODY" | "KB_DUPLICATE_ID" | "KB_READ_ERROR" | "KB_NO_ID";

/** Problems that were repaired (the entry is imported). */
export type KbWarningCode =
  | "KB_UNKNOWN_PRODUCT"
  | "KB_BAD_LANG"
  | "KB_BAD_ID"
  | "KB_NO_TITLE"
  | "KB_BAD_FIELD"
  | "KB_UNKNOWN_FIELD";

export interface KbWarning {
  code: KbWarningCode;
  message: string;
  field?: string;
}

const KNOWN_FIELDS = ["id", "title", "products", "lang", "questions", "tags"] as const;
/** Other names shops use for the known fields. */
const FIELD_ALIASES: Readonly<Record<string, (typeof KNOWN_FIELDS)[number]>> = {
  product: "products",
  category: "products",
  categories: "products",
  language: "lang",
  question: "questions",
  examples: "questions",
  keywords: "tags",
  tag: "tags",
};
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANG_WORDS: Readonly<Record<string, "zh" | "en">> = {
  zh: "zh", "zh-cn": "zh", "zh-hans": "zh", "zh-tw": "zh", "zh-hk": "zh", "zh-hant": "zh", cn: "zh", chinese: "zh", 中文: "zh", 简体中文: "zh", 繁體中文: "zh",
  en: "en", "en-us": "en", "en-gb": "en", english: "en", 英文: "en", 英语: "en",
}; // prettier-ignore

/**
 * A KB file that cannot be used. `code` is stable for programs, `message` says why.
 *
 * @example
 * ```ts
 * try { parseKbEntry(text, path); }
 * catch (e) { if (e instanceof KbFormatError && e.code === "KB_EMPTY_BODY") console.warn(e.message); }
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

/**
 * An id from any text: lowercase ASCII letters and digits joined by dashes ("" if none).
 *
 * @example
 * ```ts
 * slugId("Fridge Not Cooling.zh") // "fridge-not-cooling-zh"
 * ```
 */
export function slugId(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The id a file name stands for: `fridge-not-cooling.zh.md` → `fridge-not-cooling-zh`. */
export function idFromPath(path: string): string {
  return slugId(basename(path).replace(/\.md$/i, ""));
}

/** A string list from a YAML value: a list, one string, or a comma-separated string. */
function stringList(v: unknown, field: string, warn: (w: KbWarning) => void): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : typeof v === "string" ? (field === "questions" ? [v] : v.split(/[,，、]/)) : [v];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === "string" || typeof item === "number") {
      const s = String(item).trim();
      if (s) out.push(s);
    } else if (item !== null && item !== undefined) {
      warn({ code: "KB_BAD_FIELD", field, message: `field '${field}' has an item that is not text (${JSON.stringify(item)}); it was skipped` });
    }
  }
  return out;
}

function firstLine(body: string): string {
  for (const line of body.split(/\r?\n/)) {
    const t = line
      .replace(/^#+\s*/, "")
      .replace(/^\s*(?:[-*]|\d+[.)])\s+/, "")
      .replace(/[*_`]/g, "")
      .trim();
    if (t) return t.length > 80 ? t.slice(0, 80) + "…" : t;
  }
  return "";
}

export interface ParseKbOptions {
  /** Catalogue products are checked against (the shipped one by default). */
  catalogue?: Catalogue;
}

export interface ParsedKbFile {
  entry: KbEntry;
  /** What was repaired: the entry imports, but the file should be fixed. */
  warnings: KbWarning[];
}

/**
 * Parses one KB file leniently. Throws {@link KbFormatError} only when the file is unusable:
 * `KB_NO_FRONT_MATTER`, `KB_BAD_YAML` (unparsable, or not a mapping), `KB_EMPTY_BODY`,
 * `KB_NO_ID` (no id and no file name to derive one from). Everything else is repaired and
 * reported in `warnings`: a missing id comes from the file name, a missing language is
 * detected, a missing title is taken from the first question or line, products are
 * resolved through the catalogue (names and synonyms too) and unknown ones dropped, so an
 * entry whose products are all unknown imports as a general entry.
 *
 * @example
 * ```ts
 * const { entry, warnings } = parseKbFile(await readFile(path, "utf8"), path);
 * for (const w of warnings) console.warn(`${path}: ${w.message}`);
 * ```
 */
export function parseKbFile(text: string, sourcePath?: string, opts: ParseKbOptions = {}): ParsedKbFile {
  const catalogue = opts.catalogue ?? defaultCatalogue();
  const { yaml, body } = splitFrontMatter(text, sourcePath);
  let fm: unknown;
  try {
    fm = yaml.trim() === "" ? {} : parseYaml(yaml);
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new KbFormatError("KB_BAD_YAML", `front matter is not valid YAML: ${why}`, undefined, sourcePath);
  }
  if (fm === null || typeof fm !== "object" || Array.isArray(fm)) {
    throw new KbFormatError("KB_BAD_YAML", "front matter must be a YAML mapping of fields", undefined, sourcePath);
  }
  const trimmedBody = body.trim();
  if (trimmedBody === "") {
    throw new KbFormatError("KB_EMPTY_BODY", "the body (troubleshooting steps after the front matter) is empty", "body", sourcePath);
  }
  const warnings: KbWarning[] = [];
  const warn = (w: KbWarning): void => void warnings.push(w);

  const rec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fm as Record<string, unknown>)) {
    const k = key.trim().toLowerCase();
    const field = (KNOWN_FIELDS as readonly string[]).includes(k) ? k : FIELD_ALIASES[k];
    if (!field) {
      warn({ code: "KB_UNKNOWN_FIELD", field: key, message: `unknown field '${key}' ignored (known: ${KNOWN_FIELDS.join(", ")})` });
      continue;
    }
    if (rec[field] === undefined) rec[field] = value;
  }

  // id: given, repaired, or from the file name
  let id = "";
  const rawId = rec.id;
  if (typeof rawId === "string" || typeof rawId === "number") {
    const given = String(rawId).trim();
    id = ID_PATTERN.test(given) ? given : slugId(given);
    if (id !== given) {
      const fallback = id || (sourcePath ? idFromPath(sourcePath) : "");
      warn({ code: "KB_BAD_ID", field: "id", message: `id '${given}' is not lowercase letters, digits and dashes; using '${fallback}'` });
      id = fallback;
    }
  } else if (rawId !== undefined && rawId !== null) {
    warn({ code: "KB_BAD_ID", field: "id", message: "field 'id' is not text; using the file name" });
  }
  if (!id && sourcePath) id = idFromPath(sourcePath);
  if (!id) throw new KbFormatError("KB_NO_ID", "no 'id' field and no file name to derive one from", "id", sourcePath);

  const questions = stringList(rec.questions, "questions", warn);
  const tags = stringList(rec.tags, "tags", warn);

  let title = typeof rec.title === "string" || typeof rec.title === "number" ? String(rec.title).trim() : "";
  if (!title) {
    title = questions[0] ?? firstLine(trimmedBody);
    warn({ code: "KB_NO_TITLE", field: "title", message: `no title; using '${title}'` });
  }

  let lang: "zh" | "en";
  const detected = detectDocLang(`${title}\n${questions.join("\n")}\n${trimmedBody}`);
  if (rec.lang === undefined || rec.lang === null || rec.lang === "") lang = detected;
  else {
    const given = LANG_WORDS[String(rec.lang).trim().toLowerCase()];
    if (given) lang = given;
    else {
      lang = detected;
      warn({ code: "KB_BAD_LANG", field: "lang", message: `lang ${JSON.stringify(rec.lang)} is neither zh nor en; detected '${detected}'` });
    }
  }

  const products: string[] = [];
  const otherProducts: string[] = [];
  for (const p of stringList(rec.products, "products", warn)) {
    const ids = catalogue.resolve(p);
    if (ids.length === 0) {
      const name = p.trim().toLowerCase();
      if (name && !otherProducts.includes(name)) otherProducts.push(name);
      warn({
        code: "KB_UNKNOWN_PRODUCT",
        field: "products",
        message: `product '${p}' is not in the catalogue; the entry is general unless another product is known, but questions about catalogue products do not reach it`,
      });
      continue;
    }
    for (const i of ids) if (!products.includes(i)) products.push(i);
  }

  const entry: KbEntry = { id, title, lang, products, questions, tags, body: trimmedBody, checksum: "" };
  if (otherProducts.length) entry.otherProducts = otherProducts;
  entry.checksum = sha256Hex(
    JSON.stringify([entry.id, entry.title, entry.lang, entry.products, entry.questions, entry.tags, entry.body, ...(otherProducts.length ? [otherProducts] : [])]),
  );
  if (sourcePath !== undefined) entry.sourcePath = sourcePath;
  return { entry, warnings };
}

/**
 * Like {@link parseKbFile}, returning only the entry (warnings dropped).
 *
 * @example
 * ```ts
 * const entry = parseKbEntry(await readFile("kb/fridge-not-cooling.zh.md", "utf8"), "kb/fridge-not-cooling.zh.md");
 * entry.id // "fridge-not-cooling-zh"
 * ```
 */
export function parseKbEntry(text: string, sourcePath?: string, opts: ParseKbOptions = {}): KbEntry {
  return parseKbFile(text, sourcePath, opts).entry;
}
