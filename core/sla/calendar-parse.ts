/**
 * Parsing the working calendar's settings as an admin writes them: working hours
 * (`08:30-17:30`), working days (`Mon-Sat`, `周一至周六`) and lists of dates (holidays,
 * make-up days, with ranges and comments).
 *
 * @module
 */

import { CalendarError } from "./calendar-error.ts";
import { dateTextOf, hhmm, minutesOf, requireEpochDay } from "./calendar-dates.ts";

/**
 * Parse a working-hours spec such as `"08:30-17:30"` into `dayStart`/`dayEnd`.
 * Accepts `-`, `–`, `—`, `~`, `至`, `to` as separators, one-digit hours and `HHMM` without colon;
 * the result is normalised to `"HH:MM"`. `dayEnd` may be `"24:00"`.
 *
 * @throws {CalendarError} `CAL_BAD_HOURS` if malformed or if the start is not before the end.
 *
 * @example
 * ```ts
 * parseHours("8:30 - 17:30"); // { dayStart: "08:30", dayEnd: "17:30" }
 * const cal = new WorkingCalendar({ ...parseHours(settings.hours) });
 * ```
 */
export function parseHours(spec: string): { dayStart: string; dayEnd: string } {
  const text = String(spec ?? "")
    .trim()
    .replace(/\s*(?:-|–|—|~|～|至|到|\bto\b)\s*/gi, "-");
  const m = /^(\d{1,2}):?(\d{2})-(\d{1,2}):?(\d{2})$/.exec(text);
  if (!m) throw new CalendarError("CAL_BAD_HOURS", `"${spec}" is not a working-hours range like 08:30-17:30`);
  const start = minutesOf(`${m[1]}:${m[2]}`, "start", false);
  const end = minutesOf(`${m[3]}:${m[4]}`, "end", true);
  if (start >= end) {
    throw new CalendarError("CAL_BAD_HOURS", `"${spec}": the start must be before the end (no overnight shifts)`);
  }
  return { dayStart: hhmm(start), dayEnd: hhmm(end) };
}

/**
 * Parse working hours with breaks: one range (`"08:30-17:30"`) or several, separated by commas
 * (`"08:30-12:00,13:30-17:30"`: a midday break from 12:00 to 13:30). Each range is read as by
 * {@link parseHours}; ranges must not overlap.
 *
 * @throws {CalendarError} `CAL_BAD_HOURS` if a range is malformed or ranges overlap.
 *
 * @example
 * ```ts
 * parseWorkingHours("08:30-12:00,13:30-17:30"); // { dayStart: "08:30", dayEnd: "17:30", breaks: ["12:00-13:30"] }
 * ```
 */
export function parseWorkingHours(spec: string): { dayStart: string; dayEnd: string; breaks: string[] } {
  const parts = String(spec ?? "")
    .split(/[,，;；、]/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new CalendarError("CAL_BAD_HOURS", `"${spec}" names no working hours`);
  const ranges = parts.map((part) => parseHours(part)).sort((a, b) => (a.dayStart < b.dayStart ? -1 : 1));
  const breaks: string[] = [];
  for (let i = 1; i < ranges.length; i++) {
    const prev = ranges[i - 1]!;
    const next = ranges[i]!;
    if (next.dayStart < prev.dayEnd)
      throw new CalendarError("CAL_BAD_HOURS", `"${spec}": ${prev.dayStart}-${prev.dayEnd} and ${next.dayStart}-${next.dayEnd} overlap`);
    if (next.dayStart > prev.dayEnd) breaks.push(`${prev.dayEnd}-${next.dayStart}`);
  }
  return { dayStart: ranges[0]!.dayStart, dayEnd: ranges[ranges.length - 1]!.dayEnd, breaks };
}

const EN_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const ZH_DAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7 };

function weekdayOf(token: string, spec: string): number {
  const word = token.trim().toLowerCase();
  if (/^\d+$/.test(word)) {
    const n = Number(word);
    if (n >= 1 && n <= 7) return n;
  } else if (word.length >= 3 && /^[a-z]+$/.test(word)) {
    const i = EN_DAYS.findIndex((name) => name.startsWith(word));
    if (i >= 0) return i + 1;
  } else {
    const zh = word.replace(/^(?:周|星期|礼拜)/, "");
    const n = ZH_DAYS[zh];
    if (n !== undefined) return n;
  }
  throw new CalendarError("CAL_BAD_DAYS", `"${spec}": "${token}" is not a weekday (use Mon..Sun, 1..7 or 周一..周日)`);
}

/**
 * Parse a working-days spec into sorted ISO weekdays (1 = Monday … 7 = Sunday).
 * Accepts ranges and lists of English names (`"Mon-Sat"`, `"mon,tue,wed"`, `"Monday to Friday"`),
 * ISO numbers (`"1-6"`, `"1,2,3,4,5"`) and Chinese (`"周一至周六"`). A range may wrap (`"Sat-Mon"` = 6,7,1).
 *
 * @throws {CalendarError} `CAL_BAD_DAYS` for an unknown day or an empty spec.
 *
 * @example
 * ```ts
 * parseWorkingDays("Mon-Sat"); // [1, 2, 3, 4, 5, 6]
 * parseWorkingDays("1,2,3,4,5"); // [1, 2, 3, 4, 5]
 * ```
 */
export function parseWorkingDays(spec: string): number[] {
  const text = String(spec ?? "")
    .trim()
    .replace(/\s*(?:-|–|—|~|～|至|到|\.\.|\bto\b)\s*/gi, "-");
  const tokens = text.split(/[\s,，、;；/]+/).filter(Boolean);
  if (tokens.length === 0) throw new CalendarError("CAL_BAD_DAYS", `"${spec}" names no weekday`);
  const days = new Set<number>();
  for (const token of tokens) {
    const parts = token.split("-");
    if (parts.length === 1) {
      days.add(weekdayOf(parts[0]!, spec));
    } else if (parts.length === 2 && parts[0] && parts[1]) {
      const a = weekdayOf(parts[0], spec);
      const b = weekdayOf(parts[1], spec);
      for (let d = a, n = 0; n < 7; d = (d % 7) + 1, n++) {
        days.add(d);
        if (d === b) break;
      }
    } else {
      throw new CalendarError("CAL_BAD_DAYS", `"${spec}": "${token}" is not a weekday range`);
    }
  }
  return [...days].sort((x, y) => x - y);
}

/**
 * Parse a list of local dates, as pasted by an admin: separated by commas, spaces or newlines
 * (also `，`, `、`, `;`), `#` starts a comment to the end of the line, and `A..B` (or `A~B`, `A至B`)
 * is an inclusive range of at most 366 days. Returns the dates sorted and without duplicates.
 *
 * @throws {CalendarError} `CAL_BAD_DATE` naming the offending token and line.
 *
 * @example
 * ```ts
 * parseDateList(`
 *   # 2025 国庆节 + 中秋节
 *   2025-10-01..2025-10-08
 *   2025-01-01, 2025-05-01
 * `); // ["2025-01-01", "2025-05-01", "2025-10-01", …, "2025-10-08"]
 * ```
 */
export function parseDateList(text: string): string[] {
  if (typeof text !== "string") throw new CalendarError("CAL_BAD_DATE", "date list must be a string");
  const days = new Set<number>();
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").replace(/\s*(?:\.\.|~|～|至)\s*/g, "..");
    for (const token of line.split(/[\s,，、;；]+/)) {
      if (!token) continue;
      const where = `line ${i + 1}`;
      const range = token.split("..");
      if (range.length === 1) {
        days.add(requireEpochDay(token, where));
      } else if (range.length === 2) {
        const a = requireEpochDay(range[0], where);
        const b = requireEpochDay(range[1], where);
        if (b < a || b - a > 365) {
          throw new CalendarError("CAL_BAD_DATE", `${where}: "${token}" is not a forward range of at most 366 days`);
        }
        for (let d = a; d <= b; d++) days.add(d);
      } else {
        throw new CalendarError("CAL_BAD_DATE", `${where}: "${token}" is not a date or a range A..B`);
      }
    }
  });
  return [...days].sort((a, b) => a - b).map(dateTextOf);
}
