/**
 * The thread bridge: each ticket's card has a thread where its story is told. The customer's
 * messages and photos appear there; a staff member's message there goes to the customer,
 * unless it is a note (`note:` / `备注:`), which stays internal.
 */
import type { MessageCard } from "../card.ts";
import { formatRef } from "../domain/ticket.ts";
import type { CustomerMessageEvent } from "../events.ts";
import type { Store, TicketRow } from "../store/index.ts";
import { refreshCard } from "./card.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { guard } from "./guard.ts";

/** A thread message that starts like this is an internal note. */
const NOTE_PREFIX = /^\s*(note|备注|內部|内部)\s*[:：]\s*([\s\S]*)$/i;

/** What became of a staff message in a ticket's thread. */
export type ThreadMessageOutcome = "relayed" | "note" | "refused";

/**
 * Posts into the ticket's thread (if it has a card).
 *
 * @example
 * ```ts
 * await postInThread(env, tx, ticket, env.channelText.customerSays("still broken"));
 * ```
 */
export async function postInThread(env: StaffEnv, tx: Store, ticket: TicketRow, card: MessageCard | string): Promise<void> {
  if (!ticket.slackChannel) return;
  await env.out(tx, [
    {
      kind: "post",
      channel: ticket.slackChannel,
      thread: { ticketId: ticket.id },
      card: typeof card === "string" ? { body: card } : card,
    },
  ]);
}

/** Uploads a customer's photo into the ticket's thread. */
export async function photoInThread(
  env: StaffEnv,
  tx: Store,
  ticket: TicketRow,
  photo: { platform: string; fileId: string; caption?: string },
): Promise<void> {
  if (!ticket.slackChannel) return;
  await env.out(tx, [
    {
      kind: "file",
      channel: ticket.slackChannel,
      thread: { ticketId: ticket.id },
      source: { platform: photo.platform, fileId: photo.fileId },
      title: photo.caption,
    },
  ]);
}

/** The customer wrote on the ticket: show it in the thread. */
export async function customerMessage(env: StaffEnv, tx: Store, ticket: TicketRow, message: CustomerMessageEvent): Promise<void> {
  if (!ticket.slackChannel) return;
  if (message.text) await postInThread(env, tx, ticket, env.channelText.customerSays(message.text));
  for (const photo of message.photos) await photoInThread(env, tx, ticket, { platform: "telegram", ...photo });
}

/**
 * A staff message in the ticket's thread. Notes (`note:` / `备注:`) stay internal; anything
 * else goes to the customer. Returns what happened.
 */
export async function threadMessage(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ticket: TicketRow,
  typed: string,
): Promise<ThreadMessageOutcome> {
  const asNote = NOTE_PREFIX.exec(typed);
  if (asNote) return (await note(env, tx, ctx, ticket.ref, asNote[2] ?? "", { alreadyVisible: true })) ? "note" : "refused";
  const allowed = await guard(env, tx, ctx, ticket.ref, "work", { ownOnly: true });
  if (!allowed) return "refused";
  const body = typed.trim();
  if (!body) return "refused";
  const now = env.now();
  await tx.tickets.addMessage(ticket.id, "staff", body, now, { authorId: allowed.staff.slackUserId });
  await tx.tickets.event(ticket.id, "staff_reply", env.actor(allowed.staff), now);
  if (!ticket.firstResponseAt) await tx.tickets.patch(ticket.id, { firstResponseAt: now });
  if (ticket.kind === "complaint") {
    const complaint = await tx.complaints.byTicket(ticket.id);
    if (complaint && !complaint.repliedAt) {
      await tx.complaints.update(ticket.id, { repliedAt: now });
      await refreshCard(env, tx, ticket);
    }
  }
  const engineer = allowed.staff.name;
  await env.notifyCustomer(
    tx,
    ticket,
    (customerText) => `${customerText.notify.reply(formatRef(ticket.ref), customerText.notify.engineer(engineer))}\n${body}`,
  );
  return "relayed";
}

/** Records an internal note; never reaches the customer. */
export async function note(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ref: number | null,
  typed: string,
  opts: { alreadyVisible?: boolean } = {},
): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "work", { allowFinished: true });
  if (!allowed) return false;
  const { staff, ticket, text } = allowed;
  const body = typed.trim();
  if (!body) {
    await env.tell(tx, ctx, text.needText);
    return false;
  }
  const now = env.now();
  await tx.tickets.addMessage(ticket.id, "note", body, now, { authorId: staff.slackUserId });
  await tx.tickets.event(ticket.id, "note", env.actor(staff), now);
  // a note typed in the thread is already there as typed: only mark it
  const card = opts.alreadyVisible ? env.channelText.noteRecorded : `${env.mention(staff.slackUserId)}: ${body}`;
  await postInThread(env, tx, ticket, { body: card, internal: true });
  return true;
}
