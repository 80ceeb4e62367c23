/**
 * Customer flows end to end: the real grammY bot and desk, talking to the fake Bot API over
 * HTTP (webhook mode), on each test database.
 */
import { expect } from "vitest";
import { messages } from "../../core/i18n/index.ts";
import type { FakeUser } from "../fakes/updates.ts";
import { describeEachDb } from "../support/db.ts";
import { WEBHOOK_SECRET } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

/** What the customer is told; compared where the wording is not what a test is about. */
const zhMsg = messages("zh-CN");
const enMsg = messages("en");

describeEachDb("telegram intake", (db) => {
  it.override({ db, worldOptions: { slack: false } });

  const zhUser = { id: 5001, first_name: "小明", language_code: "zh-hans" };
  const enUser = { id: 5002, first_name: "Alice", language_code: "en" };
  /** A customer whose file is complete, so a report asks only about the product. */
  const withProfile = (w: World, user: FakeUser) =>
    w.customerWithProfile(user, {
      profile: { name: "测试用户", phone: "13900139000", address: "上海市浦东新区世纪大道100号", area: "city" },
    });

  it("registers the webhook with the secret token", ({ tg }) => {
    expect(tg.webhook?.secretToken).toBe(WEBHOOK_SECRET);
    expect(tg.webhook?.url).toMatch(/\/telegram\/webhook$/);
  });

  it("answers a Chinese free-text report with the FAQ at once; Solved closes it without asking for an address", async ({
    world,
    tg,
    store,
  }) => {
    const c = world.chat(zhUser);
    let out = await c.say("冰箱不制冷了，型号BCD-215WDPV，昨天开始的");
    // help first: the ticket exists at once (its reference given) and the steps come before any question
    const created = out.find((m) => /✅/.test(m.text))!;
    expect(created.text).toMatch(/#\d+/);
    expect(created.text).toContain(zhMsg.products.fridge);
    expect(created.text).toContain("BCD-215WDPV");
    expect(created.text).not.toContain(zhMsg.summary.purchase); // not asked yet, so not shown as "unknown"
    const faq = out.find((m) => m.buttons.some((b) => b.data?.startsWith("faq_ok:")))!;
    expect(faq.text).toContain("确认通电");
    expect(faq.buttons.map((b) => b.text)).toEqual([zhMsg.buttons.solved, zhMsg.buttons.needService, zhMsg.buttons.moreSteps]);
    expect(faq.text.length).toBeLessThan(1200); // a chat message, not the whole page
    expect(faq.text).not.toContain("环境温度"); // step 7 waits for "more steps"
    expect(out.map((m) => m.text).join("\n")).not.toContain(zhMsg.ask.purchase);

    const ref = Number(/#(\d+)/.exec(created.text)![1]);
    const t = await store.tickets.byRef(ref);
    expect(t).toMatchObject({ kind: "repair", category: "fridge", model: "BCD-215WDPV", status: "self_help", lang: "zh-CN" });
    expect(t!.selfHelpEntryId).toBe("fridge-not-cooling-zh");

    // more steps: the rest of the answer, with the same two buttons
    out = await c.tap(`faq_more:${ref}`);
    expect(out.at(-1)!.text).toContain("环境温度");
    expect(out.at(-1)!.buttons.map((b) => b.data)).toEqual([`faq_ok:${ref}`, `faq_no:${ref}`]);

    // Solved → resolved as self-service, buttons removed, counted, and nothing more is asked
    out = await c.tap(`faq_ok:${ref}`);
    expect(out.at(-1)!.text).toContain(zhMsg.faqSolved(`#${ref}`));
    expect(await store.tickets.byRef(ref)).toMatchObject({ status: "resolved", resolution: "self_service", selfHelpResult: "solved" });
    expect(tg.calls.some((x) => x.method === "editMessageReplyMarkup" && x.ok)).toBe(true);
    expect(tg.calls.some((x) => x.method === "answerCallbackQuery" && x.ok)).toBe(true);
    expect((await store.tickets.countResolutions())["self_service"]).toBe(1);
    const events = (await store.tickets.events(t!.id)).map((e) => e.type);
    expect(events).toEqual(["created", "faq_offered", "self_service"]);
    const everything = c
      .all()
      .map((m) => m.text)
      .join("\n");
    for (const question of [zhMsg.ask.address, zhMsg.ask.name, zhMsg.ask.phone, zhMsg.ask.area]) expect(everything).not.toContain(question);
    const customer = await store.customers.byTelegramUser(String(zhUser.id));
    expect(customer).toMatchObject({ address: null, phone: null });
    expect(await store.customers.conversation(customer!.id)).toBeNull();
  });

  it("after the FAQ in Chinese, 'still need service' asks only what is missing, then queues the ticket", async ({ world, store }) => {
    const c = world.chat(zhUser);
    let out = await c.say("冰箱不制冷了，型号BCD-215WDPV，昨天开始的");
    const ref = Number(/#(\d+)/.exec(out.find((m) => /✅/.test(m.text))!.text)![1]);
    out = await c.tap(`faq_no:${ref}`);
    // kind, product and model were in the text: the next question is the purchase date
    expect(out.at(-1)!.text).toContain(zhMsg.faqNeedServiceAsk);
    expect(out.at(-1)!.text).toContain(zhMsg.ask.purchase);
    expect(out.at(-1)!.buttons.map((b) => b.data)).toEqual(["buy:?"]);
    out = await c.say("2026年3月");
    expect(out[0]?.text).toContain(zhMsg.ask.name);
    out = await c.say("王小明");
    expect(out[0]?.text).toContain(zhMsg.ask.phone);
    out = await c.say("12345");
    expect(out[0]?.text).toContain(zhMsg.invalid.phone);
    out = await c.say("138 0013 8000");
    expect(out[0]?.text).toContain(zhMsg.ask.address);
    out = await c.say("北京市朝阳区建国路88号3单元");
    expect(out[0]?.text).toContain(zhMsg.ask.area);
    expect(await store.tickets.byRef(ref)).toMatchObject({ status: "self_help", selfHelpResult: "not_solved" });
    out = await c.tap("area:city");
    expect(out.at(-1)!.text).toContain(zhMsg.faqNeedService(`#${ref}`));
    const t = await store.tickets.byRef(ref);
    expect(t).toMatchObject({
      kind: "repair",
      category: "fridge",
      model: "BCD-215WDPV",
      feeType: "C",
      status: "queued",
      area: "city",
      selfHelpResult: "not_solved",
    });
    expect(t!.purchaseDate?.toISOString().slice(0, 7)).toBe("2026-03");
    const customer = await store.customers.byTelegramUser(String(zhUser.id));
    expect(customer).toMatchObject({ name: "王小明", phone: "13800138000", area: "city" });
    expect((await store.tickets.events(t!.id)).map((e) => e.type)).toEqual([
      "created",
      "faq_offered",
      "faq_not_solved",
      "intake_completed",
    ]);
  });

  it("answers an English free-text report with the FAQ at once; Solved closes it without asking for an address", async ({
    world,
    store,
  }) => {
    const c = world.chat(enUser);
    let out = await c.say("My fridge is not cooling");
    const created = out.find((m) => m.text.includes("Ticket #"))!;
    const ref = Number(/#(\d+)/.exec(created.text)![1]);
    const faq = out.find((m) => m.buttons.some((b) => b.data === `faq_ok:${ref}`))!;
    expect(faq.text).toContain(enMsg.faqQuestion);
    expect(faq.buttons.slice(0, 2).map((b) => b.text)).toEqual([enMsg.buttons.solved, enMsg.buttons.needService]);
    expect(await store.tickets.byRef(ref)).toMatchObject({ status: "self_help", selfHelpEntryId: "fridge-not-cooling-en", lang: "en" });
    out = await c.tap(`faq_ok:${ref}`);
    expect(out.at(-1)!.text).toContain(enMsg.faqSolved(`#${ref}`));
    expect(await store.tickets.byRef(ref)).toMatchObject({ status: "resolved", resolution: "self_service" });
    const everything = c
      .all()
      .map((m) => m.text)
      .join("\n");
    for (const question of [enMsg.ask.address, enMsg.ask.name, enMsg.ask.phone, enMsg.ask.purchase])
      expect(everything).not.toContain(question);
  });

  it("after the FAQ in English, 'still need service' asks only what is missing, then queues the ticket", async ({ world, store }) => {
    const c = await withProfile(world, enUser);
    let out = await c.say("My TV has sound but no picture");
    const ref = Number(/#(\d+)/.exec(out.find((m) => m.text.includes("Ticket #"))!.text)![1]);
    out = await c.tap(`faq_no:${ref}`);
    // the customer file is complete: only the product's model and purchase date are asked
    expect(out.at(-1)!.text).toContain(enMsg.faqNeedServiceAsk);
    expect(out.at(-1)!.text).toContain(enMsg.ask.model);
    out = await c.say("L55M5");
    expect(out.at(-1)!.text).toContain(enMsg.ask.purchase);
    out = await c.say("2025-03");
    expect(out.at(-1)!.text).toContain(enMsg.faqNeedService(`#${ref}`));
    expect(await store.tickets.byRef(ref)).toMatchObject({
      status: "queued",
      category: "tv",
      model: "L55M5",
      selfHelpResult: "not_solved",
    });
  });

  it("offers the entries it cannot tell apart; 'none of these' goes on with the report, straight to staff", async ({ world, store }) => {
    const c = await withProfile(world, zhUser);
    let out = await c.say("冰箱里面有水还结霜");
    const card = out.at(-1)!;
    expect(card.text).toContain(zhMsg.ask.suggest);
    expect(card.buttons.map((b) => b.text)).toEqual(["冰箱里面有积水、漏水", "冰箱结霜、结冰严重", zhMsg.buttons.noneOfThese]);
    expect(out.some((m) => /✅/.test(m.text))).toBe(false); // no ticket before the customer says
    // a photo meanwhile joins the report, and /start asks again: the same choice
    out = await c.photo();
    expect(out.at(-1)!.text).toBe(`${zhMsg.photoSaved}\n\n${zhMsg.ask.suggest}`);
    out = await c.command("/start");
    expect(out.at(-1)!.text).toBe(`${zhMsg.draftContinue}\n\n${zhMsg.ask.suggest}`);
    expect(out.at(-1)!.buttons.map((b) => b.data)).toEqual(["sug:0", "sug:1", "sug_no:x"]);
    out = await c.tap("sug_no:x");
    expect(out.at(-1)!.text).toContain(zhMsg.ask.kind);
    await c.tap("kind:repair");
    await c.tap("model:?");
    out = await c.tap("buy:?");
    const created = out.find((m) => /✅/.test(m.text))!;
    const ref = Number(/#(\d+)/.exec(created.text)![1]);
    expect(out.at(-1)!.text).toBe(zhMsg.toStaff(`#${ref}`));
    const t = (await store.tickets.byRef(ref))!;
    expect(t).toMatchObject({ status: "queued", category: "fridge", description: "冰箱里面有水还结霜", selfHelpResult: "none" });
    expect(await store.tickets.attachments(t.id)).toHaveLength(1);
    const none = (await store.tickets.events(t.id)).find((e) => e.type === "faq_none");
    expect(none?.data).toEqual({ declined: ["fridge-water-inside-zh", "fridge-frost-buildup-zh"] });
    // the old card's buttons are spent: a late tap changes nothing
    out = await c.tap("sug:1");
    expect((await store.tickets.byRef(ref))!.selfHelpEntryId).toBeNull();
  });

  it("asked again after the KB changed, the suggestions are the entries it still has, and a tap gets the one it shows", async ({
    world,
    store,
  }) => {
    const c = await withProfile(world, zhUser);
    let out = await c.say("冰箱里面有水还结霜");
    expect(out.at(-1)!.buttons.map((b) => b.text)).toEqual(["冰箱里面有积水、漏水", "冰箱结霜、结冰严重", zhMsg.buttons.noneOfThese]);
    // the shop removes the entry on water inside and the desk reloads its KB
    const keep = (await store.kb.all()).map((e) => e.id).filter((id) => !id.startsWith("fridge-water-inside"));
    await store.kb.deleteExcept(keep);
    try {
      await world.desk.faq.reload(store);
      out = await c.command("/start");
      expect(out.at(-1)!.buttons.map((b) => b.text)).toEqual(["冰箱结霜、结冰严重", zhMsg.buttons.noneOfThese]);
      out = await c.tap("sug:0");
      expect(out.find((m) => m.buttons.some((b) => b.data?.startsWith("faq_ok:")))!.text).toContain(zhMsg.faqSource("冰箱结霜、结冰严重"));
    } finally {
      // the test database keeps its KB between tests (test/support/db.ts): an empty one is seeded again whole
      await store.kb.deleteExcept([]);
    }
  });

  it("a message typed instead of picking a suggestion joins the description, and the report goes on", async ({ world, store }) => {
    const c = await withProfile(world, enUser);
    let out = await c.say("fridge has water inside and frost");
    expect(out.at(-1)!.text).toContain(enMsg.ask.suggest);
    out = await c.say("it started after we moved house");
    expect(out.at(-1)!.text).toContain(enMsg.ask.kind);
    await c.tap("kind:repair");
    await c.tap("model:?");
    out = await c.tap("buy:?");
    const ref = Number(/#(\d+)/.exec(out.find((m) => /✅/.test(m.text))!.text)![1]);
    expect(await store.tickets.byRef(ref)).toMatchObject({
      description: "fridge has water inside and frost\nit started after we moved house",
      status: "queued",
      selfHelpResult: "none",
    });
  });

  it("offers no suggestions to a report whose kind wants a visit (installation)", async ({ world }) => {
    const c = await withProfile(world, zhUser);
    const out = await c.report({ kind: "install", product: "fridge", text: "冰箱里面有水还结霜", suggestions: "keep" });
    expect(out.some((m) => m.buttons.some((b) => b.data?.startsWith("sug")))).toBe(false);
    expect(out.some((m) => /✅/.test(m.text))).toBe(true);
  });

  it("takes a report in English through the buttons; 'still need service' queues it for staff", async ({ world, tg, store }) => {
    const c = world.chat(enUser);
    const f = world.updates;
    let out = await c.command("/start");
    expect(out[0]?.text).toContain("after-sales service desk");
    out = await c.command("/new");
    expect(out[0]?.text).toContain(enMsg.ask.kind);
    out = await c.tap("kind:repair");
    expect(out[0]?.text).toContain(enMsg.ask.product);
    out = await c.tap("prod:washer");
    expect(out[0]?.text).toContain(enMsg.ask.model);
    out = await c.tap("model:?");
    expect(out[0]?.text).toContain(enMsg.ask.purchase);
    out = await c.say("2019-05-01");
    expect(out[0]?.text).toContain(enMsg.ask.description);
    out = await c.say("The washing machine won't drain, water stays in the drum");
    // help first: the ticket and the steps come before the questions about the customer
    const created = out.find((m) => m.text.includes("Ticket #"))!;
    expect(created.text).toContain(enMsg.fees.A);
    expect(created.text).toContain(enMsg.products.washer);
    const faq = out.find((m) => m.buttons.some((b) => b.data?.startsWith("faq_no:")))!;
    expect(faq.text.toLowerCase()).toContain("drain");
    expect(faq.buttons.slice(0, 2).map((b) => b.text)).toEqual([enMsg.buttons.solved, enMsg.buttons.needService]);
    const ref = Number(/#(\d+)/.exec(created.text)![1]);

    out = await c.tap(`faq_no:${ref}`);
    expect(out.at(-1)!.text).toContain(enMsg.ask.name);
    out = await c.say("Alice Smith");
    out = await c.say("+44 20 7946 0958");
    out = await c.say("221B Baker Street");
    out = await c.tap("area:suburb");
    expect(out.at(-1)!.text).toContain(enMsg.faqNeedService(`#${ref}`));
    expect(await store.tickets.byRef(ref)).toMatchObject({
      status: "queued",
      selfHelpResult: "not_solved",
      feeType: "A",
      model: null,
      area: "suburb",
    });

    // a late tap on a button that is gone is handled gracefully and changes nothing
    out = await c.deliver(f.callback(enUser, `faq_ok:${ref}`, { messageId: faq.messageId! }));
    const answers = tg.calls.filter((x) => x.method === "answerCallbackQuery");
    expect(answers.at(-1)!.params.text).toBe(enMsg.stale);
    expect(await store.tickets.byRef(ref)).toMatchObject({ status: "queued" });
  });

  it("hands a report the FAQ does not cover straight to staff, and says so", async ({ world, store }) => {
    const c = await withProfile(world, zhUser);
    const out = await c.report({ kind: "install", product: "other", text: "新买的按摩椅需要上门组装" });
    const created = out.find((m) => /✅/.test(m.text))!;
    expect(created).toBeDefined();
    const ref = Number(/#(\d+)/.exec(created.text)![1]);
    expect(out.at(-1)!.text).toContain(zhMsg.toStaff(`#${ref}`));
    expect(out.some((m) => m.buttons.length)).toBe(false);
    expect(await store.tickets.byRef(ref)).toMatchObject({
      status: "queued",
      selfHelpResult: "none",
      kind: "install",
      purchaseUnknown: true,
    });
  });

  it("one update delivered three times makes one ticket and one reply", async ({ world, tg, store }) => {
    const c = await withProfile(world, zhUser);
    const f = world.updates;
    await c.say("洗衣机不排水了 型号XQG80-B12");
    const update = f.text(zhUser, "2024-01-15");
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await tg.postWebhook(update)).status);
    expect(statuses).toEqual([200, 200, 200]);
    await c.deliver(f.text(zhUser, "/tickets")).catch(() => {}); // flush
    expect(await world.ticketsOf(zhUser)).toHaveLength(1);
    const confirmations = c.all().filter((m) => /✅/.test(m.text));
    expect(confirmations).toHaveLength(1);
    expect(await store.inbox.counts()).toEqual({ pending: 0, failed: 0, invalid: 0 });
  });

  it("attaches later messages and photos to the open ticket", async ({ world, store }) => {
    const c = await withProfile(world, zhUser);
    await c.command("/new");
    await c.tap("kind:repair");
    await c.tap("prod:tv");
    await c.say("L55M5");
    await c.say("2023-06-01");
    const out = await c.photo("电视有声音没图像");
    const ref = Number(/#(\d+)/.exec(out.find((m) => /✅/.test(m.text))!.text)![1]);
    let more = await c.say("补充一下：开机后黑屏");
    expect(more[0]?.text).toContain(`#${ref}`);
    more = await c.photo();
    expect(more[0]?.text).toContain(`#${ref}`);
    const t = (await store.tickets.byRef(ref))!;
    const msgs = await store.tickets.messages(t.id);
    expect(msgs.map((m) => m.text)).toEqual(["电视有声音没图像", "补充一下：开机后黑屏", ""]);
    expect(await store.tickets.attachments(t.id)).toHaveLength(2);
  });

  it("never shows, cancels or answers for another customer's ticket", async ({ world, store }) => {
    const owner = await withProfile(world, zhUser);
    const f = world.updates;
    const out = await owner.report({ kind: "repair", product: "fridge", text: "冰箱不制冷，里面是温的，机密备注：门禁密码1234" });
    const ref = Number(/#(\d+)/.exec(out.find((m) => /✅/.test(m.text))!.text)![1]);
    const before = (await store.tickets.byRef(ref))!;

    const other = world.chat(enUser);
    for (const [cmd, args] of [
      ["/status", String(ref)],
      ["/status", `#${ref}`],
      ["/cancel", String(ref)],
    ] as const) {
      const r = await other.command(cmd, args);
      expect(r).toHaveLength(1);
      expect(r[0]?.text).toContain(enMsg.notFound(`#${ref}`));
      expect(r[0]?.text).not.toContain("1234");
    }
    const list = await other.command("/tickets");
    expect(list[0]?.text).toContain(enMsg.ticketsEmpty);
    // a forged button press for the other customer's ticket
    await other.deliver(f.callback(enUser, `faq_ok:${ref}`, { messageId: 1 }));
    await other.deliver(f.callback(enUser, `faq_no:${ref}`, { messageId: 1 }));
    await other.deliver(f.callback(enUser, `cx:${ref}`, { messageId: 1 }));
    const after = (await store.tickets.byRef(ref))!;
    expect(after.status).toBe(before.status);
    expect(after.updatedAt).toEqual(before.updatedAt);
    // the owner sees it
    const mine = await owner.command("/status", `#${ref}`);
    expect(mine[0]?.text).toContain("门禁密码1234");
  });

  it("cancels the customer's own ticket after confirmation", async ({ world, store }) => {
    const c = await withProfile(world, enUser);
    const out = await c.report({ kind: "install", product: "ac", text: "Please install the new air conditioner in the bedroom" });
    const ref = Number(/#(\d+)/.exec(out.find((m) => m.text.includes("Ticket #"))!.text)![1]);
    const ask = await c.command("/cancel", `#${ref}`);
    expect(ask[0]?.buttons.map((b) => b.data)).toEqual([`cx:${ref}`, `cxk:${ref}`]);
    const done = await c.tap(`cx:${ref}`);
    expect(done.at(-1)!.text).toContain(enMsg.cancelled(`#${ref}`));
    expect(await store.tickets.byRef(ref)).toMatchObject({ status: "cancelled", resolution: "cancelled" });
    const again = await c.command("/cancel", `${ref}`);
    expect(again[0]?.text).toContain(enMsg.cannotCancel(`#${ref}`, enMsg.statuses.cancelled!));
  });

  it("shows and edits the customer file, and switches language", async ({ world, store }) => {
    const c = await withProfile(world, zhUser);
    let out = await c.command("/profile");
    expect(out[0]?.text).toContain("13900139000");
    expect(out[0]?.text).toContain("测试用户");
    out = await c.tap("pf:phone");
    expect(out[0]?.text).toContain(zhMsg.ask.phone);
    out = await c.say("abc");
    expect(out[0]?.text).toContain(zhMsg.invalid.phone);
    out = await c.say("0755-8888 6666");
    expect(out[0]?.text).toContain(zhMsg.profileUpdated);
    expect((await store.customers.byTelegramUser(String(zhUser.id)))!.phone).toBe("0755-88886666");
    out = await c.command("/lang", "en");
    expect(out[0]?.text).toBe(enMsg.langSet);
    out = await c.command("/help");
    expect(out[0]?.text).toContain(enMsg.help());
    // the choice sticks even though Telegram still says zh
    out = await c.command("/tickets");
    expect(out[0]?.text).toContain(enMsg.ticketsEmpty);
  });

  it("answers stickers, voice, files, unknown commands and oversized text politely", async ({ world, store, desk }) => {
    const c = world.chat(zhUser);
    const f = world.updates;
    let out = await c.deliver(f.sticker(zhUser));
    expect(out[0]?.text).toContain(zhMsg.unsupported.sticker);
    out = await c.deliver(f.voice(zhUser));
    expect(out[0]?.text).toContain(zhMsg.unsupported.voice);
    out = await c.deliver(f.document(zhUser, { mime_type: "application/pdf", file_name: "invoice.pdf" }));
    expect(out[0]?.text).toContain(zhMsg.unsupported.document);
    out = await c.command("/frobnicate");
    expect(out[0]?.text).toContain(zhMsg.unknownCommand("/frobnicate"));
    out = await c.say("冰".repeat(5000));
    expect(out[0]?.text).toContain(zhMsg.tooLong(4096));
    // nothing was opened, nothing failed, every update was kept
    expect(await store.inbox.counts()).toEqual({ pending: 0, failed: 0, invalid: 0 });
    expect(await world.ticketsOf(zhUser)).toHaveLength(0);
    expect(desk.inbox.stats).toMatchObject({ accepted: 5, processed: 5, failed: 0 });
  });

  it("refuses webhook calls without the right secret, keeping nothing from them", async ({ world, tg, store }) => {
    const u = world.updates.text(zhUser, "你好");
    expect((await tg.postWebhook(u, { secret: "wrong" })).status).toBe(401);
    expect((await tg.postWebhook(u, { secret: null })).status).toBe(401);
    expect(await store.inbox.get(1n)).toBeNull();
    expect((await tg.postWebhook(u)).status).toBe(200);
  });
});
