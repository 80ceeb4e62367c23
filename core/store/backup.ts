/**
 * Backups of the embedded database: a copy of its data folder (a gzip'd tarball) taken by the
 * process that holds it, and the restore of such a copy into a data folder no desk is using.
 * PostgreSQL has its own tools (pg_dump / pg_restore, see docs/operations.md).
 *
 * @module
 */
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { DeskError } from "../errors.ts";

export type BackupErrorCode = "BACKUP_NOT_EMBEDDED" | "BACKUP_INVALID" | "RESTORE_FAILED";

/**
 * A backup or restore cannot be done; the message says why in one line.
 *
 * @example
 * ```ts
 * try { await restoreEmbedded("./data/pglite", bytes); }
 * catch (err) { if (err instanceof BackupError && err.code === "BACKUP_INVALID") console.error(err.message); }
 * ```
 */
export class BackupError extends DeskError<BackupErrorCode> {}

/** The first two bytes of a gzip stream: every backup starts with them. */
const GZIP_MAGIC = [0x1f, 0x8b];

/** What {@link restoreEmbedded} did. */
export interface RestoreOutcome {
  /** where the data folder that was there before now is (null when there was none) */
  previous: string | null;
}

/**
 * Takes a consistent copy of a running PGlite database: a checkpoint, then its data folder as
 * a gzip'd tarball, taken while no statement runs. A transaction that is open at that instant
 * is not in the copy (as after a crash, the restore rolls it back).
 *
 * @example
 * ```ts
 * const bytes = await dumpEmbedded(pglite);
 * writeFileSync("desk-2026-12-02.tgz", bytes);
 * ```
 */
export async function dumpEmbedded(client: {
  exec(sql: string): Promise<unknown>;
  dumpDataDir(c: "gzip"): Promise<Blob>;
}): Promise<Uint8Array> {
  await client.exec("CHECKPOINT");
  const blob = await client.dumpDataDir("gzip");
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * Restores a backup made by {@link dumpEmbedded} into `pgDataDir` (e.g. `./data/pglite`),
 * which no process may be using (the caller holds the data folder's lock). The folder that
 * was there is kept beside it as `<pgDataDir>.before-restore-<time>`; if the restore fails, it
 * is put back.
 *
 * @example
 * ```ts
 * const { previous } = await restoreEmbedded("./data/pglite", readFileSync("backup.tgz"));
 * ```
 */
export async function restoreEmbedded(pgDataDir: string, tarball: Uint8Array, now = new Date()): Promise<RestoreOutcome> {
  if (tarball.length < 2 || tarball[0] !== GZIP_MAGIC[0] || tarball[1] !== GZIP_MAGIC[1])
    throw new BackupError("BACKUP_INVALID", "not a desk backup (a gzip'd tarball made by `desk backup`)");
  let previous: string | null = null;
  if (existsSync(pgDataDir) && readdirSync(pgDataDir).length > 0) {
    previous = `${pgDataDir}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    renameSync(pgDataDir, previous);
  } else rmSync(pgDataDir, { recursive: true, force: true });
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const pg = new PGlite({ dataDir: pgDataDir, loadDataDir: new Blob([tarball as Uint8Array<ArrayBuffer>]) });
    await pg.waitReady;
    await pg.query("SELECT 1");
    await pg.close();
  } catch (err) {
    rmSync(pgDataDir, { recursive: true, force: true });
    if (previous) renameSync(previous, pgDataDir);
    throw new BackupError("RESTORE_FAILED", `the backup could not be restored: ${(err as Error).message}`, { cause: err });
  }
  return { previous };
}
