/**
 * The customer's answer to first-line help (the steps offered when the description came in,
 * or by `first-line.ts`): "Solved" resolves the ticket as self-service (recorded as a
 * satisfied survey) and drops the rest of the report, so nothing more is asked; "Still need
 * service" asks what the report still lacks, if anything, and hands the ticket to staff;
 * "More steps" sends the rest of a long answer. A tap on an offer that no longer stands is
 * answered as stale.
 */
import { formatRef, parseTicketRef } from "../domain/ticket.ts";
import type { TicketRow } from "../store/index.ts";
import { BUTTON, FLOW } from "./codes.ts";
import type { ButtonTap, TurnContext } from "./context.ts";
import { moreStepsCard } from "./faq-message.ts";
import { askNext, nextStep, type Draft } from "./intake.ts";

async function offeredTicket(turn: TurnContext, tap: ButtonTap): Promise<TicketRow | null> {
  const ref = parseTicketRef(tap.value);
  const ticket = ref ? await turn.tx.tickets.byRefForCustomer(ref, turn.customer.id) : null;
  if (!ticket || ticket.status !== "self_help") {
    tap.answer(turn.ui.stale);
    tap.removeButtons();
    return null;
  }
  return ticket;
}

/** The report draft that opened this ticket, while its form is still open. */
async function draftOf(turn: TurnContext, ticket: TicketRow): Promise<Draft | null> {
  const conversation = await turn.conversation();
  if (conversation?.flow !== FLOW.report) return null;
  const draft = conversation.data as unknown as Draft;
  return draft.ticketId === ticket.id ? draft : null;
}

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
  const ticket = await offeredTicket(turn, tap);
  if (!ticket) return;
  const draft = await draftOf(turn, ticket);
  if (tap.action === BUTTON.faqSolved) {
    const solved = await tx.tickets.transition(ticket.id, ["self_help"], "resolved", turn.actor, now, {
      type: "self_service",
      patch: { resolution: "self_service", selfHelpResult: "solved", resolvedAt: now },
    });
    tap.answer();
    tap.removeButtons();
    if (!solved) return;
    // solved: the rest of the report (address and all) is never asked
    if (draft) await tx.customers.clearConversation(turn.customer.id);
    await turn.options.surveys?.selfService(tx, solved);
    await turn.options.events.emit(tx, "ticket.changed", { ticket: solved }, now);
    return turn.send(ui.faqSolved(formatRef(ticket.ref)));
  }
  tap.answer();
  tap.removeButtons();
  if (draft) {
    // the form goes on with only what is missing; the ticket is queued when it is complete
    await tx.tickets.patch(ticket.id, { selfHelpResult: "not_solved" });
    await tx.tickets.event(ticket.id, "faq_not_solved", turn.actor, now, {});
    draft.firstLine = "not_solved";
    return askNext(turn, draft, nextStep(turn, draft) ? ui.faqNeedServiceAsk : undefined);
  }
  const queued = await tx.tickets.transition(ticket.id, ["self_help"], "queued", turn.actor, now, {
    type: "faq_not_solved",
    patch: { selfHelpResult: "not_solved" },
  });
  if (!queued) return;
  await turn.options.events.emit(tx, "ticket.queued", { ticket: queued }, now);
  turn.send(ui.faqNeedService(formatRef(ticket.ref)));
}

/**
 * "More steps": the rest of the offered KB answer, with the same two buttons.
 *
 * @example
 * ```ts
 * await moreSteps(turn, turn.tap(BUTTON.faqMore, "1024", callbackId, messageId));
 * ```
 */
export async function moreSteps(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const ticket = await offeredTicket(turn, tap);
  if (!ticket) return;
  const entry = ticket.selfHelpEntryId ? turn.options.faq.get(ticket.selfHelpEntryId) : undefined;
  tap.answer();
  if (!entry) return;
  tap.removeButtons();
  turn.send(moreStepsCard(turn.ui, ticket.ref, entry.body));
}
