/**
 * The reports the desk posts by itself, on a fake clock, with two desks (two job runners; on
 * PostgreSQL each with a store of its own on the same schema): the supervisor's daily report
 * at the end of the working day and the technicians' reports by DM, once; the monthly
 * complaint review with its chart on the first working day of the month, once. Plus the
 * daily report's and the review's figures on the hand-computed fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.ts";
import { JobRunner } from "../../core/jobs/index.ts";
import { silentLogger } from "../../core/log.ts";
import { computeComplaintReview } from "../../core/reports/complaints.ts";
import { computeSupervisorDaily } from "../../core/reports/daily.ts";
import { fromToDates } from "../../core/reports/period.ts";
import { outboxPoster } from "../../core/reports/post.ts";
import { renderChartPng } from "../../core/reports/chart-render.ts";
import { reviewChartSpec } from "../../core/reports/chart.ts";
import {
  REPORT_DAILY_JOB,
  REPORT_MONTHLY_JOB,
  nextDailyRun,
  nextMonthlyRun,
  reportJobHandlers,
  reportScheduleFromEnv,
  scheduleReportJobs,
  type ReportJobDeps,
} from "../../core/reports/schedule.ts";
import { WorkingCalendar } from "../../core/sla/calendar.ts";
import { Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";
import { L, TZ, seedFixture, type Fixture } from "./fixture.ts";

const calendar = new WorkingCalendar({ timeZone: TZ }); // Mon–Sat 08:30–17:30
const sh = (s: string) => new Date(`${s}+08:00`);

describe("report schedule", () => {
  it("runs daily at the end of each working day and monthly on the first working day", () => {
    const cal = new WorkingCalendar({ timeZone: TZ, holidays: ["2027-01-01"] });
    const s = reportScheduleFromEnv({}, cal);
    expect(s).toEqual({ daily: { at: "17:30", channel: null, engineerDms: true }, monthly: { at: "08:30", channel: null } });
    // Saturday is a working day, Sunday is not
    expect(nextDailyRun(cal, sh("2026-11-07T17:29:00"), "17:30")).toEqual({ date: "2026-11-07", runAt: sh("2026-11-07T17:30:00") });
    expect(nextDailyRun(cal, sh("2026-11-07T17:30:00"), "17:30")).toEqual({ date: "2026-11-09", runAt: sh("2026-11-09T17:30:00") });
    // the first working day of January 2027 is the 2nd (the 1st is a holiday); it reviews December
    expect(nextMonthlyRun(cal, sh("2026-12-15T10:00:00"), "08:30")).toEqual({
      month: "2027-01",
      runAt: sh("2027-01-02T08:30:00"),
      reviewFrom: "2026-12-01",
      reviewTo: "2026-12-31",
    });
    expect(reportScheduleFromEnv({ REPORT_DAILY_AT: "off", REPORT_MONTHLY_AT: "09:15", REPORT_ENGINEER_DM: "off" }, cal)).toEqual({
      daily: null,
      monthly: { at: "09:15", channel: null },
    });
    expect(() => reportScheduleFromEnv({ REPORT_DAILY_AT: "5pm" }, cal)).toThrow(/REPORT_DAILY_AT/);
  });
});

describeEachDb("scheduled reports", (db) => {
  let store: Store;
  let second: Store | null = null;
  let fx: Fixture;

  beforeAll(async () => {
    store = await db.open();
    fx = await seedFixture(store);
    await store.staff.upsert("U0MGR", "manager", "赵经理");
    // a ticket waiting for E2 whose dispatch deadline passes on Monday afternoon
    const c = await store.customers.upsertTelegram({ userId: "799", chatId: "799", lang: "zh-CN" });
    const t = await store.tickets.create(
      { customerId: c.id, kind: "repair", category: "tv", description: "late", feeType: "C", status: "claimed", lang: "zh-CN" },
      { type: "system" },
      L("11-01 20:00"),
    );
    await store.tickets.patch(t.id, { assigneeId: fx.staff.E2.id, claimedAt: L("11-02 09:00"), dispatchDueAt: L("11-02 15:00") });
    const target = store.target;
    if (target.kind === "postgres") second = await Store.open(target); // a second desk process on the same database
  });
  afterAll(async () => {
    await second?.close();
    await db.dispose(store);
  });

  it("computes the supervisor's daily report (hand-computed, Monday 11-02 as of 17:31)", async () => {
    const day = fromToDates("2026-11-02", "2026-11-02", TZ);
    const r = await computeSupervisorDaily(store, { from: day.from, to: day.to, now: sh("2026-11-02T17:31:00"), timeZone: TZ });
    expect(r).toMatchObject({
      ticketsIn: 2, // T1, T2
      inByKind: { repair: 2 },
      dispatched: 1, // the late ticket, claimed Monday 09:00
      done: 2, // T1 (15:00), T9 (10:00)
      hours: 3.5, // 2.5 + 1
      overdue: 1, // the late ticket: claimed, due 15:00, nobody on site
      complaintsIn: 0,
      complaintsLate: 1, // T15: open since October, never answered
      rated: 1, // T1 answered Monday (4, 4, 3, 4), satisfied
      satisfiedPct: 100,
      ratings: { attitude: 4, skill: 4, arrival: 3, promise: 4 },
      unassignedOverdue: 0,
    });
    expect(r.engineers.map((e) => [e.name, e.done, e.hours, e.overdue, e.ticketsIn, e.dispatched])).toEqual([
      ["张工", 2, 3.5, 0, 2, 0],
      ['李工 "Leo", 二组', 0, 0, 1, 0, 1],
    ]);
  });

  it("computes the month's complaint review (hand-computed, November)", async () => {
    const nov = fromToDates("2026-11-01", "2026-11-30", TZ);
    const r = await computeComplaintReview(store, { from: nov.from, to: nov.to, timeZone: TZ });
    // closed in November: T6 only (service, major, no routing recorded); answered 11-06 11:00 after 26 h, due 11-06 09:00
    expect(r).toMatchObject({
      closed: 1,
      received: 3, // T6, T7, T14
      major: 1,
      byKind: { service: 1 },
      byRouting: { unknown: 1 },
      bySeverity: { major: 1 },
      reply: { promiseHours: 24, replied: 1, onTime: 0, late: 1, notReplied: 0, onTimePct: 0, medianHours: 26, p90Hours: 26 },
      byResponsibility: [{ text: null, n: 1 }],
      repeats: 1, // customer 2 complained before (T15, 16 days earlier)
    });
    expect(r.cases).toEqual([
      {
        ref: fx.tickets.T6!.ref,
        received: "2026-11-05 09:00",
        closed: "2026-11-06 12:00",
        kind: "service",
        routing: null,
        severity: "major",
        replyHours: 26,
        onTime: false,
        repeat: true,
        responsibility: null,
        result: null,
      },
    ]);
  });

  it("posts each report once on a fake clock, with two desks", async () => {
    const clock = new ManualClock(sh("2026-11-02T09:00:00"));
    const deps: ReportJobDeps = {
      calendar,
      schedule: reportScheduleFromEnv({ REPORT_DAILY_CHANNEL: "C0DAILY" }, calendar),
      defaultDailyChannel: "C0TRIAGE",
      defaultMonthlyChannel: "C0COMPLAINTS",
      staffLang: "zh-CN",
      poster: outboxPoster(() => clock.now()),
      now: () => clock.now(),
      reviewChart: async (review, lang) => (await renderChartPng(reviewChartSpec(review, lang))).png,
    };
    const desks = [store, second ?? store].map((s) => {
      const runner = new JobRunner({ store: s, clock, log: silentLogger });
      for (const [kind, handler] of Object.entries(reportJobHandlers(deps))) runner.handle(kind, handler);
      return { s, runner };
    });
    // both desks start and schedule: one job each
    for (const d of desks) await scheduleReportJobs(d.s, deps);
    const pending = (await store.jobs.list({ status: "pending" })).filter((j) => j.kind.startsWith("report."));
    expect(pending.map((j) => [j.key, j.runAt.toISOString()])).toEqual([
      ["report.daily:2026-11-02", sh("2026-11-02T17:30:00").toISOString()],
      ["report.monthly:2026-12", sh("2026-12-01T08:30:00").toISOString()],
    ]);

    const outbox = async () =>
      await store.sql.query<{ chatKey: string; kind: string; payload: any }>(
        `SELECT "chatKey", kind, payload FROM "OutboxMessage" ORDER BY id`,
      );
    const runBoth = () => Promise.all(desks.map((d) => d.runner.runDue()));

    clock.set(sh("2026-11-02T17:29:00"));
    await runBoth();
    expect(await outbox()).toEqual([]); // not yet

    clock.set(sh("2026-11-02T17:31:00"));
    await runBoth();
    await runBoth();
    let sent = await outbox();
    expect(sent.map((m) => [m.kind, m.chatKey, m.payload.card.title])).toEqual([
      ["post", "C0DAILY", "📋 服务主任日报表 2026-11-02"],
      ["dm", "dm:U0E1", "🛠 技术员工作日报表 · 张工 · 2026-11-02"], // E1 finished T1 and T9; E2 finished nothing
    ]);
    expect((await store.jobs.byKey("report.daily:2026-11-02"))?.status).toBe("done");
    expect((await store.jobs.byKey("report.daily:2026-11-03"))?.runAt).toEqual(sh("2026-11-03T17:30:00"));

    // the desks were down until the first working day of December: the 11-03 job runs once, late,
    // then the chain goes on from now; the review of November goes out once with its chart
    clock.set(sh("2026-12-01T08:31:00"));
    await runBoth();
    await runBoth();
    sent = (await outbox()).slice(2);
    expect(sent.map((m) => [m.kind, m.chatKey, m.payload.card?.title ?? m.payload.title])).toEqual([
      ["post", "C0DAILY", "📋 服务主任日报表 2026-11-03"],
      ["post", "C0COMPLAINTS", "📑 投诉案件统计表 2026-11-01 – 2026-11-30"],
      ["file", "C0COMPLAINTS", "complaints-2026-11.png"],
      ["dm", "dm:U0MGR", "📑 投诉案件统计表 2026-11-01 – 2026-11-30"],
    ]);
    const file = sent[2]!.payload.source;
    expect(file).toMatchObject({ platform: "inline", filename: "complaints-2026-11.png", encoding: "base64" });
    const png = Buffer.from(file.content, "base64");
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000);
    const next = (await store.jobs.list({ status: "pending" })).filter((j) => j.kind.startsWith("report.")).map((j) => j.key);
    expect(next).toEqual(["report.daily:2026-12-01", "report.monthly:2027-01"]);
    expect((await store.jobs.list({ kind: REPORT_DAILY_JOB, status: "done" })).length).toBe(2);
    expect((await store.jobs.list({ kind: REPORT_MONTHLY_JOB, status: "done" })).length).toBe(1);
  }, 60_000);
});
