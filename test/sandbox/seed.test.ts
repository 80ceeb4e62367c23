/**
 * `desk seed demo`: a month the summary can report on (every kind, fee type, area and outcome
 * present, ratings, two complaints, a repeat repair), the sandbox's customers and team, and
 * the refusal to mix demo data into a database with real customers' tickets.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { SeedRefused, seedDemo, type SeedOptions } from "../../bots/cli/seed.ts";
import { sandboxCustomers } from "../../bots/sandbox/transcript.ts";
import { WORKSPACE } from "../../bots/sandbox/workspace.ts";
import { WorkingCalendar } from "../../core/sla/calendar.ts";
import { computeSummary } from "../../core/reports/summary.ts";
import type { Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";

const NOW = new Date("2026-11-27T06:00:00Z"); // a Friday, 14:00 in Shanghai
const calendar = new WorkingCalendar({ timeZone: "Asia/Shanghai" });
const options = (extra: Partial<SeedOptions> = {}): SeedOptions => ({
  now: NOW,
  calendar,
  timeZone: "Asia/Shanghai",
  dispatchHours: { city: 6, suburb: 7 },
  repeatDays: 90,
  ...extra,
});

describeEachDb("desk seed demo", (db) => {
  let store: Store;
  beforeEach(async () => {
    store = await db.open();
  });
  afterEach(() => db.dispose(store));

  it("fills a month the reports can show, with the sandbox's customers and team", async () => {
    const seen: number[] = [];
    let total = 0;
    const r = await seedDemo(store, options({ progress: (done, all) => (seen.push(done), (total = all)) }));
    expect(seen.at(-1)).toBe(total);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(r.customers).toBe(30);
    expect(r.tickets).toBeGreaterThanOrEqual(140);
    expect(r.tickets).toBeLessThanOrEqual(160);
    expect(Object.keys(r.byKind).sort()).toEqual(["complaint", "consult", "install", "maintenance", "repair", "return"]);
    expect(Object.keys(r.byFee).sort()).toEqual(["A", "B", "C"]);
    expect(r.complaints).toBe(2);
    expect(r.repeatRepairs).toBe(1);
    expect(r.contracts).toBeGreaterThan(0);

    const s = await computeSummary(store, { from: new Date(NOW.getTime() - 31 * 86_400_000), to: NOW, calendar, now: NOW });
    expect(s.ticketsIn.total).toBe(r.tickets);
    expect(s.selfService.count).toBeGreaterThan(0);
    expect(s.sla.dispatch.measured).toBeGreaterThan(50);
    expect(s.sla.dispatch.onTime).toBeGreaterThan(0);
    expect(s.sla.dispatch.onTime).toBeLessThan(s.sla.dispatch.measured);
    const areas = await store.sql.query<{ area: string | null }>(`SELECT DISTINCT area FROM "Ticket" WHERE "createdAt" >= $1`, [
      new Date(NOW.getTime() - 31 * 86_400_000),
    ]);
    expect(new Set(areas.map((t) => t.area))).toEqual(new Set(["city", "suburb"]));
    // the sandbox can be every demo customer, and the workspace's team is staff
    expect((await sandboxCustomers(store)).length).toBe(30);
    for (const u of WORKSPACE.filter((w) => w.role)) expect((await store.staff.byUser(u.id))?.role).toBe(u.role);
    // again: refused, the month is there
    await expect(seedDemo(store, options())).rejects.toBeInstanceOf(SeedRefused);
  }, 240_000);

  it("refuses a database with real customers' tickets unless forced", async () => {
    const c = await store.customers.upsertTelegram({ userId: "4242", chatId: "4242", lang: "zh-CN" });
    await store.tickets.create(
      { customerId: c.id, kind: "repair", description: "真的报修", feeType: "A", status: "queued", lang: "zh-CN" },
      { type: "customer" },
      NOW,
    );
    await expect(seedDemo(store, options())).rejects.toThrow(/1 tickets of real customers/);
    expect(await store.tickets.countExceptCustomers("sandbox:")).toBe(1);
    expect((await sandboxCustomers(store)).length).toBe(0);
  });
});
