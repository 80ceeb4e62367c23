import { describe, expect, it } from "vitest";
import { staffMessages } from "../../core/i18n/staff.ts";
import { slaDuration } from "../../core/staff/sla-notices.ts";

describe("time left or late in SLA notices", () => {
  const zh = staffMessages("zh-CN");
  const en = staffMessages("en");
  it("says seconds, or less than a minute, below one minute — never 0 minutes", () => {
    expect(slaDuration(42_000, zh)).toBe("42 秒");
    expect(slaDuration(42_000, en)).toBe("42 s");
    expect(slaDuration(400, zh)).toBe("不到 1 分钟");
    expect(slaDuration(0, en)).toBe("less than a minute");
    for (const ms of [0, 400, 59_999]) expect(slaDuration(ms, zh)).not.toContain("0 分钟");
  });
  it("says hours and minutes from one minute on", () => {
    expect(slaDuration(60_000, zh)).toBe("1 分钟");
    expect(slaDuration(90 * 60_000, zh)).toBe("1 小时 30 分");
    expect(slaDuration(2 * 3_600_000, en)).toBe("2 h");
  });
});
