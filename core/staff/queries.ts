/**
 * Views for one staff member, answered privately: a ticket's history (`/desk <ref>`), their
 * own open tickets (`/desk mine`) and the unclaimed queue (`/desk queue`).
 */
import { OPEN_STATUSES, formatRef } from "../domain/ticket.ts";
import type { StaffMessages } from "../i18n/staff.ts";
import { formatLocal } from "../sla/calendar.ts";
import type { StaffRow, Store, TicketRow } from "../store/index.ts";
import { ticketCard, ticketLine } from "./card.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { member } from "./directory.ts";

/** The acting staff member and their text, or null after telling a non-member why not. */
async function asker(env: StaffEnv, tx: Store, ctx: StaffContext): Promise<{ staff: StaffRow; text: StaffMessages } | null> {
  const staff = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(staff);
  if (!staff) {
    await env.tell(tx, ctx, text.notStaff);
    return null;
  }
  return { staff, text };
}

function historyIcon(author: string): string {
  if (author === "note") return "🔒";
  return author === "customer" ? "👤" : "💬";
}

/** A ticket's card fields, then its audit events and messages in time order, then the repair record. */
export async function history(env: StaffEnv, tx: Store, ctx: StaffContext, ref: number | null): Promise<void> {
  const me = await asker(env, tx, ctx);
  if (!me) return;
  const { text } = me;
  const ticket = ref ? await tx.tickets.byRef(ref) : null;
  if (!ticket) return env.tell(tx, ctx, text.unknownTicket(ref ? formatRef(ref) : "?"));
  const events = await tx.tickets.events(ticket.id);
  const conversation = await tx.tickets.messages(ticket.id);
  const repair = await tx.tickets.repair(ticket.id);
  const entries: { at: Date; line: string }[] = [];
  for (const event of events) {
    const who = event.actorType === "staff" && event.actorId ? env.mention(event.actorId) : event.actorType;
    const moved =
      event.fromStatus || event.toStatus
        ? ` ${text.statuses[event.fromStatus ?? ""] ?? event.fromStatus ?? ""} → ${text.statuses[event.toStatus ?? ""] ?? event.toStatus ?? ""}`
        : "";
    const data = event.data && typeof event.data === "object" && Object.keys(event.data).length ? ` ${JSON.stringify(event.data)}` : "";
    entries.push({ at: event.at, line: `${event.type} · ${who}${moved}${data}` });
  }
  for (const message of conversation) {
    entries.push({ at: message.createdAt, line: `${historyIcon(message.author)} ${message.text || "📷"}` });
  }
  entries.sort((left, right) => left.at.getTime() - right.at.getTime());
  const card = await ticketCard(env, tx, ticket);
  const repairLines = repair
    ? [
        text.resolvedSummary(
          repair.workDone,
          String(repair.hours),
          repair.parts.map((part) => `${part.name}×${part.qty}`).join("、") || text.noParts,
          text.feeLine(repair.feeAmount.toFixed(2), text.fees[repair.feeType] ?? repair.feeType),
        ),
      ]
    : [];
  await env.tell(tx, ctx, {
    title: text.historyTitle(formatRef(ticket.ref)),
    fields: card.fields,
    body: [...entries.map((entry) => `${formatLocal(entry.at, env.timeZone)}  ${entry.line}`), ...repairLines].join("\n"),
  });
}

async function tellList(env: StaffEnv, tx: Store, ctx: StaffContext, text: StaffMessages, title: string, empty: string, list: TicketRow[]) {
  if (!list.length) return env.tell(tx, ctx, empty);
  await env.tell(tx, ctx, { title, body: list.map((ticket) => ticketLine(env, ticket, text)).join("\n") });
}

/** `/desk mine`: the asker's open tickets. */
export async function mine(env: StaffEnv, tx: Store, ctx: StaffContext): Promise<void> {
  const me = await asker(env, tx, ctx);
  if (!me) return;
  const list = await tx.tickets.listForAssignee(me.staff.id, OPEN_STATUSES);
  await tellList(env, tx, ctx, me.text, me.text.mineTitle, me.text.mineEmpty, list);
}

/** `/desk queue`: the tickets nobody has claimed yet. */
export async function queue(env: StaffEnv, tx: Store, ctx: StaffContext): Promise<void> {
  const me = await asker(env, tx, ctx);
  if (!me) return;
  const list = await tx.tickets.listByStatus(["queued"]);
  await tellList(env, tx, ctx, me.text, me.text.queueTitle, me.text.queueEmpty, list);
}
