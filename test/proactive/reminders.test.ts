/**
 * Proactive reminders end to end, on a fake clock, through the fake Bot API and the fake
 * Slack API: a contract ending in 30 days is noticed, Renew makes a renewal task that staff
 * claim and mark renewed; a consumable due is reminded and Book replacement opens a
 * maintenance ticket on the normal dispatch path; opt-outs are honoured; night-time
 * reminders go out the next morning; an unlinked customer's reminder waits until they link;
 * two desk processes on one database send each reminder once.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Desk } from "../../bots/desk.ts";
import { ManualClock } from "../../core/clock.ts";
import { proactiveZh } from "../../core/i18n/proactive.ts";
import { Store, type CustomerRow } from "../../core/store/index.ts";
import type { FakeUser } from "../fakes/updates.ts";
import { blockActions, sendSlack } from "../fakes/slack-sign.ts";
import { describeEachDb } from "../support/db.ts";
import { BOSS, SLACK_SECRET, TRIAGE, settle, startTestDesk } from "../support/desk.ts";
import { contactUpdate } from "../support/records.ts";
import { startWorld, type World } from "../support/world.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 10:00 in Shanghai, inside the default reminder hours (09:00–20:00). */
const NOW = new Date("2026-11-24T02:00:00Z");

const wang: FakeUser = { id: 8101, first_name: "Xiaoming", language_code: "zh-hans" };

/** A Telegram customer whose file the shop knows by this phone (linked). */
async function linkedCustomer(w: World, user: FakeUser, phone: string, lang = "zh-CN"): Promise<CustomerRow> {
  const c = await w.store.customers.upsertTelegram({ userId: String(user.id), chatId: String(user.id), lang });
  await w.store.customers.update(c.id, { name: "王小明", address: "北京市朝阳区建国路88号", area: "city" });
  return w.store.records.setRecordPhone(c.id, phone, NOW);
}

/** A water purifier whose consumables were last changed on `changed` (PP cotton: every 3 months). */
async function purifier(w: World, customerId: number, changed: string) {
  const { product } = await w.store.records.upsertProduct({
    customerId,
    category: "purifier",
    model: "RO-400",
    purchaseDate: new Date("2025-06-01T00:00:00Z"),
    lastConsumableChange: new Date(`${changed}T00:00:00Z`),
  });
  return product;
}

async function contract(w: World, customerId: number, number: string, endsOn: string) {
  const { contract } = await w.store.records.upsertContract({
    number,
    customerId,
    category: "purifier",
    model: "RO-400",
    startsOn: new Date("2025-12-25T00:00:00Z"),
    endsOn: new Date(`${endsOn}T00:00:00Z`),
  });
  return contract;
}

/** The bot's messages to this user that carry a reminder's buttons. */
function reminderMessages(w: World, user: FakeUser) {
  return w
    .chat(user)
    .all()
    .filter((m) => m.buttons.some((b) => b.data?.startsWith("rem:")));
}

describeEachDb("proactive reminders", (db) => {
  let w: World;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(NOW);
    w = await startWorld(db, { clock, env: { DESK_CONTRACT_NOTICE_DAYS: "30" } });
  });
  afterEach(() => w.stop());

  it("a contract ending in 30 days is noticed; Renew makes a task card that staff claim and mark renewed; no more notices", async () => {
    const me = await linkedCustomer(w, wang, "13800138000");
    await contract(w, me.id, "HT-001", "2026-12-24");
    // the hourly scan (the start-up one ran before these records existed)
    await w.advanceBy(HOUR);
    const notices = reminderMessages(w, wang);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain("HT-001");
    expect(notices[0]!.text).toContain("2026-12-24");
    const [reminder] = await w.store.reminders.ofCustomer(me.id);
    expect(reminder).toMatchObject({ kind: "contract", status: "sent" });
    expect(notices[0]!.buttons.map((b) => b.data)).toEqual([
      `rem:${reminder!.id}:renew`,
      `rem:${reminder!.id}:later`,
      `rem:${reminder!.id}:mute`,
    ]);
    expect((await w.store.reminders.contract(reminder!.contractId!))!.expiryNoticeAt).not.toBeNull();

    const chat = w.chat(wang);
    const answer = await chat.tap(`rem:${reminder!.id}:renew`);
    expect(answer.map((m) => m.text).join("\n")).toContain(proactiveZh.contract.renewAsked);
    // a second tap on the same notice changes nothing
    await chat.deliver(w.updates.callback(wang, `rem:${reminder!.id}:renew`, { messageId: notices[0]!.messageId! }));
    const cards = w.slack.messages(TRIAGE).filter((m) => String(m.text).includes("续约任务"));
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]!.blocks)).toContain("HT-001");
    expect(JSON.stringify(cards[0]!.blocks)).toContain("王小明");

    const task = (await w.store.reminders.byId(reminder!.id))!;
    expect(task).toMatchObject({ status: "renewal", cardChannel: TRIAGE, cardTs: cards[0]!.ts });
    const click = await sendSlack(
      w.slackUrl,
      SLACK_SECRET,
      blockActions({
        user: { id: BOSS },
        channel: { id: TRIAGE },
        message: { ts: task.cardTs! },
        actions: [{ action_id: "rn_claim", value: String(task.id) }],
        response_url: w.slack.responseUrl("boss-claim"),
      }),
    );
    expect(click.status).toBe(200);
    await w.settle();
    expect((await w.store.reminders.byId(task.id))!.claimedBy).toBe(BOSS);

    await w.staff.command(BOSS, "renewed HT-001 2027-12-24", TRIAGE, "renewed");
    await w.settle();
    expect(w.staff.responses("renewed").join("\n")).toContain("2027-12-24");
    expect((await w.store.reminders.byId(task.id))!.status).toBe("renewed");
    expect((await w.store.records.contractsOf(me.id))[0]!.endsOn.toISOString().slice(0, 10)).toBe("2027-12-24");
    expect(chat.all().at(-1)!.text).toContain(proactiveZh.contract.renewed("2027-12-24"));
    const updated = w.slack.calls.filter((c) => c.method === "chat.update" && c.params.ts === task.cardTs);
    expect(JSON.stringify(updated.at(-1)!.params.blocks)).toContain("2027-12-24");

    // a week before the old end, and on to it: nothing more
    await w.advanceTo(new Date("2026-12-17T03:00:00Z"));
    await w.advanceTo(new Date("2026-12-24T03:00:00Z"));
    expect(reminderMessages(w, wang)).toHaveLength(1);
  });

  it("Not now brings the notice back a week before the end; Don't remind me stops it", async () => {
    const me = await linkedCustomer(w, wang, "13800138000");
    await contract(w, me.id, "HT-002", "2026-12-24");
    await w.advanceBy(HOUR);
    const [reminder] = await w.store.reminders.ofCustomer(me.id);
    const chat = w.chat(wang);
    const out = await chat.tap(`rem:${reminder!.id}:later`);
    expect(out.map((m) => m.text).join("\n")).toContain(proactiveZh.contract.laterSet("2026-12-17"));
    await w.advanceTo(new Date("2026-12-16T12:00:00Z"));
    expect(reminderMessages(w, wang)).toHaveLength(1);
    await w.advanceTo(new Date("2026-12-17T03:00:00Z")); // 11:00 local
    expect(reminderMessages(w, wang)).toHaveLength(2);
    await chat.tap(`rem:${reminder!.id}:mute`);
    expect((await w.store.reminders.byId(reminder!.id))!.status).toBe("muted");
    await w.advanceTo(new Date("2026-12-23T03:00:00Z"));
    expect(reminderMessages(w, wang)).toHaveLength(2);
  });

  it("a consumable due is reminded; Book replacement opens a maintenance ticket on the normal dispatch path", async () => {
    const me = await linkedCustomer(w, wang, "13800138000");
    const product = await purifier(w, me.id, "2026-08-24");
    await w.advanceBy(HOUR);
    const notices = reminderMessages(w, wang);
    // PP cotton (3 months) is due today; the carbon block (6) and RO membrane (24) are not
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain("您的净水器 PP棉滤芯 已使用 3 个月，建议更换");
    const [reminder] = await w.store.reminders.ofCustomer(me.id);
    expect(reminder).toMatchObject({ kind: "consumable", item: "pp-cotton", productId: product.id });

    await w.chat(wang).tap(`rem:${reminder!.id}:book`);
    const [ticket] = await w.ticketsOf(wang);
    expect(ticket).toMatchObject({
      kind: "maintenance",
      category: "purifier",
      productId: product.id,
      status: "queued",
      selfHelpResult: "none",
    });
    expect(ticket!.dispatchDueAt).not.toBeNull();
    expect(ticket!.slackTs).not.toBeNull();
    expect((await w.store.reminders.byId(reminder!.id))!.status).toBe("booked");
  });

  it("Already replaced records the day and the next reminder counts from it; Later comes back in 7 days", async () => {
    const me = await linkedCustomer(w, wang, "13800138000");
    const product = await purifier(w, me.id, "2026-08-24");
    await w.advanceBy(HOUR);
    let [reminder] = await w.store.reminders.ofCustomer(me.id);
    await w.chat(wang).tap(`rem:${reminder!.id}:later`);
    await w.advanceTo(new Date("2026-11-30T12:00:00Z"));
    expect(reminderMessages(w, wang)).toHaveLength(1);
    await w.advanceTo(new Date("2026-12-01T03:00:00Z"));
    expect(reminderMessages(w, wang)).toHaveLength(2);
    [reminder] = await w.store.reminders.ofCustomer(me.id);
    const out = await w.chat(wang).tap(`rem:${reminder!.id}:done`);
    expect(out.map((m) => m.text).join("\n")).toContain(proactiveZh.consumable.recorded("2026-12-01"));
    expect((await w.store.reminders.product(product.id))!.consumablesChangedOn).toEqual({ "pp-cotton": "2026-12-01" });
    // the next scans find nothing until 2027-03-01
    await w.advanceBy(DAY);
    expect(reminderMessages(w, wang)).toHaveLength(2);
  });

  it("a repair record whose parts name the consumable resets its clock", async () => {
    const me = await linkedCustomer(w, wang, "13800138000");
    const product = await purifier(w, me.id, "2026-05-01");
    const ticket = await w.store.tickets.create(
      {
        customerId: me.id,
        productId: product.id,
        kind: "maintenance",
        category: "purifier",
        description: "换芯",
        feeType: "A",
        status: "on_site",
        lang: "zh-CN",
      },
      { type: "system" },
      NOW,
    );
    await w.store.tickets.saveRepair(
      ticket.id,
      {
        workDone: "更换滤芯",
        hours: 1,
        parts: [{ name: "PP棉", qty: 1 }],
        feeAmount: 50,
        feeType: "A",
        settlementFen: null,
        recordedBy: BOSS,
      },
      NOW,
    );
    await w.store.tx((tx) => w.desk.proactive.resolved(tx, ticket));
    const changed = (await w.store.reminders.product(product.id))!.consumablesChangedOn;
    expect(changed).toEqual({ "pp-cotton": "2026-11-24" });
    await w.advanceBy(HOUR);
    // the carbon block (6 months from 2026-05-01) is still due; PP cotton no longer
    const items = (await w.store.reminders.ofCustomer(me.id)).map((r) => r.item);
    expect(items).toEqual(["carbon-block"]);
  });

  it("an opt-out is honoured: per kind, and for everything", async () => {
    const me = await linkedCustomer(w, wang, "13800138000");
    await purifier(w, me.id, "2026-08-24");
    await contract(w, me.id, "HT-003", "2026-12-24");
    const chat = w.chat(wang);
    const out = await chat.command("/notifications", "off consumables");
    expect(out[0]!.text).toContain(proactiveZh.notifications.kindOff("耗材更换"));
    expect((await w.store.customers.get(me.id))!.notifyOff).toEqual(["consumable"]);
    await w.advanceBy(HOUR);
    expect((await w.store.reminders.ofCustomer(me.id)).map((r) => r.kind)).toEqual(["contract"]);
    expect(reminderMessages(w, wang)).toHaveLength(1);

    // everything off: a reminder already scheduled is not sent either
    await w.store.customers.update(me.id, { area: "city" });
    await chat.command("/notifications", "off");
    await w.store.records.upsertContract({
      number: "HT-004",
      customerId: me.id,
      category: "tv",
      startsOn: new Date("2025-01-01T00:00:00Z"),
      endsOn: new Date("2026-12-20T00:00:00Z"),
    });
    await w.advanceBy(HOUR);
    expect(reminderMessages(w, wang)).toHaveLength(1);
    await chat.command("/notifications", "on");
    expect((await w.store.customers.get(me.id))!.notifyOff).toEqual([]);
  });

  it("reminders that fall due at night go out the next morning, spread over the first hour", async () => {
    clock.set(new Date("2026-11-24T14:00:00Z")); // 22:00 local
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const user: FakeUser = { id: 8200 + i, first_name: `C${i}` };
      const c = await linkedCustomer(w, user, `1390013${String(9000 + i)}`);
      await contract(w, c.id, `HT-N${i}`, "2026-12-20");
      ids.push(user.id);
    }
    await w.advanceBy(HOUR); // 23:00 local: the hourly scan finds them
    const jobs = await w.store.jobs.list({ kind: "reminder.send" });
    expect(jobs).toHaveLength(20);
    const morning = new Date("2026-11-25T01:00:00Z").getTime(); // 09:00 local
    for (const j of jobs) expect(j.runAt.getTime() - morning).toBeGreaterThanOrEqual(0);
    for (const j of jobs) expect(j.runAt.getTime() - morning).toBeLessThan(HOUR);
    expect(new Set(jobs.map((j) => j.runAt.getTime())).size).toBeGreaterThan(10);
    const sent = () => ids.reduce((n, id) => n + w.tg.sent(id).length, 0);
    await w.advanceTo(new Date("2026-11-25T00:59:00Z")); // 08:59 local
    expect(sent()).toBe(0);
    await w.advanceTo(new Date("2026-11-25T02:00:00Z")); // 10:00 local
    expect(sent()).toBe(20);
  });

  it("a send job that runs at night (the desk was down) moves itself to the next morning", async () => {
    const me = await linkedCustomer(w, wang, "13800138000");
    await contract(w, me.id, "HT-005", "2026-12-20");
    await w.desk.jobs.stop();
    await w.desk.proactive.scan(w.store); // a send job due now (10:00)…
    clock.set(new Date("2026-11-24T15:30:00Z")); // …run only at 23:30
    await w.desk.jobs.runDue();
    await w.settle();
    expect(w.tg.sent(wang.id)).toHaveLength(0);
    await w.advanceTo(new Date("2026-11-25T02:00:00Z"));
    expect(reminderMessages(w, wang)).toHaveLength(1);
  });

  it("a reminder due for a customer not on Telegram waits until they link their file", async () => {
    const { customer: file } = await w.store.records.upsertCustomer({
      phone: "13800138000",
      name: "王小明",
      address: "北京市朝阳区",
      area: "city",
    });
    await contract(w, file.id, "HT-006", "2026-12-20");
    await w.advanceBy(HOUR);
    expect(await w.store.reminders.ofCustomer(file.id)).toHaveLength(0);
    const chat = w.chat(wang);
    await chat.deliver(contactUpdate(w.updates, wang, { phone: "8613800138000", userId: wang.id }));
    await chat.tap("lnk:yes");
    const me = await w.customer(wang);
    expect((await w.store.reminders.ofCustomer(me.id)).map((r) => r.status)).toEqual(["sent"]);
    expect(reminderMessages(w, wang)).toHaveLength(1);
    expect(reminderMessages(w, wang)[0]!.text).toContain("HT-006");
  });

  it("/products lists warranty end, contract end and the next consumable date", async () => {
    const me = await linkedCustomer(w, wang, "13800138000");
    await purifier(w, me.id, "2026-10-01");
    await contract(w, me.id, "HT-007", "2027-06-30");
    const out = await w.chat(wang).command("/products");
    const text = out.map((m) => m.text).join("\n");
    expect(text).toContain("净水器 RO-400");
    expect(text).toContain("保修至 2026-06-01（已过保）");
    expect(text).toContain("维保合同 HT-007 至 2027-06-30");
    expect(text).toContain("下次更换 PP棉滤芯：2027-01-01");
  });

  it("/desk due and /desk customer show staff what falls due and the customer's file", async () => {
    const me = await linkedCustomer(w, wang, "13800138000");
    await purifier(w, me.id, "2026-08-24");
    await contract(w, me.id, "HT-008", "2026-12-10");
    await w.store.records.upsertCustomer({ phone: "13900139000", name: "李四" });
    await w.staff.command(BOSS, "due contracts 30", TRIAGE, "due-c");
    await w.staff.command(BOSS, "due consumables", TRIAGE, "due-k");
    await w.staff.command(BOSS, "customer 13800138000", TRIAGE, "file");
    await w.settle();
    expect(w.staff.responses("due-c").join("\n")).toContain("合同到期：未来 30 天内 1 项");
    expect(w.staff.responses("due-c").join("\n")).toContain("HT-008");
    expect(w.staff.responses("due-k").join("\n")).toContain("耗材到期：未来 30 天内 1 项");
    const file = w.staff.responses("file").join("\n");
    expect(file).toContain("王小明");
    expect(file).toContain("HT-008");
    expect(file).toContain("RO-400");
  });
});

describeEachDb("two desk processes on one database", (db) => {
  it("send each reminder once", async () => {
    const clock = new ManualClock(NOW);
    const w = await startWorld(db, { clock });
    let other: Store | undefined;
    let desk2: Desk | undefined;
    try {
      const users: FakeUser[] = [];
      for (let i = 0; i < 30; i++) {
        const user: FakeUser = { id: 8300 + i, first_name: `D${i}` };
        const c = await linkedCustomer(w, user, `1370013${String(7000 + i)}`);
        await contract(w, c.id, `HT-D${i}`, "2026-12-20");
        await purifier(w, c.id, "2026-08-01");
        users.push(user);
      }
      // a second desk process: its own database connection (PostgreSQL), its own runner and sender
      other = db.name === "postgres" ? await Store.open(w.store.target) : w.store;
      desk2 = await startTestDesk({ store: other, tg: w.tg, clock, webhook: true, env: { PORT: "0" } });
      await desk2.jobs.stop();
      // both scan at once, then both run the jobs at once
      await Promise.all([w.desk.proactive.scan(w.store), desk2.proactive.scan(other)]);
      await Promise.all([w.desk.jobs.runDue(), desk2.jobs.runDue()]);
      await Promise.all([settle(w.desk), settle(desk2)]);
      for (const u of users) {
        const texts = w.tg.sent(u.id).map((c) => String(c.params.text ?? ""));
        expect(texts.filter((t) => t.includes("维保合同"))).toHaveLength(1);
        expect(texts.filter((t) => t.includes("PP棉滤芯"))).toHaveLength(1);
      }
      expect(await w.store.reminders.ofCustomer((await w.customer(users[0]!)).id)).toHaveLength(2);
    } finally {
      await desk2?.stop();
      if (other && other !== w.store) await other.close();
      await w.stop();
    }
  });
});
