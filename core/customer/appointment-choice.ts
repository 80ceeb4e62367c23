/**
 * Agreed time windows (预约): when a ticket is claimed, the customer picks a visit window from
 * the next available ones (buttons), or asks for another time; a chosen window can be changed
 * until a cut-off before it starts. Staff see the window on the card. A window the customer
 * picks after the dispatch deadline is recorded as customer-requested, so the late arrival is
 * not counted against the engineer.
 */
import type { CardButton, MessageCard } from "../card.ts";
import { formatRef, parseTicketRef } from "../domain/ticket.ts";
import type { Messages } from "../i18n/index.ts";
import { formatLocal, type WorkingCalendar } from "../sla/calendar.ts";
import { nextWindows, type AppointmentWindow, type WindowOptions } from "../sla/windows.ts";
import type { TicketRow } from "../store/index.ts";
import { BUTTON } from "./codes.ts";
import type { ButtonTap, TurnContext } from "./context.ts";

/** The desk's window settings. */
export interface AppointmentSettings extends WindowOptions {
  calendar: WorkingCalendar;
  timeZone: string;
  /** a chosen window may be changed until this long before it starts, ms (DESK_RESCHEDULE_CUTOFF_HOURS) */
  cutoffMs: number;
}

/** Statuses in which the customer may choose or change the window. */
const CHOOSING = ["claimed", "scheduled"];

/** A window as the customer reads it: `2026-11-25 13:30–15:30`. */
export function windowText(w: AppointmentWindow, timeZone: string): string {
  return `${formatLocal(w.from, timeZone)}–${formatLocal(w.to, timeZone).slice(11)}`;
}

/**
 * The "pick a window" card: one button per window, and "another time".
 *
 * @example
 * ```ts
 * const card = windowsCard(messages("zh-CN"), ticket.ref, nextWindows(calendar, now), "Asia/Shanghai");
 * ```
 */
export function windowsCard(ui: Messages, ref: number, windows: AppointmentWindow[], timeZone: string): MessageCard {
  const rows: CardButton[][] = windows.map((w) => [
    { label: windowText(w, timeZone), action: BUTTON.window, value: `${ref}:${Math.floor(w.from.getTime() / 60_000)}` },
  ]);
  rows.push([{ label: ui.windows.other, action: BUTTON.windowOther, value: String(ref) }]);
  return { body: ui.windows.ask(formatRef(ref)), buttons: rows };
}

async function ownTicket(turn: TurnContext, tap: ButtonTap, refText: string | undefined): Promise<TicketRow | null> {
  const ref = parseTicketRef(refText);
  const ticket = ref ? await turn.tx.tickets.byRefForCustomer(ref, turn.customer.id) : null;
  if (!ticket || !CHOOSING.includes(ticket.status)) {
    tap.answer(turn.ui.stale);
    tap.removeButtons();
    return null;
  }
  return ticket;
}

/** Whether a chosen window can still be changed. */
function beforeCutoff(ticket: TicketRow, now: Date, settings: AppointmentSettings): boolean {
  return !ticket.appointmentFrom || ticket.appointmentFrom.getTime() - now.getTime() > settings.cutoffMs;
}

/**
 * A window button: books it, if it is still one of the windows on offer.
 *
 * @example
 * ```ts
 * await chooseWindow(turn, turn.tap(BUTTON.window, "1024:29400000", callbackId, messageId));
 * ```
 */
export async function chooseWindow(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const settings = turn.options.appointments;
  const [refText, minuteText] = (tap.value ?? "").split(":");
  if (!settings) return tap.answer(turn.ui.stale);
  const ticket = await ownTicket(turn, tap, refText);
  if (!ticket) return;
  const { tx, now, ui } = turn;
  if (!beforeCutoff(ticket, now, settings)) {
    tap.answer();
    tap.removeButtons();
    return turn.send(ui.windows.tooLate(formatRef(ticket.ref)));
  }
  const from = Number(minuteText) * 60_000;
  const window = nextWindows(settings.calendar, now, settings).find((w) => w.from.getTime() === from);
  tap.answer();
  tap.removeButtons();
  if (!window) return turn.send(windowsCard(ui, ticket.ref, nextWindows(settings.calendar, now, settings), settings.timeZone));
  // later than the dispatch deadline because the customer chose so: not the engineer's delay
  const customerRequested = !!ticket.dispatchDueAt && window.from.getTime() > ticket.dispatchDueAt.getTime();
  const rescheduled = !!ticket.appointmentFrom;
  const moved = await tx.tickets.transition(ticket.id, CHOOSING as TicketRow["status"][], "scheduled", turn.actor, now, {
    type: rescheduled ? "appointment_rescheduled" : "appointment_chosen",
    data: { from: window.from.toISOString(), to: window.to.toISOString(), by: "customer", customerRequested },
    patch: {
      appointmentFrom: window.from,
      appointmentTo: window.to,
      // the customer's own later window becomes the deadline the engineer is measured by
      ...(customerRequested ? { dispatchDueAt: window.to } : {}),
    },
  });
  if (!moved) return;
  if (customerRequested) {
    // the reminders of the original deadline would blame the engineer for the customer's choice
    await tx.jobs.cancelPrefix(`ticket:${ticket.id}:dispatch:`);
    await tx.tickets.event(ticket.id, "dispatch_customer_requested", turn.actor, now, {
      originalDue: ticket.dispatchDueAt!.toISOString(),
      window: { from: window.from.toISOString(), to: window.to.toISOString() },
    });
  }
  await turn.options.events.emit(tx, "ticket.changed", { ticket: moved }, now);
  await turn.options.events.emit(
    tx,
    "customer.message",
    { ticket: moved, message: { text: ui.windows.staffNote(windowText(window, settings.timeZone), rescheduled), photos: [] } },
    now,
  );
  turn.send({
    body: ui.windows.booked(formatRef(ticket.ref), windowText(window, settings.timeZone)),
    buttons: [[{ label: ui.windows.change, action: BUTTON.windowChange, value: String(ticket.ref) }]],
  });
}

/**
 * "Change the time": the windows again, until the cut-off before the chosen one.
 *
 * @example
 * ```ts
 * await changeWindow(turn, turn.tap(BUTTON.windowChange, "1024", callbackId, messageId));
 * ```
 */
export async function changeWindow(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const settings = turn.options.appointments;
  if (!settings) return tap.answer(turn.ui.stale);
  const ticket = await ownTicket(turn, tap, tap.value);
  if (!ticket) return;
  tap.answer();
  if (!beforeCutoff(ticket, turn.now, settings)) {
    tap.removeButtons();
    return turn.send(turn.ui.windows.tooLate(formatRef(ticket.ref)));
  }
  turn.send(windowsCard(turn.ui, ticket.ref, nextWindows(settings.calendar, turn.now, settings), settings.timeZone));
}

/** "Another time": the customer says when suits them, in words; the engineer confirms. */
export async function otherTime(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const ticket = await ownTicket(turn, tap, tap.value);
  if (!ticket) return;
  tap.answer();
  tap.removeButtons();
  turn.send(turn.ui.windows.askOther(formatRef(ticket.ref)));
}
