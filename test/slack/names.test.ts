/**
 * Staff names and mentions, end to end through the fake Slack and Telegram APIs: names come
 * from users.info (display name, else real name; never the handle), follow profile changes,
 * never glue a Latin name to Chinese text, and escalations call on the real supervisors — or
 * the escalation channel, with a warning, when the team has none.
 */
import { expect } from "vitest";
import { messages } from "../../core/i18n/index.ts";
import { staffMessages } from "../../core/i18n/staff.ts";
import { eventCallback, sendSlack } from "../fakes/slack-sign.ts";
import { describeEachDb } from "../support/db.ts";
import { BOSS, SLACK_SECRET, TRIAGE } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

const ESCALATION = "C0ESCAL";
const sh = (s: string) => new Date(`${s}+08:00`);
const WANG = "U0WANG";
const ALEX = "U0ALEX";

describeEachDb("staff names and mentions", (db) => {
  const zhCustomer = { id: 9301, first_name: "周先生", language_code: "zh-hans" };
  const enCustomer = { id: 9302, first_name: "Jane", language_code: "en" };
  it.override({ db, clockStart: sh("2026-11-20T16:00:00") });

  const queued = (w: World, user: typeof zhCustomer, text: string) =>
    w.queuedTicket(user, { text, profile: { name: "周先生", phone: "13600136000", address: "南京市鼓楼区中山路1号", area: "city" } });

  const addMembers = async (w: World) => {
    w.slack.addUser({ id: WANG, name: "wang.shifu", real_name: "王建国" });
    w.slack.addUser({ id: ALEX, name: "alex.c", real_name: "Alexander Chen", display_name: "Alex Chen" });
    await w.staff.command(BOSS, `staff add <@${WANG}|wang.shifu> engineer`, TRIAGE);
    await w.staff.command(BOSS, `staff add <@${ALEX}|alex.c> engineer`, TRIAGE);
    await w.settle();
  };

  it("takes names from users.info, not handles, and the customer reads them in Chinese and English", async ({
    world,
    store,
    slack,
    staff,
  }) => {
    await addMembers(world);
    expect(slack.calls.filter((c) => c.method === "users.info").map((c) => c.params.user)).toEqual(expect.arrayContaining([WANG, ALEX]));
    expect(await store.staff.byUser(WANG)).toMatchObject({ name: "王建国" }); // no display name: the real name
    expect(await store.staff.byUser(ALEX)).toMatchObject({ name: "Alex Chen" }); // the display name first

    // a Chinese name sits in Chinese text without spaces
    const zh = await queued(world, zhCustomer, "洗碗机漏水，地上一摊水");
    await staff.click(WANG, "t_claim", zh.ticket);
    await world.settle();
    const zhSaid = zh.chat
      .all()
      .map((m) => m.text)
      .join("\n");
    expect(zhSaid).toContain("已由工程师王建国受理");
    expect(zhSaid).not.toContain("wang.shifu");

    // a Latin name is spaced from the Chinese around it, and English reads it as is
    const en = await queued(world, enCustomer, "The dishwasher leaks water on the floor");
    await staff.click(ALEX, "t_claim", en.ticket);
    await world.settle();
    expect(
      en.chat
        .all()
        .map((m) => m.text)
        .join("\n"),
    ).toContain(messages("en").notify.engineer("Alex Chen"));
    expect(messages("zh-CN").notify.claimed("#1", messages("zh-CN").notify.engineer("Alex Chen"))).toContain("已由工程师 Alex Chen 受理");
  });

  it("follows a profile change (user_change)", async ({ world, store }) => {
    await addMembers(world);
    const r = await sendSlack(
      world.staff.url,
      SLACK_SECRET,
      eventCallback({
        event: {
          type: "user_change",
          user: { id: WANG, name: "wang.shifu", real_name: "王建国", profile: { display_name: "王师傅", real_name: "王建国" } },
        },
      }),
    );
    expect(r.status).toBe(200);
    await world.settle();
    expect(await store.staff.byUser(WANG)).toMatchObject({ name: "王师傅" });
  });

  it("escalates to the supervisors by mention, or to the escalation channel with a warning when there is none", async ({
    world,
    store,
  }) => {
    const { ticket } = await queued(world, zhCustomer, "洗碗机漏水，地上一摊水");
    // no supervisor on the team: the breach at Saturday 13:00 calls on the channel, and says why
    await world.advanceTo(sh("2026-11-21T13:00:00"));
    const first = world.slack.messages(ESCALATION).map((m) => String(m.text));
    expect(first).toHaveLength(1);
    expect(first[0]).toContain(`<#${ESCALATION}>`);
    expect(first[0]).toContain(staffMessages("zh-CN").sla.noSupervisorWarning);
    expect(first[0]).not.toContain("请 服务主任 跟进");

    // with a supervisor, the next round mentions them and carries no warning
    await store.staff.upsert("U0SUP", "supervisor", "刘主任");
    await world.advanceTo(sh("2026-11-21T15:00:00"));
    const next = world.slack.messages(ESCALATION).map((m) => String(m.text));
    expect(next).toHaveLength(2);
    expect(next[1]).toContain("<@U0SUP>");
    expect(next[1]).not.toContain(staffMessages("zh-CN").sla.noSupervisorWarning);
    expect(ticket.ref).toBeGreaterThan(0);
  });
});
