/**
 * Working hours measured in SQL (the calendar passed as arrays, core/store/work-calendar.ts)
 * equal the JavaScript calendar's `workingTimeBetween` to the millisecond: for random pairs of
 * instants, across DST changes, holidays and make-up days, in a zone with a fixed offset and
 * one without, on PGlite and (with TEST_DATABASE_URL) PostgreSQL. And the summary's medians
 * and p90s equal `quantile` over the same values.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { quantile } from "../../core/reports/math.ts";
import { computeSummary } from "../../core/reports/summary.ts";
import { WorkingCalendar } from "../../core/sla/calendar.ts";
import type { Store } from "../../core/store/index.ts";
import { calendarArrays, cumSql, dayIndexSql } from "../../core/store/work-calendar.ts";
import { describeEachDb } from "../support/db.ts";

const CALENDARS: [string, WorkingCalendar][] = [
  ["Shanghai, Mon–Sat 08:30–17:30 (fixed offset)", new WorkingCalendar({ timeZone: "Asia/Shanghai" })],
  [
    "Berlin, Mon–Fri 08:00–17:00, holidays, a make-up Saturday (DST)",
    new WorkingCalendar({
      timeZone: "Europe/Berlin",
      workingDays: [1, 2, 3, 4, 5],
      dayStart: "08:00",
      dayEnd: "17:00",
      holidays: ["2026-04-03", "2026-04-06", "2026-05-01", "2026-10-26"],
      makeUpDays: ["2026-03-28"],
    }),
  ],
  [
    "New York, whole days Mon–Fri (DST, periods ending at midnight)",
    new WorkingCalendar({ timeZone: "America/New_York", workingDays: [1, 2, 3, 4, 5], dayStart: "00:00", dayEnd: "24:00" }),
  ],
];

/** Deterministic pairs: a start between 2026-03-20 and 2026-11-10 (to the second), an end up to 10 days later (or earlier). */
function pairs(n: number): [Date, Date][] {
  let seed = 12345;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const t0 = Date.UTC(2026, 2, 20);
  const span = Date.UTC(2026, 10, 10) - t0;
  const out: [Date, Date][] = [];
  for (let i = 0; i < n; i++) {
    const a = t0 + Math.floor((rnd() * span) / 1000) * 1000 + (i % 7 === 0 ? 123 : 0);
    const b = a + Math.floor((rnd() - 0.05) * 10 * 86_400_000);
    out.push([new Date(a), new Date(b)]);
  }
  // instants on the DST changes and on midnights
  out.push([new Date("2026-03-29T00:30:00Z"), new Date("2026-03-29T02:30:00Z")]);
  out.push([new Date("2026-10-24T22:00:00Z"), new Date("2026-10-26T05:00:00Z")]);
  out.push([new Date("2026-05-04T04:00:00Z"), new Date("2026-05-05T04:00:00Z")]);
  return out;
}

describeEachDb("working hours in SQL", (db) => {
  let store: Store;
  beforeAll(async () => {
    store = await db.open();
  });
  afterAll(async () => {
    await db.dispose(store);
  });

  for (const [name, calendar] of CALENDARS) {
    it(`equals workingTimeBetween to the millisecond: ${name}`, async () => {
      const ps = pairs(300);
      const lo = new Date(Math.min(...ps.flat().map((d) => d.getTime())));
      const hi = new Date(Math.max(...ps.flat().map((d) => d.getTime())));
      const cal = calendarArrays(calendar, lo, hi);
      const cum = (ms: string, i: string) => cumSql(ms, i, "k.c", "k.s", "k.l");
      const sql = `
        WITH k AS (SELECT $1::float8[] AS c, $2::float8[] AS s, $3::float8[] AS l),
        v AS (SELECT n, a, b, round(date_part('epoch', a) * 1000) AS am, round(date_part('epoch', b) * 1000) AS bm
              FROM unnest($4::timestamp[], $5::timestamp[]) WITH ORDINALITY AS u(a, b, n))
        SELECT n::int AS n, ${cum("v.bm", dayIndexSql("v.bm", "v.b", cal, "$6"))} - ${cum("v.am", dayIndexSql("v.am", "v.a", cal, "$6"))} AS d
        FROM k, v ORDER BY n`;
      const rows = await store.sql.query<{ n: number; d: number | null }>(sql, [
        cal.cum,
        cal.start,
        cal.len,
        ps.map(([a]) => a.toISOString()),
        ps.map(([, b]) => b.toISOString()),
        ...(cal.offsetMs === null ? [calendar.config.timeZone] : []),
      ]);
      if (name.startsWith("Shanghai")) expect(cal.offsetMs).toBe(8 * 3_600_000);
      else expect(cal.offsetMs).toBeNull();
      // (compared with ===: the calendar answers -0 for an empty reversed interval, SQL 0)
      const bad = ps
        .map(([a, b], i) => [a.toISOString(), b.toISOString(), rows[i]?.d, calendar.workingTimeBetween(a, b)])
        .filter((x) => x[2] === null || Number(x[2]) !== x[3]);
      expect(bad).toEqual([]);
    });
  }

  it("gives the summary's medians and p90s as quantile() over the same working hours, widening the span as needed", async () => {
    const calendar = CALENDARS[1]![1];
    const customer = await store.customers.upsertTelegram({ userId: "901", chatId: "901", lang: "zh-CN" });
    const ps = pairs(80).filter(([a, b]) => b > a);
    // one ticket created long before the period, resolved in it: outside the default span
    ps.push([new Date("2024-01-03T09:00:00Z"), new Date("2026-06-10T10:00:00Z")]);
    for (const [a, b] of ps) {
      const t = await store.tickets.create(
        { customerId: customer.id, kind: "repair", description: "wh", feeType: "C", status: "closed", lang: "en" },
        { type: "system" },
        a,
      );
      await store.tickets.patch(t.id, { resolution: "repaired", resolvedAt: b, firstResponseAt: b });
    }
    const from = new Date("2026-03-01T00:00:00Z");
    const to = new Date("2026-12-01T00:00:00Z");
    const s = await computeSummary(store, { from, to, calendar, now: to });
    const hours = (xs: [Date, Date][]) => xs.map(([a, b]) => Math.max(0, calendar.workingTimeBetween(a, b)) / 3_600_000);
    const resolved = ps.filter(([, b]) => b >= from && b < to);
    const created = ps.filter(([a]) => a >= from && a < to);
    expect(s.sla.resolutionHours).toEqual({
      count: resolved.length,
      median: quantile(hours(resolved), 0.5),
      p90: quantile(hours(resolved), 0.9),
    });
    expect(s.sla.firstResponseHours).toEqual({
      count: created.length,
      median: quantile(hours(created), 0.5),
      p90: quantile(hours(created), 0.9),
    });
  });
});
