/**
 * Applies prisma/migrations/<name>/migration.sql in order, recording them in Prisma
 * Migrate's own bookkeeping table `_prisma_migrations`, so `prisma migrate deploy` and the
 * desk agree on what has been applied. Two desks starting at once are serialised by the
 * same advisory lock id Prisma Migrate uses.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SqlRunner } from "./db.ts";
import { fromRoot } from "../paths.ts";

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** The advisory lock key Prisma Migrate takes (72707369). */
const PRISMA_MIGRATE_LOCK = 72707369;

export const DEFAULT_MIGRATIONS_DIR = fromRoot("prisma", "migrations");

const BOOKKEEPING_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies every migration not yet recorded as finished.
 *
 * @example
 * ```ts
 * const report = await applyMigrations(sqlRunner);
 * console.log(report.applied); // ["20261122000000_init"] on a new database
 * ```
 */
export async function applyMigrations(sql: SqlRunner, dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationReport> {
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
        .map((d) => d.name)
        .sort()
    : [];
  return sql.session(async (conn) => {
    await conn.query(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_LOCK})`);
    try {
      await conn.exec(BOOKKEEPING_DDL);
      const rows = await conn.query<Row>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
      const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
      if (failed) {
        throw new Error(
          `migration ${failed.migration_name} failed earlier and is not marked rolled back; fix the database, then run \`npx prisma migrate resolve\` or delete its row from _prisma_migrations`,
        );
      }
      const done = new Set(rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name));
      const applied: string[] = [];
      for (const name of names) {
        if (done.has(name)) continue;
        const script = readFileSync(join(dir, name, "migration.sql"), "utf8");
        const checksum = createHash("sha256").update(script).digest("hex");
        const id = randomUUID();
        await conn.exec("BEGIN");
        try {
          await conn.exec(script);
          await conn.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [id, checksum, name],
          );
          await conn.exec("COMMIT");
        } catch (err) {
          await conn.exec("ROLLBACK").catch(() => {});
          throw new Error(`${name}: ${(err as Error).message}`);
        }
        applied.push(name);
      }
      return { applied, alreadyApplied: done.size };
    } finally {
      await conn.query(`SELECT pg_advisory_unlock(${PRISMA_MIGRATE_LOCK})`).catch(() => {});
    }
  });
}
