/**
 * A customer's tap on a reminder's button: the reminder must be their own (the button's
 * value is only a pointer), then its kind decides what the choice does. The tapped message
 * loses its buttons, so the same answer is not given twice; a second tap that still arrives
 * changes nothing (each answer moves the reminder only from the state it expects).
 */
import type { ButtonTap, TurnContext } from "../customer/context.ts";
import { localDate } from "../domain/date.ts";
import { proactiveText } from "../i18n/proactive.ts";
import { parseReminderValue } from "./buttons.ts";
import type { ProactiveEnv, ReminderKind } from "./kinds.ts";
import { KIND_DEFS } from "./registry.ts";

/**
 * @example
 * ```ts
 * await answerReminder(env, turn, tap); // tap.value "12:renew"
 * ```
 */
export async function answerReminder(env: ProactiveEnv, turn: TurnContext, tap: ButtonTap): Promise<void> {
  const parsed = parseReminderValue(tap.value);
  const reminder = parsed ? await turn.tx.reminders.byId(parsed.id) : null;
  if (!parsed || !reminder || reminder.customerId !== turn.customer.id) return tap.answer(proactiveText(turn.customer.lang).stale);
  const def = KIND_DEFS[reminder.kind as ReminderKind];
  if (!def) return tap.answer(proactiveText(turn.customer.lang).stale);
  tap.answer();
  tap.removeButtons();
  await def.answer(env, { turn, reminder, choice: parsed.choice, today: localDate(turn.now, env.hours.timeZone) });
}
