/**
 * Opening a ticket from a report: the product on file, the fee type (warranty, contract or
 * paid), a repeat-repair flag, the customer's first message and the confirmation card.
 *
 * A ticket opens either when the report is complete (then it is queued for staff, or — when
 * the knowledge base was not asked yet — first-line help runs as a job right after the
 * transaction), or as soon as first-line steps are offered for its description (status
 * self_help, with only what is known so far). Such a ticket is completed from the rest of the
 * form if the customer still needs service, and then queued.
 */
import type { MessageCard } from "../card.ts";
import { decideFee } from "../domain/fee.ts";
import { OPEN_STATUSES, formatRef } from "../domain/ticket.ts";
import type { TicketPatch, TicketRow } from "../store/index.ts";
import { DAY_MS, DEFAULT_REPEAT_DAYS, type TurnContext } from "./context.ts";
import { offerCard } from "./faq-message.ts";
import { FIRST_LINE_JOB } from "./first-line.ts";
import { attachToTicket } from "./follow-up.ts";
import type { FirstLineMatch } from "./first-line-match.ts";
import { CARD_DESCRIPTION_CHARS, clip, productLabel } from "./format.ts";
import type { Draft } from "./intake.ts";
import { describePurchase } from "./purchase-text.ts";

type Photo = { fileId: string; caption?: string };

/** The fields of a ticket as far as the draft knows them, with the product and fee. */
async function ticketFields(turn: TurnContext, draft: Draft) {
  const { tx, now, customer } = turn;
  const category = draft.category ?? "other";
  const purchaseDate = draft.purchase ? new Date(`${draft.purchase}T00:00:00Z`) : null;
  // the product on file the customer picked, or the one this report names (created on first mention)
  const own = draft.productId ? await tx.records.productOf(customer.id, draft.productId) : null;
  const product = own ?? (await tx.customers.productFor(customer.id, category, draft.model ?? null, purchaseDate));
  const contract = await tx.records.activeContract(customer.id, { category, productId: product.id }, now);
  const fee = decideFee({
    category,
    purchaseDate,
    hasActiveContract: !!contract,
    at: now,
    warrantyMonths: turn.options.warrantyMonths,
  });
  const fields = {
    productId: product.id,
    kind: draft.kind ?? "repair",
    category,
    model: draft.model ?? null,
    purchaseDate,
    purchaseUnknown: draft.purchase === null,
    feeType: fee.feeType,
    feeReason: fee.reason,
    area: customer.area,
  } satisfies TicketPatch;
  return { fields, contract, product };
}

/**
 * Creates the ticket for a draft and tells the customer what was recorded. With `offer`, the
 * ticket opens in first-line help and the steps follow the confirmation.
 *
 * @example
 * ```ts
 * await openTicket(turn, { kind: "repair", category: "fridge", model: null, purchase: null, description: "不制冷", photos: [] });
 * ```
 */
export async function openTicket(turn: TurnContext, draft: Draft, offer?: FirstLineMatch): Promise<TicketRow> {
  const { tx, now, ui, customer } = turn;
  const { fields, contract, product } = await ticketFields(turn, draft);
  const description = draft.description ?? "";
  const checked = draft.firstLine === "none";
  let ticket = await tx.tickets.create(
    {
      customerId: customer.id,
      ...fields,
      description,
      status: offer ? "self_help" : "queued",
      lang: customer.lang,
      tier: customer.tier,
    },
    turn.actor,
    now,
  );
  // a repeat repair: the same customer and product within the window (flagged for staff, counted)
  const since = new Date(now.getTime() - (turn.options.repeatDays ?? DEFAULT_REPEAT_DAYS) * DAY_MS);
  const earlier = await tx.tickets.previousForProduct(customer.id, product.id, since, ticket.id);
  if (earlier) {
    ticket = await tx.tickets.patch(ticket.id, { repeatOfId: earlier.id });
    await tx.tickets.event(ticket.id, "repeat_repair", { type: "system" }, now, { of: earlier.ref });
  }
  await tx.tickets.addMessage(ticket.id, "customer", description, now, {
    authorId: customer.telegramUserId ?? undefined,
    photos: draft.photos.map((photo) => ({ ...photo, platform: "telegram" })),
  });
  turn.send(summaryCard(turn, ticket, draft, contract?.number ?? null, !!offer));

  if (offer) {
    ticket = await tx.tickets.patch(ticket.id, { selfHelpEntryId: offer.entry.id, selfHelpResult: "offered" });
    await tx.tickets.event(ticket.id, "faq_offered", { type: "system" }, now, {
      entry: offer.entry.id,
      score: offer.score,
      generated: offer.generated,
      ...(offer.picked ? { picked: true } : {}),
    });
    turn.send(offerCard(ui, ticket.ref, offer.entry.title, offer.text, offer.generated));
    return ticket;
  }
  if (checked) {
    // the knowledge base had nothing for it when the description came in: straight to staff
    ticket = await tx.tickets.patch(ticket.id, { selfHelpResult: "none" });
    await tx.tickets.event(ticket.id, "faq_none", { type: "system" }, now, draft.suggested?.length ? { declined: draft.suggested } : {});
    await turn.options.events.emit(tx, "ticket.queued", { ticket }, now);
    turn.send(ui.toStaff(formatRef(ticket.ref)));
    return ticket;
  }
  // first-line help runs right after this transaction, as a job (it may call an LLM)
  await tx.jobs.schedule({ kind: FIRST_LINE_JOB, key: `ticket:${ticket.id}:first-line`, runAt: now, data: { ticketId: ticket.id } }, now);
  return ticket;
}

/**
 * The customer still needs service and the form is now complete: the ticket opened with the
 * offered steps gets the answers (product, fee, area) and goes to staff.
 *
 * @example
 * ```ts
 * await completeTicket(turn, draft, draft.ticketId!);
 * ```
 */
export async function completeTicket(turn: TurnContext, draft: Draft, ticketId: number): Promise<void> {
  const { tx, now, ui } = turn;
  const { fields } = await ticketFields(turn, draft);
  const queued = await tx.tickets.transition(ticketId, ["self_help"], "queued", turn.actor, now, {
    type: "intake_completed",
    patch: fields,
  });
  if (!queued) return;
  await turn.options.events.emit(tx, "ticket.queued", { ticket: queued }, now);
  turn.send(ui.faqNeedService(formatRef(queued.ref)));
}

/**
 * A message (or photo) while the offered steps wait for their buttons: it joins the ticket,
 * as on any open ticket (a ticket that is gone meanwhile leaves the report to go on).
 *
 * @example
 * ```ts
 * await addToOfferedTicket(turn, draft, "试过了还是不冷", []);
 * ```
 */
export async function addToOfferedTicket(turn: TurnContext, draft: Draft, text: string, photos: Photo[]): Promise<void> {
  const ticket = draft.ticketId ? await turn.tx.tickets.byId(draft.ticketId) : null;
  if (ticket && (OPEN_STATUSES as readonly string[]).includes(ticket.status)) return attachToTicket(turn, ticket, text, photos);
  await turn.tx.customers.clearConversation(turn.customer.id);
  turn.send(turn.ui.draftCancelled);
}

/** The confirmation: what was recorded (an early ticket shows only what is known yet). */
function summaryCard(turn: TurnContext, ticket: TicketRow, draft: Draft, contractNumber: string | null, early: boolean): MessageCard {
  const { ui, customer } = turn;
  const unknown = ui.summary.unknown;
  const known = (value: unknown) => !early || value !== undefined;
  const fields = [
    { label: ui.summary.kind, value: ui.kinds[ticket.kind] ?? ticket.kind, show: known(draft.kind) },
    { label: ui.summary.product, value: productLabel(ui, ticket.category), show: known(draft.category) },
    { label: ui.summary.model, value: ticket.model ?? unknown, show: known(draft.model) },
    { label: ui.summary.purchase, value: describePurchase(ui, draft.purchase, draft.purchasePrecision), show: known(draft.purchase) },
    {
      label: ui.summary.fee,
      value: ui.fees[ticket.feeType] + (ticket.feeType === "B" && contractNumber ? ` · ${contractNumber}` : ""),
      show: known(draft.purchase),
    },
    {
      label: ui.summary.area,
      value: customer.area ? (ui.areas[customer.area] ?? customer.area) : unknown,
      show: known(customer.area ?? undefined),
    },
    ...(draft.photos.length ? [{ label: ui.summary.photos, value: String(draft.photos.length), show: true }] : []),
  ];
  return {
    title: ui.created(formatRef(ticket.ref)),
    fields: fields.filter((f) => f.show).map(({ label, value }) => ({ label, value })),
    body: `${ui.summary.description}: ${clip(ticket.description, CARD_DESCRIPTION_CHARS)}`,
  };
}
