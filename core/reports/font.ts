/**
 * The CJK font the charts are drawn with, and what the chart code needs from it: which
 * characters it has (cmap) and how wide each is (hmtx), read straight from the TrueType
 * file. The font is a subset of Noto Sans SC (SIL Open Font License 1.1) shipped in
 * assets/fonts/ (see the README there for how it was made): GB 2312, ASCII, CJK and
 * full-width punctuation, and every character of the desk's labels.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { fromRoot } from "../paths.ts";

/** The chart font file. */
export const CHART_FONT_PATH = fromRoot("assets", "fonts", "NotoSansSC-Regular-subset.ttf");
/** Its family name, as the SVG asks for it. */
export const CHART_FONT_FAMILY = "Noto Sans SC";

/** A TrueType font's character coverage and advance widths. */
export interface FontMetrics {
  unitsPerEm: number;
  /** code point → glyph id (0 = .notdef, i.e. missing) */
  glyph(codePoint: number): number;
  /** advance width of a glyph in font units */
  advance(glyphId: number): number;
  /** whether every character of `text` has a glyph (white space aside) */
  covers(text: string): boolean;
  /** the characters of `text` without a glyph */
  missing(text: string): string[];
  /** width of a one-line text at `fontSize` px */
  width(text: string, fontSize: number): number;
}

/**
 * Reads the cmap (formats 4 and 12), hhea, hmtx and head tables of a TrueType/OpenType font.
 *
 * @throws {Error} if the file is not a font with those tables.
 *
 * @example
 * ```ts
 * const font = readFontMetrics(readFileSync(CHART_FONT_PATH));
 * font.covers("投诉案件统计表"); // true
 * ```
 */
export function readFontMetrics(data: Uint8Array): FontMetrics {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tables = new Map<string, number>();
  const n = v.getUint16(4);
  for (let i = 0; i < n; i++) {
    const rec = 12 + i * 16;
    const tag = String.fromCharCode(v.getUint8(rec), v.getUint8(rec + 1), v.getUint8(rec + 2), v.getUint8(rec + 3));
    tables.set(tag, v.getUint32(rec + 8));
  }
  const need = (tag: string) => {
    const off = tables.get(tag);
    if (off === undefined) throw new Error(`font has no ${tag} table`);
    return off;
  };
  const unitsPerEm = v.getUint16(need("head") + 18);
  const numHMetrics = v.getUint16(need("hhea") + 34);
  const hmtx = need("hmtx");
  const map = new Map<number, number>();
  const cmap = need("cmap");
  const subtables = v.getUint16(cmap + 2);
  let best: number | null = null;
  let bestFormat = 0;
  for (let i = 0; i < subtables; i++) {
    const platform = v.getUint16(cmap + 4 + i * 8);
    const encoding = v.getUint16(cmap + 6 + i * 8);
    const off = cmap + v.getUint32(cmap + 8 + i * 8);
    const format = v.getUint16(off);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && (format === 12 || (format === 4 && bestFormat !== 12))) {
      best = off;
      bestFormat = format;
    }
  }
  if (best === null) throw new Error("font has no Unicode cmap");
  if (bestFormat === 12) {
    const groups = v.getUint32(best + 12);
    for (let g = 0; g < groups; g++) {
      const p = best + 16 + g * 12;
      const start = v.getUint32(p);
      const end = v.getUint32(p + 4);
      const gid = v.getUint32(p + 8);
      for (let c = start; c <= end; c++) map.set(c, gid + (c - start));
    }
  } else {
    const segX2 = v.getUint16(best + 6);
    const ends = best + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = v.getUint16(ends + s * 2);
      const start = v.getUint16(starts + s * 2);
      const delta = v.getInt16(deltas + s * 2);
      const rangeOff = v.getUint16(ranges + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let gid: number;
        if (rangeOff === 0) gid = (c + delta) & 0xffff;
        else {
          const raw = v.getUint16(ranges + s * 2 + rangeOff + (c - start) * 2);
          gid = raw === 0 ? 0 : (raw + delta) & 0xffff;
        }
        if (gid) map.set(c, gid);
      }
    }
  }
  const glyph = (cp: number) => map.get(cp) ?? 0;
  const advance = (gid: number) => v.getUint16(hmtx + Math.min(gid, numHMetrics - 1) * 4);
  const chars = (text: string) => [...text].filter((ch) => !/\s/.test(ch));
  return {
    unitsPerEm,
    glyph,
    advance,
    covers: (text) => chars(text).every((ch) => glyph(ch.codePointAt(0)!) !== 0),
    missing: (text) => [...new Set(chars(text).filter((ch) => glyph(ch.codePointAt(0)!) === 0))],
    width: (text, fontSize) => {
      let units = 0;
      for (const ch of text) units += advance(glyph(ch.codePointAt(0)!));
      return (units * fontSize) / unitsPerEm;
    },
  };
}

let cached: FontMetrics | undefined;
/** The chart font's metrics (read once). */
export function chartFontMetrics(): FontMetrics {
  cached ??= readFontMetrics(readFileSync(CHART_FONT_PATH));
  return cached;
}
