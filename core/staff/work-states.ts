/**
 * The owner's work on a ticket, one state at a time: an appointment (预约), arriving on site
 * (到场, which settles the dispatch promise), taking the unit in for repair (送修, with a
 * receipt number), and waiting for parts (待配件). Each tells the customer.
 */
import { formatRef } from "../domain/ticket.ts";
import { localTimeToInstant } from "../sla/calendar.ts";
import type { Store } from "../store/index.ts";
import { formatWindow } from "./card.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { move } from "./transition.ts";

/** The longest receipt number kept. */
const RECEIPT_MAX_CHARS = 60;

/**
 * Parses an appointment window typed by staff: `2026-11-25 14:00-16:00`.
 *
 * @example
 * ```ts
 * parseWindow("2026-11-25", "14:00", "16:00", "Asia/Shanghai", now); // { from, to }
 * ```
 */
export function parseWindow(date: string, from: string, to: string, timeZone: string, now: Date): { from: Date; to: Date } | null {
  try {
    const start = localTimeToInstant(timeZone, date.trim(), from.trim());
    const end = localTimeToInstant(timeZone, date.trim(), to.trim());
    if (end.getTime() <= start.getTime() || end.getTime() <= now.getTime()) return null;
    return { from: start, to: end };
  } catch {
    return null;
  }
}

async function engineerName(tx: Store, staffId: number | null): Promise<string | null> {
  if (!staffId) return null;
  return (await tx.staff.byId(staffId))?.name ?? null;
}

/** Books a visit window (预约); the customer hears when and who. */
export async function appointment(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ref: number | null,
  window: { from: Date; to: Date },
): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "work", { ownOnly: true });
  if (!allowed) return false;
  const { staff, ticket } = allowed;
  const moved = await move(env, tx, ctx, allowed, ["claimed", "scheduled"], "scheduled", {
    type: "appointment",
    data: { from: window.from.toISOString(), to: window.to.toISOString() },
    patch: { appointmentFrom: window.from, appointmentTo: window.to, ...(ticket.assigneeId ? {} : { assigneeId: staff.id }) },
  });
  if (!moved) return false;
  const when = formatWindow(window.from, window.to, env.timeZone);
  const name = await engineerName(tx, moved.assigneeId);
  await env.notifyCustomer(tx, moved, (customerText) =>
    customerText.notify.appointment(formatRef(moved.ref), customerText.notify.engineer(name), when),
  );
  return true;
}

/** The engineer arrived (到场): the dispatch promise is kept if this is within its deadline. */
export async function onSite(env: StaffEnv, tx: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "work", { ownOnly: true });
  if (!allowed) return false;
  const { staff, ticket } = allowed;
  const now = env.now();
  const slaMet = ticket.dispatchDueAt ? now.getTime() <= ticket.dispatchDueAt.getTime() : null;
  const moved = await move(env, tx, ctx, allowed, ["claimed", "scheduled"], "on_site", {
    type: "on_site",
    data: { slaMet },
    patch: {
      arrivedAt: ticket.arrivedAt ?? now,
      ...(ticket.arrivedAt ? {} : { slaMet }),
      ...(ticket.assigneeId ? {} : { assigneeId: staff.id }),
    },
  });
  if (!moved) return false;
  const name = await engineerName(tx, moved.assigneeId);
  await env.notifyCustomer(tx, moved, (customerText) =>
    customerText.notify.onSite(formatRef(moved.ref), customerText.notify.engineer(name)),
  );
  return true;
}

/** The unit was taken in for repair (送修), with the receipt number the customer keeps. */
export async function takenIn(env: StaffEnv, tx: Store, ctx: StaffContext, ref: number | null, receiptNo: string): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "work", { ownOnly: true });
  if (!allowed) return false;
  const receipt = receiptNo.trim();
  if (!receipt) {
    await env.tell(tx, ctx, allowed.text.needReceipt);
    return false;
  }
  const moved = await move(env, tx, ctx, allowed, ["claimed", "scheduled", "on_site"], "in_repair", {
    type: "taken_in",
    data: { receipt },
    patch: { receiptNo: receipt.slice(0, RECEIPT_MAX_CHARS) },
  });
  if (!moved) return false;
  await env.notifyCustomer(tx, moved, (customerText) => customerText.notify.takenIn(formatRef(moved.ref), receipt));
  return true;
}

/** Waiting for parts (待配件). */
export async function waitingParts(env: StaffEnv, tx: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "work", { ownOnly: true });
  if (!allowed) return false;
  const moved = await move(env, tx, ctx, allowed, ["claimed", "scheduled", "on_site", "in_repair"], "waiting_parts", {
    type: "waiting_parts",
  });
  if (!moved) return false;
  await env.notifyCustomer(tx, moved, (customerText) => customerText.notify.waitingParts(formatRef(moved.ref)));
  return true;
}
