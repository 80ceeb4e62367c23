/**
 * The callback survey end to end: resolve in Slack → survey in Telegram → answers stored →
 * the job closed or escalated; taps, double taps, late taps, the reminder and expiry on a
 * fake clock; outcome classes and repeat repairs.
 */
import { describe, expect } from "vitest";
import { messages } from "../../core/i18n/index.ts";
import { staffMessages } from "../../core/i18n/staff.ts";
import { outcomeClass } from "../../core/domain/outcome.ts";
import type { TicketRow } from "../../core/store/index.ts";
import type { BotMessage, Chat } from "../support/chat.ts";
import { describeEachDb } from "../support/db.ts";
import { TRIAGE } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

const ESCALATION = "C0ESCAL";
const sh = (s: string) => new Date(`${s}+08:00`);
const HOUR = 3600_000;
/** What customers and staff are told; compared where the wording is not what a test is about. */
const zhMsg = messages("zh-CN");
const staffZh = staffMessages("zh-CN");

describe("outcome classes", () => {
  const base = { complaint: false, reopenCount: 0, attitude: 4, satisfied: true };
  it("take exactly one class by precedence", () => {
    expect(outcomeClass({ ...base, complaint: true, reopenCount: 3, attitude: 1, satisfied: false })).toBe("complaint");
    expect(outcomeClass({ ...base, reopenCount: 2, attitude: 1, satisfied: false })).toBe("repeat_visits");
    expect(outcomeClass({ ...base, reopenCount: 1, attitude: 1, satisfied: false })).toBe("not_fixed_first");
    expect(outcomeClass({ ...base, attitude: 1, satisfied: true })).toBe("attitude");
    expect(outcomeClass({ ...base, attitude: 2, satisfied: false })).toBe("unsatisfied");
    expect(outcomeClass(base)).toBe("satisfied");
    expect(outcomeClass({ ...base, attitude: null, satisfied: null })).toBe("no_response");
    expect(outcomeClass({ ...base, reopenCount: 1, attitude: null, satisfied: null })).toBe("not_fixed_first");
  });
});

describeEachDb("callback survey", (db) => {
  const user = { id: 9501, first_name: "吴阿姨", language_code: "zh-hans" };
  const ENG = "U0ENGS";
  const SUP = "U0SUPS";
  it.override({
    db,
    clockStart: sh("2026-11-24T09:00:00"),
    worldOptions: { staffMembers: { [ENG]: ["engineer", "郑师傅"], [SUP]: ["supervisor", "刘主任"] } },
  });
  const profile = { name: "吴阿姨", phone: "13300133000", address: "成都市锦江区春熙路1号", area: "city" };

  /** A ticket reported on Telegram, claimed and resolved in Slack. */
  async function resolvedTicket(w: World, text = "洗碗机漏水"): Promise<{ chat: Chat; t: TicketRow }> {
    const { chat, ticket } = await w.queuedTicket(user, { text, profile });
    await w.staff.click(ENG, "t_claim", ticket);
    await w.settle();
    return { chat, t: await resolve(w, ticket) };
  }

  async function resolve(w: World, t: TicketRow): Promise<TicketRow> {
    await w.staff.click(ENG, "t_resolve", t);
    await w.settle();
    const r = await w.staff.submit(ENG, "m_resolve", {
      work: "更换进水阀",
      hours: "1",
      parts: "进水阀 x 1",
      fee: "0",
      feeType: { option: "C" },
    });
    expect(r.status).toBe(200);
    await w.settle();
    return (await w.store.tickets.byId(t.id))!;
  }

  const surveyMessage = (chat: Chat): BotMessage =>
    [...chat.all()].reverse().find((m) => m.buttons.some((b) => b.data?.startsWith("sv:")))!;
  const edits = (w: World) => w.tg.calls.filter((c) => c.method === "editMessageText" && c.ok);

  it("walks through the four items and overall satisfaction in one message; satisfied closes the job", async ({ world, store, tg }) => {
    const { chat, t } = await resolvedTicket(world);
    expect(t.status).toBe("resolved");
    const msg = surveyMessage(chat);
    expect(msg.text).toContain(zhMsg.survey.intro(`#${t.ref}`, zhMsg.notify.engineer("郑师傅")));
    expect(msg.text).toContain(zhMsg.survey.items.attitude);
    expect(msg.buttons.map((b) => b.text)).toEqual([4, 3, 2, 1].map((level) => zhMsg.survey.levels[level]));
    const survey = (await store.surveys.byTicket(t.id))!;
    for (const [step, level] of [
      ["a", 4],
      ["s", 3],
      ["t", 2],
      ["p", 4],
    ] as const) {
      await chat.tap(`sv:${survey.id}:${step}:${level}`);
    }
    // the same message was edited in place each time
    expect(new Set(edits(world).map((e) => e.params.message_id))).toEqual(new Set([msg.messageId]));
    const shown = tg.message(user.id, msg.messageId!)!;
    expect(shown.text).toContain(`✓ ${zhMsg.survey.items.skill}：${zhMsg.survey.levels[3]}`);
    expect(shown.text).toContain(zhMsg.survey.overall);
    await chat.tap(`sv:${survey.id}:o:y`);
    await chat.tap(`sv:${survey.id}:c:skip`);
    expect(await store.surveys.byTicket(t.id)).toMatchObject({
      attitude: 4,
      skill: 3,
      arrival: 2,
      promise: 4,
      satisfied: true,
      status: "answered",
      outcome: "satisfied",
      comment: "",
    });
    expect(await store.tickets.byId(t.id)).toMatchObject({ status: "closed" });
    expect(tg.message(user.id, msg.messageId!)!.text).toContain(zhMsg.survey.thanks);
    // a late double tap on an item already answered changes nothing
    await chat.deliver(chat.f.callback(user, `sv:${survey.id}:a:1`, { messageId: msg.messageId! }));
    expect((await store.surveys.byTicket(t.id))!.attitude).toBe(4);
    const answers = tg.calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.params.text);
    expect(answers.at(-1)).toBe(zhMsg.survey.recorded);
  });

  it("applies a double tap once", async ({ world, store, tg }) => {
    const { chat, t } = await resolvedTicket(world);
    const survey = (await store.surveys.byTicket(t.id))!;
    const msg = surveyMessage(chat);
    const f = chat.f;
    const editsBefore = edits(world).length;
    // two taps on different levels of the same item arrive together; which reaches the desk
    // first is up to the network (and a busy machine), so either may win, but only one
    await Promise.all([
      tg.postWebhook(f.callback(user, `sv:${survey.id}:a:4`, { messageId: msg.messageId! })),
      tg.postWebhook(f.callback(user, `sv:${survey.id}:a:1`, { messageId: msg.messageId! })),
    ]);
    await world.settle();
    const applied = (await store.surveys.byTicket(t.id))!.attitude!;
    expect([4, 1]).toContain(applied);
    expect((await store.surveys.byTicket(t.id))!.skill).toBeNull();
    // the message moved on once, showing the answer that was kept
    expect(edits(world).length).toBe(editsBefore + 1);
    expect(tg.message(user.id, msg.messageId!)!.text).toContain(`✓ ${zhMsg.survey.items.attitude}：${zhMsg.survey.levels[applied]}`);
  });

  it("sends 'not satisfied' to the supervisors with the ratings and comment; a reopen sends it back to work", async ({
    world,
    store,
    slack,
    staff,
  }) => {
    const { chat, t } = await resolvedTicket(world);
    const survey = (await store.surveys.byTicket(t.id))!;
    for (const [step, level] of [
      ["a", 1],
      ["s", 2],
      ["t", 3],
      ["p", 2],
    ] as const)
      await chat.tap(`sv:${survey.id}:${step}:${level}`);
    let out = await chat.tap(`sv:${survey.id}:o:n`);
    expect(await store.tickets.byId(t.id)).toMatchObject({ status: "callback_needed" });
    expect((await store.surveys.byTicket(t.id))!.outcome).toBe("attitude");
    const escal = slack.messages(ESCALATION).map((m) => String(m.text));
    expect(escal).toHaveLength(1);
    expect(escal[0]).toContain("回访不满意");
    expect(escal[0]).toContain(`${staffZh.callback.items.attitude} ${staffZh.callback.levels[1]}`);
    expect(escal[0]).toContain(`<@${SUP}>`);
    out = await chat.tap(`sv:${survey.id}:c:add`);
    expect(out.at(-1)!.text).toContain(zhMsg.survey.commentPrompt);
    out = await chat.say("师傅态度很不耐烦，漏水也没修好");
    expect(out.at(-1)!.text).toContain(zhMsg.survey.sorry);
    expect((await store.surveys.byTicket(t.id))!.comment).toBe("师傅态度很不耐烦，漏水也没修好");
    expect(
      slack.thread(TRIAGE, t.slackTs!).some((m) => String(m.text).includes(staffZh.callback.comment("师傅态度很不耐烦，漏水也没修好"))),
    ).toBe(true);

    // the supervisor reopens it; the engineer resolves it again; a new survey; outcome "not fixed the first time"
    await staff.click(SUP, "t_reopen", t);
    await world.settle();
    expect(await store.tickets.byId(t.id)).toMatchObject({ status: "claimed", reopenCount: 1 });
    await resolve(world, t);
    const again = (await store.surveys.byTicket(t.id))!;
    expect(again.id).not.toBe(survey.id);
    for (const step of ["a", "s", "t", "p"]) await chat.tap(`sv:${again.id}:${step}:4`);
    await chat.tap(`sv:${again.id}:o:y`);
    expect(await store.surveys.byTicket(t.id)).toMatchObject({ outcome: "not_fixed_first", satisfied: true });
    expect((await store.tickets.byId(t.id))!.status).toBe("closed");
  });

  it("reminds once after 24 h, expires after 72 h as no response, and answers a late tap gracefully", async ({ world, store, tg }) => {
    const { chat, t } = await resolvedTicket(world);
    const survey = (await store.surveys.byTicket(t.id))!;
    const before = chat.all().length;
    await world.advanceBy(24 * HOUR - 60_000);
    expect(chat.all().length).toBe(before);
    await world.advanceBy(60_000);
    const reminders = chat.all().slice(before);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.text).toContain(zhMsg.survey.reminder(`#${t.ref}`));
    expect(reminders[0]?.buttons.map((b) => b.data)).toContain(`sv:${survey.id}:a:4`);
    await world.advanceBy(24 * HOUR);
    expect(chat.all().length).toBe(before + 1); // only one reminder
    await world.advanceBy(24 * HOUR);
    expect(await store.surveys.byTicket(t.id)).toMatchObject({ status: "expired", outcome: "no_response" });
    expect(await store.tickets.byId(t.id)).toMatchObject({ status: "closed" });
    await chat.tap(`sv:${survey.id}:a:4`);
    const answers = tg.calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.params.text);
    expect(answers.at(-1)).toBe(zhMsg.survey.expired);
    expect((await store.surveys.byTicket(t.id))!.attitude).toBeNull();
  });

  it("ends in the summary: the figures managers get in Slack are the ones the CLI computes", async ({
    world,
    store,
    slack,
    staff,
    clock,
    desk,
  }) => {
    const { chat, t } = await resolvedTicket(world);
    const survey = (await store.surveys.byTicket(t.id))!;
    for (const [step, level] of [
      ["a", 4],
      ["s", 4],
      ["t", 3],
      ["p", 4],
    ] as const)
      await chat.tap(`sv:${survey.id}:${step}:${level}`);
    await chat.tap(`sv:${survey.id}:o:y`);
    // an engineer may not see the summary, nor another engineer's report
    const refused = await staff.command(ENG, "summary today", TRIAGE, "eng-sum");
    const other = await staff.command(ENG, `report engineer <@${SUP}> today`, TRIAGE, "eng-rep");
    const own = await staff.command(ENG, "report engineer today", TRIAGE, "eng-own");
    const sup = await staff.command(SUP, "summary today csv", TRIAGE, "sup-sum");
    await world.settle();
    expect(String(slack.responses(refused)[0]?.params.text)).toContain(staffZh.noPermission(staffZh.roles.engineer!));
    expect(String(slack.responses(other)[0]?.params.text)).toContain(staffZh.noPermission(staffZh.roles.engineer!));
    expect(JSON.stringify(slack.responses(own)[0]?.params.blocks)).toContain("郑师傅");
    const supAnswer = slack.responses(sup)[0]!;
    expect(supAnswer).toBeDefined();
    const card = supAnswer.params;
    const { computeSummary, parsePeriod, summaryCard } = await import("../../core/reports/index.ts");
    const { toBlocks } = await import("../../bots/slack/serialize.ts");
    const period = parsePeriod("today", clock.now(), "Asia/Shanghai");
    const summary = await computeSummary(store, {
      from: period.from,
      to: period.to,
      calendar: desk.o.config.sla.calendar,
      now: clock.now(),
    });
    expect(summary.survey).toMatchObject({ sent: 1, answered: 1 });
    expect(summary.survey.outcomes.satisfied).toBe(1);
    expect(card.blocks).toEqual(toBlocks(summaryCard(summary, "zh-CN")).blocks);
    // the CSV went up as a file in the channel
    const upload = slack.calls.find((c) => c.method === "files.completeUploadExternal" && c.params.channel_id === TRIAGE);
    expect(upload).toBeTruthy();
  });

  it("flags a repeat repair of the same product within 90 days on its card, and not after", async ({ world, store, slack, clock }) => {
    const { chat, t: first } = await resolvedTicket(world, "洗碗机漏水");
    clock.advance(30 * 24 * HOUR);
    await chat.report({ text: "洗碗机又漏水了" });
    const c = (await store.customers.byTelegramUser(String(user.id)))!;
    const second = (await store.tickets.listForCustomer(c.id))[0]!;
    expect(second).toBeDefined();
    expect(second.repeatOfId).toBe(first.id);
    const card = slack.messages(TRIAGE).find((m) => m.ts === second.slackTs)!;
    expect(JSON.stringify(card.blocks)).toContain(staffZh.label.repeat);
    expect(JSON.stringify(card.blocks)).toContain(`#${first.ref}`);

    // 91 days after the last one: not a repeat any more
    clock.advance(91 * 24 * HOUR);
    await chat.report({ text: "洗碗机不出水" });
    const third = (await store.tickets.listForCustomer(c.id))[0]!;
    expect(third).toBeDefined();
    expect(third.id).not.toBe(second.id);
    expect(third.repeatOfId).toBeNull();
  });
});
