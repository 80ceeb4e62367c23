/**
 * Who may do what on which ticket. Every staff action starts here: the actor must be staff
 * with the capability (see `roles.ts` for which role has which), the ticket must exist and
 * not be finished, and for the owner's own work it must be theirs, unless their role may
 * work on anyone's. The same check runs before a form opens (`may`) and when it is
 * submitted, so a form never offers what the action would refuse.
 *
 * Claiming needs `claim`; dispatching to someone else `assign`; closing `close`; the work
 * states, the repair record, notes and thread replies `work` (own tickets only, unless
 * `work_any`); reopening someone else's ticket `reopen_any`.
 */
import { formatRef } from "../domain/ticket.ts";
import type { StaffMessages } from "../i18n/staff.ts";
import type { StaffRow, Store, TicketRow } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { member } from "./directory.ts";
import { can, type Capability } from "./roles.ts";

/** Statuses in which staff work on a ticket. */
export const WORK_STATUSES = ["claimed", "scheduled", "on_site", "in_repair", "waiting_parts"] as const;
/** Statuses nobody may act on any more (reopen is the way back). */
const FINISHED = ["closed", "cancelled"];

export interface GuardOptions {
  /** only the ticket's owner may act (or a role that may work on anyone's) */
  ownOnly?: boolean;
  /** closed and cancelled tickets too (notes, reopen) */
  allowFinished?: boolean;
}

/** An allowed action: who acts, on which ticket, and the text in their language. */
export interface Allowed {
  staff: StaffRow;
  ticket: TicketRow;
  text: StaffMessages;
}

/**
 * Checks that the actor is staff with the capability, that the ticket exists and is not
 * finished, and that it is theirs (or they may act on anyone's). Tells them why not.
 *
 * @example
 * ```ts
 * const allowed = await guard(env, tx, ctx, 1001, "work", { ownOnly: true });
 * if (!allowed) return false; // the actor was told why
 * ```
 */
export async function guard(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ref: number | null,
  capability: Capability,
  opts: GuardOptions = {},
): Promise<Allowed | null> {
  const staff = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(staff);
  if (!staff) {
    await env.tell(tx, ctx, text.notStaff);
    return null;
  }
  if (!can(staff.role, capability)) {
    await env.tell(tx, ctx, text.noPermission(text.roles[staff.role] ?? staff.role));
    return null;
  }
  const ticket = ref ? await tx.tickets.byRef(ref) : null;
  if (!ticket) {
    await env.tell(tx, ctx, text.unknownTicket(ref ? formatRef(ref) : "?"));
    return null;
  }
  if (!opts.allowFinished && FINISHED.includes(ticket.status)) {
    await env.tell(tx, ctx, text.finished(formatRef(ticket.ref), text.statuses[ticket.status] ?? ticket.status));
    return null;
  }
  if (opts.ownOnly && ticket.assigneeId && ticket.assigneeId !== staff.id && !can(staff.role, "work_any")) {
    const owner = await tx.staff.byId(ticket.assigneeId);
    await env.tell(tx, ctx, text.notOwner(owner ? env.mention(owner.slackUserId) : text.label.nobody));
    return null;
  }
  return { staff, ticket, text };
}

/**
 * The same check an action makes, without acting (before opening its form); tells the
 * actor why not.
 */
export async function may(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ref: number | null,
  capability: Capability,
  opts: GuardOptions = {},
): Promise<boolean> {
  return !!(await guard(env, tx, ctx, ref, capability, opts));
}

/** Tells the actor the ticket is not in a state for this action. */
export async function tellWrongState(env: StaffEnv, tx: Store, ctx: StaffContext, text: StaffMessages, ticket: TicketRow): Promise<void> {
  await env.tell(tx, ctx, text.wrongState(formatRef(ticket.ref), text.statuses[ticket.status] ?? ticket.status));
}
