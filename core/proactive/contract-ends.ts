/**
 * Maintenance contract ends (合同到期): a notice a month before the end (DESK_CONTRACT_NOTICE_DAYS),
 * with Renew (a renewal task for staff, see core/staff/renewal.ts), Not now (once more a week
 * before the end) and Don't remind me (nothing more about this contract's period). A renewed
 * contract has a new end date: a new period, so a new notice in time.
 */
import type { MessageCard } from "../card.ts";
import { proactiveText } from "../i18n/proactive.ts";
import { slotOnDay } from "./hours.ts";
import { reminderButton } from "./buttons.ts";
import { addDaysToDay, dateOf, dayOf } from "./due.ts";
import { REMINDER_SEND_JOB, SENDABLE_STATUSES, daysBetween, optedOut, type ReminderKindDef } from "./kinds.ts";

/** "Not now" brings the notice back this many days before the end. */
export const CONTRACT_LAST_NOTICE_DAYS = 7;

export const contractEnds: ReminderKindDef = {
  kind: "contract",

  async find(env, s, today, scope) {
    const until = addDaysToDay(today, env.config.contractNoticeDays);
    const contracts = await s.reminders.contractsEnding(dateOf(today), dateOf(until), { linkedOnly: true, ...scope });
    return contracts
      .filter((c) => !optedOut(c.customer, "contract"))
      .map((c) => {
        const ends = dayOf(c.endsOn)!;
        return {
          input: {
            key: `contract:${c.id}:${ends}`,
            kind: "contract",
            customerId: c.customerId,
            contractId: c.id,
            productId: c.productId,
            dueOn: ends,
          },
          sendOn: today,
        };
      });
  },

  async card(env, s, reminder, customer, today): Promise<MessageCard | null> {
    const contract = reminder.contractId ? await s.reminders.contract(reminder.contractId) : null;
    const ends = dayOf(contract?.endsOn);
    if (!contract || ends !== dayOf(reminder.dueOn) || ends! < today || !SENDABLE_STATUSES.includes(reminder.status)) return null;
    const t = proactiveText(customer.lang).contract;
    return {
      title: t.title,
      body: t.body(
        env.catalogue.name(contract.category, customer.lang === "en" ? "en" : "zh"),
        contract.number,
        ends!,
        daysBetween(today, ends!),
      ),
      buttons: [
        [reminderButton(reminder.id, "renew", t.renew, "primary"), reminderButton(reminder.id, "later", t.later)],
        [reminderButton(reminder.id, "mute", t.mute)],
      ],
    };
  },

  async answer(env, { turn, reminder, choice, today }) {
    const { tx, now } = turn;
    const t = proactiveText(turn.customer.lang).contract;
    const stale = () => turn.send(proactiveText(turn.customer.lang).stale);
    if (choice === "renew") {
      const moved = await tx.reminders.moveIf(reminder.id, ["sent", "snoozed"], { status: "renewal", answeredAt: now });
      if (!moved) return stale();
      await tx.jobs.cancelPrefix(`reminder:${reminder.key}:`);
      await env.options.events.emit(tx, "renewal.requested", { reminder: moved }, now);
      return turn.send(t.renewAsked);
    }
    if (choice === "later") {
      const moved = await tx.reminders.moveIf(reminder.id, ["sent"], { status: "snoozed", answeredAt: now });
      if (!moved) return stale();
      const day = addDaysToDay(dayOf(reminder.dueOn)!, -CONTRACT_LAST_NOTICE_DAYS);
      if (day <= today) {
        await tx.reminders.update(reminder.id, { status: "muted" });
        return turn.send(t.laterNone);
      }
      const key = `reminder:${reminder.key}:later`;
      await tx.jobs.schedule(
        { kind: REMINDER_SEND_JOB, key, runAt: slotOnDay(env.hours, day, key, now), data: { reminderId: reminder.id } },
        now,
      );
      return turn.send(t.laterSet(day));
    }
    if (choice === "mute") {
      const moved = await tx.reminders.moveIf(reminder.id, ["sent", "snoozed"], { status: "muted", answeredAt: now });
      if (!moved) return stale();
      await tx.jobs.cancelPrefix(`reminder:${reminder.key}:`);
      return turn.send(t.muted);
    }
    return stale();
  },
};
