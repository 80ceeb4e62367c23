/**
 * Draws a chart on the server, without a browser: Vega-Lite → Vega → SVG (vega's headless
 * renderer), then SVG → PNG with resvg (a Rust renderer shipped as an npm package with its
 * binary). Text is drawn with the shipped CJK font only (font.ts; system fonts are not
 * loaded), and measured with that font's own advance widths, so labels are laid out and
 * rendered identically on every machine. The renderer modules are loaded on first use.
 *
 * @module
 */
import { ReportError } from "./errors.ts";
import { reviewChartSpec, summaryChartSpec, type ChartSpec } from "./chart.ts";
import type { ComplaintReview } from "./complaints.ts";
import type { ReportLang } from "./render.ts";
import type { ReportSource, Summary } from "./summary.ts";
import { CHART_FONT_FAMILY, CHART_FONT_PATH, chartFontMetrics } from "./font.ts";

/** The PNG is drawn at this multiple of the chart's CSS pixels (sharp on phones). */
export const CHART_ZOOM = 2;

/** A rendered chart. */
export interface ChartImage {
  png: Uint8Array;
  width: number;
  height: number;
}

type Modules = { vega: typeof import("vega"); vl: typeof import("vega-lite"); Resvg: typeof import("@resvg/resvg-js").Resvg };
let modules: Promise<Modules> | undefined;

async function load(): Promise<Modules> {
  modules ??= (async () => {
    const [vega, vl, resvg] = await Promise.all([import("vega"), import("vega-lite"), import("@resvg/resvg-js")]);
    const font = chartFontMetrics();
    // lay text out with the font it is drawn in (vega's default without a canvas is a rough estimate)
    // (vega exports textMetrics at run time; its type declarations do not list it)
    (vega as unknown as { textMetrics: { width: (item: { fontSize?: number }, text: unknown) => number } }).textMetrics.width = (
      item,
      text,
    ) => {
      const size = item.fontSize ?? 11;
      const lines = Array.isArray(text) ? text : [text];
      return Math.max(0, ...lines.map((l) => font.width(String(l ?? ""), size)));
    };
    return { vega, vl, Resvg: resvg.Resvg };
  })();
  return modules;
}

/**
 * Renders a Vega-Lite spec to SVG text (fonts not embedded: the PNG step draws them).
 *
 * @throws {ReportError} `REPORT_CHART_FAILED` if the spec cannot be compiled or drawn.
 */
export async function renderChartSvg(spec: ChartSpec): Promise<string> {
  const { vega, vl } = await load();
  try {
    const compiled = vl.compile(spec as never).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none" });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  } catch (err) {
    throw new ReportError("REPORT_CHART_FAILED", `chart: ${(err as Error).message}`);
  }
}

/**
 * Renders SVG to PNG with only the shipped CJK font.
 *
 * @throws {ReportError} `REPORT_CHART_FAILED` if resvg fails (or its binary is missing).
 */
export async function svgToPng(svg: string, zoom = CHART_ZOOM): Promise<ChartImage> {
  const { Resvg } = await load();
  try {
    const r = new Resvg(svg, {
      font: {
        fontFiles: [CHART_FONT_PATH],
        loadSystemFonts: false,
        defaultFontFamily: CHART_FONT_FAMILY,
        sansSerifFamily: CHART_FONT_FAMILY,
      },
      fitTo: { mode: "zoom", value: zoom },
      background: "white",
    });
    const img = r.render();
    return { png: new Uint8Array(img.asPng()), width: img.width, height: img.height };
  } catch (err) {
    throw new ReportError("REPORT_CHART_FAILED", `chart: ${(err as Error).message}`);
  }
}

/**
 * A Vega-Lite spec as a PNG.
 *
 * @throws {ReportError} `REPORT_CHART_FAILED`.
 *
 * @example
 * ```ts
 * const { png } = await renderChartPng(summaryChartSpec(summary, series, "zh-CN"));
 * writeFileSync("summary.png", png);
 * ```
 */
export async function renderChartPng(spec: ChartSpec): Promise<ChartImage> {
  return svgToPng(await renderChartSvg(spec));
}

/**
 * The summary's chart as PNG bytes: reads the period's daily points and draws
 * {@link summaryChartSpec}. For `/desk summary` (attach with `files.uploadV2`) and the CLI's
 * `--png`.
 *
 * @throws {ReportError} `REPORT_CHART_FAILED`.
 *
 * @example
 * ```ts
 * const png = await summaryChartPng(store, summary, "zh-CN");
 * await outboxPoster(now).post(s, channel, card, [{ filename: "summary.png", content: png }]);
 * ```
 */
export async function summaryChartPng(store: ReportSource, summary: Summary, lang: ReportLang): Promise<Uint8Array> {
  const series = await store.reports.dailySeries(
    { from: new Date(summary.period.from), to: new Date(summary.period.to) },
    summary.period.timeZone,
  );
  return (await renderChartPng(summaryChartSpec(summary, series, lang))).png;
}

/**
 * The complaint review's chart as PNG bytes ({@link reviewChartSpec}); the `reviewChart` of
 * the monthly report job.
 *
 * @throws {ReportError} `REPORT_CHART_FAILED`.
 */
export async function complaintReviewPng(review: ComplaintReview, lang: ReportLang): Promise<Uint8Array> {
  return (await renderChartPng(reviewChartSpec(review, lang))).png;
}
