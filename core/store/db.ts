/**
 * Opening the database: embedded PGlite (default) or PostgreSQL, both through Prisma 7
 * driver adapters. This folder (core/store) is the only place that imports Prisma.
 */
import { mkdirSync } from "node:fs";
import type pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, type MigrationReport } from "./migrate.ts";
import { DeskError } from "../errors.ts";
import { dumpEmbedded } from "./backup.ts";
import { initInWorker } from "./pglite-init.ts";

/** Where the data lives. */
export type DbTarget =
  { kind: "pglite"; dataDir?: string /* undefined = in memory */ } | { kind: "postgres"; url: string; schema?: string };

/** Runs plain SQL scripts (several statements) on the underlying driver. */
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` on one dedicated connection (for session-level locks and transactions). */
  session<T>(fn: (conn: SqlRunner) => Promise<T>): Promise<T>;
}

/**
 * The database a configuration points at: PostgreSQL with a URL, else the embedded database
 * in `<dataDir>/pglite`. (bots/desk.ts `dbTarget` says the same; a light module, so the CLI
 * need not load the desk.)
 *
 * @example
 * ```ts
 * const store = await Store.open(dbTargetOf(config));
 * ```
 */
export function dbTargetOf(c: { databaseUrl?: string; dataDir: string }): DbTarget {
  return c.databaseUrl ? { kind: "postgres", url: c.databaseUrl } : { kind: "pglite", dataDir: `${c.dataDir}/pglite` };
}

/**
 * PostgreSQL settings for the embedded database, which serves one process: PGlite's default
 * of 128 MB of shared buffers (PostgreSQL's server default) is most of an idle desk's memory,
 * and a shop's whole database fits in a fraction of it (the OS caches the files as well).
 */
export const PGLITE_SETTINGS: readonly string[] = ["-c", "shared_buffers=16MB", "-c", "max_connections=5"];

export interface Db {
  prisma: PrismaClient;
  sql: SqlRunner;
  target: DbTarget;
  migrations: MigrationReport;
  /** A consistent copy of the embedded database (null on PostgreSQL: use pg_dump). */
  backup: (() => Promise<Uint8Array>) | null;
  close(): Promise<void>;
}

export type DbErrorCode = "DB_UNREACHABLE" | "DB_MIGRATION_FAILED" | "DB_BAD_URL";

/**
 * The database cannot be opened or migrated; `cause` holds the driver's error.
 *
 * @example
 * ```ts
 * try { await openDb(target); }
 * catch (err) { if (err instanceof DbError && err.code === "DB_UNREACHABLE") console.error(err.message); }
 * ```
 */
export class DbError extends DeskError<DbErrorCode> {}

/**
 * Opens the database, applies pending migrations, and returns a ready Prisma client.
 *
 * @example
 * ```ts
 * const db = await openDb({ kind: "pglite", dataDir: "./data/pglite" });
 * const n = await db.prisma.ticket.count();
 * await db.close();
 * ```
 */
export async function openDb(target: DbTarget, opts: { migrationsDir?: string } = {}): Promise<Db> {
  if (target.kind === "pglite") {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    // loaded only for the embedded database: PGlite's module alone is tens of MB of memory,
    // which a CLI run on PostgreSQL does not need to pay
    const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import("@electric-sql/pglite"), import("pglite-prisma-adapter")]);
    if (target.dataDir) await initInWorker(target.dataDir);
    const client = new PGlite({ dataDir: target.dataDir, startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
    await client.waitReady;
    const sql: SqlRunner = {
      async exec(text) {
        await client.exec(text);
      },
      async query(text, params) {
        const r = await client.query(text, params as any[]);
        return r.rows as any[];
      },
      session(fn) {
        return fn(sql);
      },
    };
    const migrations = await runMigrations(sql, opts.migrationsDir);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
    return {
      prisma,
      sql,
      target,
      migrations,
      backup: () => dumpEmbedded(client),
      async close() {
        await prisma.$disconnect();
        await client.close();
      },
    };
  }

  if (!/^postgres(ql)?:\/\//.test(target.url)) {
    throw new DbError("DB_BAD_URL", "DATABASE_URL must start with postgresql://");
  }
  // loaded only for PostgreSQL, as PGlite only for the embedded database
  const [{ default: pgModule }, { PrismaPg }] = await Promise.all([import("pg"), import("@prisma/adapter-pg")]);
  // a connection that cannot be made fails within seconds, so callers see an outage instead of hanging
  const poolConfig: pg.PoolConfig = { connectionString: target.url, max: 10, connectionTimeoutMillis: 5000 };
  if (target.schema) poolConfig.options = `-c search_path="${target.schema}"`;
  const pool = new pgModule.Pool(poolConfig);
  pool.on("error", () => {
    /* idle client errors are reported by the next query */
  });
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DbError("DB_UNREACHABLE", `cannot reach PostgreSQL: ${(err as Error).message}`, { cause: err });
  }
  const runnerOf = (q: pg.Pool | pg.PoolClient): Omit<SqlRunner, "session"> => ({
    async exec(text) {
      await q.query(text);
    },
    async query(text, params) {
      const r = await q.query(text, params as any[]);
      return r.rows;
    },
  });
  const sql: SqlRunner = {
    ...runnerOf(pool),
    async session(fn) {
      const client = await pool.connect();
      const conn: SqlRunner = { ...runnerOf(client), session: (f) => f(conn) };
      try {
        return await fn(conn);
      } finally {
        client.release();
      }
    },
  };
  if (target.schema) await sql.exec(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
  const migrations = await runMigrations(sql, opts.migrationsDir);
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool, target.schema ? { schema: target.schema } : undefined),
  });
  return {
    prisma,
    sql,
    target,
    migrations,
    backup: null,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function runMigrations(sql: SqlRunner, dir?: string): Promise<MigrationReport> {
  try {
    return await applyMigrations(sql, dir);
  } catch (err) {
    throw new DbError("DB_MIGRATION_FAILED", `database migration failed: ${(err as Error).message}`, { cause: err });
  }
}
