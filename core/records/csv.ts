/**
 * CSV as shops save it: decoding (UTF-8 with or without a byte order mark, UTF-16 with one,
 * GB18030 as Excel writes it in China), RFC 4180 parsing with the physical line of each
 * record (quoted fields may span lines), the delimiter Excel used (comma, semicolon or tab),
 * and writing cells that a spreadsheet will show as text, never run as a formula.
 */

import { guardFormula, unguardFormula } from "../csv-guard.ts";

export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

/** One record of a CSV file: the line it starts on (1-based) and its cells. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Delimiters a spreadsheet may have saved with, in order of preference. */
const DELIMITERS = [",", ";", "\t"] as const;

/**
 * Decodes a file's bytes: a byte order mark decides; else UTF-8 if the bytes are valid
 * UTF-8, else GB18030 (which includes GBK and GB2312).
 *
 * @example
 * ```ts
 * decodeCsv(readFileSync("customers.csv")); // { text: "姓名,电话\n…", encoding: "gb18030" }
 * ```
 */
export function decodeCsv(bytes: Uint8Array, encoding?: CsvEncoding): { text: string; encoding: CsvEncoding } {
  const has = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  let chosen: CsvEncoding | undefined = encoding;
  let start = 0;
  if (!chosen && has(0xef, 0xbb, 0xbf)) [chosen, start] = ["utf-8", 3];
  else if (!chosen && has(0xff, 0xfe)) [chosen, start] = ["utf-16le", 2];
  else if (!chosen && has(0xfe, 0xff)) [chosen, start] = ["utf-16be", 2];
  const body = bytes.subarray(start);
  if (chosen) return { text: stripBom(new TextDecoder(chosen).decode(body)), encoding: chosen };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(body), encoding: "gb18030" };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The delimiter of the first line (outside quotes): the most frequent of comma, semicolon and tab. */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = DELIMITERS[0];
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/**
 * Parses CSV text (RFC 4180: quoted fields with `""` for a quote, line breaks inside quotes;
 * CRLF, LF or CR line ends). Blank lines are skipped. Each record carries the line it starts on.
 *
 * @example
 * ```ts
 * parseCsv('姓名,电话\r\n"王, 小明",13800138000\r\n'); // [{ line: 1, cells: ["姓名","电话"] }, { line: 2, cells: ["王, 小明","13800138000"] }]
 * ```
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvRecord[] {
  const out: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let touched = false;
  const endRecord = () => {
    cells.push(cell);
    if (touched || cells.length > 1 || cell !== "") out.push({ line: recordLine, cells });
    cells = [];
    cell = "";
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      touched = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = "";
      touched = true;
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (cell !== "" || cells.length || touched) endRecord();
  return out;
}

/**
 * One CSV cell, safe to open in a spreadsheet: a value that would start a formula (`=`, `+`,
 * `-`, `@`, a tab or a carriage return first, other than a plain number) gets a leading
 * apostrophe ({@link guardFormula}), which spreadsheets show as text; then RFC 4180 quoting when it holds a delimiter, a quote or a line break.
 * {@link unguardCell} undoes the apostrophe when the file is read back.
 *
 * @example
 * ```ts
 * csvCell('=HYPERLINK("http://x")'); // "'=HYPERLINK(""http://x"")" quoted
 * csvCell("+8613800138000");         // "'+8613800138000"
 * ```
 */
export function csvCell(value: string | number | null | undefined): string {
  const s = guardFormula(value === null || value === undefined ? "" : String(value));
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A cell as read back: the guard apostrophe of {@link csvCell} removed. */
export function unguardCell(value: string): string {
  return unguardFormula(value);
}

/**
 * A whole CSV file for spreadsheets: UTF-8 byte order mark (Excel then reads Chinese right),
 * CRLF line ends, every cell through {@link csvCell}.
 *
 * @example
 * ```ts
 * writeFileSync("out.csv", toCsv([["姓名", "电话"], ["王小明", "13800138000"]]));
 * ```
 */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
