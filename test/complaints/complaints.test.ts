/**
 * Complaints end to end: intake by command, by button and by plain text; routing by kind;
 * major complaints to the managers at once; the 24 h reply clock; the handling record and
 * the result reaching the customer in their language.
 */
import { describe, expect } from "vitest";
import { messages } from "../../core/i18n/index.ts";
import { staffMessages } from "../../core/i18n/staff.ts";
import { assessSeverity, kindAndRouting, looksLikeComplaint } from "../../core/domain/complaint.ts";
import type { TicketRow } from "../../core/store/index.ts";
import type { Chat } from "../support/chat.ts";
import { describeEachDb } from "../support/db.ts";
import { BOSS } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

const COMPLAINTS = "C0COMPL";
const ESCALATION = "C0ESCAL";
const sh = (s: string) => new Date(`${s}+08:00`);
/** What customers and staff are told; compared where the wording is not what a test is about. */
const zhMsg = messages("zh-CN");
const staffZh = staffMessages("zh-CN");

describe("complaint rules", () => {
  it("routes product complaints to quality, packaging to logistics, service to supervisors, environment to safety", () => {
    expect(kindAndRouting("product")).toEqual({ kind: "product", routing: "quality" });
    expect(kindAndRouting("packaging")).toEqual({ kind: "product", routing: "logistics" });
    expect(kindAndRouting("service")).toEqual({ kind: "service", routing: "supervisors" });
    expect(kindAndRouting("environment")).toEqual({ kind: "environment", routing: "safety" });
  });
  it("calls safety risks, repeats, threats and demands for a manager major", () => {
    expect(assessSeverity({ text: "空调插头冒烟了", repeat: false })).toEqual({ severity: "major", reasons: ["safety"] });
    expect(assessSeverity({ text: "还是没修好", repeat: true })).toEqual({ severity: "major", reasons: ["repeat"] });
    expect(assessSeverity({ text: "再不解决我就找媒体曝光", repeat: false }).reasons).toEqual(["threat"]);
    expect(assessSeverity({ text: "I want to speak to your manager", repeat: false }).reasons).toEqual(["manager"]);
    expect(assessSeverity({ text: "师傅迟到了两个小时", repeat: false })).toEqual({ severity: "ordinary", reasons: [] });
  });
  it("recognises complaining text", () => {
    expect(looksLikeComplaint("你们服务太差了")).toBe(true);
    expect(looksLikeComplaint("我要投诉")).toBe(true);
    expect(looksLikeComplaint("This is unacceptable")).toBe(true);
    expect(looksLikeComplaint("冰箱不制冷了")).toBe(false);
  });
});

describeEachDb("complaints", (db) => {
  const zh = { id: 9301, first_name: "钱女士", language_code: "zh-hans" };
  const en = { id: 9302, first_name: "Bob", language_code: "en" };
  const SUP = "U0SUPC";
  const MGR = "U0MGR";
  it.override({
    db,
    clockStart: sh("2026-11-24T10:00:00"), // a Tuesday
    worldOptions: { staffMembers: { [SUP]: ["supervisor", "刘主任"], [MGR]: ["manager", "陈经理"] } },
  });

  /** A customer with a complete file and a resolved repair to complain about. */
  async function customerWithTicket(w: World, user: typeof zh, lang: string): Promise<{ chat: Chat; ticket: TicketRow }> {
    const chat = await w.customerWithProfile(user, {
      lang,
      profile: { name: user.first_name, phone: "13500135000", address: "广州市天河区体育西路1号", area: "city" },
    });
    const c = await w.customer(user);
    const ticket = await w.store.tickets.create(
      {
        customerId: c.id,
        kind: "repair",
        category: "washer",
        description: "洗衣机不排水",
        feeType: "C",
        status: "resolved",
        lang,
        area: "city",
      },
      { type: "system" },
      w.clock!.now(),
    );
    return { chat, ticket };
  }

  const complaintsOf = async (w: World, user: { id: number }) => (await w.ticketsOf(user)).filter((t) => t.kind === "complaint");
  const complaintOf = async (w: World, user: { id: number }) => (await complaintsOf(w, user))[0]!;

  it("takes a complaint by command, acknowledges it at once without arguing, and posts it with its 24 h deadline", async ({
    world,
    store,
    slack,
    staff,
  }) => {
    const { chat, ticket } = await customerWithTicket(world, zh, "zh-CN");
    let out = await chat.command("/complaint");
    expect(out[0]?.text).toContain(zhMsg.complaint.askTicket);
    expect(out[0]?.buttons.map((b) => b.data)).toEqual([`cmpt:${ticket.ref}`, "cmpt:none"]);
    out = await chat.tap(`cmpt:${ticket.ref}`);
    expect(out[0]?.buttons.map((b) => b.data)).toEqual(["cmpk:product", "cmpk:packaging", "cmpk:service", "cmpk:environment"]);
    out = await chat.tap("cmpk:service");
    expect(out[0]?.text).toContain(zhMsg.complaint.askText);
    out = await chat.say("师傅迟到两个小时，来了也不道歉");
    expect(out[0]?.text).toContain("非常抱歉"); // an apology first, no argument
    const c = await complaintOf(world, zh);
    expect(out[0]?.text).toContain(zhMsg.complaint.ack(`#${c.ref}`, 24)); // with the 24 h promise
    expect(c).toMatchObject({ kind: "complaint", parentId: ticket.id, status: "queued", replyDueAt: sh("2026-11-25T10:00:00") });
    expect(await store.complaints.byTicket(c.id)).toMatchObject({
      kind: "service",
      routing: "supervisors",
      severity: "ordinary",
      whatHappened: "师傅迟到两个小时，来了也不道歉",
    });
    // ordinary: to the complaints channel, no manager DMs
    const card = slack.messages(COMPLAINTS).find((m) => !m.thread_ts)!;
    const text = JSON.stringify(card.blocks);
    for (const s of [
      `#${c.ref}`,
      staffZh.complaint.severities.ordinary!,
      staffZh.complaint.kinds.service!,
      staffZh.complaint.routings.supervisors!,
      `#${ticket.ref}`,
      "2026-11-25 10:00",
    ])
      expect(text).toContain(s);
    expect(staff.dms(MGR)).toHaveLength(0);
  });

  it("takes a complaint from the button on a ticket, and from plain text after confirming", async ({ world, store }) => {
    const { chat, ticket } = await customerWithTicket(world, zh, "zh-CN");
    const status = await chat.command("/status", `#${ticket.ref}`);
    expect(status[0]?.buttons.map((b) => b.data)).toEqual([`cmp:${ticket.ref}`]);
    await chat.tap(`cmp:${ticket.ref}`);
    await chat.tap("cmpk:packaging");
    await chat.say("送来的时候箱子是破的，门上有凹痕");
    const first = await complaintOf(world, zh);
    expect(await store.complaints.byTicket(first.id)).toMatchObject({ kind: "product", routing: "logistics" });

    // plain text that clearly complains is confirmed first; a repeat complaint is major
    let out = await chat.say("你们的服务太差了，我要投诉！");
    expect(out[0]?.text).toContain(zhMsg.complaint.confirm);
    out = await chat.tap("cmpy:1");
    await chat.tap(`cmpt:${ticket.ref}`);
    out = await chat.tap("cmpk:service");
    expect(out.at(-1)!.text).toContain("非常抱歉");
    const all = await complaintsOf(world, zh);
    expect(all).toHaveLength(2);
    const second = all.find((t) => t.id !== first.id)!;
    expect(second.description).toBe("你们的服务太差了，我要投诉！");
    expect((await store.complaints.byTicket(second.id))!.severity).toBe("major");

    // "no" carries on as ordinary text: here it joins the open complaint
    out = await chat.say("太差了");
    expect(out[0]?.text).toContain(zhMsg.complaint.confirm);
    out = await chat.tap("cmpn:1");
    expect(out.at(-1)!.text).toContain(zhMsg.attached(`#${second.ref}`));
    expect((await store.tickets.messages(second.id)).map((m) => m.text)).toContain("太差了");
    const after = await complaintsOf(world, zh);
    expect(after).toHaveLength(2);
  });

  it("sends a major complaint to the managers immediately, with a DM", async ({ world, store, slack, staff }) => {
    const { chat } = await customerWithTicket(world, zh, "zh-CN");
    await chat.command("/complaint");
    await chat.tap("cmpt:none");
    await chat.tap("cmpk:environment");
    const out = await chat.say("门店地面湿滑没有提示，我摔倒受伤了，我要找你们经理");
    const c = await complaintOf(world, zh);
    // the customer hears that a manager calls, within the shorter time promised for major cases
    expect(out.at(-1)!.text).toBe(zhMsg.complaint.ackMajor(`#${c.ref}`, 4));
    expect(out.at(-1)!.text).toContain("经理");
    expect(messages("en").complaint.ackMajor("#1", 4)).toContain("a manager, who will contact you personally within 4 hours");
    expect(await store.complaints.byTicket(c.id)).toMatchObject({ severity: "major", routing: "safety", kind: "environment" });
    for (const m of [MGR, BOSS]) expect(staff.dms(m).some((t) => t.includes("重大投诉") && t.includes(`#${c.ref}`))).toBe(true);
    expect(JSON.stringify(slack.messages(COMPLAINTS)[0]?.blocks)).toContain(staffZh.complaint.severities.major);
  });

  it("warns at 75% and escalates at 24 h when nobody answered, but not once a reply went out", async ({ world, store, slack, staff }) => {
    const { chat } = await customerWithTicket(world, zh, "zh-CN");
    // the second complaint within the repeat window is major: its answer is due sooner
    for (const text of ["客服电话一直打不通", "安装师傅把墙弄脏了不管"]) {
      await chat.command("/complaint");
      await chat.tap("cmpt:none");
      await chat.tap("cmpk:service");
      await chat.say(text);
    }
    const list = await complaintsOf(world, zh);
    expect(list).toHaveLength(2);
    list.sort((a, b) => a.id - b.id);
    const ignored = list[0]!;
    const answered = list[1]!;
    expect((await store.complaints.byTicket(answered.id))!.severity).toBe("major");
    expect(answered.replyDueAt).toEqual(sh("2026-11-24T14:00:00")); // 4 h for a major complaint
    expect(ignored.replyDueAt).toEqual(sh("2026-11-25T10:00:00"));
    // a supervisor answers the first one in its thread
    await staff.click(SUP, "t_claim", answered);
    await world.settle();
    await staff.say(SUP, answered, "钱女士您好，非常抱歉，我们明天上午安排师傅上门清理。");
    await world.settle();
    expect(chat.all().at(-1)!.text).toContain("明天上午安排师傅上门清理");
    expect((await store.complaints.byTicket(answered.id))!.repliedAt).toEqual(sh("2026-11-24T10:00:00"));

    await world.advanceTo(sh("2026-11-25T03:59:00"));
    const warned = (t: TicketRow) => slack.thread(COMPLAINTS, t.slackTs!).some((m) => String(m.text).includes("⏰"));
    expect(warned(ignored)).toBe(false);
    await world.advanceTo(sh("2026-11-25T04:00:00")); // 18 h = 75% of 24 h
    expect(warned(ignored)).toBe(true);
    expect(warned(answered)).toBe(false);

    await world.advanceTo(sh("2026-11-25T10:00:00"));
    const escal = slack.messages(ESCALATION).map((m) => String(m.text));
    expect(escal).toHaveLength(1);
    expect(escal[0]).toContain(`#${ignored.ref}`);
    expect(escal[0]).toContain(staffZh.sla.reply);
  });

  it("records the handling and tells the customer the result in their language; staff can change the severity", async ({
    world,
    store,
    staff,
  }) => {
    const { chat, ticket } = await customerWithTicket(world, en, "en");
    await chat.command("/complaint");
    await chat.tap(`cmpt:${ticket.ref}`);
    await chat.tap("cmpk:product");
    await chat.say("The new washer already makes a grinding noise");
    const c = await complaintOf(world, en);
    expect((await store.complaints.byTicket(c.id))!.severity).toBe("ordinary");

    await staff.click(SUP, "t_sev", c);
    await world.settle();
    expect((await store.complaints.byTicket(c.id))!.severity).toBe("major");
    expect(staff.dms(MGR).some((t) => t.includes(`#${c.ref}`))).toBe(true);

    await staff.click(SUP, "t_handle", c);
    await world.settle();
    const bad = await staff.submit(SUP, "m_handle", { what: "x", result: "" });
    expect(bad.body.response_action).toBe("errors");
    const ok = await staff.submit(SUP, "m_handle", {
      what: "Bearing noise on a new machine",
      cause: "Faulty drum bearing from the factory",
      responsibility: "Production (quality)",
      action: "Replaced the machine",
      result: "We replaced your washer with a new one free of charge and apologise for the trouble.",
      reaction: "",
    });
    expect(ok.status).toBe(200);
    await world.settle();
    const last = chat.all().at(-1)!.text;
    expect(last).toContain(
      messages("en").complaint.result(`#${c.ref}`, "We replaced your washer with a new one free of charge and apologise for the trouble."),
    );
    expect(await store.tickets.byId(c.id)).toMatchObject({ status: "closed", resolution: "handled" });
    expect(await store.complaints.byTicket(c.id)).toMatchObject({
      cause: "Faulty drum bearing from the factory",
      responsibility: "Production (quality)",
      action: "Replaced the machine",
      reaction: null,
    });
    expect((await store.complaints.byTicket(c.id))!.repliedAt).not.toBeNull();
  });
});
