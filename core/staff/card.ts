/**
 * The ticket's card as staff see it (the triage card, or a complaint's card), with the
 * buttons that fit its state; posting it, updating it in place, and recording where the
 * platform put it. Also the one-line form of a ticket used in lists and reminders.
 */
import type { CardButton, MessageCard } from "../card.ts";
import { formatRef } from "../domain/ticket.ts";
import type { DeskEventMap } from "../events.ts";
import type { StaffMessages } from "../i18n/staff.ts";
import { formatLocal } from "../sla/calendar.ts";
import type { Store, TicketRow } from "../store/index.ts";
import type { StaffEnv } from "./context.ts";

/** The outbox purpose of a ticket's card: once sent, its channel and ts are recorded on the ticket. */
export const TICKET_CARD_PURPOSE = "ticketCard";
/** Statuses whose card offers only reopen and note. */
const DONE_STATUSES = ["resolved", "callback_needed", "closed"];
/** A complaint's card offers only reopen and note in these. */
const COMPLAINT_DONE_STATUSES = ["closed", "cancelled", "resolved"];

/**
 * The ticket's card as staff see it, with the buttons that fit its state.
 *
 * @example
 * ```ts
 * await env.out(tx, [{ kind: "post", channel, card: await ticketCard(env, tx, ticket) }]);
 * ```
 */
export async function ticketCard(env: StaffEnv, tx: Store, ticket: TicketRow): Promise<MessageCard> {
  const text = env.channelText;
  const tz = env.timeZone;
  const customer = await tx.customers.get(ticket.customerId);
  const assignee = ticket.assigneeId ? await tx.staff.byId(ticket.assigneeId) : null;
  const photos = (await tx.tickets.attachments(ticket.id)).length;
  const ref = formatRef(ticket.ref);
  const status = text.statuses[ticket.status] ?? ticket.status;
  const product = [text.products[ticket.category ?? "other"] ?? ticket.category, ticket.model].filter(Boolean).join(" · ");
  const fields = [
    { label: text.label.status, value: status },
    { label: text.label.kind, value: text.kinds[ticket.kind] ?? ticket.kind },
    { label: text.label.product, value: product || text.label.unset },
    { label: text.label.fee, value: (text.fees[ticket.feeType] ?? ticket.feeType) + (await contractNote(tx, ticket)) },
    { label: text.label.area, value: ticket.area ? (text.areas[ticket.area] ?? ticket.area) : text.label.unset },
    { label: text.label.owner, value: assignee ? env.mention(assignee.slackUserId) : text.label.nobody },
    { label: text.label.dispatchDue, value: ticket.dispatchDueAt ? formatLocal(ticket.dispatchDueAt, tz) : text.label.unset },
    {
      label: text.label.customer,
      value: customer
        ? [customer.name ?? customer.displayName, customer.phone, customer.address].filter(Boolean).join(" / ")
        : text.label.unset,
    },
  ];
  if (ticket.replyDueAt) fields.push({ label: text.label.replyDue, value: formatLocal(ticket.replyDueAt, tz) });
  if (ticket.appointmentFrom && ticket.appointmentTo) {
    fields.push({ label: text.label.appointment, value: formatWindow(ticket.appointmentFrom, ticket.appointmentTo, tz) });
  }
  if (ticket.receiptNo) fields.push({ label: text.label.receipt, value: ticket.receiptNo });
  // the KB entry by its title (its id means nothing to staff); or the entries the customer was
  // offered and said were not it (see core/customer/suggestions.ts)
  const entryTitle = ticket.selfHelpEntryId ? ((await tx.kb.title(ticket.selfHelpEntryId)) ?? ticket.selfHelpEntryId) : null;
  const declined = ticket.selfHelpResult === "none" ? await declinedSuggestions(tx, ticket.id) : [];
  fields.push({
    label: text.label.selfHelp,
    value: declined.length
      ? [text.selfHelp.declined, ...declined].join(" · ")
      : [text.selfHelp[ticket.selfHelpResult ?? "none"] ?? "", entryTitle].filter(Boolean).join(" · "),
  });
  if (photos) fields.push({ label: text.label.photos, value: String(photos) });
  if (ticket.repeatOfId) {
    const earlier = await tx.tickets.byId(ticket.repeatOfId);
    fields.push({ label: text.label.repeat, value: earlier ? formatRef(earlier.ref) : text.label.repeat });
  }
  const footer = `${ref} · ${formatLocal(ticket.createdAt, tz)}`;
  if (ticket.kind === "complaint") {
    const complaint = await tx.complaints.byTicket(ticket.id);
    const parent = ticket.parentId ? await tx.tickets.byId(ticket.parentId) : null;
    const engineer = parent?.assigneeId ? await tx.staff.byId(parent.assigneeId) : null;
    const complaintText = text.complaint;
    const severityKey = complaint?.severity ?? "ordinary";
    const severity = complaintText.severities[severityKey] ?? severityKey;
    const complaintFields = [
      { label: complaintText.label.severity, value: severity },
      { label: complaintText.label.kind, value: complaintText.kinds[complaint?.kind ?? ""] ?? complaint?.kind ?? text.label.unset },
      {
        label: complaintText.label.routing,
        value: complaintText.routings[complaint?.routing ?? ""] ?? complaint?.routing ?? text.label.unset,
      },
      { label: complaintText.label.parent, value: parent ? formatRef(parent.ref) : text.label.unset },
      ...(engineer ? [{ label: complaintText.label.engineer, value: env.mention(engineer.slackUserId) }] : []),
      { label: complaintText.label.replied, value: complaint?.repliedAt ? formatLocal(complaint.repliedAt, tz) : complaintText.no },
    ];
    const kept = [text.label.status, text.label.owner, text.label.customer, text.label.replyDue];
    return {
      title: `${complaintText.title(ref, severity)} · ${status}`,
      fields: [...complaintFields, ...fields.filter((field) => kept.includes(field.label))],
      body: ticket.description,
      footer,
      buttons: complaintButtons(ticket, text),
    };
  }
  return {
    title: `${ref} · ${text.kinds[ticket.kind] ?? ticket.kind} · ${status}`,
    fields,
    body: ticket.description,
    footer,
    buttons: ticketButtons(ticket, text),
  };
}

/** " · HT-2026-001" for a contract job whose contract the desk knows, else "". */
async function contractNote(tx: Store, ticket: TicketRow): Promise<string> {
  if (ticket.feeType !== "B" || !ticket.category) return "";
  const contract = await tx.records.activeContract(
    ticket.customerId,
    { category: ticket.category, productId: ticket.productId },
    ticket.createdAt,
  );
  return contract?.number ? ` · ${contract.number}` : "";
}

/** An appointment window as staff read it: `2026-11-25 14:00–16:00`. */
export function formatWindow(from: Date, to: Date, timeZone: string): string {
  return `${formatLocal(from, timeZone)}–${formatLocal(to, timeZone).slice(11)}`;
}

function buttonMaker(ticket: TicketRow) {
  const value = String(ticket.ref);
  return (label: string, action: string, style?: "primary" | "danger"): CardButton => ({ label, action, value, style });
}

function complaintButtons(ticket: TicketRow, text: StaffMessages): CardButton[][] {
  const button = buttonMaker(ticket);
  if (COMPLAINT_DONE_STATUSES.includes(ticket.status))
    return [[button(text.buttons.reopen, "t_reopen"), button(text.buttons.note, "t_note")]];
  const first = ticket.status === "queued" ? [button(text.buttons.claim, "t_claim", "primary")] : [];
  return [
    [
      ...first,
      button(text.complaint.buttons.handle, "t_handle", "primary"),
      button(text.complaint.buttons.severity, "t_sev"),
      button(text.buttons.note, "t_note"),
    ],
  ];
}

function ticketButtons(ticket: TicketRow, text: StaffMessages): CardButton[][] {
  const button = buttonMaker(ticket);
  const assign: CardButton = { type: "user_select", label: text.buttons.assign, action: "t_assign", value: String(ticket.ref) };
  switch (ticket.status) {
    case "queued":
      return [[button(text.buttons.claim, "t_claim", "primary"), assign, button(text.buttons.close, "t_close", "danger")]];
    case "claimed":
    case "scheduled":
    case "on_site":
    case "in_repair":
    case "waiting_parts":
      return [
        [
          button(text.buttons.appointment, "t_appt"),
          button(text.buttons.onSite, "t_onsite"),
          button(text.buttons.takenIn, "t_intake"),
          button(text.buttons.waitingParts, "t_parts"),
          button(text.buttons.resolve, "t_resolve", "primary"),
        ],
        [assign, button(text.buttons.note, "t_note"), button(text.buttons.close, "t_close", "danger")],
      ];
    default:
      return DONE_STATUSES.includes(ticket.status) ? [[button(text.buttons.reopen, "t_reopen"), button(text.buttons.note, "t_note")]] : [];
  }
}

/** Posts the ticket's card to a channel; the sender reports back where it landed (see {@link recordCardPosted}). */
export async function postCard(env: StaffEnv, tx: Store, ticket: TicketRow, channel: string): Promise<TicketRow> {
  const placed = await tx.tickets.patch(ticket.id, { slackChannel: channel });
  await env.out(tx, [{ kind: "post", channel, card: await ticketCard(env, tx, placed) }], {
    type: TICKET_CARD_PURPOSE,
    ticketId: placed.id,
  });
  return placed;
}

/** Queues the card's update in place. */
export async function refreshCard(env: StaffEnv, tx: Store, ticket: TicketRow): Promise<void> {
  if (!ticket.slackChannel) return;
  await env.out(tx, [{ kind: "update", channel: ticket.slackChannel, ticketId: ticket.id, card: await ticketCard(env, tx, ticket) }]);
}

/**
 * The platform accepted a message: if it was a ticket's card, record its channel and ts on
 * the ticket (updates and thread replies find the card by them).
 */
export async function recordCardPosted(tx: Store, sent: DeskEventMap["outbox.sent"]): Promise<void> {
  if (sent.purpose.type !== TICKET_CARD_PURPOSE) return;
  await tx.tickets.patch(Number(sent.purpose.ticketId), {
    slackChannel: sent.meta?.channel ?? undefined,
    slackTs: sent.platformMessageId ?? null,
  });
}

/** One line per ticket, for lists and reminders. */
export function ticketLine(env: StaffEnv, ticket: TicketRow, text: StaffMessages): string {
  const tz = env.timeZone;
  const due = ticket.dispatchDueAt ? ` · ${text.label.dispatchDue} ${formatLocal(ticket.dispatchDueAt, tz)}` : "";
  return `${formatRef(ticket.ref)} · ${text.statuses[ticket.status] ?? ticket.status} · ${text.kinds[ticket.kind] ?? ticket.kind} · ${text.products[ticket.category ?? "other"] ?? ticket.category} · ${formatLocal(ticket.createdAt, tz)}${due}`;
}

/** The titles of the KB entries a customer was suggested and declined before the ticket went to staff. */
async function declinedSuggestions(tx: Store, ticketId: number): Promise<string[]> {
  const none = (await tx.tickets.events(ticketId)).find((e) => e.type === "faq_none");
  const ids = (none?.data as { declined?: unknown } | null)?.declined;
  if (!Array.isArray(ids)) return [];
  const titles: string[] = [];
  for (const id of ids) if (typeof id === "string") titles.push((await tx.kb.title(id)) ?? id);
  return titles;
}
