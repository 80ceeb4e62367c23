/**
 * The charts of the summary and the monthly complaint review, as Vega-Lite specifications
 * (pure data → spec; chart-render.ts draws them):
 * - summary: tickets in per day by kind (stacked bars), dispatch on time per day (%, line),
 *   and the four callback items (average out of 4, bars);
 * - review: complaints by kind and by routing, and how they were answered (in time, late,
 *   not answered).
 * Labels come from the i18n tables in the report's language; the font is the shipped CJK
 * font (font.ts), so Chinese renders the same on every machine.
 *
 * @module
 */
import { reportExtraMessages } from "../i18n/reports-extra.ts";
import { reportMessages } from "../i18n/reports.ts";
import type { SeriesPoint } from "../store/reports.ts";
import type { ComplaintReview } from "./complaints.ts";
import { KEY_ORDER, round } from "./math.ts";
import type { ReportLang } from "./render.ts";
import type { Summary } from "./summary.ts";
import { CHART_FONT_FAMILY } from "./font.ts";

/** A Vega-Lite specification (plain JSON). */
export type ChartSpec = Record<string, unknown>;

/** Width of one chart panel, px (before the PNG's 2× zoom). */
export const CHART_WIDTH = 640;
const PANEL_HEIGHT = 200;

const CONFIG = {
  font: CHART_FONT_FAMILY,
  background: "white",
  title: { fontSize: 15, fontWeight: "normal", anchor: "start" },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", labelLimit: 200 },
  view: { stroke: "#ddd" },
};

/** Every local day from `fromDate` to `toDate` (inclusive), YYYY-MM-DD. */
function days(fromDate: string, toDate: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${fromDate}T00:00:00Z`); t <= Date.parse(`${toDate}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * The summary's chart: tickets per day by kind, dispatch on time per day, callback items.
 *
 * @example
 * ```ts
 * const spec = summaryChartSpec(summary, await store.reports.dailySeries({ from, to }, tz), "zh-CN");
 * const png = await renderChartPng(spec);
 * ```
 */
export function summaryChartSpec(s: Summary, series: readonly SeriesPoint[], lang: ReportLang): ChartSpec {
  const t = reportExtraMessages(lang).chart;
  const base = reportMessages(lang);
  const label = (d: string) => d.slice(5); // MM-DD
  const dayList = days(s.period.fromDate, s.period.toDate);
  const perDay = series
    .filter((p) => p.what === "in")
    .map((p) => ({ day: label(p.day), kind: base.kinds[p.key ?? ""] ?? p.key, n: p.n, order: KEY_ORDER.kind.indexOf(p.key ?? "") }));
  const arrivals = new Map(series.filter((p) => p.what === "arrival").map((p) => [p.day, p]));
  const onTime = dayList.flatMap((d) => {
    const a = arrivals.get(d);
    return a && a.n ? [{ day: label(d), pct: round((a.onTime / a.n) * 100, 1) }] : [];
  });
  const items = (["attitude", "skill", "arrival", "promise"] as const).map((k) => ({
    item: base.items[k] ?? k,
    avg: s.survey.ratings[k] ?? 0,
  }));
  const dayAxis = {
    field: "day",
    type: "ordinal",
    title: t.day,
    sort: dayList.map(label),
    axis: { labelAngle: dayList.length > 10 ? -90 : 0, labelOverlap: true },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: base.summaryTitle(s.period.fromDate, s.period.toDate).replace(/^\S+\s/, ""),
    config: CONFIG,
    vconcat: [
      {
        title: t.perDay,
        width: CHART_WIDTH,
        height: PANEL_HEIGHT,
        data: { values: perDay },
        mark: "bar",
        encoding: {
          x: dayAxis,
          y: { field: "n", type: "quantitative", title: t.tickets, aggregate: "sum", axis: { tickMinStep: 1, format: "d" } },
          color: { field: "kind", type: "nominal", title: t.kind, sort: KEY_ORDER.kind.map((k) => base.kinds[k] ?? k) },
          order: { field: "order" },
        },
      },
      {
        hconcat: [
          {
            title: t.onTime,
            width: CHART_WIDTH / 2 - 40,
            height: PANEL_HEIGHT * 0.8,
            data: { values: onTime },
            mark: { type: "line", point: true },
            encoding: {
              x: { ...dayAxis, title: t.day },
              y: { field: "pct", type: "quantitative", title: t.pct, scale: { domain: [0, 100] } },
            },
          },
          {
            title: t.items,
            width: CHART_WIDTH / 2 - 60,
            height: PANEL_HEIGHT * 0.8,
            data: { values: items },
            mark: "bar",
            encoding: {
              x: { field: "item", type: "nominal", title: t.item, sort: null, axis: { labelAngle: 0 } },
              y: { field: "avg", type: "quantitative", title: t.average, scale: { domain: [0, 4] } },
            },
          },
        ],
      },
    ],
  };
}

/**
 * The complaint review's chart: complaints by kind, by routing, and how they were answered.
 *
 * @example
 * ```ts
 * const png = await renderChartPng(reviewChartSpec(review, "zh-CN"));
 * ```
 */
export function reviewChartSpec(r: ComplaintReview, lang: ReportLang): ChartSpec {
  const t = reportExtraMessages(lang);
  const base = reportMessages(lang);
  const bars = (title: string, values: { k: string; n: number }[]) => ({
    title,
    width: CHART_WIDTH / 3 - 30,
    height: PANEL_HEIGHT,
    data: { values },
    mark: "bar",
    encoding: {
      x: { field: "k", type: "nominal", title: null, sort: null, axis: { labelAngle: 0, labelLimit: 120 } },
      y: { field: "n", type: "quantitative", title: t.chart.count, axis: { tickMinStep: 1, format: "d" } },
    },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: t.review.title(r.period.fromDate, r.period.toDate).replace(/^\S+\s/, ""),
    config: CONFIG,
    hconcat: [
      bars(
        t.review.byKind,
        Object.entries(r.byKind).map(([k, n]) => ({ k: base.complaintKinds[k] ?? k, n })),
      ),
      bars(
        t.review.byRouting,
        Object.entries(r.byRouting).map(([k, n]) => ({ k: t.review.routing[k] ?? k, n })),
      ),
      bars(t.chart.replyOnTime, [
        { k: t.review.replyOnTime(r.reply.promiseHours), n: r.reply.onTime },
        { k: t.chart.late, n: r.reply.late },
        { k: t.review.notReplied, n: r.reply.notReplied },
      ]),
    ],
  };
}

/** Every text a chart spec will draw (titles, labels, legend entries): for coverage checks. */
export function chartTexts(spec: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown, key = "") => {
    if (typeof x === "string") {
      if (["title", "kind", "item", "k", "day"].includes(key)) out.push(x);
    } else if (Array.isArray(x)) x.forEach((y) => walk(y, key));
    else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) walk(v, k);
  };
  walk(spec);
  return out;
}
