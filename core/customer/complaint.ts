/**
 * Complaints (投诉): which ticket it is about (if the customer has any), what kind, what
 * happened. It is registered and acknowledged at once, without arguing, and staff hear of
 * it in the same transaction. Free text that reads like a complaint is first confirmed
 * ("is this a complaint?"); a "no" sends the text where it would have gone.
 */
import { COMPLAINT_CHOICES, assessSeverity, kindAndRouting, type ComplaintChoice } from "../domain/complaint.ts";
import { OPEN_STATUSES, formatRef, parseTicketRef } from "../domain/ticket.ts";
import type { JsonValue } from "../store/index.ts";
import { BUTTON, FLOW } from "./codes.ts";
import {
  DAY_MS,
  DEFAULT_COMPLAINT_REPLY_HOURS,
  DEFAULT_MAJOR_COMPLAINT_REPLY_HOURS,
  DEFAULT_REPEAT_DAYS,
  type ButtonTap,
  type TurnContext,
} from "./context.ts";
import { attachToTicket } from "./follow-up.ts";
import { clip, productLabel } from "./format.ts";
import { startReport, type Draft } from "./intake.ts";
import { prefill } from "./prefill.ts";
import { MAX_DESCRIPTION } from "./types.ts";

/** A complaint being collected; `parentRef: null` = not about a ticket. */
export interface ComplaintDraft {
  parentRef?: number | null;
  choice?: ComplaintChoice;
  text?: string;
}

/** How many of the customer's recent tickets are looked at, and offered as buttons. */
const RECENT_TICKETS_LOOKED_AT = 5;
const RECENT_TICKETS_OFFERED = 3;
/** The shortest "what happened" taken. */
const MIN_COMPLAINT_CHARS = 2;

/**
 * Starts a complaint (/complaint [ref], or the complaint button on a ticket card).
 *
 * @example
 * ```ts
 * await startComplaint(turn, parseTicketRef("#1024"));
 * ```
 */
export async function startComplaint(turn: TurnContext, parentRef: number | null, text?: string): Promise<void> {
  const draft: ComplaintDraft = { text };
  if (parentRef) {
    const parent = await turn.tx.tickets.byRefForCustomer(parentRef, turn.customer.id);
    if (parent && parent.kind !== "complaint") draft.parentRef = parent.ref;
  }
  if (draft.parentRef === undefined && !(await recentTickets(turn)).length) draft.parentRef = null;
  return complaintNext(turn, draft);
}

/** The complaint button on a ticket card. */
export function complainButton(turn: TurnContext, tap: ButtonTap): Promise<void> {
  tap.answer();
  return startComplaint(turn, parseTicketRef(tap.value));
}

async function recentTickets(turn: TurnContext) {
  const tickets = await turn.tx.tickets.listForCustomer(turn.customer.id, RECENT_TICKETS_LOOKED_AT);
  return tickets.filter((ticket) => ticket.kind !== "complaint");
}

/** Asks the next missing part, or registers the complaint when it is complete. */
async function complaintNext(turn: TurnContext, draft: ComplaintDraft): Promise<void> {
  const { ui } = turn;
  const saved = draft as unknown as JsonValue;
  if (draft.parentRef === undefined) {
    const recent = (await recentTickets(turn)).slice(0, RECENT_TICKETS_OFFERED);
    await turn.tx.customers.setConversation(turn.customer.id, FLOW.complaint, "ticket", saved);
    return turn.send({
      body: ui.complaint.askTicket,
      buttons: [
        ...recent.map((ticket) => [
          {
            label: `${formatRef(ticket.ref)} ${productLabel(ui, ticket.category)} · ${ui.statuses[ticket.status] ?? ticket.status}`,
            action: BUTTON.complaintTicket,
            value: String(ticket.ref),
          },
        ]),
        [{ label: ui.complaint.noTicket, action: BUTTON.complaintTicket, value: "none" }],
      ],
    });
  }
  if (!draft.choice) {
    await turn.tx.customers.setConversation(turn.customer.id, FLOW.complaint, "kind", saved);
    return turn.send({
      body: ui.complaint.askKind,
      buttons: COMPLAINT_CHOICES.map((choice) => [
        { label: ui.complaint.kinds[choice] ?? choice, action: BUTTON.complaintKind, value: choice },
      ]),
    });
  }
  if (!draft.text) {
    await turn.tx.customers.setConversation(turn.customer.id, FLOW.complaint, "text", saved);
    return turn.send(ui.complaint.askText);
  }
  await turn.tx.customers.clearConversation(turn.customer.id);
  return openComplaint(turn, draft as Required<ComplaintDraft>);
}

/** Typed text while a complaint is being collected. */
export async function complaintAnswer(turn: TurnContext, step: string, text: string, draft: ComplaintDraft): Promise<void> {
  if (step === "text") {
    if (text.length < MIN_COMPLAINT_CHARS) return turn.send(turn.ui.invalid.tooShort);
    draft.text = clip(text, MAX_DESCRIPTION);
    return complaintNext(turn, draft);
  }
  // a typed answer where a button was expected: take it as what happened, and ask the rest
  if (!draft.text) draft.text = clip(text, MAX_DESCRIPTION);
  if (step === "kind") {
    const choice = COMPLAINT_CHOICES.find((candidate) => turn.ui.complaint.kinds[candidate] === text);
    if (choice) draft.choice = choice;
  }
  return complaintNext(turn, draft);
}

/** The ticket and kind buttons of a complaint in progress. */
export async function complaintButton(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const conversation = await turn.conversation();
  if (conversation?.flow !== FLOW.complaint) return tap.answer(turn.ui.stale);
  const draft = conversation.data as ComplaintDraft;
  tap.answer();
  if (tap.action === BUTTON.complaintTicket) {
    const ref = tap.value === "none" ? null : parseTicketRef(tap.value);
    const ticket = ref ? await turn.tx.tickets.byRefForCustomer(ref, turn.customer.id) : null;
    draft.parentRef = ticket ? ticket.ref : null;
  } else if (COMPLAINT_CHOICES.includes(tap.value as ComplaintChoice)) {
    draft.choice = tap.value as ComplaintChoice;
  }
  return complaintNext(turn, draft);
}

/** Free text that reads like a complaint: asks before treating it as one. */
export async function askIfComplaint(turn: TurnContext, text: string): Promise<void> {
  const { ui } = turn;
  await turn.tx.customers.setConversation(turn.customer.id, FLOW.complaintConfirm, "confirm", { text: clip(text, MAX_DESCRIPTION) });
  turn.send({
    body: ui.complaint.confirm,
    buttons: [
      [
        { label: ui.complaint.yes, action: BUTTON.confirmComplaint, value: "1", style: "danger" },
        { label: ui.complaint.no, action: BUTTON.notComplaint, value: "1" },
      ],
    ],
  });
}

/** The answer to "is this a complaint?". */
export async function complaintConfirmButton(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const conversation = await turn.conversation();
  if (conversation?.flow !== FLOW.complaintConfirm) return tap.answer(turn.ui.stale);
  tap.answer();
  tap.removeButtons();
  const text = (conversation.data as { text?: string }).text ?? "";
  await turn.tx.customers.clearConversation(turn.customer.id);
  if (tap.action === BUTTON.confirmComplaint) return startComplaint(turn, null, text);
  // not a complaint: what they wrote goes where it would have gone
  const open = await turn.tx.tickets.latestForCustomer(turn.customer.id, OPEN_STATUSES);
  if (open) return attachToTicket(turn, open, text, []);
  const draft: Draft = { description: text, photos: [] };
  prefill(draft, text, turn.prepared.understanding, turn.catalogue);
  return startReport(turn, draft);
}

/** Registers the complaint, acknowledges it at once without arguing, and tells staff. */
async function openComplaint(turn: TurnContext, draft: Required<ComplaintDraft>): Promise<void> {
  const { tx, now, customer, options } = turn;
  const parent = draft.parentRef ? await tx.tickets.byRefForCustomer(draft.parentRef, customer.id) : null;
  const since = new Date(now.getTime() - (options.repeatDays ?? DEFAULT_REPEAT_DAYS) * DAY_MS);
  const recent = await tx.complaints.countForCustomer(customer.id, since);
  const { kind, routing } = kindAndRouting(draft.choice);
  const assessed = assessSeverity({ text: draft.text, repeat: recent > 0, choice: draft.choice });
  const llmSeverity = turn.prepared.understanding?.complaint?.severity;
  const severity = assessed.severity === "major" || llmSeverity === "major" ? "major" : "ordinary";
  const ticket = await tx.tickets.create(
    {
      customerId: customer.id,
      productId: parent?.productId ?? null,
      kind: "complaint",
      category: parent?.category ?? null,
      model: parent?.model ?? null,
      description: draft.text,
      feeType: parent?.feeType ?? "A",
      feeReason: "complaint",
      status: "queued",
      lang: customer.lang,
      area: customer.area,
      tier: customer.tier,
      parentId: parent?.id ?? null,
    },
    turn.actor,
    now,
  );
  await tx.tickets.addMessage(ticket.id, "customer", draft.text, now, { authorId: customer.telegramUserId ?? undefined });
  const complaint = await tx.complaints.create({ ticketId: ticket.id, kind, routing, severity, whatHappened: draft.text }, now);
  await tx.tickets.event(ticket.id, "complaint", turn.actor, now, { kind, routing, severity, reasons: assessed.reasons });
  if (parent) await options.surveys?.complaintFiled(tx, parent.id);
  await options.events.emit(tx, "complaint.opened", { ticket, complaint }, now);
  const hours = options.complaintReplyHours ?? DEFAULT_COMPLAINT_REPLY_HOURS;
  if (severity === "major") {
    // managers were alerted at once: the customer hears that a manager calls, and sooner
    const majorHours = Math.min(options.majorComplaintReplyHours ?? DEFAULT_MAJOR_COMPLAINT_REPLY_HOURS, hours);
    return turn.send(turn.ui.complaint.ackMajor(formatRef(ticket.ref), majorHours));
  }
  turn.send(turn.ui.complaint.ack(formatRef(ticket.ref), hours));
}
