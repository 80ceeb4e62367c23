/**
 * Charts: the shipped CJK font covers every chart label (a glyph-coverage check that fails
 * on a character the font lacks), Chinese is drawn as real glyphs and not as tofu, and the
 * summary's and the review's PNGs are produced with Chinese labels, their size and
 * dimensions checked.
 */
import { readFileSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportsExtraEn, reportsExtraZh } from "../../core/i18n/reports-extra.ts";
import { reportsEn, reportsZh } from "../../core/i18n/reports.ts";
import { CHART_WIDTH, chartTexts, reviewChartSpec, summaryChartSpec } from "../../core/reports/chart.ts";
import { CHART_ZOOM, complaintReviewPng, renderChartPng, renderChartSvg, summaryChartPng } from "../../core/reports/chart-render.ts";
import { computeComplaintReview } from "../../core/reports/complaints.ts";
import { CHART_FONT_FAMILY, CHART_FONT_PATH, chartFontMetrics, readFontMetrics } from "../../core/reports/font.ts";
import { computeSummary } from "../../core/reports/summary.ts";
import { WorkingCalendar } from "../../core/sla/calendar.ts";
import type { Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";
import { FROM, TO, TZ, seedFixture } from "./fixture.ts";

/** Dark pixels of a text drawn alone with resvg, with the given font files only. */
function ink(text: string, fontFiles: string[]): { dark: number; pixels: Buffer } {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><rect width="240" height="60" fill="white"/><text x="10" y="42" font-family="${CHART_FONT_FAMILY}" font-size="32" fill="black">${text}</text></svg>`;
  const img = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY } }).render();
  const pixels = img.pixels; // (a getter that copies: read it once)
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) dark++;
  return { dark, pixels };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.slice(12, 16))).toBe("IHDR");
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

describe("the chart font", () => {
  it("has a glyph for every character of every chart label, in both languages", () => {
    const font = chartFontMetrics();
    const labels = [reportsExtraZh, reportsExtraEn].flatMap((m) => [
      ...Object.values(m.chart),
      ...Object.values(m.review.routing),
      m.review.byKind,
      m.review.byRouting,
      m.review.notReplied,
      m.review.replyOnTime(24),
      m.review.title("2026-11-01", "2026-11-30").replace(/^\S+\s/, ""), // the chart drops the card's emoji
    ]);
    const vocab = [reportsZh, reportsEn].flatMap((m) => [
      ...Object.values(m.kinds),
      ...Object.values(m.items),
      ...Object.values(m.complaintKinds),
      m.summaryTitle("2026-11-01", "2026-11-30").replace(/^\S+\s/, ""),
    ]);
    const missing = [...labels, ...vocab].flatMap((t) => font.missing(t));
    expect(missing).toEqual([]);
    // the check can fail: the subset has no emoji and no rare CJK extension B character
    expect(font.missing("投诉😀𠀀")).toEqual(["😀", "𠀀"]);
    // and a font file that is not one is refused
    expect(() => readFontMetrics(new Uint8Array(64))).toThrow();
  });

  it("draws Chinese as glyphs, not as tofu boxes", () => {
    const font = [CHART_FONT_PATH];
    const tou = ink("投", font);
    const su = ink("诉", font);
    const tofu = ink("𠀀", font); // not in the font: drawn as its missing-glyph box, if at all
    expect(tou.dark).toBeGreaterThan(100);
    expect(su.dark).toBeGreaterThan(100);
    // two different characters give two different images; tofu boxes would be the same
    expect(tou.pixels.equals(su.pixels)).toBe(false);
    expect(tou.pixels.equals(tofu.pixels)).toBe(false);
    // without the font nothing is drawn at all: the ink above comes from the shipped font
    expect(ink("投诉", []).dark).toBe(0);
  });
});

describeEachDb("report charts", (db) => {
  let store: Store;
  const calendar = new WorkingCalendar({ timeZone: TZ });
  beforeAll(async () => {
    store = await db.open();
    await seedFixture(store);
  });
  afterAll(async () => {
    await db.dispose(store);
  });

  it("renders the summary chart (per day by kind, on-time %, callback items) as a PNG with Chinese labels", async () => {
    const s = await computeSummary(store, { from: FROM, to: TO, calendar, now: TO });
    const series = await store.reports.dailySeries({ from: FROM, to: TO }, TZ);
    // fixture: in on 11-02 T1 T2 (repair), 11-03 T4, 11-04 T5 (consult), … ; arrivals 11-02 T1 ✓ T9 ✓, 11-04 T2 ✗, 11-06 T8 ✓
    expect(series.filter((p) => p.what === "arrival")).toEqual([
      { what: "arrival", day: "2026-11-02", key: null, n: 2, onTime: 2 },
      { what: "arrival", day: "2026-11-04", key: null, n: 1, onTime: 0 },
      { what: "arrival", day: "2026-11-06", key: null, n: 1, onTime: 1 },
    ]);
    expect(series.find((p) => p.what === "in" && p.day === "2026-11-02")).toEqual({
      what: "in",
      day: "2026-11-02",
      key: "repair",
      n: 2,
      onTime: 0,
    });
    const spec = summaryChartSpec(s, series, "zh-CN");
    const texts = chartTexts(spec);
    expect(texts).toEqual(expect.arrayContaining(["每日进单（按类型）", "派工准时率", "维修", "态度"]));
    expect(texts.flatMap((t) => chartFontMetrics().missing(t))).toEqual([]);
    const svg = await renderChartSvg(spec);
    expect(svg).toContain("每日进单（按类型）");
    expect(svg).toContain("安装调试");
    const img = await renderChartPng(spec);
    const size = pngSize(img.png);
    expect(size).toEqual({ width: img.width, height: img.height });
    // 2× a 640-px-wide panel plus axes and legend; three panels high
    expect(img.width).toBeGreaterThan(CHART_WIDTH * CHART_ZOOM);
    expect(img.width).toBeLessThan((CHART_WIDTH + 400) * CHART_ZOOM);
    expect(img.height).toBeGreaterThan(400 * CHART_ZOOM);
    expect(img.height).toBeLessThan(900 * CHART_ZOOM);
    expect(img.png.length).toBeGreaterThan(20_000);
    expect(img.png.length).toBeLessThan(2_000_000);
    if (process.env.CHART_OUT) (await import("node:fs")).writeFileSync(`${process.env.CHART_OUT}/summary-${db.name}.png`, img.png);
    // the helper /desk summary uses: the same chart in English
    const en = await summaryChartPng(store, s, "en");
    expect(pngSize(en).width).toBeGreaterThan(CHART_WIDTH * CHART_ZOOM);
  });

  it("renders the complaint review's chart", async () => {
    const review = await computeComplaintReview(store, { from: FROM, to: TO, timeZone: TZ });
    const img = await renderChartPng(reviewChartSpec(review, "zh-CN"));
    expect(pngSize(await complaintReviewPng(review, "en")).width).toBeGreaterThan(CHART_WIDTH);
    expect(pngSize(img.png)).toEqual({ width: img.width, height: img.height });
    expect(img.width).toBeGreaterThan(CHART_WIDTH);
    expect(img.png.length).toBeGreaterThan(10_000);
    if (process.env.CHART_OUT) (await import("node:fs")).writeFileSync(`${process.env.CHART_OUT}/review-${db.name}.png`, img.png);
  });
});

it("ships the font's licence next to it", () => {
  expect(readFileSync(CHART_FONT_PATH.replace(/[^/]+$/, "OFL.txt"), "utf8")).toMatch(/SIL Open Font License/);
});
