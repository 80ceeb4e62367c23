/**
 * Consumable due (耗材到期): from the catalogue's replacement interval and the product's last
 * replacement of that consumable (or its last consumable change, install or purchase date),
 * e.g. "您的净水器 PP棉滤芯 已使用 3 个月，建议更换". Book replacement opens a maintenance
 * ticket (fee type decided as for any report, straight to staff on the normal dispatch
 * deadline); Already replaced records today as the replacement date (the next reminder counts
 * from it); Later brings it back in 7 days.
 */
import type { MessageCard } from "../card.ts";
import { openTicket } from "../customer/open-ticket.ts";
import { formatRef } from "../domain/ticket.ts";
import { proactiveText } from "../i18n/proactive.ts";
import { slotOnDay } from "./hours.ts";
import { reminderButton } from "./buttons.ts";
import { addDaysToDay, consumableDue, dayOf, monthsBetween } from "./due.ts";
import { REMINDER_SEND_JOB, SENDABLE_STATUSES, optedOut, type Found, type ReminderKindDef } from "./kinds.ts";

/** "Later" brings the reminder back after this many days. */
export const CONSUMABLE_LATER_DAYS = 7;
/** Products read per page by the scan. */
const PAGE = 2000;

const lang2 = (lang: string): "zh" | "en" => (lang === "en" ? "en" : "zh");

export const consumableDueKind: ReminderKindDef = {
  kind: "consumable",

  async find(env, s, today, scope) {
    const categories = env.catalogue.categories.filter((c) => c.consumables.length);
    const byId = new Map(categories.map((c) => [c.id, c]));
    const found: Found[] = [];
    for (let after = 0; ;) {
      const page = await s.reminders.productsPage([...byId.keys()], after, PAGE, { linkedOnly: true, ...scope });
      for (const p of page) {
        if (optedOut(p.customer, "consumable")) continue;
        for (const c of byId.get(p.category)!.consumables) {
          const due = consumableDue(p, c);
          if (!due || due.due > today) continue;
          found.push({
            input: {
              key: `consumable:${p.id}:${c.id}:${due.due}`,
              kind: "consumable",
              customerId: p.customerId,
              productId: p.id,
              item: c.id,
              dueOn: due.due,
            },
            sendOn: today,
          });
        }
      }
      if (page.length < PAGE) return found;
      after = page[page.length - 1]!.id;
    }
  },

  async card(env, s, reminder, customer, today): Promise<MessageCard | null> {
    const product = reminder.productId ? await s.reminders.product(reminder.productId) : null;
    const def = product && env.catalogue.byId(product.category)?.consumables.find((c) => c.id === reminder.item);
    const due = product && def ? consumableDue(product, def) : null;
    if (!product || !def || !due || due.due !== dayOf(reminder.dueOn) || product.customerId !== customer.id) return null;
    if (!SENDABLE_STATUSES.includes(reminder.status)) return null;
    const t = proactiveText(customer.lang).consumable;
    const lang = lang2(customer.lang);
    return {
      title: t.title,
      body: t.body(
        env.catalogue.name(product.category, lang),
        def.name[lang],
        Math.max(def.intervalMonths, monthsBetween(due.since, today)),
      ),
      buttons: [
        [reminderButton(reminder.id, "book", t.book, "primary"), reminderButton(reminder.id, "done", t.done)],
        [reminderButton(reminder.id, "later", t.later)],
      ],
    };
  },

  async answer(env, { turn, reminder, choice, today }) {
    const { tx, now } = turn;
    const t = proactiveText(turn.customer.lang).consumable;
    const stale = () => turn.send(proactiveText(turn.customer.lang).stale);
    const product = reminder.productId ? await tx.records.productOf(turn.customer.id, reminder.productId) : null;
    const def = product && env.catalogue.byId(product.category)?.consumables.find((c) => c.id === reminder.item);
    if (!product || !def) return stale();
    if (choice === "book") {
      const moved = await tx.reminders.moveIf(reminder.id, ["sent", "snoozed"], { status: "booked", answeredAt: now });
      if (!moved) return stale();
      await tx.jobs.cancelPrefix(`reminder:${reminder.key}:`);
      const ticket = await openTicket(turn, {
        kind: "maintenance",
        category: product.category,
        model: product.model,
        purchase: dayOf(product.purchaseDate),
        description: t.bookingText(def.name[lang2(turn.customer.lang)]),
        photos: [],
        productId: product.id,
      });
      // a booked replacement needs a visit, not first-line help: straight to staff
      const queued = await tx.tickets.patch(ticket.id, { selfHelpResult: "none" });
      await tx.tickets.event(ticket.id, "reminder_booking", { type: "system" }, now, { reminder: reminder.key });
      await env.options.events.emit(tx, "ticket.queued", { ticket: queued }, now);
      return turn.send(t.booked(formatRef(ticket.ref)));
    }
    if (choice === "done") {
      const moved = await tx.reminders.moveIf(reminder.id, ["sent", "snoozed"], { status: "replaced", answeredAt: now });
      if (!moved) return stale();
      await tx.jobs.cancelPrefix(`reminder:${reminder.key}:`);
      await tx.reminders.consumableReplaced(product.id, def.id, today);
      return turn.send(t.recorded(today));
    }
    if (choice === "later") {
      const moved = await tx.reminders.moveIf(reminder.id, ["sent"], { status: "snoozed", answeredAt: now });
      if (!moved) return stale();
      const day = addDaysToDay(today, CONSUMABLE_LATER_DAYS);
      const key = `reminder:${reminder.key}:later:${day}`;
      await tx.jobs.schedule(
        { kind: REMINDER_SEND_JOB, key, runAt: slotOnDay(env.hours, day, key, now), data: { reminderId: reminder.id } },
        now,
      );
      return turn.send(t.laterSet(day));
    }
    return stale();
  },
};
