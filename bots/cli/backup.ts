/**
 * `desk backup FILE` and `desk restore FILE`: copies of the embedded database.
 *
 *   desk backup <file.tgz>     a consistent copy, taken while the desk runs (through its local
 *                              admin API, `POST /admin/backup`) or, with no desk running, directly
 *   desk restore <file.tgz>    into DESK_DATA_DIR, which no desk may be using; the folder that was
 *                              there is kept beside it (pglite.before-restore-<time>)
 *
 * With PostgreSQL, pg_dump and pg_restore do this (docs/operations.md).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { BackupError, Store, dbTargetOf, restoreEmbedded } from "../../core/store/index.ts";
import { DataDirLockedError, acquireLock, readLock } from "../../core/store/lock.ts";

type Remote = { port: number; token: string };

export const BACKUP_ADMIN_PATH = "/admin/backup";

export const BACKUP_USAGE = `  desk backup <file.tgz>              a consistent copy of the embedded database, also while the desk runs
  desk restore <file.tgz>             restores a backup into DESK_DATA_DIR (stop the desk first); the folder
                                      that was there is kept beside it. PostgreSQL: pg_dump / pg_restore`;

/** What `run` in main.ts lends the backup commands. */
export interface BackupCliDeps {
  out: (text: string) => void;
  err: (text: string) => void;
  fail: (message: string) => Error;
  config: { databaseUrl?: string; dataDir: string };
  withDesk: <T>(local: (store: Store) => Promise<T>, remote: (desk: Remote) => Promise<T>) => Promise<T>;
  /** the running desk's answer as bytes */
  callDeskBytes: (desk: Remote, path: string, body: unknown) => Promise<Buffer>;
}

const PG_HINT = "the desk uses PostgreSQL (DATABASE_URL): back it up with pg_dump and restore with pg_restore (see docs/operations.md)";

/**
 * `desk backup FILE`: writes the copy to FILE (through a temporary file, so FILE is either
 * the old one or a whole new copy).
 *
 * @example
 * ```ts
 * await runBackup(["backup-2026-12-02.tgz"], deps); // stdout: {"file":"…","bytes":4565502,"via":"desk"}
 * ```
 */
export async function runBackup(args: string[], deps: BackupCliDeps): Promise<number> {
  const file = args[0];
  if (!file) throw deps.fail(`missing <file.tgz>\n${BACKUP_USAGE}`);
  if (deps.config.databaseUrl) throw deps.fail(PG_HINT);
  let via = "direct";
  const bytes = await deps.withDesk(
    async (store) => Buffer.from(await store.backup()),
    (desk) => {
      via = "desk";
      return deps.callDeskBytes(desk, BACKUP_ADMIN_PATH, {});
    },
  );
  const abs = resolve(file);
  const tmp = `${abs}.partial`;
  writeFileSync(tmp, bytes, { mode: 0o600 });
  renameSync(tmp, abs);
  deps.err(
    `backup written to ${abs} (${(bytes.length / 1024 / 1024).toFixed(1)} MB${via === "desk" ? ", taken by the running desk" : ""})\n`,
  );
  deps.out(JSON.stringify({ file: abs, bytes: bytes.length, via }) + "\n");
  return 0;
}

/**
 * `desk restore FILE`: refuses while a desk (or another desk command) holds the data folder;
 * otherwise restores, applies the migrations this version of the desk has, and counts what
 * is there.
 *
 * @example
 * ```ts
 * await runRestore(["backup-2026-12-02.tgz"], deps); // stdout: {"tickets":152,"customers":31,…}
 * ```
 */
export async function runRestore(args: string[], deps: BackupCliDeps): Promise<number> {
  const file = args[0];
  if (!file) throw deps.fail(`missing <file.tgz>\n${BACKUP_USAGE}`);
  if (deps.config.databaseUrl) throw deps.fail(PG_HINT);
  if (!existsSync(file)) throw deps.fail(`${file} does not exist`);
  const { dataDir } = deps.config;
  const holder = readLock(dataDir);
  if (holder)
    throw deps.fail(
      holder.owner === "desk"
        ? `a running desk (pid ${holder.pid}) holds ${dataDir}: stop it first, then restore`
        : `another desk command (pid ${holder.pid}) is using ${dataDir}; try again when it has finished`,
    );
  let lock;
  try {
    lock = acquireLock(dataDir, "cli");
  } catch (err) {
    if (err instanceof DataDirLockedError) throw deps.fail(err.message);
    throw err;
  }
  try {
    const target = dbTargetOf({ dataDir });
    let previous: string | null;
    try {
      ({ previous } = await restoreEmbedded((target as { dataDir: string }).dataDir, readFileSync(file)));
    } catch (err) {
      if (err instanceof BackupError) throw deps.fail(`${file}: ${err.message}`);
      throw err;
    }
    const store = await Store.open(target);
    try {
      const [counts] = await store.sql.query<{ tickets: number; customers: number }>(
        `SELECT (SELECT count(*)::int FROM "Ticket") AS tickets, (SELECT count(*)::int FROM "Customer") AS customers`,
      );
      if (!counts) throw deps.fail(`${file}: restored into ${dataDir}, but the row counts could not be read`);
      const migrationsApplied = store.appliedMigrations;
      deps.err(
        `restored ${file} into ${dataDir}: ${counts.tickets} tickets, ${counts.customers} customers` +
          (migrationsApplied.length ? `; migrations applied: ${migrationsApplied.join(", ")}` : "") +
          (previous ? `; the data that was there is kept in ${previous}` : "") +
          "\n",
      );
      deps.out(JSON.stringify({ file: resolve(file), dataDir, ...counts, migrationsApplied, previous }) + "\n");
    } finally {
      await store.close();
    }
    return 0;
  } finally {
    lock.release();
  }
}
