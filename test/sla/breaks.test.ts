/**
 * A working day with a midday break (DESK_WORK_HOURS=08:30-12:00,13:30-17:30): the break is
 * not working time, deadlines and measured time skip it.
 */
import { describe, expect, it } from "vitest";
import { calendarFromEnv } from "../../core/sla/calendar-config.ts";
import { CalendarError, WorkingCalendar, parseWorkingHours } from "../../core/sla/index.ts";

const sh = (s: string) => new Date(`${s}+08:00`);
const H = 3_600_000;

describe("working hours with a midday break", () => {
  const cal = calendarFromEnv({ DESK_WORK_HOURS: "08:30-12:00,13:30-17:30" }, "Asia/Shanghai");

  it("parses two ranges into the day and its break", () => {
    expect(parseWorkingHours("08:30-12:00,13:30-17:30")).toEqual({ dayStart: "08:30", dayEnd: "17:30", breaks: ["12:00-13:30"] });
    expect(parseWorkingHours("8:30-17:30")).toEqual({ dayStart: "08:30", dayEnd: "17:30", breaks: [] });
    expect(cal.config).toMatchObject({ dayStart: "08:30", dayEnd: "17:30", breaks: ["12:00-13:30"] });
    expect(() => parseWorkingHours("08:30-13:00,12:00-17:30")).toThrow(CalendarError);
    expect(() => new WorkingCalendar({ breaks: ["07:00-09:00"] })).toThrow(/inside the working day/);
  });

  it("does not count the break as working time", () => {
    expect(cal.isWorkingTime(sh("2026-11-23T11:59:00"))).toBe(true); // a Monday
    expect(cal.isWorkingTime(sh("2026-11-23T12:30:00"))).toBe(false);
    expect(cal.isWorkingTime(sh("2026-11-23T13:30:00"))).toBe(true);
    expect(cal.nextWorkingStart(sh("2026-11-23T12:10:00"))).toEqual(sh("2026-11-23T13:30:00"));
    expect(cal.workingTimeBetween(sh("2026-11-23T08:30:00"), sh("2026-11-23T17:30:00"))).toBe(7.5 * H);
  });

  it("carries a deadline over the break, and over the night", () => {
    // Monday 11:00 + 2 h: 1 h before the break, 1 h after → 14:30
    expect(cal.addWorkingTime(sh("2026-11-23T11:00:00"), 2 * H)).toEqual(sh("2026-11-23T14:30:00"));
    // written during the break: the clock starts at 13:30
    expect(cal.addWorkingTime(sh("2026-11-23T12:15:00"), H)).toEqual(sh("2026-11-23T14:30:00"));
    // Monday 16:00 + 6 h: 1.5 h Monday, 3.5 h Tuesday morning, 1 h after the break → Tuesday 14:30
    const due = cal.addWorkingTime(sh("2026-11-23T16:00:00"), 6 * H);
    expect(due).toEqual(sh("2026-11-24T14:30:00"));
    expect(cal.workingTimeBetween(sh("2026-11-23T16:00:00"), due)).toBe(6 * H);
    // whole weeks at once still add up: 2 weeks of 6 days × 7.5 h
    expect(cal.workingTimeBetween(sh("2026-11-23T08:30:00"), sh("2026-12-07T08:30:00"))).toBe(2 * 6 * 7.5 * H);
    expect(cal.addWorkingTime(sh("2026-11-23T08:30:00"), 2 * 6 * 7.5 * H)).toEqual(sh("2026-12-05T17:30:00"));
  });
});
