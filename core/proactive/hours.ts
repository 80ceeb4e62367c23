/**
 * Reminder hours (DESK_REMINDER_HOURS, 09:00–20:00 by default, in DESK_TIMEZONE): nothing
 * proactive is sent outside them. A reminder that falls due at night goes out the next
 * morning, at a moment within the first hour picked from its key, so that a thousand due at
 * once are spread over the hour (and then paced by the outbox) instead of all at opening time.
 */
import { createHash } from "node:crypto";
import { localDate } from "../domain/date.ts";
import { localTimeToInstant } from "../sla/calendar.ts";

/** Night-time reminders are spread over this much of the morning (less if the day is shorter). */
export const MORNING_SPREAD_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface ReminderHours {
  timeZone: string;
  /** "HH:MM" */
  dayStart: string;
  /** "HH:MM" (may be "24:00") */
  dayEnd: string;
}

/** The next calendar day of "YYYY-MM-DD". */
export function nextDay(day: string, n = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a local time of day happens on a day ("24:00" is the next day's midnight). */
function at(h: ReminderHours, day: string, time: string): Date {
  return time === "24:00" ? localTimeToInstant(h.timeZone, nextDay(day), "00:00") : localTimeToInstant(h.timeZone, day, time);
}

/** The reminder hours of a local day, as instants. */
export function hoursOf(h: ReminderHours, day: string): { start: Date; end: Date } {
  return { start: at(h, day, h.dayStart), end: at(h, day, h.dayEnd) };
}

/** Whether an instant is inside the reminder hours. */
export function inReminderHours(h: ReminderHours, instant: Date): boolean {
  const { start, end } = hoursOf(h, localDate(instant, h.timeZone));
  return instant >= start && instant < end;
}

/** A stable offset in [0, span) for a key: the same reminder always gets the same moment. */
function spreadOf(key: string, span: number): number {
  const n = createHash("sha1").update(key).digest().readUInt32BE(0);
  return span > 0 ? n % span : 0;
}

/**
 * When a reminder that is due at `due` may go out: then, if that is inside the reminder
 * hours; otherwise the next opening, plus a moment within the first hour taken from `key`.
 *
 * @example
 * ```ts
 * const h = { timeZone: "Asia/Shanghai", dayStart: "09:00", dayEnd: "20:00" };
 * sendSlot(h, new Date("2026-11-24T14:00:00Z"), "contract:1:2026-12-24"); // 22:00 local → 2026-11-25 09:xx local
 * ```
 */
export function sendSlot(h: ReminderHours, due: Date, key: string): Date {
  const day = localDate(due, h.timeZone);
  const today = hoursOf(h, day);
  if (due >= today.start && due < today.end) return due;
  const morning = due < today.start ? today : hoursOf(h, nextDay(day));
  const span = Math.min(MORNING_SPREAD_MS, morning.end.getTime() - morning.start.getTime());
  return new Date(morning.start.getTime() + spreadOf(key, span));
}

/**
 * The moment a reminder about a day goes out: that day's opening of the reminder hours plus
 * its spread, or now if that moment has passed (then within the hours, as {@link sendSlot}).
 */
export function slotOnDay(h: ReminderHours, day: string, key: string, now: Date): Date {
  const { start, end } = hoursOf(h, day);
  const span = Math.min(MORNING_SPREAD_MS, end.getTime() - start.getTime());
  const planned = new Date(start.getTime() + spreadOf(key, span));
  return planned > now ? planned : sendSlot(h, now, key);
}
