/**
 * Service-level timers on a fake clock, end to end: a customer's report through the fake
 * Telegram API, staff notified through the fake Slack API, durable jobs in the real store.
 */
import { expect } from "vitest";
import { JobRunner } from "../../core/jobs/index.ts";
import { silentLogger } from "../../core/log.ts";
import { SLA_BREACH_JOB, SLA_WARN_JOB } from "../../core/sla/watch.ts";
import { Store, type TicketRow } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";
import { TRIAGE } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

const ESCALATION = "C0ESCAL";
/** Shanghai wall time → instant. */
const sh = (s: string) => new Date(`${s}+08:00`);

describeEachDb("service-level timers", (db) => {
  const customer = { id: 9101, first_name: "周先生", language_code: "zh-hans" };
  const SUP = "U0SUPER";
  const ENG = "U0ENGX";
  it.override({
    db,
    clockStart: sh("2026-11-20T16:00:00"), // a Friday
    worldOptions: { staffMembers: { [SUP]: ["supervisor", "刘主任"], [ENG]: ["engineer", "孙师傅"] } },
  });

  const openTicket = async (w: World, text = "洗碗机漏水，地上一摊水"): Promise<TicketRow> =>
    (
      await w.queuedTicket(customer, {
        text,
        profile: { name: "周先生", phone: "13600136000", address: "南京市鼓楼区中山路1号", area: "city" },
      })
    ).ticket;

  const threadTexts = (w: World, t: TicketRow) => w.slack.thread(TRIAGE, t.slackTs!).map((m) => String(m.text));
  const escalations = (w: World) => w.slack.messages(ESCALATION).map((m) => String(m.text));

  it("warns at 75% and escalates on breach at the right working-time moments (Friday 16:00, 6 h)", async ({
    world,
    store,
    slack,
    staff,
  }) => {
    const t = await openTicket(world);
    const at = (wall: string) => world.advanceTo(sh(wall));
    // 16:00–17:30 Friday is 1.5 h; 4.5 h more on Saturday from 08:30 → due Saturday 13:00
    expect(t.dispatchDueAt).toEqual(sh("2026-11-21T13:00:00"));
    expect(JSON.stringify(slack.messages(TRIAGE)[0]?.blocks)).toContain("2026-11-21 13:00");
    expect((await store.jobs.byKey(`ticket:${t.id}:dispatch:warn`))!.runAt).toEqual(sh("2026-11-21T11:30:00"));

    await at("2026-11-21T11:29:00");
    expect(threadTexts(world, t).some((x) => x.includes("⏰"))).toBe(false);

    await at("2026-11-21T11:30:00");
    expect(threadTexts(world, t).filter((x) => x.includes("⏰"))).toHaveLength(1);
    // unclaimed: the warning also goes to the triage channel
    expect(slack.messages(TRIAGE).filter((m) => !m.thread_ts && String(m.text).includes("⏰"))).toHaveLength(1);
    expect(escalations(world)).toHaveLength(0);

    await at("2026-11-21T12:59:00");
    expect(escalations(world)).toHaveLength(0);
    await at("2026-11-21T13:00:00");
    expect(threadTexts(world, t).filter((x) => x.includes("催办"))).toHaveLength(1);
    expect(escalations(world)).toHaveLength(1);
    expect(escalations(world)[0]).toContain(`#${t.ref}`);
    expect(escalations(world)[0]).toContain(`<@${SUP}>`);

    // repeated every 2 working hours until the work is done
    await at("2026-11-21T14:59:00");
    expect(escalations(world)).toHaveLength(1);
    await at("2026-11-21T15:00:00");
    expect(escalations(world)).toHaveLength(2);
    expect(threadTexts(world, t).some((x) => x.includes("第 2 次"))).toBe(true);

    // the engineer arrives late: recorded as missed, and the reminders stop
    await store.tx(async (s) => {
      await s.tickets.patch(t.id, { assigneeId: (await s.staff.byUser(ENG))!.id, status: "claimed" });
    });
    await staff.command(ENG, `onsite ${t.ref}`, TRIAGE, "os");
    await world.settle();
    expect(await store.tickets.byId(t.id)).toMatchObject({ status: "on_site", slaMet: false });
    await at("2026-11-23T12:00:00");
    expect(escalations(world)).toHaveLength(2);
  });

  it("records the deadline as met when the engineer is on site in time, and stops the timers", async ({ world, store, clock, staff }) => {
    const t = await openTicket(world);
    const at = (wall: string) => world.advanceTo(sh(wall));
    await store.staff.upsert(ENG, "engineer", "孙师傅");
    clock.set(sh("2026-11-21T09:00:00"));
    await staff.click(ENG, "t_claim", t);
    await world.settle();
    await staff.command(ENG, `onsite ${t.ref}`, TRIAGE, "o");
    await world.settle();
    expect(await store.tickets.byId(t.id)).toMatchObject({ status: "on_site", slaMet: true, arrivedAt: sh("2026-11-21T09:00:00") });
    await at("2026-11-21T18:00:00");
    expect(threadTexts(world, t).some((x) => x.includes("⏰") || x.includes("催办"))).toBe(false);
    expect(escalations(world)).toHaveLength(0);
  });

  it("fires each reminder once with two schedulers on one database, and survives a restart", async ({ world, store, clock, desk }) => {
    const t = await openTicket(world);
    // the desk restarts while waiting
    await desk.stop();
    desk = await world.restart();
    // a second desk process: its own store connection and its own runner
    const other = db.name === "postgres" ? await Store.open(store.target) : store;
    const runner2 = new JobRunner({ store: other, clock, log: silentLogger });
    let fired = 0;
    for (const r of [desk.jobs, runner2]) {
      r.handle(SLA_WARN_JOB, (job, ctx) => desk.sla.warn(job, ctx));
      r.handle(SLA_BREACH_JOB, async (job, ctx) => {
        fired++;
        await desk.sla.breach(job, ctx);
      });
    }
    try {
      clock.set(sh("2026-11-21T13:00:00"));
      await Promise.all([desk.jobs.runDue(), runner2.runDue(), desk.jobs.runDue(), runner2.runDue()]);
      await world.settle();
      expect(fired).toBe(1);
      expect(escalations(world)).toHaveLength(1);
      expect((await store.jobs.byKey(`ticket:${t.id}:dispatch:breach:1`))!.status).toBe("done");
    } finally {
      if (other !== store) await other.close();
    }
  });

  it("lists undispatched tickets at the start of the next working day, and /desk overdue shows how late", async ({
    world,
    slack,
    staff,
  }) => {
    const t = await openTicket(world);
    const at = (wall: string) => world.advanceTo(sh(wall));
    await at("2026-11-21T08:30:00");
    const digest = slack.messages(TRIAGE).filter((m) => !m.thread_ts && String(m.text).includes("☀️"));
    expect(digest).toHaveLength(1);
    expect(String(digest[0]?.text)).toContain(`#${t.ref}`);

    await at("2026-11-21T14:00:00"); // due 13:00 → 1 h late
    await staff.command(SUP, "overdue", TRIAGE, "od");
    await world.settle();
    const answer = JSON.stringify(slack.responses("od"));
    expect(answer).toContain(`#${t.ref}`);
    expect(answer).toContain("已超时 1 小时");
  });
});
