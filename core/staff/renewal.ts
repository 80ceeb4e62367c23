/**
 * The renewal task (续约任务): a customer tapped Renew under a contract-end notice, so a card
 * goes to the triage channel with the contract and the customer's history. Staff who keep
 * the customer files (dispatchers and above) claim it, call the customer, and record the
 * outcome: renewed with the new end date (`/desk renewed <contract> <date>`, which tells the
 * customer and starts a new contract period, so a new notice in time), or declined (the
 * card's button). Each step moves the task only from the state it expects, so a double click
 * or two people at once change it once.
 */
import type { CardField, MessageCard } from "../card.ts";
import { formatRef } from "../domain/ticket.ts";
import type { DeskEventMap } from "../events.ts";
import { proactiveStaffText, proactiveText } from "../i18n/proactive.ts";
import { enqueueReplies } from "../customer/outbound.ts";
import type { ReminderRow, Store } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { recordsKeeper } from "./records.ts";

/** The outbox purpose that records where a renewal card landed. */
export const RENEWAL_CARD_PURPOSE = "renewalCard";
/** The card's buttons. */
export const RENEWAL_CLAIM = "rn_claim";
export const RENEWAL_DECLINE = "rn_decline";
/** Reminders whose answer makes a task: a contract to renew, a warranty ending (an offer of a contract). */
const RENEWAL_KINDS = ["contract", "warranty"];
/** Tickets shown as the customer's history on the card. */
const HISTORY = 5;

const day = (d: Date | null | undefined): string => (d ? d.toISOString().slice(0, 10) : "–");

/** The renewal card as the task stands. */
export async function renewalCard(env: StaffEnv, tx: Store, reminder: ReminderRow): Promise<MessageCard> {
  const t = proactiveStaffText(env.options.staffLang);
  const contract = reminder.contractId ? await tx.reminders.contract(reminder.contractId) : null;
  const product = reminder.productId ? await tx.reminders.product(reminder.productId) : null;
  const customer = await tx.customers.get(reminder.customerId);
  const tickets = customer ? await tx.tickets.listForCustomer(customer.id, HISTORY) : [];
  const text = env.channelText;
  const category = contract?.category ?? product?.category ?? "other";
  const model = contract?.model ?? product?.model;
  const fields: CardField[] = [
    { label: t.customer, value: customer?.name ?? customer?.displayName ?? "–" },
    { label: t.phone, value: customer?.recordPhone ?? customer?.phone ?? "–" },
    { label: t.tier, value: customer?.tier ?? "–" },
    { label: t.product, value: `${text.products[category] ?? category}${model ? ` ${model}` : ""}` },
    contract
      ? { label: t.period, value: `${day(contract.startsOn)} – ${day(contract.endsOn)}` }
      : { label: t.ends, value: day(reminder.dueOn) },
  ];
  const history = tickets.length
    ? tickets
        .map((k) => `${formatRef(k.ref)} · ${day(k.createdAt)} · ${text.kinds[k.kind] ?? k.kind} · ${text.statuses[k.status] ?? k.status}`)
        .join("\n")
    : t.noHistory;
  const title = reminder.kind === "warranty" ? t.offerTitle : t.renewalTitle(contract?.number ?? null);
  const card: MessageCard = { title, fields, body: `${t.history}:\n${history}` };
  const who = reminder.claimedBy ? env.mention(reminder.claimedBy) : null;
  if (reminder.status === "renewed") card.footer = t.renewedBy(who ?? "–", day(contract?.endsOn));
  else if (reminder.status === "declined") card.footer = t.declinedBy(who ?? "–");
  else {
    card.footer = [who ? t.claimedBy(who) : null, contract?.number ? t.howToRenew(contract.number) : null].filter(Boolean).join("\n");
    card.buttons = [
      [
        ...(who ? [] : [{ label: t.claim, action: RENEWAL_CLAIM, value: String(reminder.id), style: "primary" as const }]),
        { label: t.decline, action: RENEWAL_DECLINE, value: String(reminder.id) },
      ],
    ];
  }
  return card;
}

/** `renewal.requested`: the task's card in the triage channel. */
export async function renewalRequested(env: StaffEnv, tx: Store, reminder: ReminderRow): Promise<void> {
  const channel = env.channels.triage;
  if (!channel) return;
  await tx.reminders.update(reminder.id, { cardChannel: channel });
  await env.out(tx, [{ kind: "post", channel, card: await renewalCard(env, tx, reminder) }], {
    type: RENEWAL_CARD_PURPOSE,
    reminderId: reminder.id,
  });
}

/** The platform accepted a renewal card: where it is, for its updates. */
export async function recordRenewalCard(tx: Store, sent: DeskEventMap["outbox.sent"]): Promise<void> {
  if (sent.purpose.type !== RENEWAL_CARD_PURPOSE) return;
  await tx.reminders.update(Number(sent.purpose.reminderId), { cardTs: sent.platformMessageId ?? null });
}

async function refresh(env: StaffEnv, tx: Store, reminder: ReminderRow): Promise<void> {
  if (!reminder.cardChannel || !reminder.cardTs) return;
  await env.out(tx, [{ kind: "update", channel: reminder.cardChannel, ts: reminder.cardTs, card: await renewalCard(env, tx, reminder) }]);
}

/** The card's Claim: the task is the clicker's. */
export async function claimRenewal(env: StaffEnv, tx: Store, ctx: StaffContext, id: number | null): Promise<void> {
  const keeper = await recordsKeeper(env, tx, ctx);
  if (!keeper) return;
  const t = proactiveStaffText(keeper.staff.lang);
  const task = id ? await tx.reminders.byId(id) : null;
  if (!task || !RENEWAL_KINDS.includes(task.kind)) return env.tell(tx, ctx, t.noTask);
  if (task.status !== "renewal") return env.tell(tx, ctx, t.alreadyDone);
  const claimed = await tx.reminders.claim(task.id, ctx.userId);
  if (!claimed) return env.tell(tx, ctx, t.alreadyClaimed(env.mention(task.claimedBy ?? "?")));
  await refresh(env, tx, claimed);
}

/** The card's Declined: the customer did not renew. */
export async function declineRenewal(env: StaffEnv, tx: Store, ctx: StaffContext, id: number | null): Promise<void> {
  const keeper = await recordsKeeper(env, tx, ctx);
  if (!keeper) return;
  const t = proactiveStaffText(keeper.staff.lang);
  const task = id ? await tx.reminders.byId(id) : null;
  if (!task || !RENEWAL_KINDS.includes(task.kind)) return env.tell(tx, ctx, t.noTask);
  const moved = await tx.reminders.moveIf(task.id, ["renewal"], { status: "declined", claimedBy: task.claimedBy ?? ctx.userId });
  if (!moved) return env.tell(tx, ctx, t.alreadyDone);
  await refresh(env, tx, moved);
}

/**
 * `/desk renewed <contract number> <YYYY-MM-DD>`: the contract runs to its new end; its
 * renewal task (if any) is done, and the customer is told.
 *
 * @example
 * ```ts
 * await markRenewed(env, tx, ctx, "HT-001", "2027-12-31");
 * ```
 */
export async function markRenewed(env: StaffEnv, tx: Store, ctx: StaffContext, number?: string, endText?: string): Promise<void> {
  const keeper = await recordsKeeper(env, tx, ctx);
  if (!keeper) return;
  const t = proactiveStaffText(keeper.staff.lang);
  if (!number || !endText) return env.tell(tx, ctx, t.renewedUsage);
  const contract = await tx.reminders.contractByNumber(number);
  if (!contract) return env.tell(tx, ctx, t.noContract(number));
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(endText.trim());
  const ends = m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : "";
  const endsOn = new Date(`${ends}T00:00:00Z`);
  if (!m || Number.isNaN(endsOn.getTime()) || day(endsOn) !== ends || ends <= day(contract.endsOn))
    return env.tell(tx, ctx, t.badDate(endText));
  const now = env.now();
  await tx.reminders.renewContract(contract.id, endsOn);
  for (const task of await tx.reminders.about("contract", { contractId: contract.id })) {
    const done = await tx.reminders.moveIf(task.id, ["renewal", "sent", "snoozed", "scheduled"], {
      status: "renewed",
      claimedBy: task.claimedBy ?? ctx.userId,
      answeredAt: now,
    });
    if (done) {
      await tx.jobs.cancelPrefix(`reminder:${task.key}`);
      await refresh(env, tx, done);
    }
  }
  const customer = await tx.customers.get(contract.customerId);
  if (customer)
    await enqueueReplies(
      tx,
      customer.telegramChatId,
      [{ kind: "send", card: { body: proactiveText(customer.lang).contract.renewed(ends) } }],
      now,
    );
  await env.tell(tx, ctx, t.renewedDone(number, ends));
}
