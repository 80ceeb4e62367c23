/**
 * Product names in the desk's text come from the shop's catalogue, not from the language
 * files: the composition names the catalogue once ({@link useProductCatalogue}), and every
 * `products` map of the language files (customer, staff, reports) reads its names live.
 * Until then (and in code that never composes a desk) the shipped catalogue names them.
 *
 * @example
 * ```ts
 * useProductCatalogue(loadCatalogue(config.cataloguePath));
 * staffMessages("en").products["rice-cooker"]; // "Rice cooker"
 * ```
 */
import { defaultCatalogue, type Catalogue } from "../catalogue/index.ts";

let active: Catalogue = defaultCatalogue();

/** Names products after this catalogue from now on (call once, while composing the desk). */
export function useProductCatalogue(catalogue: Catalogue): void {
  active = catalogue;
}

/** The catalogue product names currently come from. */
export function productCatalogue(): Catalogue {
  return active;
}

/** A category's or group's name in a language; undefined when the catalogue does not know the id. */
export function productName(id: string, lang: string): string | undefined {
  if (!active.has(id) && !active.groups.some((g) => g.id === id)) return undefined;
  return active.name(id, lang === "en" ? "en" : "zh");
}

/**
 * A live `id → name` map for one language, for the language files' `products` entries;
 * `extra` adds labels of its own (e.g. `none`). Unknown ids read as undefined, so callers
 * keep their `?? id` fallbacks.
 */
export function productNames(lang: string, extra: Record<string, string> = {}): Record<string, string> {
  const keys = () => [...active.ids, ...active.groups.map((g) => g.id), ...Object.keys(extra)];
  return new Proxy(extra, {
    get: (target, key) => (typeof key === "string" ? (productName(key, lang) ?? target[key]) : undefined),
    has: (target, key) => typeof key === "string" && (productName(key, lang) !== undefined || key in target),
    ownKeys: () => [...new Set(keys())],
    getOwnPropertyDescriptor: (target, key) => {
      const value = typeof key === "string" ? (productName(key, lang) ?? target[key]) : undefined;
      return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
    },
  });
}
