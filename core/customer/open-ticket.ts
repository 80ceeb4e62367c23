/**
 * Opening a ticket from a complete report: the product on file, the fee type (warranty,
 * contract or paid), a repeat-repair flag, the customer's first message, the confirmation
 * card, and the first-line-help job that runs right after the transaction.
 */
import { decideFee } from "../domain/fee.ts";
import { formatRef } from "../domain/ticket.ts";
import { DAY_MS, DEFAULT_REPEAT_DAYS, type TurnContext } from "./context.ts";
import { FIRST_LINE_JOB } from "./first-line.ts";
import { CARD_DESCRIPTION_CHARS, clip, productLabel } from "./format.ts";
import type { Draft } from "./intake.ts";
import type { TicketRow } from "../store/index.ts";

/**
 * Creates the ticket for a complete draft and tells the customer what was recorded; returns it.
 *
 * @example
 * ```ts
 * await openTicket(turn, { kind: "repair", category: "fridge", model: null, purchase: null, description: "不制冷", photos: [] });
 * ```
 */
export async function openTicket(turn: TurnContext, draft: Draft): Promise<TicketRow> {
  const { tx, now, ui, customer } = turn;
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
  const description = draft.description ?? "";
  const ticket = await tx.tickets.create(
    {
      customerId: customer.id,
      productId: product.id,
      kind: draft.kind ?? "repair",
      category,
      model: draft.model ?? null,
      purchaseDate,
      purchaseUnknown: draft.purchase === null,
      description,
      feeType: fee.feeType,
      feeReason: fee.reason,
      status: "queued",
      lang: customer.lang,
      area: customer.area,
      tier: customer.tier,
    },
    turn.actor,
    now,
  );
  // a repeat repair: the same customer and product within the window (flagged for staff, counted)
  const since = new Date(now.getTime() - (turn.options.repeatDays ?? DEFAULT_REPEAT_DAYS) * DAY_MS);
  const earlier = await tx.tickets.previousForProduct(customer.id, product.id, since, ticket.id);
  if (earlier) {
    await tx.tickets.patch(ticket.id, { repeatOfId: earlier.id });
    await tx.tickets.event(ticket.id, "repeat_repair", { type: "system" }, now, { of: earlier.ref });
  }
  await tx.tickets.addMessage(ticket.id, "customer", description, now, {
    authorId: customer.telegramUserId ?? undefined,
    photos: draft.photos.map((photo) => ({ ...photo, platform: "telegram" })),
  });
  const unknown = ui.summary.unknown;
  turn.send({
    title: ui.created(formatRef(ticket.ref)),
    fields: [
      { label: ui.summary.kind, value: ui.kinds[ticket.kind] ?? ticket.kind },
      { label: ui.summary.product, value: productLabel(ui, category) },
      { label: ui.summary.model, value: ticket.model ?? unknown },
      { label: ui.summary.purchase, value: draft.purchase ?? unknown },
      { label: ui.summary.fee, value: ui.fees[fee.feeType] + (fee.feeType === "B" && contract?.number ? ` · ${contract.number}` : "") },
      { label: ui.summary.area, value: customer.area ? ui.areas[customer.area] : unknown },
      ...(draft.photos.length ? [{ label: ui.summary.photos, value: String(draft.photos.length) }] : []),
    ],
    body: `${ui.summary.description}: ${clip(description, CARD_DESCRIPTION_CHARS)}`,
  });

  // first-line help runs right after this transaction, as a job (it may call an LLM)
  await tx.jobs.schedule({ kind: FIRST_LINE_JOB, key: `ticket:${ticket.id}:first-line`, runAt: now, data: { ticketId: ticket.id } }, now);
  return ticket;
}
