/**
 * A replacement recorded by an engineer resets a consumable's clock: when a ticket is
 * resolved, each parts line of its repair record (修护卡) that names one of the product's
 * consumables (its id, its name in either language, or that name without the generic
 * "滤芯 / filter") records the resolve day as that consumable's replacement, and its open
 * reminders are closed.
 */
import { localDate } from "../domain/date.ts";
import type { Consumable } from "../catalogue/index.ts";
import type { Store, TicketRow } from "../store/index.ts";
import type { ProactiveEnv } from "./kinds.ts";

const norm = (s: string): string =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_-]+/g, "");

/** The words a parts line may name a consumable by. */
function termsOf(c: Consumable): string[] {
  const words = [c.id, c.name.zh, c.name.en, c.name.zh.replace(/滤芯$/, ""), c.name.en.replace(/\s*(filter|cartridge)$/i, "")];
  return [...new Set(words.map(norm))].filter((w) => w.length >= 2);
}

/**
 * The consumables a parts list names.
 *
 * @example
 * ```ts
 * consumablesNamed([{ name: "PP棉", qty: 1 }], purifier.consumables).map((c) => c.id); // ["pp-cotton"]
 * ```
 */
export function consumablesNamed(parts: { name: string }[], consumables: readonly Consumable[]): Consumable[] {
  return consumables.filter((c) => {
    const terms = termsOf(c);
    return parts.some((p) => terms.some((t) => norm(p.name).includes(t)));
  });
}

/** `ticket.resolved`: the parts of its repair record reset the consumables they name. */
export async function consumablesFromRepair(env: ProactiveEnv, tx: Store, ticket: TicketRow, now: Date): Promise<void> {
  if (!ticket.productId) return;
  const product = await tx.reminders.product(ticket.productId);
  const consumables = product ? (env.catalogue.byId(product.category)?.consumables ?? []) : [];
  if (!product || !consumables.length) return;
  const repair = await tx.tickets.repair(ticket.id);
  const named = consumablesNamed(repair?.parts ?? [], consumables);
  const day = localDate(now, env.hours.timeZone);
  for (const c of named) {
    await tx.reminders.consumableReplaced(product.id, c.id, day);
    await tx.reminders.closeConsumable(product.id, c.id, "replaced", now);
  }
}
