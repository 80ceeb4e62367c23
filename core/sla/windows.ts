/**
 * Appointment windows (预约时段) a customer can pick: the working hours cut into slots (2 h by
 * default), on working days only (holidays and breaks skipped), starting a little after now.
 */
import type { WorkingCalendar } from "./calendar.ts";

/** How windows are offered. */
export interface WindowOptions {
  /** length of one window, hours (DESK_APPOINTMENT_SLOT_HOURS) */
  slotHours: number;
  /** how many windows to offer (DESK_APPOINTMENT_CHOICES) */
  count: number;
  /** the earliest window starts at least this long after now, ms */
  leadMs: number;
}

export const DEFAULT_WINDOW_OPTIONS: WindowOptions = { slotHours: 2, count: 4, leadMs: 60 * 60_000 };
/** How many days ahead windows are looked for (a long holiday may be in the way). */
const LOOKAHEAD_DAYS = 21;

/** One window: [from, to). */
export interface AppointmentWindow {
  from: Date;
  to: Date;
}

/**
 * The next windows: each working period cut into slots from its start; a slot must fit in the
 * period and start after now + lead. A period shorter than a slot gives one window to its end.
 *
 * @example
 * ```ts
 * // Shanghai, 08:30-12:00,13:30-17:30, Tuesday 09:00: 10:30–12:00, 13:30–15:30, 15:30–17:30, Wednesday 08:30–10:30
 * nextWindows(calendar, new Date("2026-11-24T01:00:00Z"), DEFAULT_WINDOW_OPTIONS);
 * ```
 */
export function nextWindows(calendar: WorkingCalendar, now: Date, o: WindowOptions = DEFAULT_WINDOW_OPTIONS): AppointmentWindow[] {
  const slot = Math.max(0.5, o.slotHours) * 3_600_000;
  const earliest = now.getTime() + o.leadMs;
  const out: AppointmentWindow[] = [];
  for (const p of calendar.workingPeriods(now, LOOKAHEAD_DAYS)) {
    const end = p.end.getTime();
    for (let from = p.start.getTime(); from < end && out.length < o.count; from += slot) {
      const to = Math.min(from + slot, end);
      if (from >= earliest && to - from >= slot / 2) out.push({ from: new Date(from), to: new Date(to) });
    }
    if (out.length >= o.count) break;
  }
  return out;
}
