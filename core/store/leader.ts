/**
 * "One process at a time does this": a PostgreSQL session-level advisory lock, held on a
 * connection of its own for as long as the holder lives. When the holder dies (even by
 * `kill -9`) its connection closes and the lock is free at once; another process takes it
 * at its next try. On the embedded database there is only ever one process: it always holds.
 */
import { createHash } from "node:crypto";
import type { DbTarget, SqlRunner } from "./db.ts";

/** How often a held lock's connection is checked (a lost connection means a lost lock). */
export const LOCK_CHECK_MS = 2000;

/**
 * @example
 * ```ts
 * const lock = new AdvisoryLock(store.sql, store.target, "telegram.poller");
 * if (await lock.tryAcquire()) { startPolling(); lock.lost.then(stopPolling); }
 * await lock.release();
 * ```
 */
export class AdvisoryLock {
  private readonly key: string;
  private releaseFn?: () => void;
  private held?: Promise<void>;
  private markLost!: () => void;
  /** Resolves when a held lock was lost (its connection failed) or released. */
  lost: Promise<void> = Promise.resolve();

  constructor(
    private readonly sql: SqlRunner,
    private readonly target: DbTarget,
    name: string,
  ) {
    // a stable 63-bit key from the name
    this.key = BigInt.asIntN(64, BigInt("0x" + createHash("sha256").update(name).digest("hex").slice(0, 16))).toString();
  }

  get holding(): boolean {
    return !!this.releaseFn;
  }

  /** Takes the lock if it is free; true when this process now holds it. */
  async tryAcquire(): Promise<boolean> {
    if (this.releaseFn) return true;
    if (this.target.kind === "pglite") {
      this.lost = new Promise((r) => (this.markLost = r));
      this.releaseFn = () => this.markLost();
      return true;
    }
    return new Promise<boolean>((resolve, reject) => {
      this.held = this.sql
        .session(async (conn) => {
          const [row] = await conn.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${this.key}::bigint) AS ok`);
          if (!row?.ok) return resolve(false);
          this.lost = new Promise((r) => (this.markLost = r));
          const released = new Promise<void>((r) => (this.releaseFn = r));
          resolve(true);
          // hold the connection: check it, until released or broken
          for (;;) {
            const tick = new Promise<"tick">((r) => setTimeout(() => r("tick"), LOCK_CHECK_MS).unref());
            if ((await Promise.race([released.then(() => "released" as const), tick])) === "released") break;
            try {
              await conn.query("SELECT 1");
            } catch {
              this.releaseFn = undefined;
              this.markLost();
              return;
            }
          }
          await conn.query(`SELECT pg_advisory_unlock(${this.key}::bigint)`).catch(() => {});
        })
        .catch((err) => {
          if (this.releaseFn) {
            this.releaseFn = undefined;
            this.markLost();
          } else reject(err);
        });
    });
  }

  /** Lets go of the lock (the next process may take it). */
  async release(): Promise<void> {
    const r = this.releaseFn;
    this.releaseFn = undefined;
    r?.();
    await this.held?.catch(() => {});
    this.markLost?.();
  }
}
