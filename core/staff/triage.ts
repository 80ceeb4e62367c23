/**
 * A ticket reaches staff: its card goes to the triage channel (once), and its thread gets
 * what the customer sent so far (later messages, photos). A ticket that already has a card
 * gets it updated instead.
 */
import type { Store, TicketRow } from "../store/index.ts";
import { postCard, refreshCard } from "./card.ts";
import type { StaffEnv } from "./context.ts";
import { photoInThread, postInThread } from "./thread.ts";

/**
 * A ticket needs staff: post its card to the triage channel (once), with the customer's
 * photos and later messages in its thread. A ticket that already has a card gets it updated.
 *
 * @example
 * ```ts
 * events.on("ticket.queued", (tx, { ticket }) => ticketQueued(env, tx, ticket));
 * ```
 */
export async function ticketQueued(env: StaffEnv, tx: Store, ticket: TicketRow): Promise<void> {
  if (ticket.slackChannel) {
    await refreshCard(env, tx, ticket);
    return;
  }
  const channel = env.channels.triage;
  if (!channel) {
    env.options.log.warn("staff.no_triage_channel", { ref: ticket.ref, hint: "set SLACK_TRIAGE_CHANNEL" });
    return;
  }
  const placed = await postCard(env, tx, ticket, channel);
  const history = await tx.tickets.messages(placed.id);
  const attachments = await tx.tickets.attachments(placed.id);
  for (const [index, message] of history.entries()) {
    // the first message is the card's description
    if (index > 0 && message.author === "customer" && message.text) {
      await postInThread(env, tx, placed, env.channelText.customerSays(message.text));
    }
    for (const attachment of attachments.filter((candidate) => candidate.messageId === message.id)) {
      await photoInThread(env, tx, placed, {
        platform: attachment.platform,
        fileId: attachment.fileId,
        caption: attachment.caption ?? undefined,
      });
    }
  }
}
