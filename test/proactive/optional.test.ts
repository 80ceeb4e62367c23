/**
 * The optional reminders and the rest of proactive service, end to end on a fake clock:
 * warranty-end notices (DESK_NOTIFY_WARRANTY=1) with an offer of a contract, the check-in
 * after a resolved repair (DESK_CHECKIN_DAYS) that can reopen the ticket, the scan an import
 * asks for, and customer tiers set by staff giving the VIP dispatch target.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.ts";
import { loadConfig } from "../../core/config.ts";
import { proactiveZh } from "../../core/i18n/proactive.ts";
import type { CustomerRow } from "../../core/store/index.ts";
import type { FakeUser } from "../fakes/updates.ts";
import { describeEachDb } from "../support/db.ts";
import { BOSS, SLACK_SECRET, TRIAGE } from "../support/desk.ts";
import { blockActions, sendSlack } from "../fakes/slack-sign.ts";
import { startWorld, type World } from "../support/world.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 10:00 on a Tuesday in Shanghai. */
const NOW = new Date("2026-11-24T02:00:00Z");
const li: FakeUser = { id: 8401, first_name: "Li", language_code: "en" };

async function linkedCustomer(w: World, user: FakeUser, phone: string, lang = "en"): Promise<CustomerRow> {
  const c = await w.store.customers.upsertTelegram({ userId: String(user.id), chatId: String(user.id), lang });
  await w.store.customers.update(c.id, { name: "Li Si", address: "1 Main St", area: "city" });
  return w.store.records.setRecordPhone(c.id, phone, NOW);
}

const reminders = (w: World, user: FakeUser) =>
  w
    .chat(user)
    .all()
    .filter((m) => m.buttons.some((b) => b.data?.startsWith("rem:")));

it("warranty notices and check-ins are off by default", () => {
  const { config } = loadConfig({});
  expect(config.reminders).toMatchObject({
    dayStart: "09:00",
    dayEnd: "20:00",
    contractNoticeDays: 30,
    warranty: false,
    checkinDays: null,
  });
  expect(loadConfig({ DESK_REMINDER_HOURS: "8:00-21:00" }).config.reminders).toMatchObject({ dayStart: "08:00", dayEnd: "21:00" });
  expect(loadConfig({ DESK_REMINDER_HOURS: "21-8" }).problems.join("\n")).toContain("DESK_REMINDER_HOURS");
});

describeEachDb("optional reminders and customer tiers", (db) => {
  let w: World;

  beforeEach(async () => {
    w = await startWorld(db, {
      clock: new ManualClock(NOW),
      env: { DESK_NOTIFY_WARRANTY: "1", DESK_CHECKIN_DAYS: "7", SLA_VIP_HOURS: "2" },
    });
  });
  afterEach(() => w.stop());

  it("a warranty ending in 30 days is noticed (not under a contract); the offer makes a task for staff", async () => {
    const me = await linkedCustomer(w, li, "13800138000");
    await w.store.records.upsertProduct({ customerId: me.id, category: "tv", model: "X1", purchaseDate: new Date("2025-12-20T00:00:00Z") });
    const { product: covered } = await w.store.records.upsertProduct({
      customerId: me.id,
      category: "washer",
      purchaseDate: new Date("2025-12-20T00:00:00Z"),
    });
    await w.store.records.upsertContract({
      number: "HT-W1",
      customerId: me.id,
      category: "washer",
      startsOn: new Date("2026-01-01T00:00:00Z"),
      endsOn: new Date("2027-12-31T00:00:00Z"),
    });
    expect(covered.id).toBeGreaterThan(0);
    await w.advanceBy(HOUR);
    const notices = reminders(w, li);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain("The warranty of your TV ends on 2026-12-20");
    const [r] = await w.store.reminders.ofCustomer(me.id);
    await w.chat(li).tap(`rem:${r!.id}:offer`);
    const cards = w.slack.messages(TRIAGE).filter((m) => JSON.stringify(m.blocks).includes("保修到期"));
    expect(cards).toHaveLength(1);
    expect((await w.store.reminders.byId(r!.id))!.status).toBe("renewal");
  });

  it("a check-in N days after a resolved repair; Still a problem reopens the ticket", async () => {
    const me = await linkedCustomer(w, li, "13800138000");
    const ticket = await w.store.tickets.create(
      { customerId: me.id, kind: "repair", category: "fridge", description: "not cooling", feeType: "A", status: "resolved", lang: "en" },
      { type: "system" },
      NOW,
    );
    const resolved = await w.store.tickets.patch(ticket.id, { resolvedAt: NOW });
    await w.store.tx((tx) => w.desk.proactive.resolved(tx, resolved));
    await w.advanceBy(6 * DAY);
    expect(reminders(w, li)).toHaveLength(0);
    await w.advanceTo(new Date("2026-12-01T02:30:00Z")); // 10:30 local, 7 days on
    const asks = reminders(w, li);
    expect(asks).toHaveLength(1);
    expect(asks[0]!.text).toContain(`ticket #${ticket.ref}`);
    const [r] = await w.store.reminders.ofCustomer(me.id);
    const out = await w.chat(li).tap(`rem:${r!.id}:problem`);
    expect(out.map((m) => m.text).join("\n")).toContain(`ticket #${ticket.ref} is open again`);
    expect(await w.store.tickets.byId(ticket.id)).toMatchObject({ status: "queued", reopenCount: 1, resolvedAt: null });
  });

  it("an import asks for a scan: its due reminders go out at once", async () => {
    const me = await linkedCustomer(w, li, "13800138000");
    await w.store.records.upsertContract({
      number: "HT-I1",
      customerId: me.id,
      category: "tv",
      startsOn: new Date("2026-01-01T00:00:00Z"),
      endsOn: new Date("2026-12-15T00:00:00Z"),
    });
    await w.desk.proactive.afterImport(w.store);
    await w.desk.jobs.runDue();
    await w.settle();
    expect(reminders(w, li)).toHaveLength(1);
    expect(reminders(w, li)[0]!.text).toContain("HT-I1");
  });

  it("staff set a customer's tier; a VIP tier gets the shorter dispatch target", async () => {
    const me = await linkedCustomer(w, li, "13800138000");
    await w.staff.command(BOSS, "tier 13800138000 贵宾", TRIAGE, "tier");
    await w.settle();
    expect(w.staff.responses("tier").join("\n")).toContain("vip");
    expect((await w.store.customers.get(me.id))!.tier).toBe("vip");
    await w.store.records.upsertProduct({
      customerId: me.id,
      category: "purifier",
      model: "RO-1",
      lastConsumableChange: new Date("2026-08-01T00:00:00Z"),
    });
    await w.advanceBy(HOUR); // 11:00 local
    const pp = (await w.store.reminders.ofCustomer(me.id)).find((r) => r.item === "pp-cotton")!;
    await w.chat(li).tap(`rem:${pp.id}:book`);
    const [ticket] = await w.ticketsOf(li);
    expect(ticket!.tier).toBe("vip");
    // 2 working hours from 11:00 local
    expect(ticket!.dispatchDueAt!.toISOString()).toBe("2026-11-24T05:00:00.000Z");
    expect(reminders(w, li).some((m) => m.text.includes(proactiveZh.consumable.book))).toBe(false);
  });

  it("a customer adds a product (category, model, date, nameplate photo); staff confirm it", async () => {
    const me = await linkedCustomer(w, li, "13800138000");
    const chat = w.chat(li);
    let out = await chat.command("/products");
    expect(out[0]!.buttons.map((b) => b.data)).toEqual(["addp:start"]);
    await chat.tap("addp:start");
    await chat.tap("addp:c:purifier");
    await chat.say("RO-9");
    out = await chat.say("2024-05-01");
    expect(out[0]!.buttons.map((b) => b.data)).toEqual(["addp:ph:skip"]);
    out = await chat.photo();
    expect(out.map((m) => m.text).join("\n")).toContain("Water purifier added");
    const [product] = await w.store.records.productsOf(me.id);
    expect(product).toMatchObject({ category: "purifier", model: "RO-9", source: "customer" });
    expect(product!.purchaseDate!.toISOString().slice(0, 10)).toBe("2024-05-01");
    const card = w.slack.messages(TRIAGE).find((m) => JSON.stringify(m.blocks ?? []).includes("客户添加了产品"));
    expect(card).toBeDefined();
    const click = await sendSlack(
      w.slackUrl,
      SLACK_SECRET,
      blockActions({
        user: { id: BOSS },
        channel: { id: TRIAGE },
        message: { ts: card!.ts },
        actions: [{ action_id: "pr_ok", value: String(product!.id) }],
        response_url: w.slack.responseUrl("boss-confirm"),
      }),
    );
    expect(click.status).toBe(200);
    await w.settle();
    expect((await w.store.reminders.product(product!.id))!.source).toBe("staff");
    expect(chat.all().at(-1)!.text).toContain("Our staff confirmed the water purifier you added");
  });
});
