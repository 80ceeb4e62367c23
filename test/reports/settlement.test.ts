/**
 * Settlement (结算): the split arithmetic by hand (uneven splits, refunds, zero fees), the
 * rates from the environment, and the per-engineer settlement of a hand-computed month on
 * PGlite and (with TEST_DATABASE_URL) PostgreSQL: only satisfied callbacks settle, the rest
 * are listed apart with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeSettlement, settlementJobPages, type SettlementJob, type SettlementOptions } from "../../core/reports/settlement.ts";
import {
  DEFAULT_SETTLEMENT_RATES,
  parseYuanToFen,
  settlementDefaultsFromEnv,
  settlementRatesFromEnv,
  splitFen,
} from "../../core/reports/settlement-split.ts";
import { fromToDates } from "../../core/reports/period.ts";
import type { Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";
import { L, TZ } from "./fixture.ts";

describe("splitFen (largest remainder, ties to the share listed first)", () => {
  it("splits by hand-computed cases and always adds up", () => {
    // 101 × 25/50/25 = 25.25 / 50.5 / 25.25: floors 25/50/25, the one fen left to the largest remainder (engineer)
    expect(splitFen(101, [2500, 5000, 2500])).toEqual([25, 51, 25]);
    // 2 → .5 / 1 / .5: remainders 5000 / 0 / 5000, the one fen left goes to the store (tie, listed first)
    expect(splitFen(2, [2500, 5000, 2500])).toEqual([1, 1, 0]);
    // 3333 → 833.25 / 1666.5 / 833.25 → 833 / 1667 / 833
    expect(splitFen(3333, [2500, 5000, 2500])).toEqual([833, 1667, 833]);
    // 12001 × 50/50 → 6000.5 each: the tie to the engineer (listed first)
    expect(splitFen(12001, [5000, 5000])).toEqual([6001, 6000]);
    // thirds: 101 × 33.33/33.33/33.34 = 33.66 / 33.66 / 33.67: the two fen left to the lead (.6734), then the store (.6633)
    expect(splitFen(101, [3333, 3333, 3334])).toEqual([34, 33, 34]);
    expect(splitFen(1, [3333, 3333, 3334])).toEqual([0, 0, 1]);
  });

  it("splits zero and refunds (negative amounts) symmetrically", () => {
    expect(splitFen(0, [2500, 5000, 2500])).toEqual([0, 0, 0]);
    expect(splitFen(-3001, [5000, 5000])).toEqual([-1501, -1500]);
    expect(splitFen(-101, [2500, 5000, 2500])).toEqual([-25, -51, -25]);
    expect(Object.is(splitFen(-1, [0, 10000])[0], -0)).toBe(false); // no negative zero
  });

  it("is exact for any amount: shares sum to it and each is within one fen of its exact value", () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i++) {
      const amount = Math.floor((rnd() - 0.3) * 10_000_000);
      const a = Math.floor(rnd() * 10_001);
      const b = Math.floor(rnd() * (10_001 - a));
      const rates = [a, b, 10_000 - a - b];
      const shares = splitFen(amount, rates);
      expect(shares.reduce((x, y) => x + y, 0)).toBe(amount);
      shares.forEach((s, k) => expect(Math.abs(s - (amount * rates[k]!) / 10_000)).toBeLessThan(1));
    }
  });

  it("refuses fractions of a fen and rates that do not add up", () => {
    expect(() => splitFen(10.5, [5000, 5000])).toThrow(RangeError);
    expect(() => splitFen(10, [5000, 4000])).toThrow(RangeError);
  });
});

describe("settlement rates from the environment", () => {
  it("reads SETTLEMENT_WARRANTY_SPLIT and SETTLEMENT_PAID_ENGINEER, with the seeds' defaults", () => {
    expect(settlementRatesFromEnv({})).toEqual(DEFAULT_SETTLEMENT_RATES);
    expect(settlementRatesFromEnv({ SETTLEMENT_WARRANTY_SPLIT: "20/60/20", SETTLEMENT_PAID_ENGINEER: "40" })).toEqual({
      warranty: [2000, 6000, 2000],
      paidEngineer: 4000,
    });
    expect(settlementRatesFromEnv({ SETTLEMENT_WARRANTY_SPLIT: "33.33／33.33／33.34" }).warranty).toEqual([3333, 3333, 3334]);
  });

  it("reads default fees and typed yuan amounts as exact fen", () => {
    const d = settlementDefaultsFromEnv({ SETTLEMENT_DEFAULT_FEN: "tv=4000, ac=8000" });
    expect([d("tv"), d("ac"), d("fridge"), d(null)]).toEqual([4000, 8000, null, null]);
    expect(() => settlementDefaultsFromEnv({ SETTLEMENT_DEFAULT_FEN: "tv=40.5" })).toThrow(/SETTLEMENT_DEFAULT_FEN/);
    // 0.1 + 0.2 would not be 0.3 in floats; as text it is exact
    expect(["45", "45.5", "45.50", "0.1", "-3.20", "¥12", "１２.３"].map(parseYuanToFen)).toEqual([4500, 4550, 4550, 10, -320, 1200, 1230]);
    expect(["1.234", "", "abc", "1e3", "12."].map(parseYuanToFen)).toEqual([null, null, null, null, null]);
  });

  it("refuses bad rates with a coded error naming the variable", () => {
    expect(() => settlementRatesFromEnv({ SETTLEMENT_WARRANTY_SPLIT: "25/50/20" })).toThrow(/SETTLEMENT_WARRANTY_SPLIT.*95%/);
    expect(() => settlementRatesFromEnv({ SETTLEMENT_WARRANTY_SPLIT: "50/50" })).toThrow(/SETTLEMENT_WARRANTY_SPLIT/);
    expect(() => settlementRatesFromEnv({ SETTLEMENT_PAID_ENGINEER: "120" })).toThrow(/SETTLEMENT_PAID_ENGINEER/);
    try {
      settlementRatesFromEnv({ SETTLEMENT_PAID_ENGINEER: "half" });
    } catch (err) {
      expect(err).toMatchObject({ code: "REPORT_BAD_CONFIG" });
    }
  });
});

type Spec = {
  who?: "E1" | "E2";
  fee: "A" | "B" | "C";
  category: string;
  resolved: string;
  kind?: string;
  resolution?: string;
  /** repair card: paid fee in yuan and/or warranty settlement fee in fen; omitted = no card */
  card?: { yuan?: number; settlementFen?: number | null };
  survey?: { status: "answered" | "pending" | "expired"; outcome: string | null; satisfied?: boolean };
  repeatOf?: string;
  parent?: string;
};

// November 2026 (Shanghai). Defaults: tv 4000 fen, fridge 3333 fen, anything else none.
const SPECS: Record<string, Spec> = {
  J1: {
    who: "E1",
    fee: "C",
    category: "fridge",
    resolved: "11-02 10:00",
    card: { settlementFen: 101 },
    survey: { status: "answered", outcome: "satisfied" },
  },
  J2: {
    who: "E1",
    fee: "C",
    category: "fridge",
    resolved: "11-03 10:00",
    card: { settlementFen: null },
    survey: { status: "answered", outcome: "satisfied" },
  },
  J3: { who: "E1", fee: "C", category: "washer", resolved: "11-04 10:00", card: {}, survey: { status: "answered", outcome: "satisfied" } },
  J4: {
    who: "E1",
    fee: "A",
    category: "tv",
    resolved: "11-05 10:00",
    card: { yuan: 120.01 },
    survey: { status: "answered", outcome: "satisfied" },
  },
  J5: {
    who: "E1",
    fee: "A",
    category: "tv",
    resolved: "11-06 10:00",
    card: { yuan: 0 },
    survey: { status: "answered", outcome: "satisfied" },
  },
  J6: {
    who: "E1",
    fee: "A",
    category: "phone",
    resolved: "11-07 10:00",
    card: { yuan: -30.01 },
    survey: { status: "answered", outcome: "satisfied" },
  },
  J7: {
    who: "E1",
    fee: "C",
    category: "tv",
    resolved: "11-08 10:00",
    card: { settlementFen: 5000 },
    survey: { status: "answered", outcome: "unsatisfied" },
  },
  J8: { who: "E2", fee: "C", category: "tv", resolved: "11-09 10:00", card: {}, survey: { status: "answered", outcome: "satisfied" } },
  J9: {
    who: "E2",
    fee: "A",
    category: "ac",
    resolved: "11-10 10:00",
    card: { yuan: 99.99 },
    survey: { status: "answered", outcome: "satisfied" },
  },
  J10: {
    who: "E2",
    fee: "C",
    category: "fridge",
    resolved: "11-11 10:00",
    card: { settlementFen: 700 },
    survey: { status: "answered", outcome: "satisfied" },
    repeatOf: "J1",
  },
  J11: {
    who: "E2",
    fee: "B",
    category: "purifier",
    resolved: "11-12 10:00",
    card: {},
    survey: { status: "answered", outcome: "satisfied" },
  },
  J12: { who: "E2", fee: "C", category: "tv", resolved: "11-13 10:00", card: {}, survey: { status: "pending", outcome: null } },
  J13: {
    who: "E2",
    fee: "A",
    category: "tv",
    resolved: "11-14 10:00",
    card: { yuan: 50 },
    survey: { status: "expired", outcome: "no_response" },
  },
  // outside the month, self-service, a complaint ticket: none is a settlement job
  J14: {
    who: "E1",
    fee: "C",
    category: "tv",
    resolved: "10-31 23:59",
    card: { settlementFen: 9999 },
    survey: { status: "answered", outcome: "satisfied" },
  },
  J15: { fee: "C", category: "tv", resolved: "11-15 10:00", resolution: "self_service" },
  J16: { who: "E2", fee: "A", category: "ac", resolved: "11-16 10:00", kind: "complaint", resolution: "handled", parent: "J9" },
  // a warranty job without a repair card: settled, no fee
  J17: { who: "E1", fee: "C", category: "tv", resolved: "11-17 10:00", survey: { status: "answered", outcome: "satisfied" } },
};

const DEFAULTS = (c: string | null) => (c === "tv" ? 4000 : c === "fridge" ? 3333 : null);

describeEachDb("settlement", (db) => {
  let store: Store;
  const ids: Record<string, number> = {};
  const refs: Record<string, number> = {};
  const staff: Record<string, number> = {};
  let opts: SettlementOptions;

  beforeAll(async () => {
    store = await db.open();
    staff.E1 = (await store.staff.upsert("U0E1", "engineer", "张工")).id;
    staff.E2 = (await store.staff.upsert("U0E2", "engineer", "李工")).id;
    const customer = await store.customers.upsertTelegram({ userId: "801", chatId: "801", lang: "zh-CN" });
    for (const [key, s] of Object.entries(SPECS)) {
      const created = L(s.resolved.replace(/ \d\d:\d\d$/, " 08:00"));
      const t = await store.tickets.create(
        {
          customerId: customer.id,
          kind: s.kind ?? "repair",
          category: s.category,
          description: key,
          feeType: s.fee,
          status: "closed",
          lang: "zh-CN",
          parentId: s.parent ? ids[s.parent]! : null,
        },
        { type: "system" },
        created,
      );
      ids[key] = t.id;
      refs[key] = t.ref;
      await store.tickets.patch(t.id, {
        resolution: s.resolution ?? "repaired",
        resolvedAt: L(s.resolved),
        closedAt: L(s.resolved),
        assigneeId: s.who ? staff[s.who]! : null,
        repeatOfId: s.repeatOf ? ids[s.repeatOf]! : null,
      });
      if (s.card) {
        await store.tickets.saveRepair(
          t.id,
          {
            workDone: "x",
            hours: 1,
            parts: [],
            feeAmount: s.card.yuan ?? 0,
            feeType: s.fee,
            recordedBy: "U0E1",
            settlementFen: s.card.settlementFen,
          },
          L(s.resolved),
        );
      }
      if (s.survey) {
        await store.reports.insertSurvey({
          ticketId: t.id,
          form: "full",
          status: s.survey.status,
          satisfied: s.survey.status === "answered" ? s.survey.outcome === "satisfied" : null,
          outcome: s.survey.outcome,
          sentAt: L(s.resolved),
          answeredAt: s.survey.status === "answered" ? L(s.resolved) : null,
          expiresAt: L(s.resolved),
        });
      }
    }
    const p = fromToDates("2026-11-01", "2026-11-30", TZ);
    opts = { from: p.from, to: p.to, timeZone: TZ, rates: DEFAULT_SETTLEMENT_RATES, defaultSettlementFen: DEFAULTS };
  });
  afterAll(async () => {
    await db.dispose(store);
  });

  it("settles only satisfied jobs, split exactly, per engineer (hand-computed)", async () => {
    const r = await computeSettlement(store, opts);
    expect(r.rates).toEqual({ warranty: { store: 25, engineer: 50, lead: 25 }, paid: { engineer: 50, department: 50 } });
    expect(r.engineers).toEqual([
      {
        staffId: staff.E1,
        slackUserId: "U0E1",
        name: "张工",
        jobs: 8, // J1–J7, J17 (J14 was resolved in October)
        settledJobs: 7, // all but J7 (unsatisfied)
        // J1 101 → 25/51/25; J2 default 3333 → 833/1667/833; J3 no fee, no default (missing) → 0; J17 no card → 0
        warranty: { jobs: 4, feeFen: 3434, storeFen: 858, engineerFen: 1718, leadFen: 858, defaulted: 1, missing: 1 },
        // J4 12001 → 6001/6000; J5 0; J6 refund −3001 → −1501/−1500
        paid: { jobs: 3, feeFen: 9000, engineerFen: 4500, departmentFen: 4500 },
        contractJobs: 0,
        unsettled: { unsatisfied: 1 },
      },
      {
        staffId: staff.E2,
        slackUserId: "U0E2",
        name: "李工",
        jobs: 6, // J8–J13 (J16 is the complaint itself)
        settledJobs: 2, // J8 (default 4000 → 1000/2000/1000), J11 (contract)
        warranty: { jobs: 1, feeFen: 4000, storeFen: 1000, engineerFen: 2000, leadFen: 1000, defaulted: 1, missing: 0 },
        paid: { jobs: 0, feeFen: 0, engineerFen: 0, departmentFen: 0 },
        contractJobs: 1,
        // J9 has a complaint about it, J10 is a repeat of J1, J13 no response, J12 still waiting
        unsettled: { complaint: 1, repeat_repair: 1, no_response: 1, awaiting_callback: 1 },
      },
    ]);
    expect(r.totals).toMatchObject({
      staffId: null,
      jobs: 14,
      settledJobs: 9,
      warranty: { jobs: 5, feeFen: 7434, storeFen: 1858, engineerFen: 3718, leadFen: 1858, defaulted: 2, missing: 1 },
      paid: { jobs: 3, feeFen: 9000, engineerFen: 4500, departmentFen: 4500 },
      contractJobs: 1,
    });
    expect(Object.keys(r.totals.unsettled)).toEqual(["complaint", "repeat_repair", "unsatisfied", "no_response", "awaiting_callback"]);
    expect(r.unsettled.total).toBe(5);
    expect(r.unsettled.jobs).toEqual([
      {
        ref: refs.J7,
        staffId: staff.E1,
        engineer: "张工",
        feeType: "C",
        feeFen: 5000,
        reason: "unsatisfied",
        resolved: "2026-11-08 10:00",
      },
      { ref: refs.J9, staffId: staff.E2, engineer: "李工", feeType: "A", feeFen: 9999, reason: "complaint", resolved: "2026-11-10 10:00" },
      {
        ref: refs.J10,
        staffId: staff.E2,
        engineer: "李工",
        feeType: "C",
        feeFen: 700,
        reason: "repeat_repair",
        resolved: "2026-11-11 10:00",
      },
      {
        ref: refs.J12,
        staffId: staff.E2,
        engineer: "李工",
        feeType: "C",
        feeFen: 4000,
        reason: "awaiting_callback",
        resolved: "2026-11-13 10:00",
      },
      {
        ref: refs.J13,
        staffId: staff.E2,
        engineer: "李工",
        feeType: "A",
        feeFen: 5000,
        reason: "no_response",
        resolved: "2026-11-14 10:00",
      },
    ]);
    // every share adds up to its fee
    const t = r.totals;
    expect(t.warranty.storeFen + t.warranty.engineerFen + t.warranty.leadFen).toBe(t.warranty.feeFen);
    expect(t.paid.engineerFen + t.paid.departmentFen).toBe(t.paid.feeFen);
    // fen only: every amount is a whole number
    const amounts: number[] = [];
    JSON.stringify(r, (k, v) => (k.endsWith("Fen") && v !== null && amounts.push(v), v));
    expect(amounts.length).toBeGreaterThan(20);
    expect(amounts.every((x) => Number.isSafeInteger(x))).toBe(true);
  });

  it("uses the configured rates", async () => {
    const r = await computeSettlement(store, {
      ...opts,
      rates: settlementRatesFromEnv({ SETTLEMENT_WARRANTY_SPLIT: "33.33/33.33/33.34", SETTLEMENT_PAID_ENGINEER: "70" }),
    });
    const e1 = r.engineers[0]!;
    // J1 101 → 34/33/34; J2 3333 → 1110.9/1110.9/1111.2 → floors 1110/1110/1111, two fen left: remainders .8889/.8889/.2222 → store, engineer
    expect(e1.warranty).toMatchObject({ feeFen: 3434, storeFen: 34 + 1111, engineerFen: 33 + 1111, leadFen: 34 + 1111 });
    // J4 12001 × 70/30 → 8400.7 / 3600.3 → 8401/3600; J6 −3001 → −2100.7/−900.3 → −2101/−900
    expect(e1.paid).toEqual({ jobs: 3, feeFen: 9000, engineerFen: 8401 - 2101, departmentFen: 3600 - 900 });
  });

  it("lists every job with its shares in pages (the detail export)", async () => {
    const all: SettlementJob[] = [];
    for await (const page of settlementJobPages(store, { ...opts, pageSize: 4 })) {
      expect(page.length).toBeLessThanOrEqual(4);
      all.push(...page);
    }
    expect(all.map((j) => j.ref)).toEqual(
      ["J1", "J2", "J3", "J4", "J5", "J6", "J7", "J8", "J9", "J10", "J11", "J12", "J13", "J17"].map((k) => refs[k]),
    );
    const by = (k: string) => all.find((j) => j.ref === refs[k])!;
    expect(by("J2")).toMatchObject({ reason: "settled", feeFen: 3333, defaulted: true, shares: { store: 833, engineer: 1667, lead: 833 } });
    expect(by("J6")).toMatchObject({ reason: "settled", feeFen: -3001, shares: { engineer: -1501, department: -1500 } });
    expect(by("J7")).toMatchObject({ reason: "unsatisfied", shares: null });
    expect(by("J17")).toMatchObject({ reason: "settled", feeFen: null, shares: { store: 0, engineer: 0, lead: 0 } });
    expect(by("J11")).toMatchObject({ reason: "settled", feeType: "B", shares: null });
  });
});
