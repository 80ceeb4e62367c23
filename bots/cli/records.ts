/**
 * `desk import …` and `desk export …`: the shop's customers, products and maintenance
 * contracts from and to CSV files.
 *
 *   desk import customers|products|contracts FILE.csv [--dry-run] [--encoding utf-8|gb18030]
 *   desk export customers|products|contracts [--out FILE] [--lang zh|en]
 *
 * The file is read and checked here; its good rows are upserted in chunks, directly in the
 * database or, while a desk holds the embedded database, through the desk's local admin API
 * (`POST /admin/records/import`, `/admin/records/export`, {@link recordsAdmin}). Refused rows
 * are listed on stderr with their line, column and reason; the exit code is 0 when every
 * row imported, 1 when some were refused (the rest imported), 2 on a usage error.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { Catalogue } from "../../core/catalogue/index.ts";
import { localDate } from "../../core/domain/date.ts";
import {
  IMPORT_CHUNK_ROWS,
  RECORD_KINDS,
  RecordFileError,
  addResults,
  applyRecords,
  exportRecords,
  parseCsv,
  readRecordFile,
  type ApplyResult,
  type CsvEncoding,
  type ParsedRow,
  type RecordKind,
} from "../../core/records/index.ts";
import type { Store } from "../../core/store/index.ts";

type Remote = { port: number; token: string };

/** What `run` in main.ts lends the records commands. */
export interface RecordsCliDeps {
  out: (text: string) => void;
  err: (text: string) => void;
  /** a progress bar goes here (stderr, when it is a terminal) */
  progress?: (text: string) => void;
  withDesk: <T>(local: (store: Store) => Promise<T>, remote: (desk: Remote) => Promise<T>) => Promise<T>;
  callDesk: <T>(desk: Remote, path: string, body: unknown) => Promise<T>;
  /** Makes the CLI's usage error (exit code 2). */
  fail: (message: string) => Error;
  catalogue: Catalogue;
  vipTiers: readonly string[];
  timeZone: string;
  now: Date;
  /** after a real import: the desk looks for reminders the new records make due */
  afterImport?: (store: Store) => Promise<void>;
}

export const RECORDS_USAGE = `  desk import customers|products|contracts <file.csv> [--dry-run] [--encoding utf-8|gb18030]
                                      UTF-8 (with or without BOM) or GB18030; headers in zh or en, any order
  desk export customers|products|contracts [--out <file.csv>] [--lang zh|en]`;

export const RECORDS_IMPORT_PATH = "/admin/records/import";
export const RECORDS_EXPORT_PATH = "/admin/records/export";

/** Files with at least this many rows show a progress bar. */
const PROGRESS_MIN_ROWS = 2 * IMPORT_CHUNK_ROWS;
const PROGRESS_WIDTH = 30;

function bar(done: number, total: number): string {
  const filled = Math.round((done / total) * PROGRESS_WIDTH);
  return `\r[${"█".repeat(filled)}${"░".repeat(PROGRESS_WIDTH - filled)}] ${Math.floor((done / total) * 100)}% ${done}/${total} rows`;
}

function kindOf(word: string | undefined, deps: RecordsCliDeps): RecordKind {
  if (!word || !(RECORD_KINDS as readonly string[]).includes(word))
    throw deps.fail(`say which records: ${RECORD_KINDS.join(", ")}\nusage:\n${RECORDS_USAGE}`);
  return word as RecordKind;
}

/** Body of `POST /admin/records/import` and `/export`. */
export interface RecordsAdminRequest {
  kind: RecordKind;
  rows?: ParsedRow[];
  dryRun?: boolean;
  /** the file's last chunk: the desk then looks for newly due reminders */
  last?: boolean;
  lang?: "zh" | "en";
}

/**
 * Answers the CLI's records requests on a running desk's store.
 *
 * @example
 * ```ts
 * http.route("POST", RECORDS_IMPORT_PATH, (req) => admin(req, (body) => recordsAdmin(store, "import", body, { catalogue })));
 * ```
 */
export async function recordsAdmin(
  store: Store,
  op: "import" | "export",
  body: Record<string, unknown>,
  opts: { catalogue: Catalogue; afterImport?: (store: Store) => Promise<void> },
): Promise<ApplyResult | { csv: string } | { error: string }> {
  const req = body as unknown as RecordsAdminRequest;
  if (!(RECORD_KINDS as readonly string[]).includes(req.kind)) return { error: `unknown records kind ${String(req.kind)}` };
  if (op === "export")
    return { csv: await exportRecords(store, req.kind, { lang: req.lang === "en" ? "en" : "zh", catalogue: opts.catalogue }) };
  const result = await applyRecords(store, req.kind, Array.isArray(req.rows) ? req.rows : [], { dryRun: !!req.dryRun });
  if (req.last && !req.dryRun) await opts.afterImport?.(store);
  return result;
}

/** `desk import <kind> <file>` */
export async function runImport(args: string[], flags: Record<string, string | boolean>, deps: RecordsCliDeps): Promise<number> {
  const kind = kindOf(args[0], deps);
  const file = args[1];
  if (!file) throw deps.fail(`missing <file.csv>\nusage:\n${RECORDS_USAGE}`);
  if (!existsSync(file) || !statSync(file).isFile()) throw deps.fail(`${file} is not a file`);
  const enc = flags.encoding;
  if (enc !== undefined && enc !== "utf-8" && enc !== "utf8" && enc !== "gb18030" && enc !== "gbk")
    throw deps.fail(`--encoding must be utf-8 or gb18030`);
  const encoding: CsvEncoding | undefined = enc === undefined ? undefined : enc === "gb18030" || enc === "gbk" ? "gb18030" : "utf-8";
  const dryRun = Boolean(flags["dry-run"]);
  let read;
  try {
    read = readRecordFile(kind, readFileSync(file), {
      catalogue: deps.catalogue,
      vipTiers: deps.vipTiers,
      today: localDate(deps.now, deps.timeZone),
      ...(encoding ? { encoding } : {}),
    });
  } catch (e) {
    if (e instanceof RecordFileError) throw deps.fail(`${file}: ${e.message}`);
    throw e;
  }
  const chunks: ParsedRow[][] = [];
  for (let i = 0; i < read.rows.length; i += IMPORT_CHUNK_ROWS) chunks.push(read.rows.slice(i, i + IMPORT_CHUNK_ROWS));
  const progress = read.total >= PROGRESS_MIN_ROWS ? deps.progress : undefined;
  const empty: ApplyResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const applied = await deps.withDesk(
    async (store) => {
      let total = empty;
      for (const [i, chunk] of chunks.entries()) {
        total = addResults(total, await applyRecords(store, kind, chunk, { dryRun }));
        progress?.(bar(Math.min(read.total, (i + 1) * IMPORT_CHUNK_ROWS), read.total));
      }
      if (!dryRun) await deps.afterImport?.(store);
      return total;
    },
    async (desk) => {
      let total = empty;
      const parts = chunks.length ? chunks : [[]];
      for (const [i, chunk] of parts.entries()) {
        const body: RecordsAdminRequest = { kind, rows: chunk, dryRun, last: i === parts.length - 1 };
        total = addResults(total, await deps.callDesk<ApplyResult>(desk, RECORDS_IMPORT_PATH, body));
        progress?.(bar(Math.min(read.total, (i + 1) * IMPORT_CHUNK_ROWS), read.total));
      }
      return total;
    },
  );
  if (progress) progress("\n");
  const errors = [...read.errors, ...applied.errors].sort((a, b) => a.line - b.line);
  for (const e of errors) deps.err(`✖ line ${e.line}, ${e.column}: ${e.reason}\n`);
  if (read.ignored.length) deps.err(`ⓘ columns ignored: ${read.ignored.join(", ")}\n`);
  const refusedLines = new Set(errors.map((e) => e.line)).size;
  deps.err(
    `${dryRun ? "dry run (nothing saved): would import" : "imported"} ${kind} from ${file} (${read.encoding}): ${read.total} rows — ${applied.created} new, ${applied.updated} updated, ${applied.unchanged} unchanged, ${refusedLines} refused\n`,
  );
  const report = {
    kind,
    file,
    encoding: read.encoding,
    dryRun,
    rows: read.total,
    created: applied.created,
    updated: applied.updated,
    unchanged: applied.unchanged,
    refused: refusedLines,
    errors,
    ignoredColumns: read.ignored,
  };
  deps.out(JSON.stringify(report) + "\n");
  return errors.length ? 1 : 0;
}

/** `desk export <kind>` */
export async function runExport(args: string[], flags: Record<string, string | boolean>, deps: RecordsCliDeps): Promise<number> {
  const kind = kindOf(args[0], deps);
  if (flags.lang !== undefined && flags.lang !== "zh" && flags.lang !== "en") throw deps.fail(`--lang must be zh or en`);
  if (flags.out === true) throw deps.fail(`--out needs a file name`);
  const lang = flags.lang === "en" ? "en" : "zh";
  const csv = await deps.withDesk(
    (store) => exportRecords(store, kind, { lang, catalogue: deps.catalogue }),
    async (desk) => (await deps.callDesk<{ csv: string }>(desk, RECORDS_EXPORT_PATH, { kind, lang })).csv,
  );
  const rows = parseCsv(csv).length - 1;
  if (typeof flags.out === "string") {
    writeFileSync(flags.out, csv);
    deps.err(`exported ${rows} ${kind} to ${flags.out}\n`);
  } else {
    deps.out(csv);
    deps.err(`exported ${rows} ${kind}\n`);
  }
  return 0;
}
