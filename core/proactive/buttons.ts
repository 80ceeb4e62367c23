/**
 * The buttons under a reminder: one action code (`rem`) whose value carries the reminder's
 * id and the choice. The id is only a pointer: the answer checks that the reminder is the
 * tapping customer's own.
 */
import type { CardButton } from "../card.ts";
import { RECORD_BUTTON } from "../customer/record-codes.ts";

/**
 * @example
 * ```ts
 * reminderButton(12, "renew", "续签", "primary"); // { action: "rem", value: "12:renew", … }
 * ```
 */
export function reminderButton(id: number, choice: string, label: string, style?: "primary"): CardButton {
  return { label, action: RECORD_BUTTON.reminder, value: `${id}:${choice}`, ...(style ? { style } : {}) };
}

/** Splits a reminder button's value. */
export function parseReminderValue(value: string | undefined): { id: number; choice: string } | null {
  const m = /^(\d{1,9}):([a-z]{1,12})$/.exec(value ?? "");
  return m ? { id: Number(m[1]), choice: m[2]! } : null;
}
