/**
 * The embedded database admits one process at a time. The desk holds `desk.lock` in
 * DESK_DATA_DIR while it runs, with its pid, HTTP port and an admin token, so the CLI can go
 * through the running desk instead of opening the database a second time.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DeskError } from "../errors.ts";

export interface LockInfo {
  pid: number;
  /** "desk" or "cli" */
  owner: string;
  port: number | null;
  token: string;
  startedAt: string;
}

/**
 * The data folder is held by another live process (a desk or a desk command).
 *
 * @example
 * ```ts
 * try { acquireLock(dir, "cli"); }
 * catch (err) { if (err instanceof DataDirLockedError) console.error(`${err.message}; pid ${err.holder.pid}`); }
 * ```
 */
export class DataDirLockedError extends DeskError<"DATA_DIR_LOCKED"> {
  constructor(
    readonly holder: LockInfo,
    dir: string,
  ) {
    super(
      "DATA_DIR_LOCKED",
      `${dir} is in use by ${holder.owner === "desk" ? "a running desk" : "another desk command"} (pid ${holder.pid})`,
    );
  }
}

export function lockPath(dataDir: string): string {
  return join(dataDir, "desk.lock");
}

/** The current holder of the lock, if it is alive. */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as LockInfo;
    return isAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock or throws {@link DataDirLockedError}. A lock left by a dead process is taken over.
 *
 * @example
 * ```ts
 * const lock = acquireLock("./data", "desk");
 * lock.update({ port: 3000 });
 * lock.release();
 * ```
 */
export function acquireLock(dataDir: string, owner: string): { info: LockInfo; update(p: Partial<LockInfo>): void; release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  const info: LockInfo = {
    pid: process.pid,
    owner,
    port: null,
    token: randomBytes(24).toString("hex"),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(info), { flag: "wx", mode: 0o600 });
      let released = false;
      return {
        info,
        update(p) {
          Object.assign(info, p);
          writeFileSync(path, JSON.stringify(info), { mode: 0o600 });
        },
        release() {
          if (released) return;
          released = true;
          try {
            const cur = JSON.parse(readFileSync(path, "utf8")) as LockInfo;
            if (cur.pid === process.pid && cur.token === info.token) rmSync(path);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid) throw new DataDirLockedError(holder, dataDir);
      rmSync(path, { force: true }); // stale
    }
  }
  throw new Error(`could not take ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
