/**
 * Out of hours, through the fake Bot API on a fake clock: a customer who writes while the
 * team is off (at night, or in the midday break of DESK_WORK_HOURS) is told once per ticket
 * that the ticket is registered and when the team is back; in working hours, nothing.
 */
import { describe, expect } from "vitest";
import { messages } from "../../core/i18n/index.ts";
import { describeEachDb } from "../support/db.ts";
import { deskTest as it } from "../support/fixtures.ts";

const sh = (s: string) => new Date(`${s}+08:00`);
const zh = messages("zh-CN");
const en = messages("en");

describeEachDb("out-of-hours notice", (db) => {
  const zhUser = { id: 9901, first_name: "冯先生", language_code: "zh-hans" };
  const enUser = { id: 9902, first_name: "Liam", language_code: "en" };
  const profile = { name: "冯先生", phone: "13200132000", address: "武汉市江汉区解放大道1号", area: "city" };

  describe("at night", () => {
    // a Tuesday, 21:00
    it.override({
      db,
      clockStart: sh("2026-11-24T21:00:00"),
      worldOptions: { slack: false, env: { DESK_OUT_OF_HOURS_NOTICE: "1", DESK_WORK_HOURS: "08:30-12:00,13:30-17:30" } },
    });

    it("tells a Chinese customer once that the ticket is registered and when the team is back", async ({ world }) => {
      const c = await world.customerWithProfile(zhUser, { profile });
      const out = await c.say("冰箱不制冷了");
      const ref = /#(\d+)/.exec(out.find((m) => /✅/.test(m.text))!.text)![1];
      expect(out.at(-1)!.text).toBe(zh.outOfHours(`#${ref}`, "2026-11-25 08:30"));
      // more messages on the same ticket: no second notice
      const more = await c.say("试过了还是不冷");
      expect(more.map((m) => m.text).join("\n")).not.toContain("非工作时间");
      expect(c.all().filter((m) => m.text.includes("非工作时间"))).toHaveLength(1);
    });

    it("tells an English customer too, in English", async ({ world }) => {
      const c = await world.customerWithProfile(enUser, { profile });
      const out = await c.say("My TV has sound but no picture");
      const ref = /#(\d+)/.exec(out.find((m) => m.text.includes("Ticket #"))!.text)![1];
      expect(out.at(-1)!.text).toBe(en.outOfHours(`#${ref}`, "2026-11-25 08:30"));
    });
  });

  describe("in the midday break, and in working hours", () => {
    it.override({
      db,
      clockStart: sh("2026-11-24T12:30:00"),
      worldOptions: { slack: false, env: { DESK_OUT_OF_HOURS_NOTICE: "1", DESK_WORK_HOURS: "08:30-12:00,13:30-17:30" } },
    });

    it("says the team is back after the break, and says nothing once it is", async ({ world }) => {
      const c = await world.customerWithProfile(zhUser, { profile });
      const out = await c.say("冰箱不制冷了");
      expect(out.at(-1)!.text).toContain("2026-11-24 13:30");
      await world.advanceTo(sh("2026-11-24T14:00:00"));
      const d = await world.customerWithProfile(enUser, { profile });
      const inHours = await d.say("My TV has sound but no picture");
      expect(inHours.map((m) => m.text).join("\n")).not.toContain("outside working hours");
    });
  });
});
