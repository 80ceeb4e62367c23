/**
 * The summary and the technician report on the hand-computed fixture (test/reports/fixture.ts),
 * on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarFromEnv } from "../../core/sla/calendar-config.ts";
import { computeEngineerReport } from "../../core/reports/engineer.ts";
import { parsePeriod } from "../../core/reports/period.ts";
import { ReportError } from "../../core/reports/errors.ts";
import { mean, pct, quantile, round } from "../../core/reports/math.ts";
import { summaryRows } from "../../core/reports/rows.ts";
import { computeSummary, type Summary } from "../../core/reports/summary.ts";
import { WorkingCalendar } from "../../core/sla/calendar.ts";
import type { Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";
import { FROM, L, TO, TZ, seedFixture, type Fixture } from "./fixture.ts";

const calendar = new WorkingCalendar({ timeZone: TZ }); // Mon–Sat 08:30–17:30
const NOW = new Date("2026-11-23T02:00:00Z");

describe("report arithmetic", () => {
  it("rounds half away from zero, and gives null (never NaN) without data", () => {
    expect(round(2.675, 2)).toBe(2.68);
    expect(round(18.1818, 1)).toBe(18.2);
    expect(round(-0.001, 1)).toBe(0);
    expect(pct(2, 11)).toBe(18.2);
    expect(pct(0, 0)).toBeNull();
    expect(mean([])).toBeNull();
    expect(mean([4, 1, 3])).toBe(2.67);
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([5], 0.9)).toBe(5);
  });

  it("interpolates percentiles like Excel's PERCENTILE.INC", () => {
    // n = 7: median = x[3]; p90: h = 6 × 0.9 = 5.4 → x[5] + 0.4 × (x[6] − x[5]) = 1.5 + 0.2
    expect(quantile([2, 0, 1, 0.5, 1.5, 1, 0.5], 0.5)).toBe(1);
    expect(quantile([2, 0, 1, 0.5, 1.5, 1, 0.5], 0.9)).toBe(1.7);
    // n = 4, even: the median is the mean of the two middle values
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([6, 6.5, 6.5, 12, 14], 0.9)).toBe(13.2);
  });
});

describeEachDb("reports", (db) => {
  let store: Store;
  let fx: Fixture;
  beforeAll(async () => {
    store = await db.open();
    fx = await seedFixture(store);
  });
  afterAll(async () => {
    await db.dispose(store);
  });

  it("computes every figure of the summary as worked out by hand", async () => {
    const s = await computeSummary(store, { from: FROM, to: TO, calendar, now: NOW });
    const expected: Summary = {
      period: {
        from: "2026-11-01T16:00:00.000Z",
        to: "2026-11-08T16:00:00.000Z",
        fromDate: "2026-11-02",
        toDate: "2026-11-08",
        timeZone: TZ,
      },
      // In: T1 T2 T3 T4 T5 T6 T7 T8 T10 T13 T14 = 11 (T9, T12, T15 created before; T11 at the end instant).
      ticketsIn: {
        total: 11,
        byKind: { repair: 5, install: 2, consult: 1, complaint: 3 }, // repair T1 T2 T4 T8 T10; install T3 T13; consult T5; complaint T6 T7 T14
        byProduct: { tv: 3, fridge: 3, washer: 1, ac: 1, phone: 2, none: 1 }, // tv T4 T7 T13; fridge T1 T6 T8; washer T2; ac T3; phone T5 T10; none T14
        byStatus: { queued: 2, claimed: 1, on_site: 1, resolved: 2, callback_needed: 1, closed: 4 }, // queued T7 T10; claimed T14; on_site T3; resolved T5 T13; T2; closed T1 T4 T6 T8
        byFeeType: { A: 4, B: 1, C: 6 }, // A T2 T7 T10 T13; B T3; C T1 T4 T5 T6 T8 T14
        byTier: { standard: 11 },
      },
      // Out (resolvedAt ?? closedAt in the week): T1 T2 T4 T5 T6 T8 T9 T12 T13 = 9.
      ticketsOut: {
        total: 9,
        byKind: { repair: 5, install: 1, maintenance: 1, consult: 1, complaint: 1 }, // repair T1 T2 T4 T8 T12
        byProduct: { tv: 2, fridge: 3, washer: 2, purifier: 1, phone: 1 }, // tv T4 T13; fridge T1 T6 T8; washer T2 T12; T9; T5
        byFeeType: { A: 2, B: 1, C: 6 }, // A T2 T13; B T9; C T1 T4 T5 T6 T8 T12
        byResolution: { repaired: 5, self_service: 2, cancelled: 1, none: 1 }, // repaired T1 T2 T8 T9 T13; T4 T5; T12; T6 (complaint)
      },
      // T4 and T5 of 11 → 18.18 → 18.2 %
      selfService: { count: 2, sharePct: 18.2 },
      sla: {
        // arrivals in the week: T1 ✓, T2 ✗, T8 ✓, T9 ✓ (T13 had no deadline; T3 arrived at the end instant) → 3/4
        dispatch: { measured: 4, onTime: 3, late: 1, onTimePct: 75 },
        // T13 0, T6 0.5, T8 0.5, T1 1, T3 1, T14 1.5, T2 2 → median x[3] = 1; p90 = 1.5 + 0.4 × 0.5 = 1.7
        firstResponseHours: { count: 7, median: 1, p90: 1.7 },
        // T1 6, T8 6.5, T13 6.5, T9 12, T2 14 → median 6.5; p90: h = 3.6 → 12 + 0.6 × 2 = 13.2
        resolutionHours: { count: 5, median: 6.5, p90: 13.2 },
      },
      survey: {
        // full surveys sent in the week: T1 T2 T8 (answered), T9 (expired), T13 (pending)
        sent: 5,
        answered: 3,
        pending: 1,
        expired: 1,
        responseRatePct: 60,
        // attitude (4+1+3)/3 = 2.67; skill (4+2+3)/3 = 3; arrival (3+2+4)/3 = 3; promise (4+1+3)/3 = 2.67
        ratings: { attitude: 2.67, skill: 3, arrival: 3, promise: 2.67 },
        satisfied: 2, // T1, T8
        satisfiedPct: 66.7,
        // full surveys of tickets finished in the week: T1 satisfied, T2 attitude, T8 not_fixed_first, T9 no_response, T13 not yet
        outcomes: {
          complaint: 0,
          repeat_visits: 0,
          not_fixed_first: 1,
          attitude: 1,
          unsatisfied: 0,
          satisfied: 1,
          no_response: 1,
          unclassified: 1,
        },
        selfServiceForm: { sent: 1, answered: 1, helped: 1 }, // T4
      },
      // T6 (replied late), T7 (never replied, due passed), T14 (replied in time); T15 is older
      complaints: {
        new: 3,
        open: 2, // T7 queued, T14 claimed
        overdue: 2, // T6, T7
        byKind: { product: 1, service: 1, environment: 1 },
        bySeverity: { major: 1, ordinary: 2 },
      },
      repeatRepairs: 1, // T8 (T12 is flagged too but was created before the week)
      engineers: [
        {
          // T1 T2 T9: all resolved in the week; surveys T1 (4,4,3,4) T2 (1,2,2,1) answered, T9 expired
          staffId: fx.staff.E1.id,
          slackUserId: "U0E1",
          name: "张工",
          role: "engineer",
          jobsDone: 3,
          surveysAnswered: 2,
          ratings: { attitude: 2.5, skill: 3, arrival: 2.5, promise: 2.5 },
          satisfiedPct: 50,
          dispatch: { measured: 3, onTime: 2, onTimePct: 66.7 }, // T1 ✓ T2 ✗ T9 ✓
          outcomes: {
            complaint: 0,
            repeat_visits: 0,
            not_fixed_first: 0,
            attitude: 1,
            unsatisfied: 0,
            satisfied: 1,
            no_response: 1,
            unclassified: 0,
          },
        },
        {
          // T8 and T13 resolved (T3 open); T8 answered (3,3,4,3), T13 pending; T8 on time, T13 no deadline
          staffId: fx.staff.E2.id,
          slackUserId: "U0E2",
          name: '李工 "Leo", 二组',
          role: "engineer",
          jobsDone: 2,
          surveysAnswered: 1,
          ratings: { attitude: 3, skill: 3, arrival: 4, promise: 3 },
          satisfiedPct: 100,
          dispatch: { measured: 1, onTime: 1, onTimePct: 100 },
          outcomes: {
            complaint: 0,
            repeat_visits: 0,
            not_fixed_first: 1,
            attitude: 0,
            unsatisfied: 0,
            satisfied: 0,
            no_response: 0,
            unclassified: 1,
          },
        },
        // the supervisor (T6, T14) finished no job, got no survey and no arrival: not listed
      ],
    };
    expect(s).toEqual(expected);
    // key order follows the domain (the card prints maps in this order)
    expect(Object.keys(s.ticketsIn.byStatus)).toEqual(["queued", "claimed", "on_site", "resolved", "callback_needed", "closed"]);
    expect(Object.keys(s.ticketsIn.byProduct)).toEqual(["tv", "fridge", "washer", "ac", "phone", "none"]);
    // plain JSON
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it("gives the same figures inside a transaction (through Prisma) as outside (through the driver)", async () => {
    const outside = await computeSummary(store, { from: FROM, to: TO, calendar, now: NOW });
    const inside = await store.tx((s) => computeSummary(s, { from: FROM, to: TO, calendar, now: NOW }));
    expect(inside).toEqual(outside);
    expect(inside.ticketsIn.total).toBe(11);
  });

  it("counts overdue complaints as of `now`", async () => {
    // Before T7's reply deadline (Sun 10:00) only T6 (replied late) is overdue.
    const early = await computeSummary(store, { from: FROM, to: TO, calendar, now: L("11-08 09:00") });
    expect(early.complaints).toMatchObject({ new: 3, open: 2, overdue: 1 });
  });

  it("measures in the calendar's working hours", async () => {
    // Mon–Fri: T9's Saturday no longer counts: Fri 1.5 + Mon 1.5 = 3 → [3, 6, 6.5, 6.5, 14]:
    // median 6.5, p90: h = 3.6 → 6.5 + 0.6 × 7.5 = 11
    const monFri = calendarFromEnv({ DESK_WORK_DAYS: "Mon-Fri" }, TZ);
    const s = await computeSummary(store, { from: FROM, to: TO, calendar: monFri, now: NOW });
    expect(s.sla.resolutionHours).toEqual({ count: 5, median: 6.5, p90: 11 });
    // T3: Saturday 17:00 → Monday 09:00 is now only Monday's 0.5 h: [0, .5, .5, .5, 1, 1.5, 2]
    expect(s.sla.firstResponseHours).toEqual({ count: 7, median: 0.5, p90: 1.7 });
  });

  it("gives zeros and nulls, never NaN, for a period without data", async () => {
    const p = parsePeriod("2020-01-01..2020-01-31", NOW, TZ);
    const s = await computeSummary(store, { from: p.from, to: p.to, calendar, now: NOW });
    expect(s.ticketsIn).toEqual({ total: 0, byKind: {}, byProduct: {}, byStatus: {}, byFeeType: {}, byTier: {} });
    expect(s.selfService).toEqual({ count: 0, sharePct: null });
    expect(s.sla).toEqual({
      dispatch: { measured: 0, onTime: 0, late: 0, onTimePct: null },
      firstResponseHours: { count: 0, median: null, p90: null },
      resolutionHours: { count: 0, median: null, p90: null },
    });
    expect(s.survey.responseRatePct).toBeNull();
    expect(s.survey.ratings).toEqual({ attitude: null, skill: null, arrival: null, promise: null });
    expect(s.survey.satisfiedPct).toBeNull();
    expect(s.engineers).toEqual([]);
    expect(JSON.stringify(s)).not.toMatch(/NaN|Infinity/);
  });

  it("scopes to the period: one day", async () => {
    // Monday 11-02: in T1 T2; out T1 T9 (resolved) and T12 (cancelled 08:00)
    const p = parsePeriod("2026-11-02", NOW, TZ);
    const s = await computeSummary(store, { from: p.from, to: p.to, calendar, now: NOW });
    expect(s.ticketsIn.total).toBe(2);
    expect(s.ticketsOut).toMatchObject({ total: 3, byResolution: { repaired: 2, cancelled: 1 } });
    expect(s.sla.dispatch).toEqual({ measured: 2, onTime: 2, late: 0, onTimePct: 100 }); // T1, T9
    expect(s.survey).toMatchObject({ sent: 2, answered: 1, expired: 1, responseRatePct: 50 }); // T1, T9
  });

  it("refuses a range that does not run forward", async () => {
    await expect(computeSummary(store, { from: TO, to: FROM, calendar, now: NOW })).rejects.toMatchObject({ code: "REPORT_BAD_RANGE" });
    await expect(computeSummary(store, { from: FROM, to: FROM, calendar, now: NOW })).rejects.toBeInstanceOf(ReportError);
  });

  it("lists the per-ticket rows of every ticket created or finished in the period", async () => {
    const rows = await summaryRows(store, { from: FROM, to: TO, calendar });
    const refs = (keys: string[]) => keys.map((k) => fx.tickets[k]!.ref);
    expect(rows.map((r) => r.ref)).toEqual(refs(["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T12", "T13", "T14"]));
    const t2 = rows.find((r) => r.ref === fx.tickets.T2!.ref);
    expect(t2).toEqual({
      ref: fx.tickets.T2!.ref,
      created: "2026-11-02 16:30",
      kind: "repair",
      product: "washer",
      status: "callback_needed",
      feeType: "A",
      resolution: "repaired",
      resolved: "2026-11-04 12:30",
      assignee: "张工",
      firstResponseWh: 2,
      resolutionWh: 14,
      slaMet: false,
      attitude: 1,
      skill: 2,
      arrival: 2,
      promise: 1,
      satisfied: false,
      outcome: "attitude",
      repeat: false,
    });
    const t8 = rows.find((r) => r.ref === fx.tickets.T8!.ref)!;
    expect(t8).toMatchObject({ repeat: true, firstResponseWh: 0.5, resolutionWh: 6.5, assignee: '李工 "Leo", 二组' });
    const t14 = rows.find((r) => r.ref === fx.tickets.T14!.ref)!;
    expect(t14).toMatchObject({ product: null, firstResponseWh: 1.5, resolutionWh: null, outcome: null });
  });

  it("computes the technician report (技术员工作日报表) for a week", async () => {
    const r = await computeEngineerReport(store, { staffId: fx.staff.E1.id, from: FROM, to: TO, calendar });
    expect(r).toEqual({
      period: { from: FROM.toISOString(), to: TO.toISOString(), fromDate: "2026-11-02", toDate: "2026-11-08", timeZone: TZ },
      staff: { id: fx.staff.E1.id, slackUserId: "U0E1", name: "张工", role: "engineer" },
      jobsDone: 3,
      byKind: { repair: 2, maintenance: 1 },
      byFeeType: { A: 1, B: 1, C: 1 },
      hours: 5, // 1 (T9) + 2.5 (T1) + 1.5 (T2)
      feeTotal: 120,
      // summed by name, most used first, then by name (排 U+6392 before 温 U+6E29)
      parts: [
        { name: "滤芯", qty: 3 },
        { name: "密封圈, 大号", qty: 2 },
        { name: "排水泵", qty: 1 },
        { name: "温控器", qty: 1 },
      ],
      jobs: [
        {
          ref: fx.tickets.T9!.ref,
          kind: "maintenance",
          product: "purifier",
          feeType: "B",
          resolved: "2026-11-02 10:00",
          resolutionWh: 12,
          hours: 1,
          parts: [{ name: "滤芯", qty: 3 }],
          feeAmount: 0,
          slaMet: true,
          outcome: "no_response",
        },
        {
          ref: fx.tickets.T1!.ref,
          kind: "repair",
          product: "fridge",
          feeType: "C",
          resolved: "2026-11-02 15:00",
          resolutionWh: 6,
          hours: 2.5,
          parts: [{ name: "温控器", qty: 1 }],
          feeAmount: 0,
          slaMet: true,
          outcome: "satisfied",
        },
        {
          ref: fx.tickets.T2!.ref,
          kind: "repair",
          product: "washer",
          feeType: "A",
          resolved: "2026-11-04 12:30",
          resolutionWh: 14,
          hours: 1.5,
          parts: [
            { name: "排水泵", qty: 1 },
            { name: "密封圈, 大号", qty: 2 },
          ],
          feeAmount: 120,
          slaMet: false,
          outcome: "attitude",
        },
      ],
      surveysAnswered: 2,
      ratings: { attitude: 2.5, skill: 3, arrival: 2.5, promise: 2.5 },
      satisfiedPct: 50,
      dispatch: { measured: 3, onTime: 2, onTimePct: 66.7 },
      outcomes: {
        complaint: 0,
        repeat_visits: 0,
        not_fixed_first: 0,
        attitude: 1,
        unsatisfied: 0,
        satisfied: 1,
        no_response: 1,
        unclassified: 0,
      },
    });
    // the same figures as the engineer's line of the summary
    const s = await computeSummary(store, { from: FROM, to: TO, calendar, now: NOW });
    const line = s.engineers.find((e) => e.staffId === fx.staff.E1.id)!;
    expect({
      jobsDone: r.jobsDone,
      surveysAnswered: r.surveysAnswered,
      ratings: r.ratings,
      satisfiedPct: r.satisfiedPct,
      dispatch: r.dispatch,
      outcomes: r.outcomes,
    }).toEqual({
      jobsDone: line.jobsDone,
      surveysAnswered: line.surveysAnswered,
      ratings: line.ratings,
      satisfiedPct: line.satisfiedPct,
      dispatch: line.dispatch,
      outcomes: line.outcomes,
    });
  });

  it("computes the technician report for one day, and for a supervisor with no jobs", async () => {
    const day = parsePeriod("2026-11-02", NOW, TZ);
    const r = await computeEngineerReport(store, { staffId: fx.staff.E1.id, from: day.from, to: day.to, calendar });
    // Monday: T9 (1 h) and T1 (2.5 h); surveys sent Monday: T1 answered (4,4,3,4), T9 expired
    expect(r).toMatchObject({ jobsDone: 2, hours: 3.5, byKind: { repair: 1, maintenance: 1 }, surveysAnswered: 1, satisfiedPct: 100 });
    expect(r.ratings).toEqual({ attitude: 4, skill: 4, arrival: 3, promise: 4 });
    expect(r.dispatch).toEqual({ measured: 2, onTime: 2, onTimePct: 100 });
    expect(r.period).toMatchObject({ fromDate: "2026-11-02", toDate: "2026-11-02" });

    const sup = await computeEngineerReport(store, { staffId: fx.staff.S.id, from: FROM, to: TO, calendar });
    expect(sup).toMatchObject({
      jobsDone: 0,
      hours: 0,
      feeTotal: 0,
      parts: [],
      jobs: [],
      byKind: {},
      surveysAnswered: 0,
      satisfiedPct: null,
    });
    expect(sup.ratings).toEqual({ attitude: null, skill: null, arrival: null, promise: null });
  });

  it("refuses an unknown staff member with a coded error", async () => {
    await expect(computeEngineerReport(store, { staffId: 999_999, from: FROM, to: TO, calendar })).rejects.toMatchObject({
      code: "REPORT_UNKNOWN_STAFF",
    });
  });
});
