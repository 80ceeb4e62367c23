/**
 * Purchase-date parsing as customers type it, in the desk's time zone.
 */

export type DateParseResult =
  | { ok: true; date: Date; /** "YYYY-MM-DD" */ iso: string; precision: "day" | "month" }
  | { ok: false; code: "DATE_FORMAT" | "DATE_FUTURE" | "DATE_TOO_OLD" };

/** The local calendar date ("YYYY-MM-DD") of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
  return parts; // en-CA formats as YYYY-MM-DD
}

/**
 * Parses `2025-03-01`, `2025/3/1`, `2025.3.1`, `2025年3月1日`, `2025-03`, `2025年3月`.
 * A month without a day counts as the month's last day (the benefit of the doubt goes to the
 * customer for the warranty). Dates after today, or before 1990, are refused.
 *
 * @example
 * ```ts
 * parsePurchaseDate("2025年3月", new Date("2026-11-22"), "Asia/Shanghai"); // { ok: true, iso: "2025-03-31", precision: "month", ... }
 * ```
 */
export function parsePurchaseDate(input: string, now: Date, timeZone: string): DateParseResult {
  const s = input.normalize("NFKC").trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return { ok: false, code: "DATE_FORMAT" };
  const y = Number(m[1]);
  const mo = Number(m[2]);
  let d = m[3] ? Number(m[3]) : 0;
  if (mo < 1 || mo > 12) return { ok: false, code: "DATE_FORMAT" };
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const precision = d ? "day" : "month";
  if (!d) d = last;
  if (d < 1 || d > last) return { ok: false, code: "DATE_FORMAT" };
  const iso = `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const today = localDate(now, timeZone);
  if (precision === "day" && iso > today) return { ok: false, code: "DATE_FUTURE" };
  if (precision === "month" && iso.slice(0, 7) > today.slice(0, 7)) return { ok: false, code: "DATE_FUTURE" };
  if (y < 1990) return { ok: false, code: "DATE_TOO_OLD" };
  // a month in progress counts up to today
  const clamped = iso > today ? today : iso;
  return { ok: true, date: new Date(`${clamped}T00:00:00Z`), iso: clamped, precision };
}
