/**
 * Importing the shop's records: a file is read (any of the encodings Excel saves, headers
 * in zh or en in any order), each row is checked on its own, and the good rows are upserted
 * in chunks (by phone, by serial number or phone + category + model, by contract number),
 * so a re-import changes nothing and a bad row never stops the others.
 */
import type { Catalogue } from "../catalogue/index.ts";
import { DeskError } from "../errors.ts";
import type { Store, UpsertOutcome } from "../store/index.ts";
import {
  mapHeader,
  readRows,
  type ContractRecord,
  type CustomerRecord,
  type ParsedRow,
  type ProductRecord,
  type RecordKind,
  type RowError,
} from "./columns.ts";
import { decodeCsv, parseCsv, type CsvEncoding } from "./csv.ts";

/** Rows upserted in one transaction. */
export const IMPORT_CHUNK_ROWS = 500;

export type RecordFileErrorCode = "RECORDS_EMPTY" | "RECORDS_COLUMNS";

/** A file that cannot be imported at all (no rows, or a required column missing). */
export class RecordFileError extends DeskError<RecordFileErrorCode> {}

/** A file read and checked, ready to upsert. */
export interface ReadFile {
  kind: RecordKind;
  encoding: CsvEncoding;
  /** data rows in the file (header excluded) */
  total: number;
  rows: ParsedRow[];
  errors: RowError[];
  /** columns of the file the desk does not know (ignored) */
  ignored: string[];
}

/**
 * Reads a records file: decodes it, maps its header, checks every row.
 *
 * @example
 * ```ts
 * const file = readRecordFile("customers", readFileSync("客户.csv"), { catalogue, vipTiers: ["vip"], today: "2026-11-24" });
 * file.errors; // [{ line: 7, column: "电话", reason: "\"12345\" is not a phone number …" }]
 * ```
 */
export function readRecordFile(
  kind: RecordKind,
  bytes: Uint8Array,
  ctx: { catalogue: Catalogue; vipTiers: readonly string[]; today: string; encoding?: CsvEncoding },
): ReadFile {
  const { text, encoding } = decodeCsv(bytes, ctx.encoding);
  const records = parseCsv(text);
  if (!records.length) throw new RecordFileError("RECORDS_EMPTY", "the file is empty (a header line and one row per record are expected)");
  const [head, ...data] = records;
  const map = mapHeader(kind, head!.cells);
  if (map.missing.length)
    throw new RecordFileError(
      "RECORDS_COLUMNS",
      `line ${head!.line}: the header lacks the column(s) ${map.missing.join(", ")} (found: ${head!.cells.map((c) => c.trim()).join(", ") || "nothing"})`,
    );
  const { rows, errors } = readRows(kind, data, map, { ...ctx, header: head!.cells });
  return { kind, encoding, total: data.length, rows, errors, ignored: map.ignored };
}

/** What upserting some rows did. */
export interface ApplyResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
}

/** Rolls a dry run's transaction back, carrying what it would have done. */
class DryRun extends DeskError<"DRY_RUN"> {
  constructor(readonly result: ApplyResult) {
    super("DRY_RUN", "dry run");
  }
}

const PHONE_COLUMN = "电话/phone";
const noFile = (phone: string) => `no customer file has the phone ${phone}: import the customers first`;

/**
 * Upserts checked rows in one transaction (a dry run rolls it back and reports what would
 * have happened). A row whose customer is unknown is refused with its line.
 *
 * @example
 * ```ts
 * for (const chunk of chunks(file.rows, IMPORT_CHUNK_ROWS)) total = add(total, await applyRecords(store, "products", chunk, { dryRun: false }));
 * ```
 */
export async function applyRecords(
  store: Store,
  kind: RecordKind,
  rows: readonly ParsedRow[],
  opts: { dryRun?: boolean } = {},
): Promise<ApplyResult> {
  try {
    return await store.tx(async (tx) => {
      const result: ApplyResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
      const count = (o: UpsertOutcome) => void result[o]++;
      for (const { line, record } of rows) {
        if (kind === "customers") {
          const r = record as CustomerRecord;
          count((await tx.records.upsertCustomer(r)).outcome);
          continue;
        }
        const r = record as ProductRecord | ContractRecord;
        const owner = await tx.records.fileByPhone(r.phone);
        if (!owner) {
          result.errors.push({ line, column: PHONE_COLUMN, reason: noFile(r.phone) });
          continue;
        }
        if (kind === "products") {
          const p = r as ProductRecord;
          const { outcome } = await tx.records.upsertProduct({
            customerId: owner.id,
            category: p.category,
            model: p.model,
            serialNo: p.serial,
            purchaseDate: day(p.purchaseDate),
            installDate: day(p.installDate),
            lastConsumableChange: day(p.lastConsumableChange),
          });
          count(outcome);
        } else {
          const c = r as ContractRecord;
          const { outcome } = await tx.records.upsertContract({
            number: c.number,
            customerId: owner.id,
            category: c.category,
            model: c.model,
            startsOn: day(c.startsOn)!,
            endsOn: day(c.endsOn)!,
          });
          count(outcome);
        }
      }
      if (opts.dryRun) throw new DryRun(result);
      return result;
    });
  } catch (err) {
    if (err instanceof DryRun) return err.result;
    throw err;
  }
}

function day(iso: string | undefined): Date | undefined {
  return iso ? new Date(`${iso}T00:00:00Z`) : undefined;
}

/** Sums chunk results. */
export function addResults(a: ApplyResult, b: ApplyResult): ApplyResult {
  return {
    created: a.created + b.created,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
    errors: [...a.errors, ...b.errors],
  };
}
