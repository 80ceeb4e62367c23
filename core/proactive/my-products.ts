/**
 * `/products`: the customer's products on file, each with its warranty end, its maintenance
 * contract's end and the next consumable date, from the same rules the reminders use.
 */
import type { TurnContext } from "../customer/context.ts";
import { localDate } from "../domain/date.ts";
import { proactiveText } from "../i18n/proactive.ts";
import { addProductButton } from "./add-product.ts";
import { consumableDue, dayOf, warrantyEnd } from "./due.ts";

/**
 * @example
 * ```ts
 * await listProducts(turn); // "您的产品\n• 净水器 RO-400\n  保修至 2024-01-10（已过保）…"
 * ```
 */
export async function listProducts(turn: TurnContext): Promise<void> {
  const t = proactiveText(turn.customer.lang).products;
  const lang = turn.customer.lang === "en" ? "en" : "zh";
  const { tx, catalogue } = turn;
  const [products, contracts] = await Promise.all([tx.records.productsOf(turn.customer.id), tx.records.contractsOf(turn.customer.id)]);
  const add = [[addProductButton(turn.customer.lang)]];
  if (!products.length) return turn.send({ body: t.none, buttons: add });
  const today = localDate(turn.now, turn.options.timeZone);
  const lines: string[] = [];
  for (const p of products) {
    lines.push(t.line(catalogue.name(p.category, lang), p.model));
    const wEnd = warrantyEnd(p, turn.options.warrantyMonths);
    lines.push(`  ${wEnd ? t.warranty(wEnd, wEnd >= today) : t.warrantyUnknown}`);
    const contract = contracts
      .filter((c) => c.category === p.category && (c.productId === null || c.productId === p.id) && dayOf(c.endsOn)! >= today)
      .pop();
    if (contract) lines.push(`  ${t.contract(contract.number, dayOf(contract.endsOn)!)}`);
    const next = (catalogue.byId(p.category)?.consumables ?? [])
      .map((c) => ({ c, due: consumableDue(p, c)?.due }))
      .filter((x): x is { c: (typeof x)["c"]; due: string } => !!x.due)
      .sort((a, b) => a.due.localeCompare(b.due))[0];
    if (next) lines.push(`  ${t.next(next.c.name[lang], next.due)}`);
  }
  turn.send({ title: t.title, body: lines.join("\n"), buttons: add });
}
