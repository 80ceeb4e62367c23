/**
 * Settlement arithmetic (结算): the rates and the exact split of an amount of money into
 * shares. Money is integer fen (1/100 yuan) throughout; rates are basis points (1/100 of a
 * percent), so nothing is ever a float.
 *
 * **Rounding rule (largest remainder).** For an amount `a ≥ 0` and rates `r₁…rₙ` (basis
 * points, summing to 10 000), share `i` is first `⌊a × rᵢ / 10 000⌋`. The fen left over
 * (always fewer than n) go one each to the shares with the largest remainders
 * `a × rᵢ mod 10 000`; equal remainders go to the share listed first (warranty: store,
 * engineer, service lead; out of warranty: engineer, department). A negative amount (a
 * refund) is split as its absolute value, each share negated. So the shares always add up
 * to the amount, and each is within one fen of its exact value.
 *
 * @module
 */
import { ReportError } from "./errors.ts";

/** Basis points in 100 %. */
export const FULL_BP = 10_000;

/** The settlement rates, in basis points. */
export interface SettlementRates {
  /** Warranty settlement fees: [store, engineer, service lead], summing to 10 000. */
  warranty: readonly [store: number, engineer: number, lead: number];
  /** Out-of-warranty (fee type A) fees: the engineer's share; the department keeps the rest. */
  paidEngineer: number;
}

/** The seeds' rates: warranty 25 % store / 50 % engineer / 25 % service lead; paid 50 % engineer. */
export const DEFAULT_SETTLEMENT_RATES: SettlementRates = { warranty: [2500, 5000, 2500], paidEngineer: 5000 };

/**
 * Splits `amountFen` by `ratesBp` (basis points summing to 10 000) with the largest-remainder
 * rule of this module. The result has one share per rate and sums to `amountFen` exactly.
 *
 * @throws {RangeError} if the amount is not a safe integer or the rates do not sum to 10 000.
 *
 * @example
 * ```ts
 * splitFen(101, [2500, 5000, 2500]); // [25, 51, 25]: exact 25.25 / 50.5 / 25.25, the fen to the largest remainder
 * splitFen(2, [2500, 5000, 2500]);   // [1, 1, 0]: remainders .5 / 0 / .5, the tie goes to the store (listed first)
 * splitFen(-101, [5000, 5000]);      // [-51, -50]
 * ```
 */
export function splitFen(amountFen: number, ratesBp: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountFen)) throw new RangeError(`amount ${amountFen} is not a whole number of fen`);
  if (ratesBp.some((r) => !Number.isInteger(r) || r < 0) || ratesBp.reduce((a, b) => a + b, 0) !== FULL_BP) {
    throw new RangeError(`rates ${ratesBp.join("/")} must be whole basis points summing to ${FULL_BP}`);
  }
  const sign = amountFen < 0 ? -1n : 1n;
  const a = BigInt(Math.abs(amountFen));
  const full = BigInt(FULL_BP);
  const floors = ratesBp.map((r) => (a * BigInt(r)) / full);
  const rems = ratesBp.map((r) => (a * BigInt(r)) % full);
  let left = a - floors.reduce((x, y) => x + y, 0n);
  // largest remainder first; equal remainders in the listed order (a stable sort keeps it)
  const order = ratesBp.map((_, i) => i).sort((i, j) => (rems[j]! > rems[i]! ? 1 : rems[j]! < rems[i]! ? -1 : 0));
  for (const i of order) {
    if (left === 0n) break;
    floors[i] = floors[i]! + 1n;
    left -= 1n;
  }
  return floors.map((f) => Number(f * sign) + 0);
}

/** A percentage as text ("25", "33.33", "50%") → basis points, or null. */
function percentBp(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= FULL_BP ? bp : null;
}

/**
 * Reads the settlement rates from the environment:
 * - `SETTLEMENT_WARRANTY_SPLIT`: store / engineer / service lead in percent, e.g. `25/50/25`
 *   (also `,` or full-width `／`; up to two decimals; they must add up to 100);
 * - `SETTLEMENT_PAID_ENGINEER`: the engineer's percent of out-of-warranty fees, e.g. `50`
 *   (the department keeps the rest).
 * Unset variables take {@link DEFAULT_SETTLEMENT_RATES}.
 *
 * @throws {ReportError} `REPORT_BAD_CONFIG` naming the variable and what is wrong.
 *
 * @example
 * ```ts
 * settlementRatesFromEnv({ SETTLEMENT_WARRANTY_SPLIT: "20/60/20" }); // { warranty: [2000, 6000, 2000], paidEngineer: 5000 }
 * ```
 */
export function settlementRatesFromEnv(env: Record<string, string | undefined>): SettlementRates {
  const split = env.SETTLEMENT_WARRANTY_SPLIT?.normalize("NFKC").trim();
  const paid = env.SETTLEMENT_PAID_ENGINEER?.normalize("NFKC").trim();
  let warranty = DEFAULT_SETTLEMENT_RATES.warranty;
  if (split) {
    const parts = split.split(/\s*[/,]\s*/).map(percentBp);
    if (parts.length !== 3 || parts.some((p) => p === null)) {
      throw new ReportError(
        "REPORT_BAD_CONFIG",
        `SETTLEMENT_WARRANTY_SPLIT: "${split}" is not store/engineer/lead percentages such as 25/50/25`,
      );
    }
    const sum = parts.reduce((x, y) => x! + y!, 0)!;
    if (sum !== FULL_BP) {
      throw new ReportError("REPORT_BAD_CONFIG", `SETTLEMENT_WARRANTY_SPLIT: "${split}" adds up to ${sum / 100}%, not 100%`);
    }
    warranty = parts as unknown as SettlementRates["warranty"];
  }
  let paidEngineer = DEFAULT_SETTLEMENT_RATES.paidEngineer;
  if (paid) {
    const bp = percentBp(paid);
    if (bp === null) throw new ReportError("REPORT_BAD_CONFIG", `SETTLEMENT_PAID_ENGINEER: "${paid}" is not a percentage from 0 to 100`);
    paidEngineer = bp;
  }
  return { warranty, paidEngineer };
}

/**
 * Per-category default warranty settlement fees from `SETTLEMENT_DEFAULT_FEN`, e.g.
 * `tv=4000,ac=8000` (fen; categories as in DESK_WARRANTY_MONTHS), for use until the product
 * catalogue provides them. Unlisted categories have no default (null).
 *
 * @throws {ReportError} `REPORT_BAD_CONFIG` for a malformed entry.
 *
 * @example
 * ```ts
 * settlementDefaultsFromEnv({ SETTLEMENT_DEFAULT_FEN: "tv=4000" })("tv"); // 4000
 * ```
 */
export function settlementDefaultsFromEnv(env: Record<string, string | undefined>): (category: string | null) => number | null {
  const text = env.SETTLEMENT_DEFAULT_FEN?.normalize("NFKC").trim();
  const map = new Map<string, number>();
  if (text) {
    for (const part of text.split(/\s*,\s*/)) {
      const m = /^([a-z_]+)\s*=\s*(\d{1,9})$/.exec(part);
      if (!m) throw new ReportError("REPORT_BAD_CONFIG", `SETTLEMENT_DEFAULT_FEN: "${part}" is not category=fen such as tv=4000`);
      map.set(m[1]!, Number(m[2]));
    }
  }
  return (category) => (category !== null && map.has(category) ? map.get(category)! : null);
}

/**
 * A yuan amount typed by staff ("45", "45.5", "45.50", "-3.20", full-width digits) → whole
 * fen, exactly (parsed as text, never through a float); null when it is not an amount with
 * at most two decimals. For the resolve form's warranty settlement fee.
 *
 * @example
 * ```ts
 * parseYuanToFen("45.5"); // 4550
 * parseYuanToFen("0.1");  // 10
 * parseYuanToFen("1.234"); // null
 * ```
 */
export function parseYuanToFen(text: string): number | null {
  const m = /^(-?)(\d{1,9})(?:\.(\d{1,2}))?$/.exec(
    text
      .normalize("NFKC")
      .trim()
      .replace(/^[¥￥]/, ""),
  );
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -fen : fen;
}
