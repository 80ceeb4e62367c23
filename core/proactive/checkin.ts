/**
 * The check-in after a resolved repair (回访: "机器使用正常吗？"), off unless
 * DESK_CHECKIN_DAYS is set: that many days after a repair, install or maintenance job was
 * resolved, the customer is asked how the machine runs. "Working fine" closes the question;
 * "Still a problem" reopens the ticket (back to its engineer, or to the queue), and staff see
 * it on the card and in its thread. A ticket reopened and resolved again gets a new check-in.
 */
import type { MessageCard } from "../card.ts";
import { localDate } from "../domain/date.ts";
import { formatRef } from "../domain/ticket.ts";
import { proactiveText } from "../i18n/proactive.ts";
import type { Store, TicketRow } from "../store/index.ts";
import { reminderButton } from "./buttons.ts";
import { addDaysToDay } from "./due.ts";
import { slotOnDay } from "./hours.ts";
import { REMINDER_SEND_JOB, SENDABLE_STATUSES, type ProactiveEnv, type ReminderKindDef } from "./kinds.ts";

/** Jobs that get a check-in. */
const CHECKED_KINDS = ["repair", "install", "maintenance"];
/** A ticket the check-in may still ask about (and reopen). */
const FINISHED = ["resolved", "closed"];

/** `ticket.resolved`: the check-in, N days on, if the desk does them. */
export async function scheduleCheckin(env: ProactiveEnv, tx: Store, ticket: TicketRow, now: Date): Promise<void> {
  const days = env.config.checkinDays;
  if (!days || !CHECKED_KINDS.includes(ticket.kind)) return;
  const resolved = localDate(ticket.resolvedAt ?? now, env.hours.timeZone);
  const due = addDaysToDay(resolved, days);
  const key = `checkin:${ticket.id}:${resolved}`;
  const [created] = await tx.reminders.insertMissing(
    [{ key, kind: "checkin", customerId: ticket.customerId, ticketId: ticket.id, productId: ticket.productId, dueOn: due }],
    now,
  );
  if (!created) return;
  const id = (await tx.reminders.byKey(key))!.id;
  await tx.jobs.schedule(
    { kind: REMINDER_SEND_JOB, key: `reminder:${key}`, runAt: slotOnDay(env.hours, due, key, now), data: { reminderId: id } },
    now,
  );
}

export const checkin: ReminderKindDef = {
  kind: "checkin",

  // made when a ticket is resolved (scheduleCheckin), not found by the scan
  find: async () => [],

  async card(env, s, reminder, customer): Promise<MessageCard | null> {
    const ticket = reminder.ticketId ? await s.tickets.byId(reminder.ticketId) : null;
    const resolvedOn = ticket?.resolvedAt ? localDate(ticket.resolvedAt, env.hours.timeZone) : null;
    if (!ticket || !FINISHED.includes(ticket.status) || !SENDABLE_STATUSES.includes(reminder.status)) return null;
    if (!resolvedOn || !reminder.key.endsWith(`:${resolvedOn}`)) return null;
    const t = proactiveText(customer.lang).checkin;
    return {
      title: t.title,
      body: t.body(formatRef(ticket.ref), env.catalogue.name(ticket.category ?? "other", customer.lang === "en" ? "en" : "zh")),
      buttons: [[reminderButton(reminder.id, "ok", t.ok, "primary"), reminderButton(reminder.id, "problem", t.problem)]],
    };
  },

  async answer(env, { turn, reminder, choice }) {
    const { tx, now } = turn;
    const t = proactiveText(turn.customer.lang).checkin;
    const stale = () => turn.send(proactiveText(turn.customer.lang).stale);
    if (choice !== "ok" && choice !== "problem") return stale();
    const moved = await tx.reminders.moveIf(reminder.id, ["sent"], { status: choice === "ok" ? "answered" : "reopened", answeredAt: now });
    if (!moved) return stale();
    if (choice === "ok") return turn.send(t.thanks);
    const found = reminder.ticketId ? await tx.tickets.byId(reminder.ticketId) : null;
    const ticket = found?.customerId === turn.customer.id ? found : null;
    const reopened = ticket
      ? await tx.tickets.transition(ticket.id, FINISHED, ticket.assigneeId ? "claimed" : "queued", turn.actor, now, {
          type: "reopened",
          patch: { reopenCount: ticket.reopenCount + 1, resolution: null, resolvedAt: null, closedAt: null },
          data: { by: "checkin" },
        })
      : null;
    if (!reopened) return turn.send(t.cannotReopen);
    await env.options.events.emit(tx, "ticket.changed", { ticket: reopened }, now);
    await env.options.events.emit(
      tx,
      "customer.message",
      { ticket: reopened, message: { text: `${t.title}: ${t.problem}`, photos: [] } },
      now,
    );
    return turn.send(t.reopened(formatRef(reopened.ref)));
  },
};
