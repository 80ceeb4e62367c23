/**
 * The customer's own tickets: /tickets lists them, /status shows one, /cancel cancels one
 * (after a confirmation) or throws away a report draft. A customer only ever sees tickets
 * that are theirs: every lookup is by reference and customer.
 */
import type { MessageCard } from "../card.ts";
import { localDate } from "../domain/date.ts";
import { CANCELLABLE_STATUSES, OPEN_STATUSES, formatRef, parseTicketRef } from "../domain/ticket.ts";
import type { TicketRow } from "../store/index.ts";
import { BUTTON, FLOW } from "./codes.ts";
import type { ButtonTap, TurnContext } from "./context.ts";
import { CARD_DESCRIPTION_CHARS, clip, productLabel } from "./format.ts";

/** How many tickets /tickets lists (the newest first). */
export const TICKET_LIST_LIMIT = 10;

/**
 * /tickets: the customer's latest tickets, one line each.
 *
 * @example
 * ```ts
 * await listTickets(turn); // "#1024 冰箱 · 处理中 · 2024-05-01" …
 * ```
 */
export async function listTickets(turn: TurnContext): Promise<void> {
  const { ui } = turn;
  const tickets = await turn.tx.tickets.listForCustomer(turn.customer.id, TICKET_LIST_LIMIT);
  if (!tickets.length) return turn.send(ui.ticketsEmpty);
  const lines = tickets.map((ticket) =>
    ui.ticketLine(
      formatRef(ticket.ref),
      productLabel(ui, ticket.category),
      ui.statuses[ticket.status] ?? ticket.status,
      localDate(ticket.createdAt, turn.options.timeZone),
    ),
  );
  turn.send({ title: ui.ticketsHeader, body: lines.join("\n") });
}

/** /status [ref]: one ticket's card (without a ref, the latest open one). */
export async function showStatus(turn: TurnContext, args: string): Promise<void> {
  const { ui } = turn;
  let ticket: TicketRow | null = null;
  if (args) {
    const ref = parseTicketRef(args);
    if (ref === null) return turn.send(ui.statusUsage);
    ticket = await turn.tx.tickets.byRefForCustomer(ref, turn.customer.id);
    if (!ticket) return turn.send(ui.notFound(formatRef(ref)));
  } else {
    ticket = await turn.tx.tickets.latestForCustomer(turn.customer.id, OPEN_STATUSES);
    if (!ticket) return turn.send(ui.statusUsage);
  }
  turn.send(ticketCard(turn, ticket));
}

function ticketCard(turn: TurnContext, ticket: TicketRow): MessageCard {
  const { ui } = turn;
  const fields = [
    { label: ui.summary.status, value: ui.statuses[ticket.status] ?? ticket.status },
    { label: ui.summary.kind, value: ui.kinds[ticket.kind] ?? ticket.kind },
    { label: ui.summary.product, value: productLabel(ui, ticket.category) },
    { label: ui.summary.model, value: ticket.model ?? ui.summary.unknown },
    { label: ui.summary.fee, value: ui.fees[ticket.feeType] ?? ticket.feeType },
    { label: ui.summary.created, value: localDate(ticket.createdAt, turn.options.timeZone) },
  ];
  const buttons =
    ticket.kind === "complaint" ? undefined : [[{ label: ui.complaint.button, action: BUTTON.complain, value: String(ticket.ref) }]];
  return { title: formatRef(ticket.ref), fields, body: clip(ticket.description, CARD_DESCRIPTION_CHARS), buttons };
}

/** /cancel [ref]: asks to confirm cancelling a ticket; without a ref, drops a report draft. */
export async function askCancel(turn: TurnContext, args: string): Promise<void> {
  const { ui } = turn;
  if (!args) {
    const conversation = await turn.conversation();
    if (conversation?.flow === FLOW.report) {
      await turn.tx.customers.clearConversation(turn.customer.id);
      return turn.send(ui.draftCancelled);
    }
    return turn.send(ui.cancelUsage);
  }
  const ref = parseTicketRef(args);
  if (ref === null) return turn.send(ui.cancelUsage);
  const ticket = await turn.tx.tickets.byRefForCustomer(ref, turn.customer.id);
  if (!ticket) return turn.send(ui.notFound(formatRef(ref)));
  if (!isCancellable(ticket.status)) {
    return turn.send(ui.cannotCancel(formatRef(ref), ui.statuses[ticket.status] ?? ticket.status));
  }
  turn.send({
    body: ui.cancelConfirm(formatRef(ref)),
    buttons: [
      [
        { label: ui.buttons.confirmCancel(formatRef(ref)), action: BUTTON.cancelTicket, value: String(ref), style: "danger" },
        { label: ui.buttons.keep, action: BUTTON.keepTicket, value: String(ref) },
      ],
    ],
  });
}

/** The confirmation's buttons: cancel the ticket (staff hear of it), or keep it. */
export async function cancelButton(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const { ui, tx, now } = turn;
  const ref = parseTicketRef(tap.value);
  const ticket = ref ? await tx.tickets.byRefForCustomer(ref, turn.customer.id) : null;
  if (!ticket) return tap.answer(ui.stale);
  tap.answer();
  tap.removeButtons();
  if (tap.action === BUTTON.keepTicket) return turn.send(ui.cancelKept(formatRef(ticket.ref)));
  const cancelled = await tx.tickets.transition(ticket.id, CANCELLABLE_STATUSES, "cancelled", turn.actor, now, {
    patch: { resolution: "cancelled", closedAt: now },
  });
  if (!cancelled) return turn.send(ui.cannotCancel(formatRef(ticket.ref), ui.statuses[ticket.status] ?? ticket.status));
  await turn.options.events.emit(tx, "ticket.changed", { ticket: cancelled }, now);
  return turn.send(ui.cancelled(formatRef(ticket.ref)));
}

function isCancellable(status: string): boolean {
  return (CANCELLABLE_STATUSES as readonly string[]).includes(status);
}
