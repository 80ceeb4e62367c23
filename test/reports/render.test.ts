/**
 * The summary and technician cards (through the real Slack serializer, within Block Kit's
 * limits) and the per-ticket CSV (RFC 4180, BOM for Excel).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SLACK_FIELD_TEXT_LIMIT,
  SLACK_FIELDS_PER_SECTION,
  SLACK_HEADER_LIMIT,
  SLACK_MAX_BLOCKS,
  SLACK_SECTION_TEXT_LIMIT,
  SLACK_TEXT_LIMIT,
  toBlocks,
} from "../../bots/slack/serialize.ts";
import type { MessageCard } from "../../core/card.ts";
import { computeEngineerReport, type EngineerReport } from "../../core/reports/engineer.ts";
import { csvField, summaryCsv } from "../../core/reports/csv.ts";
import { CARD_MAX_LINES, engineerReportCard, summaryCard } from "../../core/reports/render.ts";
import { summaryRows, type SummaryRow } from "../../core/reports/rows.ts";
import { computeSummary, type Summary } from "../../core/reports/summary.ts";
import { WorkingCalendar } from "../../core/sla/calendar.ts";
import type { Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";
import { FROM, TO, TZ, seedFixture, type Fixture } from "./fixture.ts";

const calendar = new WorkingCalendar({ timeZone: TZ });
const NOW = new Date("2026-11-23T02:00:00Z");

/** Block Kit limits a message must respect; returns the blocks for more checks. */
function expectWithinSlackLimits(card: MessageCard) {
  const m = toBlocks(card);
  expect(m.blocks.length).toBeGreaterThan(0);
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
  expect(m.text.length).toBeLessThanOrEqual(SLACK_TEXT_LIMIT);
  for (const b of m.blocks as any[]) {
    if (b.type === "header") expect(b.text.text.length).toBeLessThanOrEqual(SLACK_HEADER_LIMIT);
    if (b.type === "section" && b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_LIMIT);
    if (b.type === "section" && b.fields) {
      expect(b.fields.length).toBeLessThanOrEqual(SLACK_FIELDS_PER_SECTION);
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_FIELD_TEXT_LIMIT);
    }
  }
  return m;
}

const fieldsOf = (blocks: any[]) => blocks.filter((b) => b.type === "section" && b.fields).flatMap((b) => b.fields.map((f: any) => f.text));
const bodyOf = (blocks: any[]) =>
  blocks
    .filter((b) => b.type === "section" && b.text)
    .map((b) => b.text.text)
    .join("\n");

/** A small RFC 4180 reader, to check the CSV round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe("csvField", () => {
  it("quotes per RFC 4180 only when needed", () => {
    expect(csvField("plain 文本")).toBe("plain 文本");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
    expect(csvField("")).toBe("");
    // formulas are neutralised, numbers are not
    expect(csvField("=1+2")).toBe("'=1+2");
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField("+86 138")).toBe("'+86 138");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("-12.50")).toBe("-12.50");
    expect(csvField("- dash")).toBe("'- dash");
  });
});

describeEachDb("report rendering", (db) => {
  let store: Store;
  let fx: Fixture;
  let summary: Summary;
  let rows: SummaryRow[];
  let e1: EngineerReport;
  beforeAll(async () => {
    store = await db.open();
    fx = await seedFixture(store);
    summary = await computeSummary(store, { from: FROM, to: TO, calendar, now: NOW });
    rows = await summaryRows(store, { from: FROM, to: TO, calendar });
    e1 = await computeEngineerReport(store, { staffId: fx.staff.E1.id, from: FROM, to: TO, calendar });
  });
  afterAll(async () => {
    await db.dispose(store);
  });

  it("renders the summary card in Chinese with every headline figure, within Slack's limits", () => {
    const m = expectWithinSlackLimits(summaryCard(summary, "zh-CN"));
    expect(m.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "📊 服务汇总 2026-11-02 – 2026-11-08", emoji: true } });
    expect(fieldsOf(m.blocks)).toEqual([
      "*进单*\n11",
      "*完成*\n9",
      "*自助解决*\n2 · 18.2%",
      "*派工准时率*\n75.0%（3/4）",
      "*首次响应（工作小时）*\n中位 1.00 · P90 1.70（7 单）",
      "*完工时长（工作小时）*\n中位 6.50 · P90 13.20（5 单）",
      "*回访回复率*\n60.0%（3/5）",
      "*总体满意*\n66.7%（2/3）",
      "*投诉 新/未结/超时*\n3 / 2 / 2",
      "*重复报修*\n1",
    ]);
    const body = bodyOf(m.blocks);
    expect(body).toContain("*进单·类型* 维修 5 · 安装调试 2 · 使用咨询 1 · 投诉 3");
    expect(body).toContain("*进单·产品* 电视 3 · 冰箱 3 · 洗衣机 1 · 空调 1 · 手机 2 · 未填 1");
    expect(body).toContain("*进单·当前状态* 待受理 2 · 已受理 1 · 已到场 1 · 已完成(待回访) 2 · 回访不满意 1 · 已关闭 4");
    expect(body).toContain("*进单·收费* A 有偿 4 · B 合同 1 · C 保修 6");
    expect(body).toContain("*完成·结果* 已修复 5 · 自助解决 2 · 已取消 1 · 未填 1");
    expect(body).toContain("*回访评分（满分 4）* 态度 2.67 · 技术 3.00 · 到达时间 3.00 · 答应事项 2.67");
    expect(body).toContain("*回访回复率* 待回复 1 · 已过期 1");
    expect(body).toContain("*回访分类* 一次未修好 1 · 不满意态度 1 · 满意 1 · 未回复 1 · 待回访 1");
    expect(body).toContain("*自助回访* 已发 1 · 已答 1 · 有帮助 1");
    expect(body).toContain("*投诉* 类别 产品 1 · 服务 1 · 环境/安全 1；级别 重大 1 · 一般 2");
    expect(body).toContain("• 张工：完成 3 · 准时 66.7%（2/3） · 评分 2.50/3.00/2.50/2.50 · 满意 50.0%");
    expect(body).toContain("回访分类：不满意态度 1 · 满意 1 · 未回复 1");
    expect(body).toContain('• 李工 "Leo", 二组：完成 2 · 准时 100.0%（1/1） · 评分 3.00/3.00/4.00/3.00 · 满意 100.0%');
    expect(body).not.toContain("王主任");
    // the engineers come last, the one with more jobs first
    expect(body.indexOf("张工")).toBeLessThan(body.indexOf("李工"));
    expect(m.text).toContain("服务汇总");
  });

  it("renders the summary card in English", () => {
    const m = expectWithinSlackLimits(summaryCard(summary, "en"));
    expect((m.blocks[0] as any).text.text).toBe("📊 Service summary 2026-11-02 – 2026-11-08");
    const fields = fieldsOf(m.blocks);
    expect(fields).toContain("*Dispatch on time*\n75.0% (3/4)");
    expect(fields).toContain("*First response (working h)*\nmedian 1.00 · p90 1.70 (7)");
    const body = bodyOf(m.blocks);
    expect(body).toContain("*In · kind* Repair 5 · Installation 2 · Usage question 1 · Complaint 3");
    expect(body).toContain("• 张工: done 3 · on time 66.7% (2/3) · ratings 2.50/3.00/2.50/2.50 · satisfied 50.0%");
    expect(m.blocks.some((b: any) => b.type === "context" && /Asia\/Shanghai/.test(b.elements[0].text))).toBe(true);
  });

  it("shows dashes, not NaN, for a period without data", () => {
    const empty: Summary = {
      ...summary,
      ticketsIn: { total: 0, byKind: {}, byProduct: {}, byStatus: {}, byFeeType: {}, byTier: {} },
      ticketsOut: { total: 0, byKind: {}, byProduct: {}, byFeeType: {}, byResolution: {} },
      selfService: { count: 0, sharePct: null },
      sla: {
        dispatch: { measured: 0, onTime: 0, late: 0, onTimePct: null },
        firstResponseHours: { count: 0, median: null, p90: null },
        resolutionHours: { count: 0, median: null, p90: null },
      },
      survey: {
        ...summary.survey,
        sent: 0,
        answered: 0,
        pending: 0,
        expired: 0,
        responseRatePct: null,
        satisfied: 0,
        satisfiedPct: null,
        ratings: { attitude: null, skill: null, arrival: null, promise: null },
        outcomes: {
          complaint: 0,
          repeat_visits: 0,
          not_fixed_first: 0,
          attitude: 0,
          unsatisfied: 0,
          satisfied: 0,
          no_response: 0,
          unclassified: 0,
        },
        selfServiceForm: { sent: 0, answered: 0, helped: 0 },
      },
      complaints: { new: 0, open: 0, overdue: 0, byKind: {}, bySeverity: {} },
      repeatRepairs: 0,
      engineers: [],
    };
    const m = expectWithinSlackLimits(summaryCard(empty, "zh-CN"));
    expect(fieldsOf(m.blocks)).toContain("*派工准时率*\n—");
    expect(fieldsOf(m.blocks)).toContain("*首次响应（工作小时）*\n中位 — · P90 —（0 单）");
    expect(bodyOf(m.blocks)).toBe("本期没有数据。");
    expect(JSON.stringify(m)).not.toMatch(/NaN|null|undefined/);
  });

  it("stays within Slack's limits with hundreds of engineers with long names", () => {
    const line = summary.engineers[0]!;
    const many: Summary = {
      ...summary,
      engineers: Array.from({ length: 300 }, (_, i) => ({ ...line, staffId: 1000 + i, name: `工程师${i} ${"很长的名字*_".repeat(20)}` })),
    };
    for (const lang of ["zh-CN", "en"] as const) {
      const m = expectWithinSlackLimits(summaryCard(many, lang));
      const body = bodyOf(m.blocks);
      expect(body).toContain(lang === "en" ? `… ${300 - CARD_MAX_LINES} more` : `……另 ${300 - CARD_MAX_LINES} 项`);
      expect(body).toContain(`工程师${CARD_MAX_LINES - 1} `);
      expect(body).not.toContain(`工程师${CARD_MAX_LINES} `);
    }
  });

  it("renders the technician report card", () => {
    const m = expectWithinSlackLimits(engineerReportCard(e1, "zh-CN"));
    expect((m.blocks[0] as any).text.text).toBe("🛠 技术员工作日报表 · 张工 · 2026-11-02 – 2026-11-08");
    expect(fieldsOf(m.blocks)).toEqual([
      "*完成工单*\n3",
      "*工时合计*\n5.00 小时",
      "*费用合计*\n120.00 元",
      "*派工准时率*\n66.7%（2/3）",
      "*评分 态度/技术/到达/守诺*\n2.50/3.00/2.50/2.50 (2)",
      "*总体满意*\n50.0%",
    ]);
    const body = bodyOf(m.blocks);
    expect(body).toContain("*工作类型* 维修 2 · 保养 1");
    expect(body).toContain("*使用配件* 滤芯×3 · 密封圈, 大号×2 · 排水泵×1 · 温控器×1");
    expect(body).toContain(`• #${fx.tickets.T9!.ref} 保养 · 净水器 · 1.00 小时 · 11-02 10:00 · 滤芯×3 · 未回复`);
    expect(body).toContain(`• #${fx.tickets.T2!.ref} 维修 · 洗衣机 · 1.50 小时 · 11-04 12:30 · 排水泵×1、密封圈, 大号×2 · 不满意态度`);
    const en = expectWithinSlackLimits(engineerReportCard(e1, "en"));
    expect((en.blocks[0] as any).text.text).toBe("🛠 Technician report · 张工 · 2026-11-02 – 2026-11-08");
    // many jobs: capped, still within limits
    const busy = { ...e1, jobs: Array.from({ length: 200 }, (_, i) => ({ ...e1.jobs[0]!, ref: 5000 + i })) };
    expect(bodyOf(expectWithinSlackLimits(engineerReportCard(busy, "zh-CN")).blocks)).toContain(`……另 ${200 - CARD_MAX_LINES} 项`);
  });

  it("writes the per-ticket CSV with a BOM, CRLF line ends and RFC 4180 quoting", () => {
    const csv = summaryCsv(rows, "en");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.slice(1).split("\r\n")[0]).toBe(
      "ref,created,kind,product,status,fee_type,resolution,resolved,assignee,first_response_wh,resolution_wh,sla_met,attitude,skill,arrival,promise,satisfied,outcome,repeat",
    );
    const table = parseCsv(csv.slice(1));
    expect(table).toHaveLength(1 + 13);
    for (const r of table) expect(r).toHaveLength(19);
    const byRef = (key: string) => table.find((r) => r[0] === String(fx.tickets[key]!.ref))!;
    expect(byRef("T2")).toEqual([
      String(fx.tickets.T2!.ref),
      "2026-11-02 16:30",
      "Repair",
      "Washer",
      "Unsatisfied at callback",
      "A paid",
      "Repaired",
      "2026-11-04 12:30",
      "张工",
      "2.00",
      "14.00",
      "no",
      "1",
      "2",
      "2",
      "1",
      "no",
      "Unhappy with attitude",
      "no",
    ]);
    // the assignee name with a quote and a comma survives the round trip; it was quoted on the wire
    expect(byRef("T8")[8]).toBe('李工 "Leo", 二组');
    expect(csv).toContain('"李工 ""Leo"", 二组"');
    expect(byRef("T8")[18]).toBe("yes");
    // missing values are empty cells
    expect(byRef("T14")).toEqual([
      String(fx.tickets.T14!.ref),
      "2026-11-08 20:00",
      "Complaint",
      "",
      "Claimed",
      "C warranty",
      "",
      "",
      "王主任",
      "1.50",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "no",
    ]);

    const zh = parseCsv(summaryCsv(rows, "zh-CN").slice(1));
    expect(zh[0]!.slice(0, 4)).toEqual(["工单号", "报修时间", "类型", "产品"]);
    expect(zh.find((r) => r[0] === String(fx.tickets.T1!.ref))).toEqual([
      String(fx.tickets.T1!.ref),
      "2026-11-02 09:00",
      "维修",
      "冰箱",
      "已关闭",
      "C 保修",
      "已修复",
      "2026-11-02 15:00",
      "张工",
      "1.00",
      "6.00",
      "是",
      "4",
      "4",
      "3",
      "4",
      "是",
      "满意",
      "否",
    ]);
    expect(summaryCsv([], "en")).toBe("\uFEFF" + table[0]!.join(",") + "\r\n");
  });
});
