/**
 * Complaints on the staff side: the card goes to the complaints channel (a major complaint
 * also to every manager at once), staff can change the severity, and the handling record
 * (客户投诉处理表) closes the complaint and tells the customer the result.
 */
import { formatRef } from "../domain/ticket.ts";
import type { Store, TicketRow } from "../store/index.ts";
import { postCard, refreshCard } from "./card.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { managerUserIds } from "./directory.ts";
import { WORK_STATUSES, guard } from "./guard.ts";
import { postInThread } from "./thread.ts";
import { move } from "./transition.ts";

/** How much of the complaint the managers' alert quotes. */
const ALERT_QUOTE_MAX_CHARS = 500;

/** The complaint handling record, as staff fill it in. */
export interface ComplaintRecord {
  whatHappened: string;
  cause: string;
  responsibility: string;
  action: string;
  result: string;
  reaction: string;
}

/**
 * A complaint arrived: its card to the complaints channel; a major one to every manager at once.
 *
 * @example
 * ```ts
 * events.on("complaint.opened", (tx, { ticket }) => complaintOpened(env, tx, ticket));
 * ```
 */
export async function complaintOpened(env: StaffEnv, tx: Store, ticket: TicketRow): Promise<void> {
  const channel = env.channels.complaints ?? env.channels.triage;
  if (!channel) {
    env.options.log.warn("staff.no_complaints_channel", { ref: ticket.ref, hint: "set SLACK_COMPLAINTS_CHANNEL" });
    return;
  }
  const placed = await postCard(env, tx, ticket, channel);
  const complaint = await tx.complaints.byTicket(placed.id);
  if (complaint?.severity === "major") await alertManagers(env, tx, placed);
}

async function alertManagers(env: StaffEnv, tx: Store, ticket: TicketRow): Promise<void> {
  for (const user of await managerUserIds(env, tx)) {
    const text = env.textFor(await tx.staff.byUser(user));
    const body = text.complaint.majorDm(formatRef(ticket.ref), ticket.description.slice(0, ALERT_QUOTE_MAX_CHARS));
    await env.out(tx, [{ kind: "dm", user, card: { body } }]);
  }
}

/** Staff change a complaint's severity (null: toggle); upgrading to major alerts the managers. */
export async function setSeverity(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ref: number | null,
  severity: "major" | "ordinary" | null,
): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "work");
  if (!allowed) return false;
  const { staff, ticket, text } = allowed;
  const complaint = await tx.complaints.byTicket(ticket.id);
  if (!complaint) {
    await env.tell(tx, ctx, text.wrongState(formatRef(ticket.ref), text.kinds[ticket.kind] ?? ticket.kind));
    return false;
  }
  const next = severity ?? (complaint.severity === "major" ? "ordinary" : "major");
  if (next === complaint.severity) return true;
  await tx.complaints.update(ticket.id, { severity: next });
  await tx.tickets.event(ticket.id, "severity", env.actor(staff), env.now(), { from: complaint.severity, to: next });
  await refreshCard(env, tx, ticket);
  const complaintText = env.channelText.complaint;
  await postInThread(
    env,
    tx,
    ticket,
    complaintText.severityChanged(env.mention(staff.slackUserId), complaintText.severities[next] ?? next),
  );
  if (next === "major") await alertManagers(env, tx, ticket);
  return true;
}

/** The complaint handling record (客户投诉处理表); the result is told to the customer, and the complaint closes. */
export async function recordComplaint(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ref: number | null,
  record: ComplaintRecord,
): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "work", { ownOnly: true });
  if (!allowed) return false;
  const { staff, ticket, text } = allowed;
  if (!(await tx.complaints.byTicket(ticket.id))) {
    await env.tell(tx, ctx, text.wrongState(formatRef(ticket.ref), text.kinds[ticket.kind] ?? ticket.kind));
    return false;
  }
  if (!record.result.trim()) {
    await env.tell(tx, ctx, text.needText);
    return false;
  }
  const now = env.now();
  const complaint = await tx.complaints.byTicket(ticket.id);
  await tx.complaints.update(ticket.id, {
    whatHappened: record.whatHappened || complaint?.whatHappened,
    cause: record.cause || null,
    responsibility: record.responsibility || null,
    action: record.action || null,
    result: record.result,
    reaction: record.reaction || null,
    repliedAt: complaint?.repliedAt ?? now,
  });
  const moved = await move(env, tx, ctx, allowed, ["queued", ...WORK_STATUSES], "closed", {
    type: "complaint_handled",
    data: { result: record.result },
    patch: {
      resolution: "handled",
      resolvedAt: now,
      closedAt: now,
      firstResponseAt: ticket.firstResponseAt ?? now,
      ...(ticket.assigneeId ? {} : { assigneeId: staff.id }),
    },
    threadLine: env.channelText.complaint.handled(env.mention(staff.slackUserId)),
  });
  if (!moved) return false;
  await env.notifyCustomer(tx, moved, (customerText) => customerText.complaint.result(formatRef(moved.ref), record.result));
  return true;
}
