/**
 * The thread bridge: each ticket's card has a thread where its story is told. The customer's
 * messages and photos appear there; a staff member's message there goes to the customer,
 * unless it is a note (`note:` / `备注:`), which stays internal.
 */
import type { MessageCard } from "../card.ts";
import { formatRef } from "../domain/ticket.ts";
import type { CustomerMessageEvent } from "../events.ts";
import { enqueueReplies } from "../customer/outbound.ts";
import type { Reply } from "../customer/types.ts";
import { messages, type Messages } from "../i18n/index.ts";
import type { Store, TicketRow } from "../store/index.ts";
import { refreshCard } from "./card.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { megabytes, planFile, type SharedFile } from "./thread-files.ts";

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
 * A staff message in the ticket's thread, with any files shared with it. Notes (`note:` /
 * `备注:`) stay internal, files and all; anything else goes to the customer: the text, and
 * each file as a photo or document with the text as its caption. Returns what happened.
 */
export async function threadMessage(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ticket: TicketRow,
  typed: string,
  files: SharedFile[] = [],
  filePlatform = "slack",
): Promise<ThreadMessageOutcome> {
  const asNote = NOTE_PREFIX.exec(typed);
  if (asNote) {
    const text = (asNote[2] ?? "").trim() || files.map((file) => file.name).join(", ");
    return (await note(env, tx, ctx, ticket.ref, text, { alreadyVisible: true })) ? "note" : "refused";
  }
  const allowed = await guard(env, tx, ctx, ticket.ref, "work", { ownOnly: true });
  if (!allowed) return "refused";
  const body = typed.trim();
  if (!body && !files.length) return "refused";
  const now = env.now();
  await tx.tickets.addMessage(ticket.id, "staff", body, now, {
    authorId: allowed.staff.slackUserId,
    photos: files.map((file) => ({ fileId: file.id, caption: file.name, platform: filePlatform })),
  });
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
  const said = (customerText: Messages) =>
    `${customerText.notify.reply(formatRef(ticket.ref), customerText.notify.engineer(engineer))}${body ? `\n${body}` : ""}`;
  if (!files.length) {
    await env.notifyCustomer(tx, ticket, said);
    return "relayed";
  }
  // each file with the comment as its caption (the first one; the others with the header only)
  const customer = await tx.customers.get(ticket.customerId);
  const customerText = messages(customer?.lang ?? ticket.lang);
  const replies: Reply[] = [];
  const tooBig: string[] = [];
  files.forEach((file, i) => {
    const plan = planFile(file, filePlatform, i === 0 ? said(customerText) : said(customerText).split("\n")[0]);
    if ("send" in plan) replies.push({ kind: "file", file: plan.send });
    else tooBig.push(env.textFor(allowed.staff).fileTooBig(file.name, megabytes(file.size), megabytes(plan.limitBytes)));
  });
  // nothing sendable: the comment still goes as text
  if (!replies.length && body) replies.push({ kind: "send", card: { body: said(customerText) } });
  if (customer) await enqueueReplies(tx, customer.telegramChatId, replies, now);
  if (tooBig.length) await env.tell(tx, ctx, tooBig.join("\n"));
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
