/**
 * Who hears what: every subscriber of the desk's events, registered once while the desk is
 * composed. Read top to bottom, this is the path of a ticket between the customer side, the
 * service-level watch and the staff side. Subscribers run in this order, inside the
 * emitter's transaction.
 *
 * Without Slack there is no staff side: the deadlines are still set and the timers still
 * run, but nobody is told.
 *
 * @example
 * ```ts
 * const events = new DeskEvents();
 * // … build the parts, handing `events` to those that emit …
 * subscribe(events, { sla, surveys, staff });
 * ```
 */
import type { DeskEvents } from "./events.ts";
import type { ProactiveService } from "./proactive/index.ts";
import type { SlaWatch } from "./sla/watch.ts";
import { recordCardPosted, type StaffDesk } from "./staff/index.ts";
import { recordRenewalCard } from "./staff/renewal.ts";
import type { Store, TicketRow } from "./store/index.ts";

export interface DeskParts {
  sla: SlaWatch;
  surveys: { start(tx: Store, ticket: TicketRow): Promise<void> };
  /** the staff side, when Slack is connected */
  staff?: StaffDesk;
  /** proactive reminders */
  proactive?: ProactiveService;
}

/** The ticket as it is now: an earlier subscriber may have changed it (its deadline). */
async function latest(tx: Store, ticket: TicketRow): Promise<TicketRow> {
  return (await tx.tickets.byId(ticket.id)) ?? ticket;
}

export function subscribe(events: DeskEvents, { sla, surveys, staff, proactive }: DeskParts): void {
  // A ticket needs staff: its dispatch deadline and timers, then its card in the triage channel.
  events.on("ticket.queued", async (tx, { ticket }) => void (await sla.onQueued(tx, ticket)));
  if (staff) events.on("ticket.queued", async (tx, { ticket }) => staff.ticketQueued(tx, await latest(tx, ticket)));

  // A complaint: the reply clock, then its card in the complaints channel (major: the managers too).
  events.on("complaint.opened", async (tx, { ticket, complaint }) => void (await sla.onComplaint(tx, ticket, complaint.severity)));
  if (staff) events.on("complaint.opened", async (tx, { ticket }) => staff.complaintOpened(tx, await latest(tx, ticket)));

  // The customer wrote on an open ticket: into its thread.
  if (staff) events.on("customer.message", (tx, { ticket, message }) => staff.customerMessage(tx, ticket, message));

  // The customer side changed a ticket (cancelled, solved by self-service, closed after the survey): its card.
  if (staff) events.on("ticket.changed", (tx, { ticket }) => staff.refreshCard(tx, ticket));

  // Staff resolved a ticket: the callback survey starts; consumables its repair record names are replaced.
  events.on("ticket.resolved", (tx, { ticket }) => surveys.start(tx, ticket));
  if (proactive) events.on("ticket.resolved", (tx, { ticket }) => proactive.resolved(tx, ticket));

  // A customer linked the shop's file: the reminders that waited for them.
  if (proactive) events.on("customer.linked", async (tx, { customer }) => void (await proactive.scan(tx, { customerId: customer.id })));

  // A customer asked to renew a contract: a renewal task in the triage channel; once renewed, the customer hears.
  if (staff) events.on("renewal.requested", (tx, { reminder }) => staff.renewalRequested(tx, reminder));

  // A customer added a product to their file: staff confirm it.
  if (staff) events.on("product.added", (tx, { product, photo }) => staff.productAdded(tx, product, photo));

  // The callback found the customer unsatisfied (and their comment): the supervisors.
  if (staff) events.on("callback.needed", (tx, { ticket, survey }) => staff.callbackNeeded(tx, ticket, survey));
  if (staff) events.on("callback.comment", (tx, { ticket, text }) => staff.callbackComment(tx, ticket, text));

  // Service-level notices: warnings, breaches (repeated while someone listens), the morning list.
  if (staff) {
    events.on("sla.warned", (tx, { ticket, clock, dueAt, leftMs }) => staff.slaWarn(tx, ticket, clock, dueAt, leftMs));
    events.on("sla.breached", (tx, { ticket, clock, lateMs, round }) => staff.slaBreach(tx, ticket, clock, lateMs, round));
    events.on("sla.morning", (tx, { tickets }) => staff.morningDigest(tx, tickets));
  }

  // The platform accepted a ticket's card: record where it is, for updates and thread replies.
  events.on("outbox.sent", (tx, sent) => recordCardPosted(tx, sent));
  events.on("outbox.sent", (tx, sent) => recordRenewalCard(tx, sent));
}
