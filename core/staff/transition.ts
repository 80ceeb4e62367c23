/**
 * One status change by staff, with its effects: the audit event, the card updated in place,
 * and a line in the ticket's thread. Refused (and the actor told) when the ticket has moved
 * on meanwhile.
 */
import type { JsonValue, Store, TicketPatch, TicketRow } from "../store/index.ts";
import { refreshCard } from "./card.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import type { Allowed } from "./guard.ts";
import { tellWrongState } from "./guard.ts";
import { postInThread } from "./thread.ts";

export interface MoveOptions {
  patch?: TicketPatch;
  /** the audit event's type (default: the transition) */
  type?: string;
  data?: JsonValue;
  /** the thread line instead of "who moved it from → to" */
  threadLine?: string;
}

/**
 * Applies a transition and its effects: audit, card, thread line.
 *
 * @example
 * ```ts
 * const moved = await move(env, tx, ctx, allowed, ["claimed"], "on_site", { type: "on_site" });
 * if (!moved) return false; // the actor was told the ticket's state
 * ```
 */
export async function move(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  allowed: Allowed,
  from: readonly string[],
  to: string,
  opts: MoveOptions = {},
): Promise<TicketRow | null> {
  const { staff, ticket, text } = allowed;
  const moved = await tx.tickets.transition(ticket.id, from, to, env.actor(staff), env.now(), {
    patch: opts.patch,
    type: opts.type,
    data: opts.data,
  });
  if (!moved) {
    await tellWrongState(env, tx, ctx, text, (await tx.tickets.byId(ticket.id))!);
    return null;
  }
  const channelText = env.channelText;
  await refreshCard(env, tx, moved);
  await postInThread(
    env,
    tx,
    moved,
    opts.threadLine ??
      channelText.transition(
        env.mention(staff.slackUserId),
        channelText.statuses[ticket.status] ?? ticket.status,
        channelText.statuses[to] ?? to,
      ),
  );
  return moved;
}
