import { describe, expect, it } from "vitest";
import {
  CalendarError,
  DEFAULT_CALENDAR_CONFIG,
  WorkingCalendar,
  addClockTime,
  fractionPoint,
  parseHours,
  parseWorkingDays,
} from "../../core/sla/index.ts";
import { seededRandom } from "../../core/seeded-random.ts";

/**
 * "Quick" on any machine, however busy: these take a few milliseconds (bench/calendar.ts prints
 * the figures), while walking minute by minute, or day by day to year 9999, takes far longer.
 */
const QUICK_MS = 2000;

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Expect `fn` to throw a CalendarError with `code`. */
function expectCode(fn: () => unknown, code: CalendarError["code"]) {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(CalendarError);
  expect((caught as CalendarError).code).toBe(code);
  expect((caught as CalendarError).name).toBe("CalendarError");
}

// 2025 国庆 + 中秋: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are make-up working days.
const GOLDEN_WEEK_2025 = WorkingCalendar.parseDateList(`
  # 国庆节 + 中秋节 2025
  2025-10-01..2025-10-08
`);
const GOLDEN_WEEK_MAKEUP = ["2025-09-28", "2025-10-11"];

describe("defaults (Asia/Shanghai, Mon–Sat 08:30–17:30)", () => {
  const cal = new WorkingCalendar();

  it("exposes a normalised config", () => {
    expect(cal.config).toEqual({
      timeZone: "Asia/Shanghai",
      workingDays: [1, 2, 3, 4, 5, 6],
      dayStart: "08:30",
      dayEnd: "17:30",
      breaks: [],
      holidays: [],
      makeUpDays: [],
    });
    expect(DEFAULT_CALENDAR_CONFIG.timeZone).toBe("Asia/Shanghai");
  });

  it("Saturday 17:00 + 6 h → Monday 14:00 (30 min Sat, Sunday off, Mon 08:30 + 5 h 30)", () => {
    const sat1700 = at("2025-03-15T09:00:00Z"); // Sat 17:00 +08
    expect(iso(cal.addWorkingTime(sat1700, 6 * H))).toBe("2025-03-17T06:00:00.000Z"); // Mon 14:00 +08
  });

  it("a call outside working hours starts at the next working start (Tue 20:00 + 6 h → Wed 14:30)", () => {
    const tue2000 = at("2025-03-18T12:00:00Z");
    expect(iso(cal.addWorkingTime(tue2000, 6 * H))).toBe("2025-03-19T06:30:00.000Z");
    // before opening on the same day
    const wed0600 = at("2025-03-18T22:00:00Z");
    expect(iso(cal.addWorkingTime(wed0600, 1 * H))).toBe("2025-03-19T01:30:00.000Z"); // Wed 09:30
  });

  it("working time ends exactly at dayEnd: 17:00 + 1 h → next working day 09:00", () => {
    const tue1700 = at("2025-03-18T09:00:00Z");
    expect(iso(cal.addWorkingTime(tue1700, 1 * H))).toBe("2025-03-19T01:00:00.000Z");
  });

  it("a duration used up exactly at dayEnd falls due at dayEnd, not next morning", () => {
    const tue1130 = at("2025-03-18T03:30:00Z");
    expect(iso(cal.addWorkingTime(tue1130, 6 * H))).toBe("2025-03-18T09:30:00.000Z"); // Tue 17:30
    expect(iso(cal.addWorkingTime(tue1130, 6 * H + 1))).toBe("2025-03-19T00:30:00.001Z"); // Wed 08:30 + 1 ms
  });

  it("addWorkingTime(from, 0) returns from exactly, inside or outside working time", () => {
    const inside = at("2025-03-18T03:12:34.567Z");
    const outside = at("2025-03-16T03:00:00Z"); // Sunday
    const r1 = cal.addWorkingTime(inside, 0);
    expect(r1.getTime()).toBe(inside.getTime());
    expect(r1).not.toBe(inside); // a new Date, callers may mutate it
    expect(cal.addWorkingTime(outside, 0).getTime()).toBe(outside.getTime());
  });

  it("a full week of working hours spans Mon–Sat", () => {
    const mon0830 = at("2025-03-17T00:30:00Z");
    expect(iso(cal.addWorkingTime(mon0830, 6 * 9 * H))).toBe("2025-03-22T09:30:00.000Z"); // Sat 17:30
    expect(iso(cal.addWorkingTime(mon0830, 6 * 9 * H + MIN))).toBe("2025-03-24T00:31:00.000Z"); // next Mon 08:31
  });

  it("isWorkingTime is [dayStart, dayEnd) in local time", () => {
    expect(cal.isWorkingTime(at("2025-03-18T00:30:00Z"))).toBe(true); // 08:30
    expect(cal.isWorkingTime(at("2025-03-18T00:29:59.999Z"))).toBe(false);
    expect(cal.isWorkingTime(at("2025-03-18T09:29:59.999Z"))).toBe(true);
    expect(cal.isWorkingTime(at("2025-03-18T09:30:00Z"))).toBe(false); // 17:30
    expect(cal.isWorkingTime(at("2025-03-16T04:00:00Z"))).toBe(false); // Sunday noon
  });

  it("isWorkingDay reads the local date, not the UTC date", () => {
    // 2025-03-15T23:00Z is Sunday 07:00 in Shanghai, though still Saturday in UTC
    expect(cal.isWorkingDay(at("2025-03-15T23:00:00Z"))).toBe(false);
    // 2025-03-16T16:30Z is Monday 00:30 in Shanghai, still Sunday in UTC
    expect(cal.isWorkingDay(at("2025-03-16T16:30:00Z"))).toBe(true);
    expect(cal.isWorkingDay("2025-03-16")).toBe(false);
    expect(cal.isWorkingDay("2025-03-15")).toBe(true);
  });

  it("nextWorkingStart returns at when inside, else the next dayStart", () => {
    const inside = at("2025-03-18T05:00:00Z");
    const r = cal.nextWorkingStart(inside);
    expect(r.getTime()).toBe(inside.getTime());
    expect(r).not.toBe(inside);
    expect(iso(cal.nextWorkingStart(at("2025-03-18T12:00:00Z")))).toBe("2025-03-19T00:30:00.000Z"); // Tue 20:00 → Wed 08:30
    expect(iso(cal.nextWorkingStart(at("2025-03-22T09:30:00Z")))).toBe("2025-03-24T00:30:00.000Z"); // Sat 17:30 → Mon 08:30
    expect(iso(cal.nextWorkingStart(at("2025-03-18T00:00:00Z")))).toBe("2025-03-18T00:30:00.000Z"); // Tue 08:00 → 08:30
  });

  it("startOfWorkingDay gives that local day's start, or null", () => {
    expect(iso(cal.startOfWorkingDay("2025-03-17"))).toBe("2025-03-17T00:30:00.000Z");
    expect(iso(cal.startOfWorkingDay(at("2025-03-17T15:00:00Z")))).toBe("2025-03-17T00:30:00.000Z"); // Mon 23:00 local
    expect(cal.startOfWorkingDay("2025-03-16")).toBeNull();
  });

  it("workingTimeBetween counts [from, to) and is negative when to < from", () => {
    const sat1700 = at("2025-03-15T09:00:00Z");
    const mon1400 = at("2025-03-17T06:00:00Z");
    expect(cal.workingTimeBetween(sat1700, mon1400)).toBe(6 * H);
    expect(cal.workingTimeBetween(mon1400, sat1700)).toBe(-6 * H);
    expect(cal.workingTimeBetween(sat1700, sat1700)).toBe(0);
    // entirely outside working time
    expect(cal.workingTimeBetween(at("2025-03-15T10:00:00Z"), at("2025-03-16T23:00:00Z"))).toBe(0);
  });

  it("validates inputs", () => {
    expectCode(() => cal.addWorkingTime(at("2025-03-18T00:00:00Z"), -1), "CAL_BAD_DURATION");
    expectCode(() => cal.addWorkingTime(at("2025-03-18T00:00:00Z"), Number.NaN), "CAL_BAD_DURATION");
    expectCode(() => cal.addWorkingTime(at("2025-03-18T00:00:00Z"), Number.POSITIVE_INFINITY), "CAL_BAD_DURATION");
    expectCode(() => cal.addWorkingTime(new Date(Number.NaN), H), "CAL_BAD_DATE");
    expectCode(() => cal.isWorkingTime(new Date(Number.NaN)), "CAL_BAD_DATE");
    expectCode(() => cal.isWorkingDay("2025-02-29"), "CAL_BAD_DATE");
    expectCode(() => cal.addWorkingTime(at("2025-03-18T00:00:00Z"), 1e16), "CAL_BAD_DURATION");
  });
});

describe("construction errors", () => {
  it("dayStart must be before dayEnd (no overnight shifts) → CAL_BAD_HOURS", () => {
    expectCode(() => new WorkingCalendar({ dayStart: "17:30", dayEnd: "08:30" }), "CAL_BAD_HOURS");
    expectCode(() => new WorkingCalendar({ dayStart: "09:00", dayEnd: "09:00" }), "CAL_BAD_HOURS");
    expectCode(() => new WorkingCalendar({ dayStart: "25:00" }), "CAL_BAD_HOURS");
    expectCode(() => new WorkingCalendar({ dayEnd: "17:60" }), "CAL_BAD_HOURS");
    expectCode(() => new WorkingCalendar({ dayStart: "8h" }), "CAL_BAD_HOURS");
    expectCode(() => new WorkingCalendar({ dayStart: "24:00", dayEnd: "24:00" }), "CAL_BAD_HOURS");
    expect(new WorkingCalendar({ dayStart: "00:00", dayEnd: "24:00" }).config.dayEnd).toBe("24:00");
  });

  it("a date in both holidays and makeUpDays → CAL_DATE_CONFLICT", () => {
    expectCode(() => new WorkingCalendar({ holidays: ["2025-10-01", "2025-10-02"], makeUpDays: ["2025-10-02"] }), "CAL_DATE_CONFLICT");
  });

  it("no working weekday at all → CAL_NO_WORKING_DAYS (rather than looping forever)", () => {
    expectCode(() => new WorkingCalendar({ workingDays: [] }), "CAL_NO_WORKING_DAYS");
    // make-up days alone are finite: still refused
    expectCode(() => new WorkingCalendar({ workingDays: [], makeUpDays: ["2025-09-28"] }), "CAL_NO_WORKING_DAYS");
  });

  it("bad weekdays, dates and zones", () => {
    expectCode(() => new WorkingCalendar({ workingDays: [0, 1] }), "CAL_BAD_DAYS");
    expectCode(() => new WorkingCalendar({ workingDays: [8] }), "CAL_BAD_DAYS");
    expectCode(() => new WorkingCalendar({ workingDays: [1.5] }), "CAL_BAD_DAYS");
    expectCode(() => new WorkingCalendar({ holidays: ["2025-02-30"] }), "CAL_BAD_DATE");
    expectCode(() => new WorkingCalendar({ makeUpDays: ["2025/09/28"] }), "CAL_BAD_DATE");
    expectCode(() => new WorkingCalendar({ timeZone: "Mars/Olympus_Mons" }), "CAL_BAD_TIMEZONE");
    expectCode(() => new WorkingCalendar({ timeZone: "" }), "CAL_BAD_TIMEZONE");
  });

  it("undefined fields fall back to the defaults", () => {
    const cal = new WorkingCalendar({ timeZone: undefined, dayStart: "09:00" });
    expect(cal.config.timeZone).toBe("Asia/Shanghai");
    expect(cal.config.dayStart).toBe("09:00");
    expect(cal.config.dayEnd).toBe("17:30");
  });
});

describe("holidays and make-up days (2025 Golden Week)", () => {
  const monFri = new WorkingCalendar({ workingDays: [1, 2, 3, 4, 5], holidays: GOLDEN_WEEK_2025, makeUpDays: GOLDEN_WEEK_MAKEUP });
  const monSat = new WorkingCalendar({ holidays: GOLDEN_WEEK_2025, makeUpDays: GOLDEN_WEEK_MAKEUP });

  it("classifies days", () => {
    expect(monFri.isWorkingDay("2025-09-28")).toBe(true); // Sunday make-up day
    expect(monFri.isWorkingDay("2025-09-27")).toBe(false); // ordinary Saturday
    expect(monFri.isWorkingDay("2025-10-01")).toBe(false);
    expect(monFri.isWorkingDay("2025-10-06")).toBe(false); // a Monday inside the holiday
    expect(monFri.isWorkingDay("2025-10-09")).toBe(true);
    expect(monFri.isWorkingDay("2025-10-11")).toBe(true); // Saturday make-up day
    expect(monFri.startOfWorkingDay("2025-10-03")).toBeNull();
    expect(iso(monFri.startOfWorkingDay("2025-09-28"))).toBe("2025-09-28T00:30:00.000Z");
  });

  it("holidays skip whole days", () => {
    const tue0930_1700 = at("2025-09-30T09:00:00Z"); // Tue 17:00 before the holiday
    expect(iso(monSat.addWorkingTime(tue0930_1700, 1 * H))).toBe("2025-10-09T01:00:00.000Z"); // Thu 10-09 09:00
    expect(monSat.workingTimeBetween(tue0930_1700, at("2025-10-09T01:00:00Z"))).toBe(1 * H);
  });

  it("a Sunday make-up day counts", () => {
    const fri1700 = at("2025-09-26T09:00:00Z");
    expect(iso(monFri.addWorkingTime(fri1700, 1 * H))).toBe("2025-09-28T01:00:00.000Z"); // Sun 09-28 09:00
  });

  it("200 working hours across Golden Week are computed quickly, by days", () => {
    // Mon-Fri 9 h days from Mon 09-22 08:30: 22 working days (incl. both make-up days) = 198 h, + 2 h
    const cold = new WorkingCalendar({ workingDays: [1, 2, 3, 4, 5], holidays: GOLDEN_WEEK_2025, makeUpDays: GOLDEN_WEEK_MAKEUP });
    const mon0830 = at("2025-09-22T00:30:00Z");
    const t0 = performance.now();
    const due = cold.addWorkingTime(mon0830, 200 * H);
    const elapsed = performance.now() - t0;
    expect(iso(due)).toBe("2025-10-28T02:30:00.000Z"); // Tue 10-28 10:30
    expect(cold.workingTimeBetween(mon0830, due)).toBe(200 * H);
    expect(elapsed).toBeLessThan(QUICK_MS);
  });

  it("very long spans stay fast (10 000 working hours ≈ 4 years)", () => {
    const cal = new WorkingCalendar({ workingDays: [1, 2, 3, 4, 5], holidays: GOLDEN_WEEK_2025, makeUpDays: GOLDEN_WEEK_MAKEUP });
    const from = at("2025-01-02T00:30:00Z");
    const t0 = performance.now();
    const due = cal.addWorkingTime(from, 10_000 * H);
    expect(cal.workingTimeBetween(from, due)).toBe(10_000 * H);
    expect(performance.now() - t0).toBeLessThan(10 * QUICK_MS);
  });

  it("a long run of holidays is skipped without a false 'no working days' error", () => {
    // every Mon–Sat of 2025 is a holiday: the first working time is 2026-01-01 (Thursday)
    const all2025 = WorkingCalendar.parseDateList("2025-01-01..2025-12-31");
    const cal = new WorkingCalendar({ holidays: all2025 });
    expect(iso(cal.addWorkingTime(at("2025-01-01T00:00:00Z"), 1 * H))).toBe("2026-01-01T01:30:00.000Z");
    expect(iso(cal.nextWorkingStart(at("2025-01-01T00:00:00Z")))).toBe("2026-01-01T00:30:00.000Z");
  });
});

describe("time zones and DST (Europe/Berlin, 2025: 03-30 CET→CEST, 10-26 CEST→CET)", () => {
  const berlin = new WorkingCalendar({ timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5] });

  it("the weekend around the spring change: Fri 17:00 CET + 2 h → Mon 10:00 CEST", () => {
    const fri1700 = at("2025-03-28T16:00:00Z"); // CET = UTC+1
    const due = berlin.addWorkingTime(fri1700, 2 * H);
    expect(iso(due)).toBe("2025-03-31T08:00:00.000Z"); // CEST = UTC+2; a fixed +1 would say 09:00Z
    expect(berlin.workingTimeBetween(fri1700, due)).toBe(2 * H);
    expect(iso(berlin.startOfWorkingDay("2025-03-28"))).toBe("2025-03-28T07:30:00.000Z");
    expect(iso(berlin.startOfWorkingDay("2025-03-31"))).toBe("2025-03-31T06:30:00.000Z");
  });

  it("the weekend around the autumn change: Fri 17:00 CEST + 2 h → Mon 10:00 CET", () => {
    const fri1700 = at("2025-10-24T15:00:00Z");
    expect(iso(berlin.addWorkingTime(fri1700, 2 * H))).toBe("2025-10-27T09:00:00.000Z");
  });

  it("a Sunday make-up day on the change day uses that day's offset", () => {
    const cal = new WorkingCalendar({ timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5], makeUpDays: ["2025-03-30", "2025-10-26"] });
    expect(iso(cal.startOfWorkingDay("2025-03-30"))).toBe("2025-03-30T06:30:00.000Z"); // 08:30 CEST
    expect(iso(cal.startOfWorkingDay("2025-10-26"))).toBe("2025-10-26T07:30:00.000Z"); // 08:30 CET
    const fri1700 = at("2025-03-28T16:00:00Z");
    expect(iso(cal.addWorkingTime(fri1700, 1 * H))).toBe("2025-03-30T07:00:00.000Z"); // Sun 09:00 CEST
  });

  it("working hours spanning the change count real elapsed time (23 h / 25 h days)", () => {
    const cal = new WorkingCalendar({
      timeZone: "Europe/Berlin",
      workingDays: [1, 2, 3, 4, 5],
      dayStart: "00:00",
      dayEnd: "24:00",
      makeUpDays: ["2025-03-30", "2025-10-26"],
    });
    const sunSpring = cal.startOfWorkingDay("2025-03-30")!;
    expect(iso(sunSpring)).toBe("2025-03-29T23:00:00.000Z");
    expect(cal.workingTimeBetween(sunSpring, at("2025-03-30T22:00:00Z"))).toBe(23 * H); // to Mon 00:00 CEST
    const sunAutumn = cal.startOfWorkingDay("2025-10-26")!;
    expect(iso(sunAutumn)).toBe("2025-10-25T22:00:00.000Z");
    expect(cal.workingTimeBetween(sunAutumn, at("2025-10-26T23:00:00Z"))).toBe(25 * H); // to Mon 00:00 CET
    // the day's hours run on without a gap into Monday
    expect(iso(cal.addWorkingTime(sunAutumn, 26 * H))).toBe("2025-10-27T00:00:00.000Z"); // Mon 01:00 CET
  });

  it("01:00–05:00 on the change days is 3 h in spring and 5 h in autumn", () => {
    const cal = new WorkingCalendar({
      timeZone: "Europe/Berlin",
      workingDays: [1, 2, 3, 4, 5],
      dayStart: "01:00",
      dayEnd: "05:00",
      makeUpDays: ["2025-03-30", "2025-10-26"],
    });
    const spring = cal.startOfWorkingDay("2025-03-30")!;
    expect(iso(spring)).toBe("2025-03-30T00:00:00.000Z"); // 01:00 CET
    expect(iso(cal.addWorkingTime(spring, 3 * H))).toBe("2025-03-30T03:00:00.000Z"); // 05:00 CEST = dayEnd
    expect(iso(cal.addWorkingTime(spring, 3 * H + MIN))).toBe("2025-03-30T23:01:00.000Z"); // Mon 03-31 01:01 CEST
    const autumn = cal.startOfWorkingDay("2025-10-26")!;
    expect(iso(autumn)).toBe("2025-10-25T23:00:00.000Z"); // 01:00 CEST
    expect(cal.workingTimeBetween(autumn, at("2025-10-26T04:00:00Z"))).toBe(5 * H); // to 05:00 CET
    expect(cal.isWorkingTime(at("2025-10-26T01:30:00Z"))).toBe(true); // the second 02:30 (CET)
  });

  it("dayStart in the spring gap moves forward; in the autumn fold it takes the first occurrence", () => {
    const cal = new WorkingCalendar({
      timeZone: "Europe/Berlin",
      workingDays: [1, 2, 3, 4, 5],
      dayStart: "02:30",
      dayEnd: "06:00",
      makeUpDays: ["2025-03-30", "2025-10-26"],
    });
    expect(iso(cal.startOfWorkingDay("2025-03-30"))).toBe("2025-03-30T01:30:00.000Z"); // 03:30 CEST
    expect(iso(cal.startOfWorkingDay("2025-10-26"))).toBe("2025-10-26T00:30:00.000Z"); // first 02:30 (CEST)
    expect(cal.workingTimeBetween(at("2025-03-29T12:00:00Z"), at("2025-03-30T12:00:00Z"))).toBe(2.5 * H);
    expect(cal.workingTimeBetween(at("2025-10-25T12:00:00Z"), at("2025-10-26T12:00:00Z"))).toBe(4.5 * H);
  });

  it("other zones: half-hour offset (Asia/Kolkata) and a southern-hemisphere DST zone", () => {
    const kolkata = new WorkingCalendar({ timeZone: "Asia/Kolkata", workingDays: [1, 2, 3, 4, 5], dayStart: "09:00", dayEnd: "18:00" });
    expect(iso(kolkata.startOfWorkingDay("2025-03-17"))).toBe("2025-03-17T03:30:00.000Z");
    // Australia/Sydney: AEDT (+11) until Sun 2025-04-06 03:00 → AEST (+10)
    const sydney = new WorkingCalendar({ timeZone: "Australia/Sydney", workingDays: [1, 2, 3, 4, 5], dayStart: "09:00", dayEnd: "17:00" });
    const fri1600 = at("2025-04-04T05:00:00Z"); // Fri 16:00 AEDT
    expect(iso(sydney.addWorkingTime(fri1600, 2 * H))).toBe("2025-04-07T00:00:00.000Z"); // Mon 10:00 AEST
  });
});

describe("inverse property (seeded PRNG)", () => {
  const calendars: [string, WorkingCalendar][] = [
    ["Shanghai Mon–Sat + Golden Week", new WorkingCalendar({ holidays: GOLDEN_WEEK_2025, makeUpDays: GOLDEN_WEEK_MAKEUP })],
    [
      "Berlin Mon–Fri 08:30–17:30 + DST make-up Sundays",
      new WorkingCalendar({ timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5], makeUpDays: ["2025-03-30", "2025-10-26"] }),
    ],
    [
      "Berlin 01:00–05:00 across DST",
      new WorkingCalendar({
        timeZone: "Europe/Berlin",
        workingDays: [6, 7],
        dayStart: "01:00",
        dayEnd: "05:00",
        holidays: ["2025-12-27"],
        makeUpDays: ["2025-04-02"],
      }),
    ],
    [
      "New York Mon–Fri 00:00–24:00",
      new WorkingCalendar({ timeZone: "America/New_York", workingDays: [1, 2, 3, 4, 5], dayStart: "00:00", dayEnd: "24:00" }),
    ],
  ];
  const START = Date.parse("2024-12-01T00:00:00Z");
  const SPAN = Date.parse("2026-12-31T00:00:00Z") - START;

  for (const [name, cal] of calendars) {
    it(`workingTimeBetween(from, addWorkingTime(from, x)) === x — ${name}`, () => {
      const rnd = seededRandom(0x5eed ^ name.length);
      for (let i = 0; i < 400; i++) {
        const raw = new Date(START + Math.floor(rnd() * SPAN));
        const x = rnd() < 0.1 ? Math.floor(rnd() * 10 * MIN) : Math.floor(rnd() * 300 * H);
        const inside = cal.nextWorkingStart(raw); // from inside working time
        expect(cal.isWorkingTime(inside)).toBe(true);

        for (const from of [inside, raw]) {
          const due = cal.addWorkingTime(from, x);
          expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(cal.workingTimeBetween(from, due)).toBe(x);
          expect(cal.workingTimeBetween(due, from)).toBe(-x);
          // a positive deadline ends in working time or exactly at a dayEnd
          if (x > 0) expect(cal.isWorkingTime(new Date(due.getTime() - 1))).toBe(true);
        }
        // outside working time the clock starts at the next working start
        if (x > 0) expect(cal.addWorkingTime(raw, x).getTime()).toBe(cal.addWorkingTime(inside, x).getTime());
        // monotonic in x
        const y = x + Math.floor(rnd() * 5 * H);
        expect(cal.addWorkingTime(inside, y).getTime()).toBeGreaterThanOrEqual(cal.addWorkingTime(inside, x).getTime());
      }
    });

    it(`addWorkingTime(from, workingTimeBetween(from, to)) lands on to or the last dayEnd before it — ${name}`, () => {
      const rnd = seededRandom(0xc0ffee ^ name.length);
      for (let i = 0; i < 300; i++) {
        const a = START + Math.floor(rnd() * SPAN);
        const b = a + Math.floor(rnd() * 40 * 24 * H);
        const from = new Date(a);
        const to = new Date(b);
        const w = cal.workingTimeBetween(from, to);
        expect(w).toBeGreaterThanOrEqual(0);
        if (w > 0) {
          const due = cal.addWorkingTime(from, w);
          // due is the last moment the working time was still running: `to` itself when `to - 1 ms`
          // is working time, else the end of the last working period before `to`
          expect(due.getTime()).toBeLessThanOrEqual(b);
          expect(cal.workingTimeBetween(due, to)).toBe(0);
          if (cal.isWorkingTime(new Date(b - 1))) expect(due.getTime()).toBe(b);
          else expect(cal.isWorkingTime(due)).toBe(false);
        }
        // additivity over a split point
        const mid = new Date(a + Math.floor(rnd() * (to.getTime() - a)));
        expect(cal.workingTimeBetween(from, mid) + cal.workingTimeBetween(mid, to)).toBe(w);
      }
    });
  }
});

describe("whole-week skipping agrees with a brute-force count", () => {
  /** Working time in [a, b) by 15-minute steps of isWorkingTime (all boundaries here are 15-min aligned). */
  function bruteForce(cal: WorkingCalendar, a: number, b: number): number {
    let total = 0;
    for (let t = a; t < b; t += 15 * MIN) if (cal.isWorkingTime(new Date(t))) total += 15 * MIN;
    return total;
  }
  const cases: [string, WorkingCalendar, string, string][] = [
    [
      "Berlin spring",
      new WorkingCalendar({
        timeZone: "Europe/Berlin",
        workingDays: [1, 2, 3, 4, 5],
        makeUpDays: ["2025-03-30"],
        holidays: ["2025-04-18", "2025-04-21"],
      }),
      "2025-01-20T10:15:00Z",
      "2025-05-20T09:45:00Z",
    ],
    [
      "Berlin autumn, 00:00–24:00",
      new WorkingCalendar({ timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5, 7], dayStart: "00:00", dayEnd: "24:00" }),
      "2025-09-01T00:00:00Z",
      "2025-12-01T00:00:00Z",
    ],
    [
      "Shanghai autumn with Golden Week",
      new WorkingCalendar({ workingDays: [1, 2, 3, 4, 5], holidays: GOLDEN_WEEK_2025, makeUpDays: GOLDEN_WEEK_MAKEUP }),
      "2025-08-15T03:00:00Z",
      "2025-12-15T03:00:00Z",
    ],
  ];
  for (const [name, cal, a, b] of cases) {
    it(name, () => {
      const from = at(a);
      const to = at(b);
      const expected = bruteForce(cal, from.getTime(), to.getTime());
      expect(cal.workingTimeBetween(from, to)).toBe(expected);
      const due = cal.addWorkingTime(from, expected);
      expect(due.getTime()).toBeLessThanOrEqual(to.getTime());
      expect(bruteForce(cal, from.getTime(), due.getTime())).toBe(expected);
    });
  }

  it("absurd durations fail fast instead of walking to year 9999", () => {
    const cal = new WorkingCalendar();
    const t0 = performance.now();
    expectCode(() => cal.addWorkingTime(at("2025-01-01T00:00:00Z"), 2.6e7 * H), "CAL_BAD_DURATION");
    expect(performance.now() - t0).toBeLessThan(QUICK_MS);
  });
});

describe("fractionPoint (75 % warning)", () => {
  const cal = new WorkingCalendar();

  it("falls in working time, not in clock time", () => {
    const sat1700 = at("2025-03-15T09:00:00Z");
    const due = cal.addWorkingTime(sat1700, 6 * H); // Mon 14:00
    const warn = cal.fractionPoint(sat1700, due, 0.75); // 4 h 30 of working time: 30 min Sat + Mon 08:30 + 4 h
    expect(iso(warn)).toBe("2025-03-17T04:30:00.000Z"); // Mon 12:30, while clock-time 75 % would be Sunday night
    expect(cal.isWorkingTime(warn)).toBe(true);
    expect(iso(fractionPoint(sat1700, due, 0.75))).toBe(iso(warn)); // default calendar
    expect(iso(fractionPoint(sat1700, due, 0.75, cal))).toBe(iso(warn));
  });

  it("within one day", () => {
    const mon0830 = at("2025-03-17T00:30:00Z");
    const due = cal.addWorkingTime(mon0830, 6 * H);
    expect(iso(cal.fractionPoint(mon0830, due, 0.75))).toBe("2025-03-17T05:00:00.000Z"); // 13:00
    expect(iso(cal.fractionPoint(mon0830, due, 0.5))).toBe("2025-03-17T03:30:00.000Z"); // 11:30
  });

  it("0 → from, 1 → due, errors otherwise", () => {
    const from = at("2025-03-15T12:00:00Z"); // Sat 20:00, outside working time
    const due = at("2025-03-17T06:00:00Z");
    expect(iso(cal.fractionPoint(from, due, 0))).toBe(iso(from));
    expect(iso(cal.fractionPoint(from, due, 1))).toBe(iso(due));
    expectCode(() => cal.fractionPoint(from, due, 1.5), "CAL_BAD_FRACTION");
    expectCode(() => cal.fractionPoint(from, due, -0.1), "CAL_BAD_FRACTION");
    expectCode(() => cal.fractionPoint(from, due, Number.NaN), "CAL_BAD_FRACTION");
    expectCode(() => cal.fractionPoint(due, from, 0.5), "CAL_BAD_RANGE");
  });

  it("falls back to clock time when there is no working time in between", () => {
    const sat2000 = at("2025-03-15T12:00:00Z");
    const sun2000 = at("2025-03-16T12:00:00Z");
    expect(iso(cal.fractionPoint(sat2000, sun2000, 0.75))).toBe("2025-03-16T06:00:00.000Z");
  });
});

describe("addClockTime (complaints: 24 clock hours)", () => {
  it("ignores working hours, weekends and holidays", () => {
    const sat1700 = at("2025-03-15T09:00:00Z");
    expect(iso(addClockTime(sat1700, 24 * H))).toBe("2025-03-16T09:00:00.000Z"); // Sunday 17:00
    expect(iso(addClockTime(sat1700, 0))).toBe(iso(sat1700));
    expectCode(() => addClockTime(sat1700, -1), "CAL_BAD_DURATION");
    expectCode(() => addClockTime(new Date(Number.NaN), H), "CAL_BAD_DATE");
  });
});

describe("WorkingCalendar.parseDateList", () => {
  it("accepts comma, space and newline separators, comments and ranges; sorts and dedupes", () => {
    const text = `
      # 元旦
      2025-01-01
      2025-05-05, 2025-05-01 2025-05-02\t2025-05-03   # 劳动节
      2025-05-04，2025-05-01
      2025-10-06..2025-10-08
      2025-12-30 ~ 2025-12-31
    `;
    expect(WorkingCalendar.parseDateList(text)).toEqual([
      "2025-01-01",
      "2025-05-01",
      "2025-05-02",
      "2025-05-03",
      "2025-05-04",
      "2025-05-05",
      "2025-10-06",
      "2025-10-07",
      "2025-10-08",
      "2025-12-30",
      "2025-12-31",
    ]);
    expect(WorkingCalendar.parseDateList("")).toEqual([]);
    expect(WorkingCalendar.parseDateList("# only a comment\n\n")).toEqual([]);
    expect(GOLDEN_WEEK_2025).toHaveLength(8);
  });

  it("validates every date", () => {
    expectCode(() => WorkingCalendar.parseDateList("2025-02-29"), "CAL_BAD_DATE"); // not a leap year
    expect(WorkingCalendar.parseDateList("2024-02-29")).toEqual(["2024-02-29"]);
    expectCode(() => WorkingCalendar.parseDateList("2025-13-01"), "CAL_BAD_DATE");
    expectCode(() => WorkingCalendar.parseDateList("2025-1-1"), "CAL_BAD_DATE");
    expectCode(() => WorkingCalendar.parseDateList("tomorrow"), "CAL_BAD_DATE");
    expectCode(() => WorkingCalendar.parseDateList("2025-10-08..2025-10-01"), "CAL_BAD_DATE");
    expectCode(() => WorkingCalendar.parseDateList("2025-01-01..2027-01-01"), "CAL_BAD_DATE");
    expect(() => WorkingCalendar.parseDateList("2025-01-01\n2025-01-32")).toThrow(/line 2/);
  });
});

describe("parseHours", () => {
  it("parses and normalises", () => {
    expect(parseHours("08:30-17:30")).toEqual({ dayStart: "08:30", dayEnd: "17:30" });
    expect(parseHours(" 8:30 – 17:30 ")).toEqual({ dayStart: "08:30", dayEnd: "17:30" });
    expect(parseHours("0900~1800")).toEqual({ dayStart: "09:00", dayEnd: "18:00" });
    expect(parseHours("9:00 to 18:00")).toEqual({ dayStart: "09:00", dayEnd: "18:00" });
    expect(parseHours("08:00至24:00")).toEqual({ dayStart: "08:00", dayEnd: "24:00" });
    const cal = new WorkingCalendar(parseHours("9:00-18:00"));
    expect(cal.config.dayStart).toBe("09:00");
  });

  it("rejects bad or overnight ranges with CAL_BAD_HOURS", () => {
    expectCode(() => parseHours("17:30-08:30"), "CAL_BAD_HOURS");
    expectCode(() => parseHours("09:00-09:00"), "CAL_BAD_HOURS");
    expectCode(() => parseHours("9-18"), "CAL_BAD_HOURS");
    expectCode(() => parseHours("24:00-24:30"), "CAL_BAD_HOURS");
    expectCode(() => parseHours("08:61-17:00"), "CAL_BAD_HOURS");
    expectCode(() => parseHours(""), "CAL_BAD_HOURS");
  });
});

describe("parseWorkingDays", () => {
  it("parses names, numbers, lists and ranges", () => {
    expect(parseWorkingDays("Mon-Sat")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseWorkingDays("1-6")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseWorkingDays("mon,tue,wed")).toEqual([1, 2, 3]);
    expect(parseWorkingDays("1,2,3,4,5")).toEqual([1, 2, 3, 4, 5]);
    expect(parseWorkingDays("Monday to Friday")).toEqual([1, 2, 3, 4, 5]);
    expect(parseWorkingDays("MON - FRI, sun")).toEqual([1, 2, 3, 4, 5, 7]);
    expect(parseWorkingDays("tues thurs")).toEqual([2, 4]);
    expect(parseWorkingDays("周一至周六")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseWorkingDays("星期一、星期三、星期日")).toEqual([1, 3, 7]);
    expect(parseWorkingDays("Sat-Mon")).toEqual([1, 6, 7]); // wraps
    expect(parseWorkingDays("3,3,1")).toEqual([1, 3]);
  });

  it("rejects unknown days with CAL_BAD_DAYS", () => {
    expectCode(() => parseWorkingDays(""), "CAL_BAD_DAYS");
    expectCode(() => parseWorkingDays("0-5"), "CAL_BAD_DAYS");
    expectCode(() => parseWorkingDays("8"), "CAL_BAD_DAYS");
    expectCode(() => parseWorkingDays("mo-fr"), "CAL_BAD_DAYS");
    expectCode(() => parseWorkingDays("Mon-Wed-Fri"), "CAL_BAD_DAYS");
    expectCode(() => parseWorkingDays("funday"), "CAL_BAD_DAYS");
  });
});
