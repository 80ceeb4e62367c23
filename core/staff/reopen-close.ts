/**
 * Ending a ticket without a repair, and the way back: dispatchers close a ticket as invalid
 * or a duplicate (with a reason the customer hears); the owner or a supervisor reopens a
 * resolved, unsatisfied or closed ticket.
 */
import { formatRef } from "../domain/ticket.ts";
import type { Store } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { member } from "./directory.ts";
import { WORK_STATUSES, guard } from "./guard.ts";
import { move } from "./transition.ts";

/** The longest close reason kept. */
const CLOSE_REASON_MAX_CHARS = 500;

/** Closes a ticket as invalid or duplicate, with a reason. Dispatchers and above. */
export async function close(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ref: number | null,
  kind: "invalid" | "duplicate",
  reason: string,
): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "close");
  if (!allowed) return false;
  if (!reason.trim()) {
    await env.tell(tx, ctx, allowed.text.needReason);
    return false;
  }
  const channelText = env.channelText;
  const transition = channelText.transition(
    env.mention(allowed.staff.slackUserId),
    channelText.statuses[allowed.ticket.status] ?? allowed.ticket.status,
    channelText.statuses.closed ?? "closed",
  );
  const moved = await move(env, tx, ctx, allowed, ["self_help", "queued", ...WORK_STATUSES], "closed", {
    type: kind,
    data: { reason },
    patch: { resolution: kind, closeReason: reason.slice(0, CLOSE_REASON_MAX_CHARS), closedAt: env.now() },
    threadLine: `${transition}\n${channelText.closedWith(reason)}`,
  });
  if (!moved) return false;
  await env.notifyCustomer(tx, moved, (customerText) => customerText.notify.closed(formatRef(moved.ref), reason));
  return true;
}

/** Sends a resolved, unsatisfied or closed ticket back to work. The owner, or supervisors. */
export async function reopen(env: StaffEnv, tx: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
  const staff = await member(env, tx, ctx.userId, ctx.name);
  const current = ref ? await tx.tickets.byRef(ref) : null;
  const own = !!staff && !!current && current.assigneeId === staff.id;
  const allowed = await guard(env, tx, ctx, ref, own ? "work" : "reopen_any", { allowFinished: true });
  if (!allowed) return false;
  const { ticket, text } = allowed;
  if (ticket.status === "cancelled") {
    await env.tell(tx, ctx, text.finished(formatRef(ticket.ref), text.statuses.cancelled ?? ticket.status));
    return false;
  }
  const to = ticket.assigneeId ? "claimed" : "queued";
  const moved = await move(env, tx, ctx, allowed, ["resolved", "callback_needed", "closed"], to, {
    type: "reopened",
    patch: { reopenCount: ticket.reopenCount + 1, resolution: null, resolvedAt: null, closedAt: null },
  });
  if (!moved) return false;
  await env.notifyCustomer(tx, moved, (customerText) => customerText.notify.reopened(formatRef(moved.ref)));
  return true;
}
