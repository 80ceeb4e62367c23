/**
 * The shop's records (customers, products, maintenance contracts): reading the files shops
 * keep, importing them, and exporting them in the same format.
 *
 * @example
 * ```ts
 * const file = readRecordFile("customers", bytes, { catalogue, vipTiers, today });
 * const result = await applyRecords(store, "customers", file.rows);
 * const csv = await exportRecords(store, "customers", { lang: "zh", catalogue });
 * ```
 */
export {
  COLUMNS,
  RECORD_KINDS,
  mapHeader,
  parseRecordDate,
  readRows,
  type ColumnLang,
  type ParsedRow,
  type RecordKind,
  type RowError,
} from "./columns.ts";
export { csvCell, decodeCsv, parseCsv, toCsv, unguardCell, type CsvEncoding } from "./csv.ts";
export { exportRecords } from "./export.ts";
export { IMPORT_CHUNK_ROWS, RecordFileError, addResults, applyRecords, readRecordFile, type ApplyResult, type ReadFile } from "./import.ts";
