/**
 * Look-ups that make a call informed (dispatchers and above, answered privately):
 * `/desk customer <phone|name>` shows a customer's file, products, contracts, tickets and
 * ratings; `/desk due contracts|consumables|warranty [days]` lists what falls due in the next
 * days (30 by default), with the count, linked to Telegram or not, from the same rules the
 * reminders use; `/desk tier <phone> <tier>` sets a customer's tier (VIP tiers, DESK_VIP_TIERS,
 * get the shorter dispatch target on their next tickets).
 */
import { defaultCatalogue } from "../catalogue/index.ts";
import { normalizePhone, normalizeTier } from "../domain/customer.ts";
import { localDate } from "../domain/date.ts";
import { proactiveStaffText, proactiveText } from "../i18n/proactive.ts";
import { addDaysToDay, consumableDue, dateOf, dayOf, warrantyEnd } from "../proactive/due.ts";
import type { CustomerRow, Store } from "../store/index.ts";
import { ticketLine } from "./card.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { recordsKeeper } from "./records.ts";

/** Lines shown in one answer; the rest are counted. */
export const DUE_LINES = 30;
/** The default look-ahead of `/desk due`. */
export const DUE_DEFAULT_DAYS = 30;
const MAX_DAYS = 3660;
const PAGE = 2000;
const TICKETS_SHOWN = 10;
/** A tier label as staff type it, at most this long. */
const MAX_TIER = 20;

const WHATS: Record<string, "contracts" | "consumables" | "warranty"> = {
  contracts: "contracts",
  contract: "contracts",
  合同: "contracts",
  consumables: "consumables",
  consumable: "consumables",
  耗材: "consumables",
  warranty: "warranty",
  保修: "warranty",
};

const who = (c: CustomerRow): string => `${c.name ?? c.displayName ?? "–"} ${c.recordPhone ?? c.phone ?? ""}`.trim();

/**
 * @example
 * ```ts
 * await dueList(env, tx, ctx, "contracts", "60"); // "合同到期：未来 60 天内 12 项" and the lines
 * ```
 */
export async function dueList(env: StaffEnv, tx: Store, ctx: StaffContext, whatText?: string, daysText?: string): Promise<void> {
  const keeper = await recordsKeeper(env, tx, ctx);
  if (!keeper) return;
  const t = proactiveStaffText(keeper.staff.lang);
  const what = WHATS[(whatText ?? "").toLowerCase()];
  const days = daysText === undefined ? DUE_DEFAULT_DAYS : Number(daysText);
  if (!what || !Number.isInteger(days) || days < 1 || days > MAX_DAYS) return env.tell(tx, ctx, t.dueUsage);
  const catalogue = env.options.catalogue ?? defaultCatalogue();
  const lang = keeper.staff.lang === "en" ? "en" : "zh";
  const today = localDate(env.now(), env.timeZone);
  const until = addDaysToDay(today, days);
  const rows: { day: string; line: string }[] = [];
  const mark = (d: string) => (d < today ? `${d} (${t.overdue})` : d);
  if (what === "contracts") {
    for (const c of await tx.reminders.contractsEnding(dateOf(today), dateOf(until))) {
      const label = `${c.number ?? "–"} ${catalogue.name(c.category, lang)}${c.model ? ` ${c.model}` : ""}`;
      rows.push({ day: dayOf(c.endsOn)!, line: t.dueLine(dayOf(c.endsOn)!, who(c.customer), label, !!c.customer.telegramChatId) });
    }
  } else {
    const categories = what === "consumables" ? catalogue.categories.filter((c) => c.consumables.length).map((c) => c.id) : catalogue.ids;
    for (let after = 0; ;) {
      const page = await tx.reminders.productsPage(categories, after, PAGE);
      for (const p of page) {
        const name = `${catalogue.name(p.category, lang)}${p.model ? ` ${p.model}` : ""}`;
        if (what === "warranty") {
          const end = warrantyEnd(p, env.options.warrantyMonths ?? {});
          if (end && end >= today && end <= until)
            rows.push({ day: end, line: t.dueLine(end, who(p.customer), name, !!p.customer.telegramChatId) });
          continue;
        }
        for (const c of catalogue.byId(p.category)?.consumables ?? []) {
          const due = consumableDue(p, c)?.due;
          if (due && due <= until)
            rows.push({ day: due, line: t.dueLine(mark(due), who(p.customer), `${name} · ${c.name[lang]}`, !!p.customer.telegramChatId) });
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
  }
  rows.sort((a, b) => a.day.localeCompare(b.day));
  const shown = rows.slice(0, DUE_LINES).map((r) => r.line);
  if (rows.length > DUE_LINES) shown.push(t.dueMore(rows.length - DUE_LINES));
  await env.tell(tx, ctx, { title: t.dueTitle(t.dueWhat[what]!, days, rows.length), body: shown.join("\n") || undefined });
}

/**
 * @example
 * ```ts
 * await showCustomer(env, tx, ctx, "13800138000");
 * ```
 */
export async function showCustomer(env: StaffEnv, tx: Store, ctx: StaffContext, query: string): Promise<void> {
  const keeper = await recordsKeeper(env, tx, ctx);
  if (!keeper) return;
  const t = proactiveStaffText(keeper.staff.lang);
  const q = query.trim();
  if (!q) return env.tell(tx, ctx, t.customerUsage);
  const phone = normalizePhone(q);
  const found = await tx.records.findCustomers(phone ? { phone } : { name: q }, 10);
  if (!found.length) return env.tell(tx, ctx, t.noCustomer(q));
  if (found.length > 1) return env.tell(tx, ctx, { title: t.manyCustomers(found.length), body: found.map(who).join("\n") });
  const c = found[0]!;
  const catalogue = env.options.catalogue ?? defaultCatalogue();
  const lang = keeper.staff.lang === "en" ? "en" : "zh";
  const text = env.textFor(keeper.staff);
  const [products, contracts, tickets] = await Promise.all([
    tx.records.productsOf(c.id),
    tx.records.contractsOf(c.id),
    tx.tickets.listForCustomer(c.id, TICKETS_SHOWN),
  ]);
  const pt = proactiveText(keeper.staff.lang).products;
  const productLines = products.map((p) => {
    const end = warrantyEnd(p, env.options.warrantyMonths ?? {});
    const next = (catalogue.byId(p.category)?.consumables ?? [])
      .map((x) => ({ x, due: consumableDue(p, x)?.due }))
      .filter((x) => x.due)
      .sort((a, b) => a.due!.localeCompare(b.due!))[0];
    return [
      `• ${catalogue.name(p.category, lang)}${p.model ? ` ${p.model}` : ""}${p.serialNo ? ` (${p.serialNo})` : ""}`,
      end ? pt.warranty(end, end >= localDate(env.now(), env.timeZone)) : pt.warrantyUnknown,
      next ? pt.next(next.x.name[lang], next.due!) : null,
    ]
      .filter(Boolean)
      .join(" · ");
  });
  const contractLines = contracts.map(
    (k) => `• ${k.number ?? "–"} ${catalogue.name(k.category, lang)} ${dayOf(k.startsOn)} – ${dayOf(k.endsOn)}`,
  );
  const ratings: string[] = [];
  for (const k of tickets) {
    const s = await tx.surveys.byTicket(k.id);
    if (s?.status !== "answered") continue;
    const score = [s.attitude, s.skill, s.arrival, s.promise].filter((x) => x !== null).join("/");
    ratings.push(t.ratingLine(`#${k.ref}`, score, s.satisfied ? t.satisfied : t.unsatisfied));
  }
  const kinds = proactiveText(keeper.staff.lang).kinds;
  const off = c.notifyOff.includes("all") ? Object.values(kinds) : c.notifyOff.map((k) => kinds[k] ?? k);
  await env.tell(tx, ctx, {
    title: t.fileTitle(c.name ?? c.displayName ?? "–"),
    fields: [
      { label: t.phone, value: c.recordPhone ?? c.phone ?? "–" },
      { label: t.address, value: c.address ?? "–" },
      { label: t.area, value: c.area ? (text.areas[c.area] ?? c.area) : "–" },
      { label: t.tier, value: c.tier },
      { label: t.telegram, value: c.telegramUserId ? t.linked : t.notLinked },
      { label: t.notifications, value: off.length ? `✖ ${off.join(", ")}` : t.notifyAllOn },
    ],
    body: [
      `${t.products}:\n${productLines.join("\n") || t.none}`,
      `${t.contracts}:\n${contractLines.join("\n") || t.none}`,
      `${t.tickets}:\n${tickets.map((k) => ticketLine(env, k, text)).join("\n") || t.none}`,
      `${t.ratings}:\n${ratings.join("\n") || t.none}`,
    ].join("\n\n"),
  });
}

/**
 * `/desk tier <phone> <tier>`: the tier on the customer's file (as the shop writes it; a
 * DESK_VIP_TIERS name is stored as VIP).
 *
 * @example
 * ```ts
 * await setTier(env, tx, ctx, "13800138000", "贵宾"); // tier "vip"
 * ```
 */
export async function setTier(env: StaffEnv, tx: Store, ctx: StaffContext, phoneText?: string, tierText?: string): Promise<void> {
  const keeper = await recordsKeeper(env, tx, ctx);
  if (!keeper) return;
  const t = proactiveStaffText(keeper.staff.lang);
  const phone = phoneText ? normalizePhone(phoneText) : null;
  const tier = tierText?.trim().slice(0, MAX_TIER);
  if (!phone || !tier) return env.tell(tx, ctx, t.tierUsage);
  const [c] = await tx.records.findCustomers({ phone }, 1);
  if (!c) return env.tell(tx, ctx, t.noCustomer(phoneText!));
  const updated = await tx.customers.update(c.id, { tier: normalizeTier(tier, env.options.vipTiers ?? ["vip"]) });
  await env.tell(tx, ctx, t.tierSet(updated.name ?? updated.displayName ?? phone, updated.tier));
}
