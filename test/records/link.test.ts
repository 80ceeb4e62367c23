/**
 * Imported customers on Telegram, end to end through the fake Bot API and the fake Slack
 * API: a customer links their file only by sharing their own contact and confirming the
 * masked name; then their products are buttons at intake and a fault on a product under an
 * active contract is fee type B, in the confirmation and on the staff card. A typed number
 * of someone else's file links nothing and shows nothing of it.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { defaultCatalogue } from "../../core/catalogue/index.ts";
import { ManualClock } from "../../core/clock.ts";
import { applyRecords, readRecordFile, type RecordKind } from "../../core/records/index.ts";
import type { Store } from "../../core/store/index.ts";
import type { FakeUser, UpdateFactory } from "../fakes/updates.ts";
import { Chat } from "../support/chat.ts";
import { describeEachDb } from "../support/db.ts";
import { BOSS, TRIAGE, settle } from "../support/desk.ts";
import { contactUpdate } from "../support/records.ts";
import { startWorld, type World } from "../support/world.ts";

const NOW = new Date("2026-11-24T02:00:00Z"); // 10:00 in Shanghai

/** Imports a records file into the store the way `npx desk import` does. */
export async function importCsv(store: Store, kind: RecordKind, csv: string): Promise<void> {
  const file = readRecordFile(kind, Buffer.from(csv), { catalogue: defaultCatalogue(), vipTiers: ["vip"], today: "2026-11-24" });
  expect(file.errors).toEqual([]);
  const r = await applyRecords(store, kind, file.rows);
  expect(r.errors).toEqual([]);
}

async function seedShop(store: Store): Promise<void> {
  await importCsv(
    store,
    "customers",
    "姓名,电话,地址,区域\n王小明,13800138000,北京市朝阳区建国路1号,市区\n李四,13900139000,河北省三河市燕郊镇幸福里2号,郊区\n",
  );
  await importCsv(
    store,
    "products",
    "电话,品类,型号,购买日期\n13800138000,净水器,RO-400,2023-01-10\n13900139000,净水器,RO-900,2023-02-01\n",
  );
  await importCsv(
    store,
    "contracts",
    "合同编号,电话,品类,型号,开始日期,结束日期\nHT-001,13800138000,净水器,RO-400,2026-01-01,2026-12-31\nHT-002,13900139000,净水器,RO-900,2026-01-01,2026-12-31\n",
  );
}

describeEachDb("linking the shop's records on Telegram", (db) => {
  let w: World;
  let f: UpdateFactory;
  const wang: FakeUser = { id: 7001, first_name: "Xiaoming", language_code: "zh-hans" };
  const mallory: FakeUser = { id: 7002, first_name: "Mal", language_code: "zh-hans" };

  beforeEach(async () => {
    w = await startWorld(db, { clock: new ManualClock(NOW) });
    f = w.tg.factory({ now: () => NOW.getTime() });
    await seedShop(w.store);
  });
  afterEach(() => w.stop());

  const share = (c: Chat, user: FakeUser, phone: string, userId = user.id) => c.deliver(contactUpdate(f, user, { phone, userId }));

  it("a customer who shares their own contact and confirms the masked name reports on a contract product: fee type B, in the confirmation and on the card", async () => {
    const c = new Chat(w.tg, w.desk, wang, f);
    let out = await c.command("/link");
    expect(out[0]!.call.params.reply_markup).toMatchObject({ keyboard: [[{ request_contact: true }]], one_time_keyboard: true });

    out = await share(c, wang, "8613800138000");
    expect(out[0]!.text).toContain("138****8000");
    expect(out[0]!.call.params.reply_markup).toEqual({ remove_keyboard: true });
    expect(out[1]!.text).toContain("王*明");
    expect(out[1]!.text).not.toContain("王小明");
    expect(out[1]!.text).not.toContain("建国路");
    expect(out[1]!.buttons.map((b) => b.data)).toEqual(["lnk:yes", "lnk:no"]);

    out = await c.tap("lnk:yes");
    expect(out.map((m) => m.text).join("\n")).toContain("已关联");
    const me = (await w.store.customers.byTelegramUser("7001"))!;
    expect(me).toMatchObject({ name: "王小明", phone: "13800138000", recordPhone: "13800138000", area: "city" });
    expect(await w.store.records.fileByPhone("13800138000")).toMatchObject({ id: me.id });

    out = await c.command("/new");
    out = await c.tap("kind:repair");
    const product = (await w.store.records.productsOf(me.id))[0]!;
    expect(out[0]!.buttons[0]).toEqual({ text: "我的净水器 RO-400", data: `myp:${product.id}` });
    out = await c.tap(`myp:${product.id}`);
    // model and purchase date came from the file: the next question is the description
    expect(out[0]!.text).toContain("描述");
    out = await c.say("净水器底部漏水，地上一滩水");
    // the KB's entries on leaks to pick from: none of these, the report goes on
    if (out.some((m) => m.buttons.some((b) => b.data === "sug_no:x"))) out = await c.tap("sug_no:x");
    // name, phone, address and area are on file: the ticket opens at once
    const created = out.find((m) => m.text.includes("已为您建立工单"))!;
    expect(created.text).toContain("收费类型: B 合同服务 · HT-001");
    expect(created.text).toContain("型号: RO-400");
    const ref = Number(/#(\d+)/.exec(created.text)![1]);
    const ticket = (await w.store.tickets.byRef(ref))!;
    expect(ticket).toMatchObject({ feeType: "B", feeReason: "contract", productId: product.id, category: "purifier" });

    const card = w.slack
      .messages(TRIAGE)
      .find((m) => String(m.text).includes(`#${ref}`) || JSON.stringify(m.blocks ?? "").includes(`#${ref}`))!;
    expect(JSON.stringify(card.blocks)).toContain("B 合同 · HT-001");
  });

  it("a typed phone number of someone else's file links nothing and shows nothing of it; someone else's contact is refused", async () => {
    const c = new Chat(w.tg, w.desk, mallory, f);
    await c.command("/new");
    await c.tap("kind:repair");
    let out = await c.tap("prod:purifier");
    expect(out[0]!.buttons.some((b) => b.data?.startsWith("myp:"))).toBe(false);
    await c.tap("model:?");
    await c.tap("buy:?");
    out = await c.say("净水器不出水");
    // help first: when the FAQ answers at once, "still need service" goes on with the form
    const needService = out.flatMap((m) => m.buttons).find((b) => b.data?.startsWith("faq_no:"));
    if (needService) await c.tap(needService.data!);
    await c.say("小李");
    out = await c.say("13900139000");
    const said = out.map((m) => m.text).join("\n");
    expect(said).toContain("分享自己的 Telegram 号码");
    for (const secret of ["李*", "李四", "燕郊", "RO-900", "HT-002", "139****9000"]) expect(said).not.toContain(secret);
    expect(out.find((m) => m.text.includes("分享"))!.call.params.reply_markup).toMatchObject({ keyboard: [[{ request_contact: true }]] });
    // the address is still asked for: nothing came from the file
    expect(out.at(-1)!.text).toContain("地址");
    await c.say("上海市某区某路3号");
    await c.tap("area:city");
    const created = c.all().find((m) => m.text.includes("已为您建立工单"))!;
    expect(created.text).toContain("A 有偿服务");
    expect(created.text).not.toContain("HT-002");

    // someone else's contact card is not a number Telegram vouches for
    out = await share(c, mallory, "8613900139000", 999);
    expect(out.map((m) => m.text).join("\n")).toContain("请分享您自己的号码");
    expect(out.map((m) => m.text).join("\n")).not.toContain("李");

    const me = (await w.store.customers.byTelegramUser("7002"))!;
    expect(me).toMatchObject({ name: "小李", phone: "13900139000", recordPhone: null });
    const file = (await w.store.records.fileByPhone("13900139000"))!;
    expect(file).toMatchObject({ name: "李四", telegramUserId: null });
    expect(await w.store.records.productsOf(me.id)).toHaveLength(1); // only the product of their own report
    expect((await w.store.records.productsOf(me.id))[0]!.model).toBeNull();
  });

  it("'not me' links nothing; staff can link a file by hand, dispatchers and above only", async () => {
    const c = new Chat(w.tg, w.desk, mallory, f);
    await share(c, mallory, "13900139000");
    const out = await c.tap("lnk:no");
    expect(out.map((m) => m.text).join("\n")).toContain("不做关联");
    expect((await w.store.records.fileByPhone("13900139000"))!.telegramUserId).toBeNull();

    await w.staff.command("U0NOBODY", "link 7002 13900139000", TRIAGE, "U0NOBODY-link");
    await settle(w.desk);
    expect(w.staff.answersTo("U0NOBODY").join("\n")).not.toContain("已将客户");
    expect((await w.store.records.fileByPhone("13900139000"))!.telegramUserId).toBeNull();
    await w.staff.command(BOSS, "link 7002 139-0013-9000", TRIAGE, `${BOSS}-link`);
    await settle(w.desk);
    expect(w.staff.answersTo(BOSS).join("\n")).toContain("已将客户");
    const linked = (await w.store.records.fileByPhone("13900139000"))!;
    expect(linked.telegramUserId).toBe("7002");
    expect(linked.name).toBe("李四");
    expect(
      c
        .all()
        .map((m) => m.text)
        .join("\n"),
    ).toContain("服务人员已为您关联客户档案");
  });
});
