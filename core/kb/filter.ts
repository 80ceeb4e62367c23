/**
 * Which entries a query may reach: entries in the preferred language, plus entries in the
 * other language that have no version in it; entries for other products than the customer's
 * and than the products the message names are left out (general entries stay, unless they
 * are about a product the catalogue does not list and the message names one it does). The
 * result of each filter is kept, as most queries share a few.
 */
import { OTHER_CATEGORY, type Catalogue } from "../catalogue/index.ts";
import type { KbEntry } from "./entry.ts";
import type { SearchOptions } from "./outcome.ts";
import { F_BODY, FIELD_COUNT, keyAt, keyRange, type PackedIndex } from "./packed.ts";

/** Prefix of the lexicon's terms for products a catalogue may not list (`~p-router`). */
export const LEXICON_PRODUCT_TERM = "~p-";

/**
 * For each entry, the lexicon products (see {@link LEXICON_PRODUCT_TERM}) its title, sample
 * questions or tags name (its body may mention others in passing).
 */
export function lexiconProducts(packed: PackedIndex): (string[] | null)[] {
  const out: (string[] | null)[] = packed.ids.map(() => null);
  const [lo] = keyRange(packed.vocab, LEXICON_PRODUCT_TERM);
  for (let k = lo; k < packed.vocab.val.length; k++) {
    const term = keyAt(packed.vocab, k);
    if (!term.startsWith(LEXICON_PRODUCT_TERM)) break;
    const id = packed.vocab.val[k]!;
    for (let p = packed.termOff[id]!; p < packed.termOff[id + 1]!; p++) {
      let named = false;
      for (let f = 0; f < FIELD_COUNT; f++) if (f !== F_BODY && packed.postTf[p * FIELD_COUNT + f]! > 0) named = true;
      if (!named) continue;
      const d = packed.postDoc[p]!;
      (out[d] ??= []).push(term);
    }
  }
  return out;
}

/** Filters whose allowed entries are kept (a byte per entry each). */
const ALLOWED_CACHE_SIZE = 64;

export class EntryFilter {
  readonly #entries: readonly KbEntry[];
  readonly #topic: Int32Array;
  readonly #topicLangs: readonly Set<string>[];
  readonly #catalogue: Catalogue;
  readonly #allowedCache = new Map<string, Uint8Array>();
  readonly #lexProducts: readonly (readonly string[] | null)[];

  constructor(
    entries: readonly KbEntry[],
    topic: Int32Array,
    topicLangs: readonly Set<string>[],
    catalogue: Catalogue,
    lexProducts: readonly (readonly string[] | null)[] = [],
  ) {
    this.#entries = entries;
    this.#lexProducts = lexProducts;
    this.#topic = topic;
    this.#topicLangs = topicLangs;
    this.#catalogue = catalogue;
  }

  /**
   * Fills `allowed` (1 = may be ranked) for a query naming `products` (catalogue ids) and
   * `lexProducts` (lexicon product terms); `dropTopic` leaves one topic out (calibration
   * probes). An entry whose title or questions name a lexicon product (a router, a projector)
   * is left out for a query that names products but not that one, and a catalogue product's
   * entry for a query that names only lexicon products.
   *
   * @example
   * ```ts
   * filter.fill(scorer.allowed, ["fridge"], { product: "fridge" }, "zh");
   * ```
   */
  fill(
    allowed: Uint8Array,
    products: readonly string[],
    opts: SearchOptions,
    lang: "zh" | "en" | null,
    dropTopic = -1,
    lexProducts: readonly string[] = [],
  ): void {
    const cat = this.#catalogue;
    const want = opts.product && opts.product !== OTHER_CATEGORY ? cat.resolve(opts.product) : [];
    const wantAny = opts.product && opts.product !== OTHER_CATEGORY ? (want.length ? want : [opts.product]) : null;
    const named = products;
    const key = `${lang ?? ""}|${wantAny?.join(",") ?? "*"}|${named.join(",")}|${lexProducts.join(",")}`;
    let base = this.#allowedCache.get(key);
    if (!base) {
      const servedNamed = [...named, ...(wantAny ?? [])].length > 0 && !named.includes(OTHER_CATEGORY);
      base = new Uint8Array(this.#entries.length);
      for (let d = 0; d < this.#entries.length; d++) {
        const e = this.#entries[d]!;
        let ok = true;
        if (e.products.length) {
          if (wantAny && !e.products.some((p) => wantAny.includes(p))) ok = false;
          else if (named.length && !e.products.some((p) => named.includes(p))) ok = false;
        }
        const own = this.#lexProducts[d];
        // an entry for a product the catalogue does not list answers no question about one it
        // does, unless the question also names a product outside the catalogue
        if (ok && !e.products.length && e.otherProducts?.length && !lexProducts.length && servedNamed) ok = false;
        if (ok && lexProducts.length) {
          const served = e.products.some((p) => p !== OTHER_CATEGORY);
          if (own ? !own.some((p) => lexProducts.includes(p)) : served && !named.length) ok = false;
        } else if (ok && own && !e.products.some((p) => p !== OTHER_CATEGORY) && (named.length || wantAny)) {
          // a product the shop does not serve, named by both (a heater filed under "other") is a match
          if (!e.products.some((p) => named.includes(p) || wantAny?.includes(p))) ok = false;
        }
        if (ok && lang !== null && e.lang !== lang && this.#topicLangs[this.#topic[d]!]!.has(lang)) ok = false;
        base[d] = ok ? 1 : 0;
      }
      if (this.#allowedCache.size >= ALLOWED_CACHE_SIZE) this.#allowedCache.delete(this.#allowedCache.keys().next().value!);
      this.#allowedCache.set(key, base);
    }
    allowed.set(base);
    if (dropTopic >= 0) for (let d = 0; d < allowed.length; d++) if (this.#topic[d] === dropTopic) allowed[d] = 0;
  }
}
