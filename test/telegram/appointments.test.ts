/**
 * Agreed time windows (预约), end to end on a fake clock through the fake Bot API and fake
 * Slack: on claim the customer picks from the next windows (working hours in 2-hour slots,
 * around the midday break), can change it until the cut-off, staff see it on the card, and a
 * window later than the dispatch deadline is recorded as the customer's own request.
 */
import { expect } from "vitest";
import { messages } from "../../core/i18n/index.ts";
import { describeEachDb } from "../support/db.ts";
import { TRIAGE } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

const sh = (s: string) => new Date(`${s}+08:00`);
const ENG = "U0ENGA";

describeEachDb("appointment windows", (db) => {
  const zhUser = { id: 9961, first_name: "邓先生", language_code: "zh-hans" };
  const enUser = { id: 9962, first_name: "Noah", language_code: "en" };
  it.override({
    db,
    clockStart: sh("2026-11-24T09:00:00"), // a Tuesday
    worldOptions: {
      staffMembers: { [ENG]: ["engineer", "马师傅"] },
      env: { DESK_APPOINTMENT_CHOICES: "4", DESK_WORK_HOURS: "08:30-12:00,13:30-17:30", DESK_RESCHEDULE_CUTOFF_HOURS: "2" },
    },
  });

  const claimed = async (w: World, user: typeof zhUser) => {
    const { chat, ticket } = await w.queuedTicket(user, {
      text: "洗碗机漏水，厨房地上都是水",
      profile: { name: "邓先生", phone: "13000130000", address: "重庆市渝中区解放碑1号", area: "city" },
    });
    await w.staff.click(ENG, "t_claim", ticket);
    await w.settle();
    return { chat, ticket };
  };

  it("offers the next windows on claim; the customer picks one, staff see it, and a later one is the customer's request", async ({
    world,
    store,
  }) => {
    const { chat, ticket } = await claimed(world, zhUser);
    // 6 working hours from 09:00 around the 12:00–13:30 break: due 16:30
    expect(ticket.dispatchDueAt).toEqual(sh("2026-11-24T16:30:00"));
    const offer = chat.last();
    expect(offer.text).toContain(messages("zh-CN").windows.ask(`#${ticket.ref}`));
    expect(offer.buttons.map((b) => b.text)).toEqual([
      "2026-11-24 10:30–12:00",
      "2026-11-24 13:30–15:30",
      "2026-11-24 15:30–17:30",
      "2026-11-25 08:30–10:30",
      messages("zh-CN").windows.other,
    ]);

    // the customer wants tomorrow morning: later than the deadline, by their own choice
    await chat.tap(offer.buttons[3]!.data!);
    expect(chat.last().text).toContain(messages("zh-CN").windows.booked(`#${ticket.ref}`, "2026-11-25 08:30–10:30"));
    let t = (await store.tickets.byId(ticket.id))!;
    expect(t).toMatchObject({ status: "scheduled", appointmentFrom: sh("2026-11-25T08:30:00"), dispatchDueAt: sh("2026-11-25T10:30:00") });
    const events = await store.tickets.events(ticket.id);
    expect(events.find((e) => e.type === "appointment_chosen")?.data).toMatchObject({ by: "customer", customerRequested: true });
    expect(events.find((e) => e.type === "dispatch_customer_requested")?.data).toMatchObject({
      originalDue: sh("2026-11-24T16:30:00").toISOString(),
    });
    expect((await store.jobs.byKey(`ticket:${ticket.id}:dispatch:breach:1`))!.status).toBe("cancelled");
    // staff see the window on the card, and the customer's choice in the thread
    const card = world.slack.messages(TRIAGE).find((m) => m.ts === t.slackTs)!;
    expect(JSON.stringify(card.blocks)).toContain("2026-11-25 08:30–10:30");
    expect(world.slack.thread(TRIAGE, t.slackTs!).some((m) => JSON.stringify(m).includes("2026-11-25 08:30–10:30"))).toBe(true);

    // rescheduled to this afternoon
    await chat.tap(`win_change:${ticket.ref}`);
    const again = chat.last();
    await chat.tap(again.buttons.find((b) => b.text === "2026-11-24 13:30–15:30")!.data!);
    t = (await store.tickets.byId(ticket.id))!;
    expect(t.appointmentFrom).toEqual(sh("2026-11-24T13:30:00"));
    expect((await store.tickets.events(ticket.id)).some((e) => e.type === "appointment_rescheduled")).toBe(true);

    // within 2 h of the visit it can no longer be changed online
    await world.advanceTo(sh("2026-11-24T12:00:00"));
    await chat.tap(`win_change:${ticket.ref}`);
    expect(chat.last().text).toBe(messages("zh-CN").windows.tooLate(`#${ticket.ref}`));
  });

  it("lets an English customer pick a window or ask for another time", async ({ world, store }) => {
    const { chat, ticket } = await claimed(world, enUser);
    const offer = chat.last();
    expect(offer.text).toContain(messages("en").windows.ask(`#${ticket.ref}`));
    await chat.tap(`win_other:${ticket.ref}`);
    expect(chat.last().text).toBe(messages("en").windows.askOther(`#${ticket.ref}`));
    // a stale window button (the offer is gone) changes nothing
    expect((await store.tickets.byId(ticket.id))!.status).toBe("claimed");
  });
});
