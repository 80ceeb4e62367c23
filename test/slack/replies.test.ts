/**
 * Saved replies (常用回复) end to end through the fake Slack and Telegram APIs: supervisors
 * manage them with /desk replies; /desk reply sends one — or a KB entry — to the customer in
 * their language, and it is recorded on the ticket and in its thread.
 */
import { expect } from "vitest";
import { repliesText } from "../../core/i18n/replies.ts";
import { staffMessages } from "../../core/i18n/staff.ts";
import { describeEachDb } from "../support/db.ts";
import { TRIAGE } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

const SUP = "U0SUPR";
const ENG = "U0ENGR";

describeEachDb("saved replies", (db) => {
  const zhUser = { id: 9951, first_name: "陈女士", language_code: "zh-hans" };
  const enUser = { id: 9952, first_name: "Mia", language_code: "en" };
  it.override({ db, worldOptions: { staffMembers: { [SUP]: ["supervisor", "刘主任"], [ENG]: ["engineer", "何师傅"] } } });

  const claimed = async (w: World, user: typeof zhUser) => {
    const { chat, ticket } = await w.queuedTicket(user, {
      text: "洗碗机漏水，厨房地上都是水",
      profile: { name: "陈女士", phone: "13100131000", address: "西安市雁塔区长安路1号", area: "city" },
    });
    await w.staff.click(ENG, "t_claim", ticket);
    await w.settle();
    return { chat, ticket };
  };

  it("supervisors save replies in both languages; engineers may not; /desk reply sends the customer's language", async ({
    world,
    staff,
    store,
  }) => {
    await staff.command(SUP, "replies add unplug zh 请先拔掉电源，等 10 分钟后再插上试试。", TRIAGE, "add-zh");
    await staff.command(SUP, "replies add unplug en Please unplug it, wait 10 minutes and plug it back in.", TRIAGE, "add-en");
    await staff.command(ENG, "replies add hack 随便说点什么", TRIAGE, "add-eng");
    await world.settle();
    expect(staff.responses("add-zh")[0]).toContain(repliesText("zh-CN").saved("unplug", "zh-CN"));
    expect(staff.responses("add-eng")[0]).toContain(staffMessages("zh-CN").noPermission(staffMessages("zh-CN").roles.engineer!));
    expect((await store.savedReplies.list()).map((r) => [r.keyword, r.lang])).toEqual([
      ["unplug", "en"],
      ["unplug", "zh-CN"],
    ]);

    const zh = await claimed(world, zhUser);
    await staff.command(ENG, `reply #${zh.ticket.ref} unplug`, TRIAGE, "send-zh");
    await world.settle();
    expect(zh.chat.last().text).toContain("请先拔掉电源，等 10 分钟后再插上试试。");
    expect(zh.chat.last().text).toContain("工程师何师傅");
    const events = await store.tickets.events(zh.ticket.id);
    expect(events.find((e) => e.type === "saved_reply")?.data).toMatchObject({ keyword: "unplug", source: "saved", lang: "zh-CN" });
    expect(world.slack.thread(TRIAGE, zh.ticket.slackTs!).some((m) => String(m.text).includes("unplug"))).toBe(true);

    const en = await claimed(world, enUser);
    await staff.command(ENG, `reply #${en.ticket.ref} unplug`, TRIAGE, "send-en");
    await world.settle();
    expect(en.chat.last().text).toContain("Please unplug it, wait 10 minutes and plug it back in.");

    // removed: gone for good
    await staff.command(SUP, "replies remove unplug", TRIAGE, "rm");
    await staff.command(ENG, `reply #${en.ticket.ref} unplug`, TRIAGE, "send-gone");
    await world.settle();
    expect(staff.responses("send-gone")[0]).toContain(repliesText("zh-CN").notFound("unplug"));
  });

  it("sends a KB entry by its id, in the customer's language", async ({ world, staff }) => {
    const zh = await claimed(world, zhUser);
    await staff.command(ENG, `reply #${zh.ticket.ref} fridge-not-cooling`, TRIAGE, "kb-zh");
    const en = await claimed(world, enUser);
    await staff.command(ENG, `reply #${en.ticket.ref} fridge-not-cooling`, TRIAGE, "kb-en");
    await world.settle();
    expect(zh.chat.last().text).toContain("冰箱不制冷怎么办");
    expect(en.chat.last().text).toContain("Fridge is not cooling");
  });
});
