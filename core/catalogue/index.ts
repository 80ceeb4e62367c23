/**
 * The shop's product catalogue: categories with names in zh and en, the words that name
 * them (both languages), warranty months, consumables and an optional settlement fee.
 * A YAML file (see `catalogue.yaml` beside this module, the shipped default); a shop points
 * `DESK_CATALOGUE` at its own. Pure: no platform, no database; reading the file is the
 * only I/O, in {@link loadCatalogue}.
 *
 * @example
 * ```ts
 * const catalogue = loadCatalogue(process.env.DESK_CATALOGUE); // the shipped file when unset
 * catalogue.detect("我家电飯煲煮饭夹生")[0]?.id;  // "rice-cooker"
 * catalogue.name("rice-cooker", "en");            // "Rice cooker"
 * catalogue.warrantyMonths("ac");                 // 12
 * ```
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { normalizeText } from "../text/normalize.ts";
import { DeskError } from "../errors.ts";
import { fromRoot } from "../paths.ts";

/** The catalogue shipped with the desk (used when `DESK_CATALOGUE` is unset). */
export const DEFAULT_CATALOGUE_PATH = fromRoot("core", "catalogue", "catalogue.yaml");

/** The category every catalogue has: products the shop does not list. */
export const OTHER_CATEGORY = "other";

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const idSchema = z.string().regex(ID, "must be lowercase letters, digits and dashes, e.g. rice-cooker");
const names = z.object({ zh: z.string().trim().min(1), en: z.string().trim().min(1) }).strict();
const words = z.array(z.string().trim().min(1)).default([]);
const regexSource = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "is not a valid regular expression" },
);

const consumableSchema = z.object({ id: idSchema, name: names, interval_months: z.number().int().positive().max(240) }).strict();

const categorySchema = z
  .object({
    id: idSchema,
    name: names,
    group: idSchema.optional(),
    synonyms: z.object({ zh: words, en: words }).strict().default({ zh: [], en: [] }),
    model_patterns: z.array(regexSource).default([]),
    warranty_months: z.number().int().min(0).max(240),
    warranty_fee_fen: z.number().int().min(0).optional(),
    consumables: z.array(consumableSchema).default([]),
  })
  .strict();

const fileSchema = z
  .object({
    version: z.literal(1).default(1),
    groups: z.array(z.object({ id: idSchema, name: names }).strict()).default([]),
    categories: z.array(categorySchema).min(1),
  })
  .strict();

export type CatalogueLang = "zh" | "en";

export interface Consumable {
  id: string;
  name: { zh: string; en: string };
  /** Replace every this many months. */
  intervalMonths: number;
}

export interface ProductCategoryDef {
  id: string;
  name: { zh: string; en: string };
  /** The family it belongs to (e.g. `small`), if any. */
  group?: string;
  synonyms: { zh: string[]; en: string[] };
  modelPatterns: string[];
  warrantyMonths: number;
  /** Default settlement fee of a warranty job, in fen; undefined when the catalogue sets none. */
  warrantyFeeFen?: number;
  consumables: Consumable[];
}

/** Where a category is named in a text (offsets in the normalised text). */
export interface CategoryMatch {
  id: string;
  /** The synonym or model number that matched, normalised. */
  term: string;
  start: number;
  end: number;
  /** "name" for a synonym, "model" for a model-number pattern. */
  via: "name" | "model";
}

export type CatalogueErrorCode = "CATALOGUE_READ" | "CATALOGUE_YAML" | "CATALOGUE_INVALID";

/**
 * A catalogue file that cannot be used. The message is one line: the file, the path inside
 * it and the reason, e.g. `shop.yaml: categories[2].warranty_months: expected number`.
 */
export class CatalogueError extends DeskError<CatalogueErrorCode> {
  constructor(
    code: CatalogueErrorCode,
    message: string,
    readonly source?: string,
  ) {
    super(code, source ? `${source}: ${message}` : message);
  }
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const isLatin = (s: string): boolean => /^[\x20-\x7e]+$/.test(s);

interface Matcher {
  id: string;
  term: string;
  re: RegExp;
  via: "name" | "model";
}

/**
 * A validated catalogue. Build one with {@link parseCatalogue} or {@link loadCatalogue}.
 */
export class Catalogue {
  /** Every category, in file order (the order of intake buttons). */
  readonly categories: readonly ProductCategoryDef[];
  /** Category groups (e.g. small appliances), with the ids of their members. */
  readonly groups: readonly { id: string; name: { zh: string; en: string }; members: string[] }[];
  readonly #byId: Map<string, ProductCategoryDef>;
  readonly #matchers: Matcher[];
  readonly #lookup = new Map<string, string>();

  constructor(categories: ProductCategoryDef[], groups: { id: string; name: { zh: string; en: string } }[] = []) {
    this.categories = categories;
    this.groups = groups.map((g) => ({ ...g, members: categories.filter((c) => c.group === g.id).map((c) => c.id) }));
    this.#byId = new Map(categories.map((c) => [c.id, c]));
    const matchers: Matcher[] = [];
    for (const c of categories) {
      for (const raw of [...c.synonyms.zh, ...c.synonyms.en, c.name.zh, c.name.en]) {
        const term = normalizeText(raw).trim();
        if (!term) continue;
        // Latin words match whole words only ("ac" is not in "accurate"), in the plural too
        // ("laptops", "washing machines", "boxes"); Chinese anywhere.
        const body = escapeRe(term).replace(/\s+/g, "\\s+");
        const plural = /[a-z]$/.test(term) && !/s$/.test(term) ? "(?:e?s)?" : "";
        const re = isLatin(term) ? new RegExp(`(?<![a-z0-9])${body}${plural}(?![a-z0-9])`, "g") : new RegExp(body, "g");
        matchers.push({ id: c.id, term, re, via: "name" });
        if (!this.#lookup.has(term)) this.#lookup.set(term, c.id);
      }
      for (const p of c.modelPatterns) matchers.push({ id: c.id, term: p, re: new RegExp(`(?<![a-z0-9])(?:${p})`, "gi"), via: "model" });
      this.#lookup.set(c.id, c.id);
    }
    this.#matchers = matchers;
  }

  /**
   * The category with this id.
   *
   * @example
   * ```ts
   * catalogue.byId("purifier")?.consumables.map((c) => c.intervalMonths) // [3, 6, 24]
   * ```
   */
  byId(id: string): ProductCategoryDef | undefined {
    return this.#byId.get(id);
  }

  /** True if `id` is a category of this catalogue. */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Every category id, in file order. */
  get ids(): string[] {
    return this.categories.map((c) => c.id);
  }

  /**
   * The category's name in a language (`zh`, `zh-CN` or `en`); the id itself when unknown.
   *
   * @example
   * ```ts
   * catalogue.name("washer", "zh-CN") // "洗衣机"
   * ```
   */
  name(id: string, lang: CatalogueLang | "zh-CN"): string {
    const c = this.#byId.get(id);
    const g = c ? undefined : this.groups.find((x) => x.id === id);
    const n = c?.name ?? g?.name;
    if (!n) return id;
    return lang === "en" ? n.en : n.zh;
  }

  /** Warranty months of a category (the `other` category's when unknown). */
  warrantyMonths(id: string): number {
    return (this.#byId.get(id) ?? this.#byId.get(OTHER_CATEGORY))?.warrantyMonths ?? 12;
  }

  /** Default warranty settlement fee in fen, or undefined. */
  warrantyFeeFen(id: string): number | undefined {
    return this.#byId.get(id)?.warrantyFeeFen;
  }

  /** Consumables of a category (empty when it has none). */
  consumables(id: string): readonly Consumable[] {
    return this.#byId.get(id)?.consumables ?? [];
  }

  /**
   * The categories a word or id stands for: a category id, a group id (all its members),
   * or any name or synonym in either language. Empty when unknown.
   *
   * @example
   * ```ts
   * catalogue.resolve("电饭锅")  // ["rice-cooker"]
   * catalogue.resolve("small")   // ["rice-cooker", "microwave", …]
   * catalogue.resolve("toaster") // []
   * ```
   */
  resolve(word: string): string[] {
    const w = normalizeText(word).trim();
    const g = this.groups.find((x) => x.id === w);
    if (g) return [...g.members];
    const id = this.#lookup.get(w) ?? this.#lookup.get(w.replace(/[-_]+/g, " ").replace(/\s+/g, " "));
    return id ? [id] : [];
  }

  /**
   * Where the text names categories: synonyms in both languages and model-number
   * patterns, non-overlapping, the longest match first where two overlap
   * ("空气净化器" is the air purifier, not the water purifier's "净化器"), in text order.
   * Offsets are in {@link normalizeText}'s form of the text.
   *
   * @example
   * ```ts
   * catalogue.detect("KFR-35GW 和冰箱都坏了").map((m) => m.id) // ["ac", "fridge"]
   * ```
   */
  detect(text: string): CategoryMatch[] {
    return this.detectNormalized(normalizeText(text));
  }

  /** {@link Catalogue.detect} on text already in {@link normalizeText}'s form (no second pass). */
  detectNormalized(norm: string): CategoryMatch[] {
    const found: CategoryMatch[] = [];
    for (const m of this.#matchers) {
      m.re.lastIndex = 0;
      for (let r = m.re.exec(norm); r !== null; r = m.re.exec(norm)) {
        found.push({ id: m.id, term: r[0], start: r.index, end: r.index + r[0].length, via: m.via });
        if (r[0].length === 0) m.re.lastIndex++;
      }
    }
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken: CategoryMatch[] = [];
    for (const f of found) if (!taken.some((t) => f.start < t.end && t.start < f.end)) taken.push(f);
    return taken.sort((a, b) => a.start - b.start);
  }

  /**
   * Distinct categories the text names, in order of first mention.
   *
   * @example
   * ```ts
   * catalogue.categoriesIn("热水器漏水") // ["water-heater"]
   * ```
   */
  categoriesIn(text: string): string[] {
    return [...new Set(this.detect(text).map((m) => m.id))];
  }
}

function zodPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "(top)";
}

/**
 * Parses and validates catalogue YAML. Throws {@link CatalogueError} with a one-line message
 * naming the file and the path of the first problem.
 *
 * @example
 * ```ts
 * const c = parseCatalogue("categories:\n  - {id: other, name: {zh: 其他, en: Other}, warranty_months: 12}\n", "shop.yaml");
 * ```
 */
export function parseCatalogue(text: string, source?: string): Catalogue {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new CatalogueError("CATALOGUE_YAML", `not valid YAML: ${(e as Error).message.split("\n")[0]}`, source);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogueError("CATALOGUE_INVALID", `${zodPath(issue.path)}: ${issue.message}`, source);
  }
  const file = parsed.data;
  const seen = new Set<string>();
  for (const [i, c] of file.categories.entries()) {
    if (seen.has(c.id)) throw new CatalogueError("CATALOGUE_INVALID", `categories[${i}].id: '${c.id}' is used twice`, source);
    seen.add(c.id);
    if (c.group && !file.groups.some((g) => g.id === c.group))
      throw new CatalogueError("CATALOGUE_INVALID", `categories[${i}].group: '${c.group}' is not in groups`, source);
  }
  for (const [i, g] of file.groups.entries())
    if (seen.has(g.id)) throw new CatalogueError("CATALOGUE_INVALID", `groups[${i}].id: '${g.id}' is also a category id`, source);
  if (!seen.has(OTHER_CATEGORY))
    throw new CatalogueError("CATALOGUE_INVALID", `categories: needs a category with id '${OTHER_CATEGORY}'`, source);
  return new Catalogue(
    file.categories.map((c) => ({
      id: c.id,
      name: c.name,
      ...(c.group ? { group: c.group } : {}),
      synonyms: c.synonyms,
      modelPatterns: c.model_patterns,
      warrantyMonths: c.warranty_months,
      ...(c.warranty_fee_fen !== undefined ? { warrantyFeeFen: c.warranty_fee_fen } : {}),
      consumables: c.consumables.map((x) => ({ id: x.id, name: x.name, intervalMonths: x.interval_months })),
    })),
    file.groups,
  );
}

const cache = new Map<string, Catalogue>();

/**
 * Reads a catalogue file (the shipped default when `path` is empty). Configuration passes
 * `DESK_CATALOGUE` here. Cached per path; throws {@link CatalogueError}.
 *
 * @example
 * ```ts
 * const catalogue = loadCatalogue(config.cataloguePath);
 * ```
 */
export function loadCatalogue(path?: string | null): Catalogue {
  const file = path || DEFAULT_CATALOGUE_PATH;
  const hit = cache.get(file);
  if (hit) return hit;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CatalogueError("CATALOGUE_READ", `cannot read the catalogue: ${(e as Error).message}`, file);
  }
  const c = parseCatalogue(text, file);
  cache.set(file, c);
  return c;
}

/**
 * The shipped catalogue.
 *
 * @example
 * ```ts
 * defaultCatalogue().has("microwave") // true
 * ```
 */
export function defaultCatalogue(): Catalogue {
  return loadCatalogue(null);
}
