/**
 * Staff work in Slack, end to end: the real Bolt app behind the desk's HTTP server, signed
 * requests, a fake Slack Web API and a fake Telegram Bot API over HTTP, on each database.
 * Customer report → triage card → claim → thread both ways → resolve with repair record →
 * customer notified.
 */
import { expect } from "vitest";
import { messages } from "../../core/i18n/index.ts";
import { staffMessages } from "../../core/i18n/staff.ts";
import type { TicketRow } from "../../core/store/index.ts";
import { blockActions, sendSlack } from "../fakes/slack-sign.ts";
import { describeEachDb } from "../support/db.ts";
import { BOSS, SLACK_SECRET, TRIAGE } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

/** 100 claims and 99 private refusals take a while on a busy machine: budgets, not assertions. */
const SETTLE_MANY_MS = 180_000;
const MANY_CLAIMS_TEST_MS = 480_000;
/** What customers and staff are told; compared where the wording is not what a test is about. */
const zhMsg = messages("zh-CN");
const staffZh = staffMessages("zh-CN");

describeEachDb("slack staff flow", (db) => {
  const customer = { id: 8001, first_name: "李阿姨", language_code: "zh-hans" };
  const ENG = "U0ENG1";
  const ENG2 = "U0ENG2";
  const AGENT = "U0AGENT";
  const STRANGER = "U0NOBODY";
  it.override({
    db,
    worldOptions: { staffMembers: { [ENG]: ["engineer", "王师傅"], [ENG2]: ["engineer", "赵师傅"], [AGENT]: ["agent", "小陈"] } },
  });

  /** A customer report that the FAQ does not cover, so it goes straight to staff; the description arrives as a photo caption. */
  const report = (w: World, text = "洗碗机漏水，厨房地上都是水") =>
    w.queuedTicket(customer, {
      text,
      photo: true,
      profile: { name: "李阿姨", phone: "13700137000", address: "杭州市西湖区文三路1号", area: "suburb" },
    });

  const card = (w: World, ticket: TicketRow) => w.slack.messages(TRIAGE).find((m) => m.ts === ticket.slackTs)!;
  const cardText = (w: World, ticket: TicketRow) => JSON.stringify(card(w, ticket).blocks);

  it("says on the card which KB suggestions the customer saw and declined", async ({ world }) => {
    const { ticket } = await world.queuedTicket(customer, {
      text: "冰箱里面有水还结霜",
      profile: { name: "李阿姨", phone: "13700137000", address: "杭州市西湖区文三路1号", area: "suburb" },
    });
    const text = cardText(world, ticket);
    expect(text).toContain("客户看过知识库建议，都不是 · 冰箱里面有积水、漏水 · 冰箱结霜、结冰严重");
    expect(text).not.toContain("知识库无匹配");
  });

  it("posts the triage card with what staff need, and the customer's photo in its thread", async ({ world, slack }) => {
    const { ticket } = await report(world);
    expect(ticket.status).toBe("queued");
    expect(ticket.slackChannel).toBe(TRIAGE);
    expect(ticket.slackTs).toBeTruthy();
    const text = cardText(world, ticket);
    for (const s of [`#${ticket.ref}`, "维修", "其他", "A 有偿", "郊区", "洗碗机漏水", "李阿姨", "13700137000", "知识库无匹配", "派工时限"])
      expect(text).toContain(s);
    const actions = card(world, ticket).blocks!.flatMap((b: any) => (b.type === "actions" ? b.elements.map((e: any) => e.action_id) : []));
    expect(actions).toEqual(expect.arrayContaining(["t_claim", "t_assign", "t_close"]));
    // the photo was fetched from Telegram and uploaded into the thread
    const upload = slack.calls.find((c) => c.method === "files.completeUploadExternal");
    expect(upload?.params.thread_ts).toBe(ticket.slackTs);
  });

  it(
    "lets exactly one of 100 simultaneous claims win; the others are told who has it",
    async ({ world, store, slack, tg, staff }) => {
      const { ticket } = await report(world);
      const users = Array.from({ length: 100 }, (_, i) => `U0RACE${String(i).padStart(3, "0")}`);
      for (const u of users) await store.staff.upsert(u, "engineer", `师傅${u.slice(-3)}`);
      const results = await Promise.all(users.map((u) => staff.click(u, "t_claim", ticket)));
      expect(results.every((r) => r.status === 200)).toBe(true);
      await world.settle(SETTLE_MANY_MS);
      const after = (await store.tickets.byId(ticket.id))!;
      expect(after.status).toBe("claimed");
      const owner = (await store.staff.byId(after.assigneeId!))!;
      expect(users).toContain(owner.slackUserId);
      const claims = (await store.tickets.events(ticket.id)).filter((e) => e.type === "claimed");
      expect(claims).toHaveLength(1);
      const refusals = slack.responses().filter((r) => String(r.params.text).includes("已经由"));
      expect(refusals).toHaveLength(99);
      expect(refusals.every((r) => String(r.params.text).includes(`<@${owner.slackUserId}>`))).toBe(true);
      // the card was updated in place with the owner, and the customer heard who is coming
      const updates = slack.calls.filter((c) => c.method === "chat.update" && c.params.ts === ticket.slackTs);
      expect(JSON.stringify(updates.at(-1)!.params.blocks)).toContain(`<@${owner.slackUserId}>`);
      const told = tg.sent(customer.id).map((c) => String(c.params.text));
      expect(told.filter((t) => t.includes("受理"))).toHaveLength(1);
      expect(told.some((t) => t.includes(owner.name!))).toBe(true);
    },
    MANY_CLAIMS_TEST_MS,
  );

  it("bridges the thread both ways, keeps internal notes internal, and resolves with a repair record", async ({
    world,
    store,
    slack,
    tg,
    staff,
  }) => {
    const { chat, ticket } = await report(world);
    await staff.click(ENG, "t_claim", ticket);
    await world.settle();

    // staff → customer
    expect((await staff.say(ENG, ticket, "您好，请问漏水是从机器底部还是门缝？")).status).toBe(200);
    await world.settle();
    expect(chat.all().at(-1)!.text).toContain("请问漏水是从机器底部还是门缝");
    expect(chat.all().at(-1)!.text).toContain(zhMsg.notify.engineer("王师傅"));

    // customer → thread
    await chat.say("是从底部漏的");
    await world.settle();
    expect(
      slack
        .thread(TRIAGE, ticket.slackTs!)
        .some((m) => `${m.text ?? ""}${JSON.stringify(m.blocks ?? [])}`.includes(staffZh.customerSays("是从底部漏的"))),
    ).toBe(true);

    // internal notes never reach the customer
    const before = tg.sent(customer.id).length;
    await staff.say(ENG, ticket, "note: 可能是排水泵密封圈老化，带配件");
    await staff.say(ENG, ticket, "备注：客户家里有狗，注意");
    await world.settle();
    expect(tg.sent(customer.id).length).toBe(before);
    const notes = (await store.tickets.messages(ticket.id)).filter((m) => m.author === "note").map((m) => m.text);
    expect(notes).toEqual(["可能是排水泵密封圈老化，带配件", "客户家里有狗，注意"]);
    expect(JSON.stringify(slack.thread(TRIAGE, ticket.slackTs!))).toContain("内部备注");

    // appointment by command, then on site
    await staff.command(ENG, `appt ${ticket.ref} 2099-01-05 14:00-16:00`, TRIAGE, "appt");
    await world.settle();
    expect((await store.tickets.byId(ticket.id))!.status).toBe("scheduled");
    expect(chat.all().at(-1)!.text).toContain("2099-01-05 14:00–16:00");
    await staff.click(ENG, "t_onsite", ticket);
    await world.settle();
    expect(await store.tickets.byId(ticket.id)).toMatchObject({ status: "on_site" });

    // resolve: the button opens the repair-record modal…
    await staff.click(ENG, "t_resolve", ticket);
    await world.settle();
    const opened = slack.calls.find((c) => c.method === "views.open" && c.ok)!;
    expect(opened.params.view.callback_id).toBe("m_resolve");
    // …a bad form is refused with errors and nothing is stored…
    const bad = await staff.submit(ENG, "m_resolve", { work: "", hours: "abc", parts: "", fee: "-5", feeType: { option: "A" } });
    expect(bad.status).toBe(200);
    expect(bad.body.response_action).toBe("errors");
    expect(Object.keys(bad.body.errors).sort()).toEqual(["fee", "hours", "work"]);
    expect((await store.tickets.byId(ticket.id))!.status).toBe("on_site");
    // …and a good one records the repair, resolves, and tells the customer
    const good = await staff.submit(ENG, "m_resolve", {
      work: "更换排水泵密封圈",
      hours: "1.5",
      parts: "密封圈 x 2\n卡箍",
      fee: "80",
      feeType: { option: "A" },
    });
    expect(good.status).toBe(200);
    expect(good.text).toBe("");
    await world.settle();
    const done = (await store.tickets.byId(ticket.id))!;
    expect(done).toMatchObject({ status: "resolved", resolution: "repaired" });
    expect(await store.tickets.repair(ticket.id)).toEqual({
      workDone: "更换排水泵密封圈",
      hours: 1.5,
      parts: [
        { name: "密封圈", qty: 2 },
        { name: "卡箍", qty: 1 },
      ],
      feeAmount: 80,
      feeType: "A",
      settlementFen: null,
      recordedBy: ENG,
    });
    const notice = chat.all().find((m) => m.text.includes("已处理完成"))!.text;
    expect(notice).toContain("更换排水泵密封圈");
    expect(notice).toContain("80.00");
    // and the callback survey follows
    expect(chat.all().at(-1)!.text).toContain(zhMsg.survey.intro(`#${ticket.ref}`, zhMsg.notify.engineer("王师傅")));
    // the audit log has every transition with its actor
    const moves = (await store.tickets.events(ticket.id)).filter((e) => e.toStatus).map((e) => [e.actorType, e.fromStatus, e.toStatus]);
    expect(moves).toEqual([
      ["customer", null, "queued"],
      ["staff", "queued", "claimed"],
      ["staff", "claimed", "scheduled"],
      ["staff", "scheduled", "on_site"],
      ["staff", "on_site", "resolved"],
    ]);
    expect(cardText(world, done)).toBe(JSON.stringify(slack.calls.filter((c) => c.method === "chat.update").at(-1)!.params.blocks));
    expect(cardText(world, done)).toContain("t_reopen");
  });

  it("refuses non-staff, missing roles, other people's tickets and closed tickets, politely and privately", async ({
    world,
    store,
    slack,
    tg,
    staff,
  }) => {
    const { ticket } = await report(world);
    await staff.click(STRANGER, "t_claim", ticket);
    await world.settle();
    expect(staff.responses(`${STRANGER}-t_claim`)[0]).toBe(staffZh.notStaff);
    expect((await store.tickets.byId(ticket.id))!.status).toBe("queued");

    // an engineer may not dispatch
    await staff.click(ENG, "t_assign", ticket, { type: "users_select", selected_user: ENG2, block_id: `t_assign:${ticket.ref}` });
    await world.settle();
    expect(staff.responses(`${ENG}-t_assign`)[0]).toContain(staffZh.noPermission(staffZh.roles.engineer!));

    // a dispatcher may
    await staff.click(AGENT, "t_assign", ticket, { type: "users_select", selected_user: ENG2, block_id: `t_assign:${ticket.ref}` });
    await world.settle();
    const assigned = (await store.tickets.byId(ticket.id))!;
    expect((await store.staff.byId(assigned.assigneeId!))!.slackUserId).toBe(ENG2);
    expect(slack.messages(slack.dmChannel(ENG2)).some((m) => String(m.text).includes(`#${ticket.ref}`))).toBe(true);

    // another engineer can't work ENG2's ticket, nor talk to the customer through it
    await staff.click(ENG, "t_onsite", ticket);
    await staff.say(ENG, ticket, "我来处理");
    await world.settle();
    expect(staff.responses(`${ENG}-t_onsite`)[0]).toContain(`<@${ENG2}>`);
    expect(tg.sent(customer.id).some((c) => String(c.params.text).includes("我来处理"))).toBe(false);
    expect(
      slack.calls.some((c) => c.method === "chat.postEphemeral" && c.params.user === ENG && String(c.params.text).includes("负责")),
    ).toBe(true);

    // the boss (SLACK_ADMIN_USER_IDS) closes it as a duplicate, then it is finished for everyone
    await staff.command(BOSS, `close ${ticket.ref} duplicate 与 #1000 重复`, TRIAGE, "boss");
    await world.settle();
    expect(await store.tickets.byId(ticket.id)).toMatchObject({ status: "closed", resolution: "duplicate", closeReason: "与 #1000 重复" });
    await staff.click(ENG2, "t_onsite", ticket);
    await world.settle();
    expect(staff.responses(`${ENG2}-t_onsite`)[0]).toContain(staffZh.finished(`#${ticket.ref}`, staffZh.statuses.closed!));
  });

  it("manages the staff directory and answers /desk ticket, mine and queue", async ({ world, store, slack, staff }) => {
    const { ticket } = await report(world);
    await staff.command(BOSS, "staff add <@U0NEW|xiaoli> supervisor", TRIAGE, "add");
    await staff.command(ENG, "staff add <@U0HACK|h> manager", TRIAGE, "hack");
    await world.settle();
    // the name is read from users.info (the fake's real name), never the mention's handle
    expect(await store.staff.byUser("U0NEW")).toMatchObject({ role: "supervisor", name: "User U0NEW", active: true });
    expect(await store.staff.byUser("U0HACK")).toBeNull();
    expect(staff.responses("hack")[0]).toContain(staffZh.noPermission(staffZh.roles.engineer!));

    await staff.command(ENG, "queue", TRIAGE, "queue");
    await staff.click(ENG, "t_claim", ticket);
    await world.settle();
    await staff.command(ENG, "mine", TRIAGE, "mine");
    await staff.command(ENG, `ticket #${ticket.ref}`, TRIAGE, "hist");
    await world.settle();
    expect(JSON.stringify(slack.responses("queue"))).toContain(`#${ticket.ref}`);
    expect(JSON.stringify(slack.responses("mine"))).toContain(`#${ticket.ref}`);
    const hist = JSON.stringify(slack.responses("hist"));
    expect(hist).toContain("created");
    expect(hist).toContain("claimed");
    expect(hist).toContain("洗碗机漏水");
  });

  it("refuses forged, stale and unsigned requests with 401 and stores nothing", async ({ world, store }) => {
    const { ticket } = await report(world);
    const url = world.slackUrl;
    const payload = blockActions({
      user: { id: ENG },
      channel: { id: TRIAGE },
      message: { ts: ticket.slackTs! },
      actions: [{ action_id: "t_claim", value: String(ticket.ref) }],
    });
    expect((await sendSlack(url, SLACK_SECRET, payload, { wrongSecret: true })).status).toBe(401);
    expect((await sendSlack(url, SLACK_SECRET, payload, { staleBySeconds: 600 })).status).toBe(401);
    expect((await sendSlack(url, SLACK_SECRET, payload, { omitHeaders: true })).status).toBe(401);
    await world.settle();
    expect((await store.tickets.byId(ticket.id))!.status).toBe("queued");
    expect(await store.inbox.counts()).toEqual({ pending: 0, failed: 0, invalid: 0 });
  });
});
