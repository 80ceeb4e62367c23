/**
 * Whether the database is reachable, as the desk sees it: one watcher per process, told by
 * the parts that talk to the database when a call failed. While it is down, webhooks answer
 * 503 with Retry-After (nothing is acknowledged that is not stored), polling pauses, the
 * inbox and outbox stop trying (no attempts are burnt), `/healthz` says degraded. When it is
 * back, everything waiting resumes, in order.
 */
import { DeskError } from "./errors.ts";
import type { Logger } from "./log.ts";

/** How often the database is probed while it is down. */
export const DB_PROBE_MS = 1000;
/**
 * How long the database must have been reachable again before expired outbox leases are
 * taken back: every process saw the outage, and the one that holds a delivered-but-unrecorded
 * message records it within this time (it retries every {@link DB_PROBE_MS}).
 */
export const DB_RECOVERY_GRACE_MS = 5000;
/** What webhooks tell the platform to wait while the database is down (seconds). */
export const DB_RETRY_AFTER_SEC = 5;

/**
 * Thrown instead of calling the database while it is known to be down.
 *
 * @example
 * ```ts
 * if (health.down) throw new DbUnavailableError("DB_DOWN", "the database is unreachable");
 * ```
 */
export class DbUnavailableError extends DeskError<"DB_DOWN"> {}

export interface DbHealthOptions {
  /** true when a trivial query succeeds */
  ping: () => Promise<boolean>;
  log: Logger;
  probeMs?: number;
  recoveryGraceMs?: number;
}

/**
 * @example
 * ```ts
 * const health = new DbHealth({ ping: () => store.ping(), log });
 * try { await store.inbox.accept(input, now); } catch (err) { health.failed(err); throw err; }
 * if (health.down) return { status: 503, headers: { "retry-after": "5" } };
 * await health.whenUp();
 * ```
 */
export class DbHealth {
  private isDown = false;
  private since = Date.now();
  private probing?: Promise<void>;
  private waiters: (() => void)[] = [];
  private stopped = false;
  private readonly probeMs: number;
  private readonly graceMs: number;
  /** outages seen since start */
  outages = 0;

  constructor(private readonly o: DbHealthOptions) {
    this.probeMs = o.probeMs ?? DB_PROBE_MS;
    this.graceMs = o.recoveryGraceMs ?? DB_RECOVERY_GRACE_MS;
  }

  /** True while the database is known to be unreachable. */
  get down(): boolean {
    return this.isDown;
  }

  /** Whether the database has been reachable for at least the recovery grace. */
  get settled(): boolean {
    return !this.isDown && Date.now() - this.since >= this.graceMs;
  }

  /** A database call failed: probe, and if the database does not answer, mark it down until it does. */
  failed(err?: unknown): void {
    if (this.probing || this.stopped) return;
    this.probing = this.probe(err).finally(() => (this.probing = undefined));
  }

  /** Resolves at once while the database is up, else when it is back (or the watcher stops). */
  whenUp(): Promise<void> {
    if (!this.isDown || this.stopped) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  stop(): void {
    this.stopped = true;
    this.release();
  }

  private async probe(err: unknown): Promise<void> {
    if (await this.o.ping()) return;
    this.isDown = true;
    this.outages++;
    const t0 = Date.now();
    this.o.log.error("db.down", { err });
    while (!this.stopped && !(await this.o.ping())) await new Promise((r) => setTimeout(r, this.probeMs).unref());
    this.isDown = false;
    this.since = Date.now();
    this.o.log.warn("db.up", { downMs: Date.now() - t0 });
    this.release();
  }

  private release(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}
