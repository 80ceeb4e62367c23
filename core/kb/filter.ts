/**
 * Which entries a query may reach: entries in the preferred language, plus entries in the
 * other language that have no version in it; entries for other products than the customer's
 * and than the products the message names are left out (general entries always stay). The
 * result of each filter is kept, as most queries share a few.
 */
import { OTHER_CATEGORY, type Catalogue } from "../catalogue/index.ts";
import type { KbEntry } from "./entry.ts";
import type { SearchOptions } from "./outcome.ts";

/** Filters whose allowed entries are kept (a byte per entry each). */
const ALLOWED_CACHE_SIZE = 64;

export class EntryFilter {
  readonly #entries: readonly KbEntry[];
  readonly #topic: Int32Array;
  readonly #topicLangs: readonly Set<string>[];
  readonly #catalogue: Catalogue;
  readonly #allowedCache = new Map<string, Uint8Array>();

  constructor(entries: readonly KbEntry[], topic: Int32Array, topicLangs: readonly Set<string>[], catalogue: Catalogue) {
    this.#entries = entries;
    this.#topic = topic;
    this.#topicLangs = topicLangs;
    this.#catalogue = catalogue;
  }

  /**
   * Fills `allowed` (1 = may be ranked) for a query naming `products`; `dropTopic` leaves one
   * topic out (calibration probes).
   *
   * @example
   * ```ts
   * filter.fill(scorer.allowed, ["fridge"], { product: "fridge" }, "zh");
   * ```
   */
  fill(allowed: Uint8Array, products: readonly string[], opts: SearchOptions, lang: "zh" | "en" | null, dropTopic = -1): void {
    const cat = this.#catalogue;
    const want = opts.product && opts.product !== OTHER_CATEGORY ? cat.resolve(opts.product) : [];
    const wantAny = opts.product && opts.product !== OTHER_CATEGORY ? (want.length ? want : [opts.product]) : null;
    const named = products;
    const key = `${lang ?? ""}|${wantAny?.join(",") ?? "*"}|${named.join(",")}`;
    let base = this.#allowedCache.get(key);
    if (!base) {
      base = new Uint8Array(this.#entries.length);
      for (let d = 0; d < this.#entries.length; d++) {
        const e = this.#entries[d]!;
        let ok = true;
        if (e.products.length) {
          if (wantAny && !e.products.some((p) => wantAny.includes(p))) ok = false;
          else if (named.length && !e.products.some((p) => named.includes(p))) ok = false;
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
