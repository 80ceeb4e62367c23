/**
 * Report periods in local days of the desk's time zone, and the working calendar from env.
 */
import { describe, expect, it } from "vitest";
import { calendarFromEnv } from "../../core/sla/calendar-config.ts";
import { PeriodError, fromToDates, parsePeriod } from "../../core/reports/period.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CalendarError } from "../../core/sla/calendar.ts";
import { slaFromEnv } from "../../core/sla/policy.ts";

const SH = "Asia/Shanghai";
const iso = (d: Date) => d.toISOString();

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe("parsePeriod", () => {
  it("reads today in the desk's time zone, not UTC: 00:30 in Shanghai is still yesterday in UTC", () => {
    const now = new Date("2026-11-22T16:30:00Z"); // 2026-11-23 00:30 in Shanghai
    const p = parsePeriod("today", now, SH);
    expect(p).toMatchObject({ fromDate: "2026-11-23", toDate: "2026-11-23", days: 1, timeZone: SH });
    expect(iso(p.from)).toBe("2026-11-22T16:00:00.000Z");
    expect(iso(p.to)).toBe("2026-11-23T16:00:00.000Z");
    expect(parsePeriod("today", now, "UTC")).toMatchObject({ fromDate: "2026-11-22", toDate: "2026-11-22" });
    // empty / undefined mean today
    expect(parsePeriod(undefined, now, SH)).toEqual(p);
    expect(parsePeriod("  ", now, SH)).toEqual(p);
  });

  it("switches days exactly at local midnight", () => {
    expect(parsePeriod("today", new Date("2026-11-22T15:59:59.999Z"), SH).fromDate).toBe("2026-11-22");
    expect(parsePeriod("today", new Date("2026-11-22T16:00:00.000Z"), SH).fromDate).toBe("2026-11-23");
  });

  it("reads yesterday, week (last 7 days including today) and month (calendar month so far)", () => {
    const now = new Date("2026-11-23T02:00:00Z"); // Mon 2026-11-23 10:00 Shanghai
    const y = parsePeriod("yesterday", now, SH);
    expect(y).toMatchObject({ fromDate: "2026-11-22", toDate: "2026-11-22", days: 1 });
    expect(iso(y.from)).toBe("2026-11-21T16:00:00.000Z");
    expect(iso(y.to)).toBe("2026-11-22T16:00:00.000Z");

    const w = parsePeriod("week", now, SH);
    expect(w).toMatchObject({ fromDate: "2026-11-17", toDate: "2026-11-23", days: 7 });
    expect(iso(w.from)).toBe("2026-11-16T16:00:00.000Z");
    expect(iso(w.to)).toBe("2026-11-23T16:00:00.000Z");

    const m = parsePeriod("month", now, SH);
    expect(m).toMatchObject({ fromDate: "2026-11-01", toDate: "2026-11-23", days: 23 });
    expect(iso(m.from)).toBe("2026-10-31T16:00:00.000Z");
    // on the 1st, the month so far is that one day; yesterday crosses into the previous month and year
    const first = new Date("2026-12-31T16:30:00Z"); // 2027-01-01 00:30 Shanghai
    expect(parsePeriod("month", first, SH)).toMatchObject({ fromDate: "2027-01-01", toDate: "2027-01-01", days: 1 });
    expect(parsePeriod("yesterday", first, SH)).toMatchObject({ fromDate: "2026-12-31", toDate: "2026-12-31" });
  });

  it("reads explicit ranges (inclusive), single days, Chinese words and full-width digits", () => {
    const now = new Date("2026-11-23T02:00:00Z");
    const r = parsePeriod("2026-11-02..2026-11-08", now, SH);
    expect(r).toMatchObject({ fromDate: "2026-11-02", toDate: "2026-11-08", days: 7 });
    expect(iso(r.from)).toBe("2026-11-01T16:00:00.000Z");
    expect(iso(r.to)).toBe("2026-11-08T16:00:00.000Z");
    expect(parsePeriod("2026-02-28..2026-03-01", now, SH).days).toBe(2);
    expect(parsePeriod("2026-11-02", now, SH)).toMatchObject({ fromDate: "2026-11-02", toDate: "2026-11-02", days: 1 });
    expect(parsePeriod("本月", now, SH)).toEqual(parsePeriod("month", now, SH));
    expect(parsePeriod("昨天", now, SH)).toEqual(parsePeriod("yesterday", now, SH));
    expect(parsePeriod("ＷＥＥＫ", now, SH)).toEqual(parsePeriod("week", now, SH));
    expect(parsePeriod("２０２６-１１-０２..２０２６-１１-０８", now, SH)).toEqual(r);
  });

  it("keeps local midnights across a DST change: London's 29 March 2026 has 23 hours", () => {
    const p = parsePeriod("2026-03-29", new Date("2026-04-01T12:00:00Z"), "Europe/London");
    expect(iso(p.from)).toBe("2026-03-29T00:00:00.000Z");
    expect(iso(p.to)).toBe("2026-03-29T23:00:00.000Z");
    const autumn = parsePeriod("2026-10-25", new Date("2026-11-01T12:00:00Z"), "Europe/London");
    expect(autumn.to.getTime() - autumn.from.getTime()).toBe(25 * 3_600_000);
  });

  it("refuses bad input with coded errors", () => {
    const now = new Date("2026-11-23T02:00:00Z");
    expect(() => parsePeriod("fortnight", now, SH)).toThrow(PeriodError);
    expect(codeOf(() => parsePeriod("fortnight", now, SH))).toBe("PERIOD_BAD_SPEC");
    expect(codeOf(() => parsePeriod("2026-1-2", now, SH))).toBe("PERIOD_BAD_SPEC");
    expect(codeOf(() => parsePeriod("2026-11-02..", now, SH))).toBe("PERIOD_BAD_SPEC");
    expect(codeOf(() => parsePeriod("2026-02-30", now, SH))).toBe("PERIOD_BAD_DATE");
    expect(codeOf(() => parsePeriod("2026-11-08..2026-11-02", now, SH))).toBe("PERIOD_REVERSED");
    expect(codeOf(() => parsePeriod("2025-01-01..2026-01-02", now, SH))).toBe("PERIOD_TOO_LONG");
    expect(parsePeriod("2024-01-01..2024-12-31", now, SH).days).toBe(366); // a leap year is allowed
    expect(codeOf(() => parsePeriod("today", now, "Mars/Olympus"))).toBe("PERIOD_BAD_TIMEZONE");
  });
});

describe("fromToDates", () => {
  it("turns the CLI's inclusive --from/--to days into local midnights", () => {
    const p = fromToDates("2026-11-02", "2026-11-08", SH);
    expect(iso(p.from)).toBe("2026-11-01T16:00:00.000Z");
    expect(iso(p.to)).toBe("2026-11-08T16:00:00.000Z");
    expect(fromToDates("2026-11-02", "2026-11-02", "UTC")).toMatchObject({ days: 1 });
    expect(iso(fromToDates("2026-11-02", "2026-11-02", "UTC").to)).toBe("2026-11-03T00:00:00.000Z");
  });

  it("refuses missing, malformed and reversed dates", () => {
    expect(codeOf(() => fromToDates(undefined, "2026-11-02", SH))).toBe("PERIOD_MISSING");
    expect(codeOf(() => fromToDates("2026-11-02", "", SH))).toBe("PERIOD_MISSING");
    expect(codeOf(() => fromToDates("02/11/2026", "2026-11-08", SH))).toBe("PERIOD_BAD_SPEC");
    expect(codeOf(() => fromToDates("2026-11-31", "2026-12-01", SH))).toBe("PERIOD_BAD_DATE");
    expect(codeOf(() => fromToDates("2026-11-08", "2026-11-02", SH))).toBe("PERIOD_REVERSED");
  });
});

describe("calendarFromEnv", () => {
  const sat = new Date("2026-11-07T02:00:00Z"); // Saturday 10:00 Shanghai

  it("defaults to Monday–Saturday, 08:30–17:30", () => {
    const cal = calendarFromEnv({}, SH);
    expect(cal.config).toMatchObject({ timeZone: SH, workingDays: [1, 2, 3, 4, 5, 6], dayStart: "08:30", dayEnd: "17:30", holidays: [] });
    expect(cal.isWorkingDay(sat)).toBe(true);
  });

  it("reads working days, hours, holidays and make-up days", () => {
    const cal = calendarFromEnv(
      {
        DESK_WORK_DAYS: "Mon-Fri",
        DESK_WORK_HOURS: "9:00-18:00",
        DESK_HOLIDAYS: "2026-10-01..2026-10-03, 2027-01-01",
        DESK_MAKEUP_DAYS: "2026-10-10",
      },
      SH,
    );
    expect(cal.config).toMatchObject({ workingDays: [1, 2, 3, 4, 5], dayStart: "09:00", dayEnd: "18:00" });
    expect(cal.config.holidays).toEqual(["2026-10-01", "2026-10-02", "2026-10-03", "2027-01-01"]);
    expect(cal.isWorkingDay(sat)).toBe(false);
    expect(cal.isWorkingDay("2026-10-10")).toBe(true); // a Saturday make-up day
  });

  it("agrees with the desk's own configuration (config.sla.calendar), so the CLI and Slack measure alike", () => {
    const dir = mkdtempSync(join(tmpdir(), "desk-cal-"));
    try {
      writeFileSync(join(dir, "holidays.txt"), "2026-10-01..2026-10-07 # 国庆\n2027-01-01\n");
      const envs = [
        {},
        { DESK_WORK_DAYS: "周一至周五", DESK_WORK_HOURS: "8:00 - 17:00" },
        { DESK_HOLIDAYS: `@${join(dir, "holidays.txt")}`, DESK_MAKEUP_DAYS: "2026-09-27, 2026-10-10" },
      ];
      for (const env of envs) {
        expect(calendarFromEnv(env, SH).config).toEqual(slaFromEnv(env, SH).sla.calendar.config);
      }
      expect(calendarFromEnv(envs[2]!, SH).config.holidays).toHaveLength(8);
      expect(codeOf(() => calendarFromEnv({ DESK_HOLIDAYS: `@${join(dir, "missing.txt")}` }, SH))).toBe("CAL_BAD_DATE");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the variable at fault, keeping the calendar's error code", () => {
    let err: unknown;
    try {
      calendarFromEnv({ DESK_WORK_HOURS: "17:30-08:30" }, SH);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CalendarError);
    expect(err).toMatchObject({ code: "CAL_BAD_HOURS" });
    expect((err as Error).message).toMatch(/^DESK_WORK_HOURS: /);
    expect(codeOf(() => calendarFromEnv({ DESK_WORK_DAYS: "Funday" }, SH))).toBe("CAL_BAD_DAYS");
    expect(codeOf(() => calendarFromEnv({ DESK_HOLIDAYS: "2026-13-01" }, SH))).toBe("CAL_BAD_DATE");
  });
});
