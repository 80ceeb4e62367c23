/**
 * Service-level timers on a fake clock, end to end: a customer's report through the fake
 * Telegram API, staff notified through the fake Slack API, durable jobs in the real store.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Desk } from "../../bots/desk.ts";
import { ManualClock } from "../../core/clock.ts";
import { JobRunner } from "../../core/jobs/index.ts";
import { silentLogger } from "../../core/log.ts";
import { SLA_BREACH_JOB, SLA_WARN_JOB } from "../../core/sla/watch.ts";
import { Store, type TicketRow } from "../../core/store/index.ts";
import type { FakeSlackApi } from "../fakes/slack-api.ts";
import { blockActions, sendSlack, slashCommand } from "../fakes/slack-sign.ts";
import type { FakeTelegramApi } from "../fakes/telegram-api.ts";
import { Chat } from "../support/chat.ts";
import { describeEachDb } from "../support/db.ts";
import { SLACK_SECRET, TRIAGE, settle } from "../support/desk.ts";
import { startWorld, type World } from "../support/world.ts";

const ESCALATION = "C0ESCAL";
/** Shanghai wall time → instant. */
const sh = (s: string) => new Date(`${s}+08:00`);

describeEachDb("service-level timers", (db) => {
  let w: World;
  let tg: FakeTelegramApi;
  let slack: FakeSlackApi;
  let store: Store;
  let desk: Desk;
  let clock: ManualClock;
  let port: number;
  const customer = { id: 9101, first_name: "周先生", language_code: "zh-hans" };
  const SUP = "U0SUPER";
  const ENG = "U0ENGX";

  beforeEach(async () => {
    clock = new ManualClock(sh("2026-11-20T16:00:00")); // a Friday
    w = await startWorld(db, { clock });
    ({ tg, slack, store, desk, port } = w);
    await store.staff.upsert(SUP, "supervisor", "刘主任");
    await store.staff.upsert(ENG, "engineer", "孙师傅");
  });

  afterEach(() => w.stop());

  async function openTicket(text = "洗碗机漏水，地上一摊水"): Promise<TicketRow> {
    const c = await store.customers.upsertTelegram({ userId: String(customer.id), chatId: String(customer.id), lang: "zh-CN" });
    await store.customers.update(c.id, { name: "周先生", phone: "13600136000", address: "南京市鼓楼区中山路1号", area: "city" });
    const chat = new Chat(tg, desk, customer, tg.factory());
    await chat.report({ text });
    await settle(desk);
    const list = await store.tickets.listForCustomer(c.id);
    return list[0];
  }

  const at = async (wall: string) => {
    clock.set(sh(wall));
    await desk.jobs.runDue();
    await settle(desk);
  };
  const threadTexts = (t: TicketRow) => slack.thread(TRIAGE, t.slackTs!).map((m) => String(m.text));
  const escalations = () => slack.messages(ESCALATION).map((m) => String(m.text));

  it("warns at 75% and escalates on breach at the right working-time moments (Friday 16:00, 6 h)", async () => {
    const t = await openTicket();
    // 16:00–17:30 Friday is 1.5 h; 4.5 h more on Saturday from 08:30 → due Saturday 13:00
    expect(t.dispatchDueAt).toEqual(sh("2026-11-21T13:00:00"));
    expect(JSON.stringify(slack.messages(TRIAGE)[0].blocks)).toContain("2026-11-21 13:00");
    expect((await store.jobs.byKey(`ticket:${t.id}:dispatch:warn`))!.runAt).toEqual(sh("2026-11-21T11:30:00"));

    await at("2026-11-21T11:29:00");
    expect(threadTexts(t).some((x) => x.includes("⏰"))).toBe(false);

    await at("2026-11-21T11:30:00");
    expect(threadTexts(t).filter((x) => x.includes("⏰"))).toHaveLength(1);
    // unclaimed: the warning also goes to the triage channel
    expect(slack.messages(TRIAGE).filter((m) => !m.thread_ts && String(m.text).includes("⏰"))).toHaveLength(1);
    expect(escalations()).toHaveLength(0);

    await at("2026-11-21T12:59:00");
    expect(escalations()).toHaveLength(0);
    await at("2026-11-21T13:00:00");
    expect(threadTexts(t).filter((x) => x.includes("催办"))).toHaveLength(1);
    expect(escalations()).toHaveLength(1);
    expect(escalations()[0]).toContain(`#${t.ref}`);
    expect(escalations()[0]).toContain(`<@${SUP}>`);

    // repeated every 2 working hours until the work is done
    await at("2026-11-21T14:59:00");
    expect(escalations()).toHaveLength(1);
    await at("2026-11-21T15:00:00");
    expect(escalations()).toHaveLength(2);
    expect(threadTexts(t).some((x) => x.includes("第 2 次"))).toBe(true);

    // the engineer arrives late: recorded as missed, and the reminders stop
    await store.tx(async (s) => {
      await s.tickets.patch(t.id, { assigneeId: (await s.staff.byUser(ENG))!.id, status: "claimed" });
    });
    await sendSlack(
      `http://127.0.0.1:${port}/slack/events`,
      SLACK_SECRET,
      slashCommand({ command: "/desk", text: `onsite ${t.ref}`, user_id: ENG, channel_id: TRIAGE, response_url: slack.responseUrl("os") }),
    );
    await settle(desk);
    expect(await store.tickets.byId(t.id)).toMatchObject({ status: "on_site", slaMet: false });
    await at("2026-11-23T12:00:00");
    expect(escalations()).toHaveLength(2);
  });

  it("records the deadline as met when the engineer is on site in time, and stops the timers", async () => {
    const t = await openTicket();
    await store.staff.upsert(ENG, "engineer", "孙师傅");
    clock.set(sh("2026-11-21T09:00:00"));
    const url = `http://127.0.0.1:${port}/slack/events`;
    await sendSlack(
      url,
      SLACK_SECRET,
      blockActions({
        user: { id: ENG },
        channel: { id: TRIAGE },
        message: { ts: t.slackTs! },
        actions: [{ action_id: "t_claim", value: String(t.ref) }],
        response_url: slack.responseUrl("c"),
      }),
    );
    await settle(desk);
    await sendSlack(
      url,
      SLACK_SECRET,
      slashCommand({ command: "/desk", text: `onsite ${t.ref}`, user_id: ENG, channel_id: TRIAGE, response_url: slack.responseUrl("o") }),
    );
    await settle(desk);
    expect(await store.tickets.byId(t.id)).toMatchObject({ status: "on_site", slaMet: true, arrivedAt: sh("2026-11-21T09:00:00") });
    await at("2026-11-21T18:00:00");
    expect(threadTexts(t).some((x) => x.includes("⏰") || x.includes("催办"))).toBe(false);
    expect(escalations()).toHaveLength(0);
  });

  it("fires each reminder once with two schedulers on one database, and survives a restart", async () => {
    const t = await openTicket();
    // the desk restarts while waiting
    await desk.stop();
    desk = await w.restart();
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
      await settle(desk);
      expect(fired).toBe(1);
      expect(escalations()).toHaveLength(1);
      expect((await store.jobs.byKey(`ticket:${t.id}:dispatch:breach:1`))!.status).toBe("done");
    } finally {
      if (other !== store) await other.close();
    }
  });

  it("lists undispatched tickets at the start of the next working day, and /desk overdue shows how late", async () => {
    const t = await openTicket();
    await at("2026-11-21T08:30:00");
    const digest = slack.messages(TRIAGE).filter((m) => !m.thread_ts && String(m.text).includes("☀️"));
    expect(digest).toHaveLength(1);
    expect(String(digest[0].text)).toContain(`#${t.ref}`);

    await at("2026-11-21T14:00:00"); // due 13:00 → 1 h late
    await sendSlack(
      `http://127.0.0.1:${port}/slack/events`,
      SLACK_SECRET,
      slashCommand({ command: "/desk", text: "overdue", user_id: SUP, channel_id: TRIAGE, response_url: slack.responseUrl("od") }),
    );
    await settle(desk);
    const answer = JSON.stringify(slack.responses("od"));
    expect(answer).toContain(`#${t.ref}`);
    expect(answer).toContain("已超时 1 小时");
  });
});
