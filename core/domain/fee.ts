/**
 * Fee type of a job: A paid (the customer pays), B contract (under a maintenance
 * contract), C warranty (free, inside the warranty period).
 */
import type { ProductCategory } from "./product.ts";

export type FeeType = "A" | "B" | "C";
export const FEE_TYPES: readonly FeeType[] = ["A", "B", "C"];

/** Default warranty periods in months per category (configurable with DESK_WARRANTY_MONTHS). */
export const DEFAULT_WARRANTY_MONTHS: Record<ProductCategory, number> = {
  tv: 12,
  fridge: 12,
  washer: 12,
  ac: 12,
  small: 12,
  purifier: 12,
  phone: 12,
  other: 12,
};

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
    const months = input.warrantyMonths[input.category ?? "other"] ?? input.warrantyMonths.other ?? 12;
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
 * Parses `DESK_WARRANTY_MONTHS`, e.g. `"tv=12,ac=72,phone=12"`, over the defaults.
 * Returns the problems found rather than throwing, for the config validator.
 */
export function parseWarrantyMonths(
  spec: string | undefined,
  categories: readonly string[],
): { months: Record<string, number>; problems: string[] } {
  const months: Record<string, number> = { ...DEFAULT_WARRANTY_MONTHS };
  const problems: string[] = [];
  if (!spec) return { months, problems };
  for (const part of spec.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^([a-z]+)=(\d{1,3})$/.exec(part.trim());
    if (!m || !categories.includes(m[1])) {
      problems.push(`DESK_WARRANTY_MONTHS: "${part}" should look like fridge=12 with a category from ${categories.join(", ")}`);
      continue;
    }
    months[m[1]] = Number(m[2]);
  }
  return { months, problems };
}
