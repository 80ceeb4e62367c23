/**
 * Out of hours: a customer who writes while the team is off is told, once per ticket, that
 * the ticket is registered and when the team is back (the next working start of the desk's
 * calendar, breaks and holidays included).
 */
import { formatRef, OPEN_STATUSES } from "../domain/ticket.ts";
import { formatLocal } from "../sla/calendar.ts";
import type { TurnContext } from "./context.ts";

/** The ticket event that records the notice (so it is sent once). */
export const OUT_OF_HOURS_EVENT = "out_of_hours_notice";

/**
 * After a turn: outside working hours, with an open ticket not told yet, adds the notice.
 *
 * @example
 * ```ts
 * await routeInput(turn, who, input);
 * await outOfHoursNotice(turn);
 * ```
 */
export async function outOfHoursNotice(turn: TurnContext): Promise<void> {
  const calendar = turn.options.calendar;
  if (!calendar || calendar.isWorkingTime(turn.now)) return;
  const ticket = await turn.tx.tickets.latestForCustomer(turn.customer.id, OPEN_STATUSES);
  if (!ticket) return;
  const events = await turn.tx.tickets.events(ticket.id);
  if (events.some((event) => event.type === OUT_OF_HOURS_EVENT)) return;
  const back = calendar.nextWorkingStart(turn.now);
  await turn.tx.tickets.event(ticket.id, OUT_OF_HOURS_EVENT, { type: "system" }, turn.now, { back: back.toISOString() });
  turn.send(turn.ui.outOfHours(formatRef(ticket.ref), formatLocal(back, turn.options.timeZone)));
}
