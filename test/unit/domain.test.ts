import { describe, expect, it } from "vitest";
import { langFromCode, normalizePhone } from "../../core/domain/customer.ts";
import { parsePurchaseDate } from "../../core/domain/date.ts";
import { DEFAULT_WARRANTY_MONTHS, addMonths, decideFee, parseWarrantyMonths } from "../../core/domain/fee.ts";
import { PRODUCT_CATEGORIES } from "../../core/domain/product.ts";
import { parseTicketRef } from "../../core/domain/ticket.ts";
import { detectCategory, detectKind, detectModel, isDontKnow } from "../../core/customer/detect.ts";

describe("fee type", () => {
  const base = {
    category: "fridge",
    hasActiveContract: false,
    at: new Date("2026-11-22T10:00:00Z"),
    warrantyMonths: DEFAULT_WARRANTY_MONTHS,
  };
  it("is C inside the warranty period, through the anniversary day", () => {
    expect(decideFee({ ...base, purchaseDate: new Date("2026-01-10") }).feeType).toBe("C");
    expect(decideFee({ ...base, purchaseDate: new Date("2025-11-22") }).feeType).toBe("C");
    expect(decideFee({ ...base, purchaseDate: new Date("2025-11-21") }).feeType).toBe("A");
  });
  it("is B out of warranty with an active contract, and A otherwise", () => {
    expect(decideFee({ ...base, purchaseDate: new Date("2020-01-01"), hasActiveContract: true })).toMatchObject({
      feeType: "B",
      reason: "contract",
    });
    expect(decideFee({ ...base, purchaseDate: null, hasActiveContract: true })).toMatchObject({ feeType: "B" });
    expect(decideFee({ ...base, purchaseDate: null })).toMatchObject({ feeType: "A", reason: "purchase_unknown" });
    expect(decideFee({ ...base, purchaseDate: new Date("2020-01-01") })).toMatchObject({ feeType: "A", reason: "out_of_warranty" });
  });
  it("prefers the warranty over a contract (free beats paid-by-contract)", () => {
    expect(decideFee({ ...base, purchaseDate: new Date("2026-06-01"), hasActiveContract: true }).feeType).toBe("C");
  });
  it("uses the configured period per category", () => {
    const { months, problems } = parseWarrantyMonths("ac=72, phone=24", PRODUCT_CATEGORIES);
    expect(problems).toEqual([]);
    expect(decideFee({ ...base, category: "ac", purchaseDate: new Date("2022-01-01"), warrantyMonths: months }).feeType).toBe("C");
    expect(decideFee({ ...base, category: "tv", purchaseDate: new Date("2022-01-01"), warrantyMonths: months }).feeType).toBe("A");
    expect(parseWarrantyMonths("toaster=12,ac=x", PRODUCT_CATEGORIES).problems).toHaveLength(2);
  });
  it("adds months clamping to the end of the month", () => {
    expect(addMonths(new Date("2024-01-31T00:00:00Z"), 1).toISOString().slice(0, 10)).toBe("2024-02-29");
    expect(addMonths(new Date("2023-08-31T00:00:00Z"), 12).toISOString().slice(0, 10)).toBe("2024-08-31");
  });
});

describe("phone numbers", () => {
  it.each([
    ["13800138000", "13800138000"],
    ["138 0013 8000", "13800138000"],
    ["+86 138-0013-8000", "13800138000"],
    ["008613800138000", "13800138000"],
    ["１３８００１３８０００", "13800138000"],
    ["010-12345678", "010-12345678"],
    ["0755 8888 6666", "0755-88886666"],
    ["+44 20 7946 0958", "+442079460958"],
  ])("accepts %s", (input, out) => expect(normalizePhone(input)).toBe(out));
  it.each(["12345", "1234567890123456789", "abc", "23800138000", "+0 123"])("refuses %s", (input) =>
    expect(normalizePhone(input)).toBeNull(),
  );
});

describe("purchase dates", () => {
  const now = new Date("2026-11-22T02:00:00Z");
  it.each([
    ["2025-03-01", "2025-03-01", "day"],
    ["2025/3/1", "2025-03-01", "day"],
    ["2025.3.1", "2025-03-01", "day"],
    ["2025年3月1日", "2025-03-01", "day"],
    ["20250301", "2025-03-01", "day"],
    ["2025年3月", "2025-03-31", "month"],
    ["2025-02", "2025-02-28", "month"],
    ["2026-11", "2026-11-22", "month"],
  ])("reads %s", (input, iso, precision) =>
    expect(parsePurchaseDate(input, now, "Asia/Shanghai")).toMatchObject({ ok: true, iso, precision }),
  );
  it("refuses the future, nonsense and the far past", () => {
    expect(parsePurchaseDate("2026-11-23", now, "Asia/Shanghai")).toEqual({ ok: false, code: "DATE_FUTURE" });
    expect(parsePurchaseDate("2027-01", now, "Asia/Shanghai")).toEqual({ ok: false, code: "DATE_FUTURE" });
    expect(parsePurchaseDate("2025-02-30", now, "Asia/Shanghai")).toEqual({ ok: false, code: "DATE_FORMAT" });
    expect(parsePurchaseDate("last year", now, "Asia/Shanghai")).toEqual({ ok: false, code: "DATE_FORMAT" });
    expect(parsePurchaseDate("1980-01-01", now, "Asia/Shanghai")).toEqual({ ok: false, code: "DATE_TOO_OLD" });
  });
  it("judges 'today' in the desk's time zone", () => {
    // 2026-11-22 18:00 UTC is already 2026-11-23 in Shanghai
    expect(parsePurchaseDate("2026-11-23", new Date("2026-11-22T18:00:00Z"), "Asia/Shanghai").ok).toBe(true);
    expect(parsePurchaseDate("2026-11-23", new Date("2026-11-22T18:00:00Z"), "America/New_York").ok).toBe(false);
  });
});

describe("ticket references and languages", () => {
  it("parses what customers type", () => {
    expect(parseTicketRef("#1024")).toBe(1024);
    expect(parseTicketRef(" ＃1024 ")).toBe(1024);
    expect(parseTicketRef("1024")).toBe(1024);
    expect(parseTicketRef("#abc")).toBeNull();
    expect(parseTicketRef("1024; drop table")).toBeNull();
    expect(parseTicketRef("")).toBeNull();
    expect(parseTicketRef("0")).toBeNull();
  });
  it("maps Telegram language codes", () => {
    expect(langFromCode("zh-hans")).toBe("zh-CN");
    expect(langFromCode("zh-hant")).toBe("zh-CN");
    expect(langFromCode("en-GB")).toBe("en");
    expect(langFromCode("ru")).toBe("en");
    expect(langFromCode(undefined)).toBe("zh-CN");
  });
});

describe("detecting what the customer already said", () => {
  it("finds the product", () => {
    expect(detectCategory("冰箱不制冷了")).toBe("fridge");
    expect(detectCategory("滚筒洗衣机门打不开")).toBe("washer");
    expect(detectCategory("净水器滤芯要换了吗")).toBe("purifier");
    expect(detectCategory("my washing machine is noisy")).toBe("washer");
    expect(detectCategory("空调漏水")).toBe("ac");
    expect(detectCategory("东西坏了")).toBeUndefined();
  });
  it("finds model numbers but not error codes, quantities or dates", () => {
    expect(detectModel("海尔BCD-215WDPV冰箱不冷")).toBe("BCD-215WDPV");
    expect(detectModel("空调KFR-35GW显示E1")).toBe("KFR-35GW");
    expect(detectModel("洗衣机显示E21")).toBeUndefined();
    expect(detectModel("等了30min, 5kg的衣服")).toBeUndefined();
    expect(detectModel("2025-03-01买的")).toBeUndefined();
  });
  it("finds the kind of service", () => {
    expect(detectKind("冰箱不制冷")).toBe("repair");
    expect(detectKind("新空调需要安装")).toBe("install");
    expect(detectKind("新买的按摩椅需要上门组装")).toBe("install");
    expect(detectKind("The new massage chair needs assembling at home")).toBe("install");
    expect(detectKind("想退货")).toBe("return");
    expect(detectKind("净水器怎么用")).toBe("consult");
    expect(detectKind("你好")).toBeUndefined();
    expect(isDontKnow("不知道")).toBe(true);
    expect(isDontKnow("don't know")).toBe(true);
    expect(isDontKnow("BCD-215")).toBe(false);
  });
});
