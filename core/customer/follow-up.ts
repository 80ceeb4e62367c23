/**
 * The customer writes on a ticket that is still open: the message (and its photos) joins the
 * ticket, and staff see it in the ticket's thread.
 */
import { formatRef } from "../domain/ticket.ts";
import type { TicketRow } from "../store/index.ts";
import type { TurnContext } from "./context.ts";

/**
 * Adds a customer message to an open ticket and tells staff.
 *
 * @example
 * ```ts
 * await attachToTicket(turn, openTicket, "还是不制冷", [{ fileId: "AgAD…" }]);
 * ```
 */
export async function attachToTicket(
  turn: TurnContext,
  ticket: TicketRow,
  text: string,
  photos: { fileId: string; caption?: string }[],
): Promise<void> {
  await turn.tx.tickets.addMessage(ticket.id, "customer", text, turn.now, {
    authorId: turn.customer.telegramUserId ?? undefined,
    photos: photos.map((photo) => ({ ...photo, platform: "telegram" })),
  });
  await turn.options.events.emit(turn.tx, "customer.message", { ticket, message: { text, photos } }, turn.now);
  turn.send(turn.ui.attached(formatRef(ticket.ref)));
}
