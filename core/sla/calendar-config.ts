/**
 * The working calendar the reports measure working hours with, read from the environment.
 * (The SLA work may later move this into the desk's configuration.)
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `DESK_WORK_DAYS` | `Mon-Sat` | working weekdays (`Mon-Fri`, `1-6`, `周一至周六`, …) |
 * | `DESK_WORK_HOURS` | `08:30-17:30` | local working hours of a working day; a midday break as two ranges: `08:30-12:00,13:30-17:30` |
 * | `DESK_HOLIDAYS` | – | dates off: `2026-10-01..2026-10-07, 2027-01-01`, or `@path` of a file of them |
 * | `DESK_MAKEUP_DAYS` | – | weekend dates worked (调休), same syntax |
 *
 * It reads these variables exactly as the desk's own configuration does (`config.sla.calendar`,
 * core/sla/policy.ts), so the CLI and Slack measure with the same calendar; a test checks that
 * both agree.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { CalendarError, WorkingCalendar, parseWorkingDays, parseWorkingHours } from "./calendar.ts";

type Env = Record<string, string | undefined>;

function nonEmpty(v: string | undefined): string | undefined {
  const trimmed = v?.trim();
  return trimmed ? trimmed : undefined;
}

/** A date list, or with a leading `@` the contents of that file. */
function dateListText(value: string): string {
  if (!value.startsWith("@")) return value;
  const path = value.slice(1);
  if (!existsSync(path)) throw new CalendarError("CAL_BAD_DATE", `file ${path} does not exist`);
  return readFileSync(path, "utf8");
}

/** Runs `fn`; a CalendarError gets the variable's name in front of its message (same code). */
function named<T>(variable: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CalendarError) throw new CalendarError(err.code, `${variable}: ${err.message}`);
    throw err;
  }
}

/**
 * Builds the working calendar from `DESK_WORK_DAYS`, `DESK_WORK_HOURS`, `DESK_HOLIDAYS` and
 * `DESK_MAKEUP_DAYS` (date lists inline or as `@file`) in the desk's time zone. Unset variables take the defaults
 * (Monday–Saturday, 08:30–17:30, no holidays).
 *
 * @throws {CalendarError} with the calendar's code (`CAL_BAD_DAYS`, `CAL_BAD_HOURS`,
 * `CAL_BAD_DATE`, `CAL_BAD_TIMEZONE`, `CAL_DATE_CONFLICT`, …); the message starts with the
 * variable at fault.
 *
 * @example
 * ```ts
 * const calendar = calendarFromEnv(process.env, config.timeZone);
 * const summary = await computeSummary(store, { from, to, calendar, now: new Date() });
 * ```
 */
export function calendarFromEnv(env: Env, timeZone: string): WorkingCalendar {
  const days = nonEmpty(env.DESK_WORK_DAYS);
  const hours = nonEmpty(env.DESK_WORK_HOURS);
  const holidays = nonEmpty(env.DESK_HOLIDAYS);
  const makeUp = nonEmpty(env.DESK_MAKEUP_DAYS);
  const workingDays = days ? named("DESK_WORK_DAYS", () => parseWorkingDays(days)) : [1, 2, 3, 4, 5, 6];
  const { dayStart, dayEnd, breaks } = named("DESK_WORK_HOURS", () => parseWorkingHours(hours ?? "08:30-17:30"));
  const holidayList = holidays ? named("DESK_HOLIDAYS", () => WorkingCalendar.parseDateList(dateListText(holidays))) : [];
  const makeUpList = makeUp ? named("DESK_MAKEUP_DAYS", () => WorkingCalendar.parseDateList(dateListText(makeUp))) : [];
  return named(
    "DESK_TIMEZONE / working calendar",
    () => new WorkingCalendar({ timeZone, workingDays, dayStart, dayEnd, breaks, holidays: holidayList, makeUpDays: makeUpList }),
  );
}
