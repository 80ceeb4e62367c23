/**
 * Reading the shop's record files without a database: encodings, CSV, headers in zh or en,
 * dates, and the reasons rows are refused; the formula guard of exported cells.
 */
import { describe, expect, it } from "vitest";
import { defaultCatalogue } from "../../core/catalogue/index.ts";
import {
  csvCell,
  decodeCsv,
  parseCsv,
  parseRecordDate,
  readRecordFile,
  toCsv,
  unguardCell,
  mapHeader,
  RecordFileError,
} from "../../core/records/index.ts";
import { toGb18030 } from "../support/records.ts";

const ctx = { catalogue: defaultCatalogue(), vipTiers: ["vip", "贵宾"], today: "2026-11-24" };

describe("decoding", () => {
  const text = "姓名,电话\r\n王小明,13800138000\r\n";
  it("reads UTF-8 with and without a byte order mark, GB18030 and UTF-16", () => {
    expect(decodeCsv(Buffer.from(text, "utf8"))).toEqual({ text, encoding: "utf-8" });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]))).toEqual({ text, encoding: "utf-8" });
    expect(decodeCsv(toGb18030(text))).toEqual({ text, encoding: "gb18030" });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))).toEqual({ text, encoding: "utf-16le" });
  });
  it("takes the encoding it is told", () => {
    expect(decodeCsv(toGb18030("区域"), "gb18030").text).toBe("区域");
  });
});

describe("CSV", () => {
  it("keeps quoted delimiters, quotes and line breaks, and the line each record starts on", () => {
    const rows = parseCsv('a,b\r\n"x, ""y""",2\r\n\r\n"multi\nline",3\n4,"5"');
    expect(rows).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ['x, "y"', "2"] },
      { line: 4, cells: ["multi\nline", "3"] },
      { line: 6, cells: ["4", "5"] },
    ]);
  });
  it("uses the delimiter of the header line (semicolons, tabs)", () => {
    expect(parseCsv("a;b\n1,5;2\n")[1]!.cells).toEqual(["1,5", "2"]);
    expect(parseCsv("a\tb\n1\t2\n")[1]!.cells).toEqual(["1", "2"]);
  });
});

describe("the formula guard", () => {
  it("turns what a spreadsheet would run into text, and reads it back", () => {
    for (const v of ["=1+1", "+86138", "-2+3", "@SUM(A1)", "\tx", "\rx"]) {
      const cell = csvCell(v);
      expect(cell.replace(/^"|"$/g, "").startsWith("'")).toBe(true);
      expect(unguardCell(parseCsv(`h\n${cell}\n`)[1]!.cells[0]!)).toBe(v);
    }
    expect(csvCell("王小明")).toBe("王小明");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(toCsv([["=x"]])).toBe("\uFEFF'=x\r\n");
  });
});

describe("dates", () => {
  it("accepts 2026-03-01, 2026/3/1, 2026年3月1日 and full-width digits; refuses days that do not exist", () => {
    for (const d of ["2026-03-01", "2026/3/1", "2026年3月1日", "2026.3.1", "20260301", "２０２６年３月１日"])
      expect(parseRecordDate(d)).toBe("2026-03-01");
    for (const d of ["2026/2/30", "2026-13-01", "1.3.2026", "next week", "2026-03"]) expect(parseRecordDate(d)).toBeNull();
  });
});

describe("headers", () => {
  it("match in zh or en, in any order, ignoring unknown columns", () => {
    expect(mapHeader("customers", ["备注", "Phone", "姓名", "AREA", "tier"])).toEqual({
      index: { phone: 1, name: 2, area: 3, tier: 4 },
      ignored: ["备注"],
      missing: [],
    });
    expect(mapHeader("contracts", ["contract_no", "电话", "品类", "开始日期", "End Date"]).missing).toEqual([]);
    expect(mapHeader("products", ["型号"]).missing).toEqual(["电话/phone", "品类/category"]);
  });
});

describe("rows", () => {
  it("refuses each bad cell with its line, column and reason; the good rows go on", () => {
    const csv = [
      "电话,品类,型号,购买日期,安装日期,备注",
      "13800138000,净水器,ro-400,2025/3/1,2025年3月2日,x",
      "12345,fridge,,,,",
      "13900139000,小家电,,,,",
      "13900139001,toaster,,2026-12-01,,",
      "1.38001E+10,tv,,,,",
    ].join("\n");
    const file = readRecordFile("products", Buffer.from(csv), ctx);
    expect(file.total).toBe(5);
    expect(file.ignored).toEqual(["备注"]);
    expect(file.rows).toEqual([
      {
        line: 2,
        record: { phone: "13800138000", category: "purifier", model: "RO-400", purchaseDate: "2025-03-01", installDate: "2025-03-02" },
      },
    ]);
    expect(file.errors.map((e) => [e.line, e.column])).toEqual([
      [3, "电话"],
      [4, "品类"],
      [5, "品类"],
      [5, "购买日期"],
      [6, "电话"],
    ]);
    expect(file.errors[1]!.reason).toContain("group");
    expect(file.errors[2]!.reason).toContain("not in the product catalogue");
    expect(file.errors[3]!.reason).toContain("future");
    expect(file.errors[4]!.reason).toContain("format the column as text");
  });
  it("reads tiers (VIP names become vip) and areas in both languages", () => {
    const file = readRecordFile(
      "customers",
      Buffer.from("name,phone,area,tier\nA,13800138000,city,VIP\nB,13800138001,郊区,贵宾\nC,13800138002,,B\nD,13800138003,moon,\n"),
      ctx,
    );
    expect(file.rows.map((r) => r.record)).toEqual([
      { name: "A", phone: "13800138000", area: "city", tier: "vip" },
      { name: "B", phone: "13800138001", area: "suburb", tier: "vip" },
      { name: "C", phone: "13800138002", tier: "B" },
    ]);
    expect(file.errors).toEqual([{ line: 5, column: "area", reason: expect.stringContaining("市区/郊区") }]);
  });
  it("refuses a contract that ends before it starts", () => {
    const file = readRecordFile(
      "contracts",
      Buffer.from("合同编号,电话,品类,开始日期,结束日期\nHT-1,13800138000,空调,2026-05-01,2026-04-01\n"),
      ctx,
    );
    expect(file.errors).toEqual([{ line: 2, column: "结束日期", reason: expect.stringContaining("before it starts") }]);
  });
  it("a file without a required column, or without anything, cannot be imported at all", () => {
    expect(() => readRecordFile("customers", Buffer.from("姓名,地址\n王,北京\n"), ctx)).toThrow(/电话\/phone/);
    expect(() => readRecordFile("customers", Buffer.from(""), ctx)).toThrow(RecordFileError);
  });
});
