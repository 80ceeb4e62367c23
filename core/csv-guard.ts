/**
 * The one guard against spreadsheet formula injection, for every CSV the desk writes (the
 * reports' exports and the shop's records): a cell a spreadsheet would run as a formula, or
 * read as a control (first character `=`, `+`, `-`, `@`, a tab or a carriage return), is
 * shown as text by a leading apostrophe. A plain number (`-12.50`) is left as it is: a
 * spreadsheet reads it as the number it is, and nothing runs.
 */

/** First characters that make a spreadsheet read a cell as a formula (or a control). */
export const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The cell's text, safe to open in a spreadsheet (quoting for the delimiter is the writer's job).
 *
 * @example
 * ```ts
 * guardFormula('=HYPERLINK("http://x")'); // "'=HYPERLINK(\"http://x\")"
 * guardFormula("+8613800138000");         // "'+8613800138000"
 * guardFormula("-12.50");                 // "-12.50"
 * ```
 */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/**
 * A cell as read back: the apostrophe {@link guardFormula} added, removed.
 *
 * @example
 * ```ts
 * unguardFormula("'=1+1"); // "=1+1"
 * unguardFormula("'tis");  // "'tis"
 * ```
 */
export function unguardFormula(value: string): string {
  return value.length > 1 && value[0] === "'" && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
