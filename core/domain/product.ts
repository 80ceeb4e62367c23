/**
 * Product categories belong to the shop: they are the ids of its catalogue
 * (`core/catalogue`, `DESK_CATALOGUE`). The configured catalogue is handed to each part of
 * the desk; this module only answers for a catalogue it is given (the shipped one by default).
 *
 * @example
 * ```ts
 * if (isProductCategory(input, catalogue)) ticket.category = input;
 * ```
 */
import { defaultCatalogue, type Catalogue } from "../catalogue/index.ts";

/** A catalogue category id, e.g. `fridge` or `rice-cooker`. */
export type ProductCategory = string;

/** The category ids of the shipped catalogue, in its order (for code that has no catalogue at hand). */
export const PRODUCT_CATEGORIES: readonly string[] = defaultCatalogue().ids;

/** Whether `v` is a category of the catalogue (a group id such as `small` is not). */
export function isProductCategory(v: unknown, catalogue: Catalogue = defaultCatalogue()): v is ProductCategory {
  return typeof v === "string" && catalogue.has(v);
}
