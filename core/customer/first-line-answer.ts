/**
 * The customer's answer to first-line help (the steps offered by `first-line.ts`): "Solved"
 * resolves the ticket as self-service (recorded as a satisfied survey); "Still need service"
 * hands it to staff. A tap on an offer that no longer stands is answered as stale.
 */
import { formatRef, parseTicketRef } from "../domain/ticket.ts";
import { BUTTON } from "./codes.ts";
import type { ButtonTap, TurnContext } from "./context.ts";

/**
 * The Solved / Still need service buttons under the offered steps.
 *
 * @example
 * ```ts
 * await firstLineAnswer(turn, turn.tap(BUTTON.faqSolved, "1024", callbackId, messageId));
 * ```
 */
export async function firstLineAnswer(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const { tx, now, ui } = turn;
  const ref = parseTicketRef(tap.value);
  const ticket = ref ? await tx.tickets.byRefForCustomer(ref, turn.customer.id) : null;
  if (!ticket || ticket.status !== "self_help") {
    tap.answer(ui.stale);
    tap.removeButtons();
    return;
  }
  if (tap.action === BUTTON.faqSolved) {
    const solved = await tx.tickets.transition(ticket.id, ["self_help"], "resolved", turn.actor, now, {
      type: "self_service",
      patch: { resolution: "self_service", selfHelpResult: "solved", resolvedAt: now },
    });
    tap.answer();
    tap.removeButtons();
    if (!solved) return;
    await turn.options.surveys?.selfService(tx, solved);
    await turn.options.events.emit(tx, "ticket.changed", { ticket: solved }, now);
    return turn.send(ui.faqSolved(formatRef(ticket.ref)));
  }
  const queued = await tx.tickets.transition(ticket.id, ["self_help"], "queued", turn.actor, now, {
    type: "faq_not_solved",
    patch: { selfHelpResult: "not_solved" },
  });
  tap.answer();
  tap.removeButtons();
  if (!queued) return;
  await turn.options.events.emit(tx, "ticket.queued", { ticket: queued }, now);
  turn.send(ui.faqNeedService(formatRef(ticket.ref)));
}
