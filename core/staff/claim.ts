/**
 * Taking a ticket: an engineer claims an unclaimed one (of many simultaneous claims exactly
 * one wins), or a dispatcher gives it to someone (派工). The customer hears who is coming, and
 * with an LLM a summary of the conversation follows in the thread.
 */
import { windowsCard } from "../customer/appointment-choice.ts";
import { enqueueReplies } from "../customer/outbound.ts";
import { messages } from "../i18n/index.ts";
import { nextWindows } from "../sla/windows.ts";
import { formatRef } from "../domain/ticket.ts";
import type { Store, TicketRow } from "../store/index.ts";
import { refreshCard } from "./card.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { scheduleSummary } from "./conversation-summary.ts";
import { member } from "./directory.ts";
import { WORK_STATUSES, guard, tellWrongState } from "./guard.ts";
import { postInThread } from "./thread.ts";

/**
 * Claims an unclaimed ticket. Atomic: of many simultaneous claims exactly one wins; the
 * others are told who has it.
 *
 * @example
 * ```ts
 * await store.tx((tx) => claim(env, tx, { userId: "U1", reply: { responseUrl } }, 1001));
 * ```
 */
export async function claim(env: StaffEnv, tx: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "claim");
  if (!allowed) return false;
  const { staff, ticket, text } = allowed;
  const now = env.now();
  const moved = await tx.tickets.transition(ticket.id, ["queued"], "claimed", env.actor(staff), now, {
    type: "claimed",
    patch: { assigneeId: staff.id, claimedAt: now, firstResponseAt: ticket.firstResponseAt ?? now },
  });
  if (!moved) {
    const fresh = (await tx.tickets.byId(ticket.id))!;
    const owner = fresh.assigneeId ? await tx.staff.byId(fresh.assigneeId) : null;
    if (owner) await env.tell(tx, ctx, text.alreadyClaimed(formatRef(fresh.ref), env.mention(owner.slackUserId)));
    else await tellWrongState(env, tx, ctx, text, fresh);
    return false;
  }
  await refreshCard(env, tx, moved);
  await postInThread(env, tx, moved, env.channelText.claimedBy(env.mention(staff.slackUserId)));
  await env.notifyCustomer(tx, moved, (customerText) =>
    customerText.notify.claimed(formatRef(moved.ref), customerText.notify.engineer(staff.name)),
  );
  await offerWindows(env, tx, moved);
  await scheduleSummary(env, tx, moved);
  return true;
}

/** Dispatches (派工) a ticket to a staff member. Dispatchers and above. */
export async function assign(env: StaffEnv, tx: Store, ctx: StaffContext, ref: number | null, targetUserId: string): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "assign");
  if (!allowed) return false;
  const { staff, ticket, text } = allowed;
  const target = await member(env, tx, targetUserId);
  if (!target) {
    await env.tell(tx, ctx, text.assigneeNotStaff(env.mention(targetUserId)));
    return false;
  }
  const now = env.now();
  const from = ticket.status;
  if (!["queued", ...WORK_STATUSES].includes(from)) {
    await tellWrongState(env, tx, ctx, text, ticket);
    return false;
  }
  const to = from === "queued" ? "claimed" : from;
  const moved = await tx.tickets.transition(ticket.id, [from], to, env.actor(staff), now, {
    type: "assigned",
    data: { to: target.slackUserId, from: ticket.assigneeId },
    patch: { assigneeId: target.id, claimedAt: ticket.claimedAt ?? now, firstResponseAt: ticket.firstResponseAt ?? now },
  });
  if (!moved) {
    await tellWrongState(env, tx, ctx, text, ticket);
    return false;
  }
  await refreshCard(env, tx, moved);
  await postInThread(env, tx, moved, env.channelText.assignedTo(env.mention(target.slackUserId), env.mention(staff.slackUserId)));
  if (target.slackUserId !== ctx.userId) {
    const targetText = env.textFor(target);
    await env.out(tx, [
      { kind: "dm", user: target.slackUserId, card: { body: targetText.assignedDm(formatRef(moved.ref), env.mention(staff.slackUserId)) } },
    ]);
  }
  await env.notifyCustomer(tx, moved, (customerText) =>
    customerText.notify.claimed(formatRef(moved.ref), customerText.notify.engineer(target.name)),
  );
  await offerWindows(env, tx, moved);
  await scheduleSummary(env, tx, moved);
  return true;
}

/** The customer picks a visit window (预约), when the desk offers windows and the work needs a visit. */
async function offerWindows(env: StaffEnv, tx: Store, ticket: TicketRow): Promise<void> {
  const settings = env.options.appointments;
  if (!settings || !ticket.dispatchDueAt || ticket.appointmentFrom) return;
  const windows = nextWindows(settings.calendar, env.now(), settings);
  if (!windows.length) return;
  const customer = await tx.customers.get(ticket.customerId);
  if (!customer) return;
  const card = windowsCard(messages(customer.lang), ticket.ref, windows, settings.timeZone);
  await enqueueReplies(tx, customer.telegramChatId, [{ kind: "send", card }], env.now());
}
