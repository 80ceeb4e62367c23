/**
 * Runs once before the suite: builds one migrated, empty PGlite data directory that every
 * test file copies instead of creating its own (creating one, initdb and migrations, is the
 * most expensive step of a database test file). Removed again after the run.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { Store } from "../../core/store/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** a migrated, empty PGlite data directory to copy (see test/support/db.ts) */
    pgliteTemplate: string;
  }
}

/** Memory-backed where the machine has it: the copies are written and read a lot. */
const BASE = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();

const PREFIX = "desk-test-pglite-";

/** Whether a process runs (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes what runs that were killed before their teardown left behind (their process is gone). */
function removeStale(): void {
  for (const name of readdirSync(BASE)) {
    const pid = Number(/^desk-test-pglite-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(BASE, name), { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  removeStale();
  const dir = mkdtempSync(join(BASE, `${PREFIX}${process.pid}-`));
  const template = join(dir, "template");
  const store = await Store.open({ kind: "pglite", dataDir: template });
  await store.close();
  project.provide("pgliteTemplate", template);
  return () => rmSync(dir, { recursive: true, force: true });
}
