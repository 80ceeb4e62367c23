/**
 * Product categories the desk knows (the buttons a customer picks from).
 *
 * @example
 * ```ts
 * if (isProductCategory(input)) ticket.category = input;
 * ```
 */
export const PRODUCT_CATEGORIES = ["tv", "fridge", "washer", "ac", "small", "purifier", "phone", "other"] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export function isProductCategory(v: unknown): v is ProductCategory {
  return typeof v === "string" && (PRODUCT_CATEGORIES as readonly string[]).includes(v);
}
