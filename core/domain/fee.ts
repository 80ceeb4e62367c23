/**
 * Fee type of a job: A paid (the customer pays), B contract (under a maintenance
 * contract), C warranty (free, inside the warranty period). Warranty periods come from the
 * shop's catalogue, overridden per category or group by `DESK_WARRANTY_MONTHS`.
 */
import { defaultCatalogue, OTHER_CATEGORY, type Catalogue } from "../catalogue/index.ts";

export type FeeType = "A" | "B" | "C";
export const FEE_TYPES: readonly FeeType[] = ["A", "B", "C"];

/** Months of warranty when neither the catalogue nor the configuration says. */
export const FALLBACK_WARRANTY_MONTHS = 12;
/** The longest warranty `DESK_WARRANTY_MONTHS` may set (20 years). */
const MAX_WARRANTY_MONTHS = 240;

/**
 * Warranty months per category, as the catalogue sets them.
 *
 * @example
 * ```ts
 * warrantyTable(catalogue).fridge // 12
 * ```
 */
export function warrantyTable(catalogue: Catalogue): Record<string, number> {
  return Object.fromEntries(catalogue.categories.map((c) => [c.id, c.warrantyMonths]));
}

/** Warranty months per category of the shipped catalogue. */
export const DEFAULT_WARRANTY_MONTHS: Record<string, number> = warrantyTable(defaultCatalogue());

export interface FeeInput {
  category: string | null | undefined;
  purchaseDate: Date | null | undefined;
  /** true when the customer has a contract covering this product that is active at `at` */
  hasActiveContract: boolean;
  at: Date;
  warrantyMonths: Record<string, number>;
}

export interface FeeDecision {
  feeType: FeeType;
  /** machine-readable reason: 'warranty' | 'contract' | 'out_of_warranty' | 'purchase_unknown' */
  reason: "warranty" | "contract" | "out_of_warranty" | "purchase_unknown";
  warrantyEnds?: Date;
}

/** Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target;
}

/**
 * Derives the fee type: C inside the warranty period, else B under an active contract,
 * else A. The warranty runs to the end of the purchase date's anniversary day.
 *
 * @example
 * ```ts
 * decideFee({ category: "fridge", purchaseDate: new Date("2026-03-01"), hasActiveContract: false,
 *             at: new Date("2026-11-22"), warrantyMonths: DEFAULT_WARRANTY_MONTHS }).feeType; // "C"
 * ```
 */
export function decideFee(input: FeeInput): FeeDecision {
  if (input.purchaseDate) {
    const months =
      input.warrantyMonths[input.category ?? OTHER_CATEGORY] ?? input.warrantyMonths[OTHER_CATEGORY] ?? FALLBACK_WARRANTY_MONTHS;
    const ends = addMonths(input.purchaseDate, months);
    // inclusive of the last day: ends is the anniversary date 00:00 UTC; allow the whole day
    if (input.at.getTime() < ends.getTime() + 24 * 3600_000) return { feeType: "C", reason: "warranty", warrantyEnds: ends };
    if (input.hasActiveContract) return { feeType: "B", reason: "contract", warrantyEnds: ends };
    return { feeType: "A", reason: "out_of_warranty", warrantyEnds: ends };
  }
  if (input.hasActiveContract) return { feeType: "B", reason: "contract" };
  return { feeType: "A", reason: "purchase_unknown" };
}

/**
 * Parses `DESK_WARRANTY_MONTHS`, e.g. `"tv=12,ac=72,small=24"`, over the catalogue's own
 * periods. A key is a category id or a group id (every category of the group). Returns the
 * problems found rather than throwing, for the config validator.
 *
 * @example
 * ```ts
 * parseWarrantyMonths("ac=72, rice-cooker=24", catalogue).months.ac // 72
 * ```
 */
export function parseWarrantyMonths(
  spec: string | undefined,
  catalogue: Catalogue | readonly string[] = defaultCatalogue(),
): { months: Record<string, number>; problems: string[] } {
  const cat = Array.isArray(catalogue) ? defaultCatalogue() : (catalogue as Catalogue);
  const known: readonly string[] = Array.isArray(catalogue) ? catalogue : cat.ids;
  const months: Record<string, number> = warrantyTable(cat);
  const problems: string[] = [];
  if (!spec) return { months, problems };
  const groups = new Map(cat.groups.map((g) => [g.id, g.members]));
  for (const part of spec.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^([a-z0-9]+(?:-[a-z0-9]+)*)=(\d{1,3})$/.exec(part.trim());
    const key = m?.[1]; // group 1 always participates in a match
    const ids = key !== undefined ? (known.includes(key) ? [key] : groups.get(key)) : undefined;
    if (!m || !ids || Number(m[2]) > MAX_WARRANTY_MONTHS) {
      problems.push(
        `DESK_WARRANTY_MONTHS: "${part}" should look like fridge=12 (0–${MAX_WARRANTY_MONTHS} months) with a category or group of the catalogue: ${[...known, ...groups.keys()].join(", ")}`,
      );
      continue;
    }
    for (const id of ids) months[id] = Number(m[2]);
  }
  return { months, problems };
}
