/**
 * Warranty ends (保修到期), off unless DESK_NOTIFY_WARRANTY=1: a notice
 * DESK_WARRANTY_NOTICE_DAYS (30) before a product's warranty ends, with an offer of a
 * maintenance contract ("About contracts" makes a task for staff, like a renewal) or Don't
 * remind me. Products already under a contract on the warranty's last day are left alone.
 */
import type { MessageCard } from "../card.ts";
import { proactiveText } from "../i18n/proactive.ts";
import { reminderButton } from "./buttons.ts";
import { addDaysToDay, dateOf, dayOf, warrantyEnd } from "./due.ts";
import { SENDABLE_STATUSES, optedOut, type Found, type ReminderKindDef } from "./kinds.ts";

const PAGE = 2000;

export const warrantyEnds: ReminderKindDef = {
  kind: "warranty",

  async find(env, s, today, scope) {
    const until = addDaysToDay(today, env.config.warrantyNoticeDays);
    const found: Found[] = [];
    for (let after = 0; ;) {
      const page = await s.reminders.productsPage(env.catalogue.ids, after, PAGE, { linkedOnly: true, ...scope });
      for (const p of page) {
        const end = warrantyEnd(p, env.options.warrantyMonths);
        if (!end || end < today || end > until || optedOut(p.customer, "warranty")) continue;
        if (await s.records.activeContract(p.customerId, { category: p.category, productId: p.id }, dateOf(end))) continue;
        found.push({
          input: { key: `warranty:${p.id}:${end}`, kind: "warranty", customerId: p.customerId, productId: p.id, dueOn: end },
          sendOn: today,
        });
      }
      if (page.length < PAGE) return found;
      after = page[page.length - 1]!.id;
    }
  },

  async card(env, s, reminder, customer, today): Promise<MessageCard | null> {
    const product = reminder.productId ? await s.reminders.product(reminder.productId) : null;
    const end = product ? warrantyEnd(product, env.options.warrantyMonths) : null;
    if (!product || !end || end !== dayOf(reminder.dueOn) || end < today || !SENDABLE_STATUSES.includes(reminder.status)) return null;
    if (await s.records.activeContract(product.customerId, { category: product.category, productId: product.id }, dateOf(end))) return null;
    const t = proactiveText(customer.lang).warranty;
    return {
      title: t.title,
      body: t.body(env.catalogue.name(product.category, customer.lang === "en" ? "en" : "zh"), end),
      buttons: [[reminderButton(reminder.id, "offer", t.offer, "primary"), reminderButton(reminder.id, "mute", t.mute)]],
    };
  },

  async answer(env, { turn, reminder, choice }) {
    const { tx, now } = turn;
    const t = proactiveText(turn.customer.lang).warranty;
    const stale = () => turn.send(proactiveText(turn.customer.lang).stale);
    if (choice === "offer") {
      const moved = await tx.reminders.moveIf(reminder.id, ["sent"], { status: "renewal", answeredAt: now });
      if (!moved) return stale();
      await env.options.events.emit(tx, "renewal.requested", { reminder: moved }, now);
      return turn.send(t.offerAsked);
    }
    if (choice === "mute") {
      const moved = await tx.reminders.moveIf(reminder.id, ["sent"], { status: "muted", answeredAt: now });
      if (!moved) return stale();
      return turn.send(t.muted);
    }
    return stale();
  },
};
