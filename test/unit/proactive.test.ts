/**
 * The pure rules of proactive service: reminder hours and the morning spread, consumable due
 * dates, the opt-out list, and which repair-record parts name a consumable.
 */
import { describe, expect, it } from "vitest";
import { defaultCatalogue } from "../../core/catalogue/index.ts";
import { proactiveEn } from "../../core/i18n/proactive.ts";
import { consumableDue, monthsBetween } from "../../core/proactive/due.ts";
import { inReminderHours, sendSlot, slotOnDay } from "../../core/proactive/hours.ts";
import { nextNotifyOff } from "../../core/proactive/opt-out.ts";
import { consumablesNamed } from "../../core/proactive/repair-parts.ts";

const H = { timeZone: "Asia/Shanghai", dayStart: "09:00", dayEnd: "20:00" };
const HOUR = 3_600_000;
const purifier = defaultCatalogue().byId("purifier")!.consumables;

describe("reminder hours", () => {
  it("a reminder due inside the hours goes at once; at night, within the first hour of the next morning", () => {
    const noon = new Date("2026-11-24T04:00:00Z"); // 12:00 local
    expect(sendSlot(H, noon, "k")).toEqual(noon);
    expect(inReminderHours(H, noon)).toBe(true);
    const night = new Date("2026-11-24T14:30:00Z"); // 22:30 local
    expect(inReminderHours(H, night)).toBe(false);
    const opening = new Date("2026-11-25T01:00:00Z").getTime(); // 09:00 local next day
    const slots = Array.from({ length: 200 }, (_, i) => sendSlot(H, night, `contract:${i}:2026-12-24`).getTime());
    for (const s of slots) expect(s - opening).toBeGreaterThanOrEqual(0);
    for (const s of slots) expect(s - opening).toBeLessThan(HOUR);
    // spread: not all at opening time, and the same key always gets the same moment
    expect(new Set(slots).size).toBeGreaterThan(150);
    expect(sendSlot(H, night, "contract:1:2026-12-24")).toEqual(sendSlot(H, new Date("2026-11-24T20:00:00Z"), "contract:1:2026-12-24"));
    // early morning: the same day's opening
    const early = new Date("2026-11-24T22:00:00Z"); // 06:00 local on the 25th
    expect(sendSlot(H, early, "x").getTime() - opening).toBeLessThan(HOUR);
  });

  it("a day's reminder goes at that day's opening, or now when that has passed", () => {
    const before = new Date("2026-11-20T04:00:00Z");
    const slot = slotOnDay(H, "2026-12-17", "k", before).getTime();
    expect(slot - new Date("2026-12-17T01:00:00Z").getTime()).toBeLessThan(HOUR);
    const late = new Date("2026-12-17T05:00:00Z"); // 13:00 local that day
    expect(slotOnDay(H, "2026-12-17", "k", late)).toEqual(late);
  });

  it("24:00 as the end of the day", () => {
    const h = { ...H, dayStart: "00:00", dayEnd: "24:00" };
    expect(inReminderHours(h, new Date("2026-11-24T15:59:00Z"))).toBe(true);
  });
});

describe("consumables", () => {
  it("count from the last replacement of that consumable, else the last change, install or purchase date", () => {
    const pp = purifier.find((c) => c.id === "pp-cotton")!;
    const base = { consumablesChangedOn: {}, filterChangedAt: null, installDate: null, purchaseDate: new Date("2026-01-31T00:00:00Z") };
    expect(consumableDue(base, pp)).toEqual({ since: "2026-01-31", due: "2026-04-30" });
    expect(consumableDue({ ...base, installDate: new Date("2026-02-10T00:00:00Z") }, pp)!.due).toBe("2026-05-10");
    expect(consumableDue({ ...base, consumablesChangedOn: { "pp-cotton": "2026-09-01" } }, pp)!.due).toBe("2026-12-01");
    expect(consumableDue({ ...base, purchaseDate: null }, pp)).toBeNull();
    expect(monthsBetween("2026-08-24", "2026-11-24")).toBe(3);
    expect(monthsBetween("2026-08-25", "2026-11-24")).toBe(2);
  });

  it("a parts line names a consumable by id, name in either language, or the name without 滤芯 / filter", () => {
    const ids = (names: string[]) =>
      consumablesNamed(
        names.map((name) => ({ name })),
        purifier,
      ).map((c) => c.id);
    expect(ids(["PP棉"])).toEqual(["pp-cotton"]);
    expect(ids(["活性炭滤芯×1"])).toEqual(["carbon-block"]);
    expect(ids(["RO membrane"])).toEqual(["ro-membrane"]);
    expect(ids(["pp cotton filter", "密封圈"])).toEqual(["pp-cotton"]);
    expect(ids(["滤芯"])).toEqual([]);
    expect(ids(["电源板"])).toEqual([]);
  });
});

describe("/notifications", () => {
  it("off and on, for everything or one kind", () => {
    expect(nextNotifyOff([], false, null)).toEqual(["all"]);
    expect(nextNotifyOff(["all"], true, null)).toEqual([]);
    expect(nextNotifyOff([], false, "consumable")).toEqual(["consumable"]);
    expect(nextNotifyOff(["consumable"], false, "contract")).toEqual(["contract", "consumable"]);
    expect(nextNotifyOff(["all"], true, "consumable")).toEqual(["contract", "warranty", "checkin"]);
    expect(nextNotifyOff(["consumable"], true, "consumable")).toEqual([]);
  });

  it("English names keep capitals (TV) and lower the rest", () => {
    expect(proactiveEn.warranty.body("TV", "2026-12-20")).toContain("your TV ends");
    expect(proactiveEn.warranty.body("Water purifier", "2026-12-20")).toContain("your water purifier ends");
  });
});
