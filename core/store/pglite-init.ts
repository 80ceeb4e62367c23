/**
 * Creating a new embedded database (PostgreSQL's initdb, inside PGlite) costs several hundred
 * MB of WebAssembly memory that the process never gets back: done in the desk's own thread,
 * a desk that started on an empty data folder stays ~200 MB bigger until it restarts. So a
 * new data folder is initialised in a child process, whose memory goes when it ends, and the
 * desk then opens the ready folder. (A separate process rather than a worker thread: the
 * memory a thread frees stays with the process.)
 *
 * @module
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { execFile } from "node:child_process";

/** A new database is made within this long (a budget for a loaded machine). */
const INIT_TIMEOUT_MS = 300_000;

/**
 * Whether `dataDir` holds no database yet.
 *
 * @example
 * ```ts
 * if (needsInit("./data/pglite")) console.log("first start: making the database");
 * ```
 */
export function needsInit(dataDir: string): boolean {
  return !existsSync(join(dataDir, "PG_VERSION"));
}

/**
 * Initialises a new PGlite database in `dataDir` in a child process (no-op when there is one).
 *
 * @example
 * ```ts
 * await initInWorker("./data/pglite");
 * const pg = new PGlite("./data/pglite"); // opens, no initdb
 * ```
 */
export async function initInWorker(dataDir: string): Promise<void> {
  if (!needsInit(dataDir)) return;
  const url = pathToFileURL(createRequire(import.meta.url).resolve("@electric-sql/pglite")).href;
  // a separate process, not a worker thread: a thread's freed memory stays in this process
  const code = `const { PGlite } = await import(process.argv[1]); const pg = new PGlite(process.argv[2]); await pg.waitReady; await pg.close();`;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ["--input-type=module", "-e", code, url, dataDir], { timeout: INIT_TIMEOUT_MS }, (err, _out, stderr) =>
      err
        ? reject(new Error(`initialising the embedded database in ${dataDir} failed: ${stderr || err.message}`, { cause: err }))
        : resolve(),
    );
  });
}
