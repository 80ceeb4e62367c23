/**
 * Real databases for tests: embedded PGlite always, and PostgreSQL too when
 * TEST_DATABASE_URL is set (each store gets its own schema, dropped afterwards).
 */
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync } from "node:fs";
import { dirname, join } from "node:path";
import pg from "pg";
import { describe, inject } from "vitest";
import { Store } from "../../core/store/index.ts";

export interface TestDb {
  name: "pglite" | "postgres";
  /**
   * A fresh, migrated, empty store. (On PGlite the knowledge base a previous test's desk seeded
   * from kb/ may still be there: the desk seeds only an empty one, and every desk of the tests
   * seeds the same folder, so keeping it saves the import.)
   */
  open(): Promise<Store>;
  /** Drops what open() created. */
  dispose(store: Store): Promise<void>;
}

/**
 * Creating a PGlite database (initdb, then the migrations) costs seconds, so each test file
 * keeps one and empties it between tests, and starts it from a copy of the migrated template
 * that the global setup made (test/support/global-setup.ts); without one, in memory.
 */
let shared: Promise<Store> | undefined;

function openPglite(): Promise<Store> {
  const template = inject("pgliteTemplate");
  if (!template) return Store.open({ kind: "pglite" });
  const dataDir = mkdtempSync(join(dirname(template), "file-"));
  cpSync(template, dataDir, { recursive: true });
  return Store.open({ kind: "pglite", dataDir });
}
const RESET_SQL = `
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('_prisma_migrations', 'KbEntry') LOOP
    EXECUTE 'TRUNCATE TABLE ' || quote_ident(r.tablename) || ' RESTART IDENTITY CASCADE';
  END LOOP;
END $$;`;

const pglite: TestDb = {
  name: "pglite",
  async open() {
    shared ??= openPglite();
    const store = await shared;
    await store.sql.exec(RESET_SQL);
    return store;
  },
  async dispose() {
    /* kept for the next test of this file; the worker's exit closes it */
  },
};

function postgres(url: string): TestDb {
  return {
    name: "postgres",
    open: () => Store.open({ kind: "postgres", url, schema: `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}` }),
    async dispose(s) {
      const target = s.target;
      await s.close();
      if (target.kind === "postgres" && target.schema) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${target.schema}" CASCADE`);
        await client.end();
      }
    },
  };
}

/** The databases this run covers. */
export function testDbs(): TestDb[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [pglite, postgres(url)] : [pglite];
}

/**
 * Runs a suite once per database.
 *
 * @example
 * ```ts
 * describeEachDb("tickets", (db) => {
 *   it("…", async () => { const s = await db.open(); … });
 * });
 * ```
 */
export function describeEachDb(title: string, fn: (db: TestDb) => void): void {
  for (const db of testDbs()) describe(`${title} [${db.name}]`, () => fn(db));
}
