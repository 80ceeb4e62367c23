/**
 * Durable, single-fire scheduled work: reminders, escalations, survey expiry, first-line
 * help after a ticket opens. Jobs live in the database; any number of desk processes may run
 * a runner, and SKIP LOCKED plus an owner check at completion make each job's effects happen
 * once. The clock is injectable, so tests move time and call {@link JobRunner.runDue}.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { JobRow, Store } from "../store/index.ts";
import { DeskError } from "../errors.ts";

export interface JobContext {
  store: Store;
  /**
   * Runs the job's effects in one transaction that also marks it done, only if this runner
   * still holds it. Slow work (LLM calls) belongs before this call.
   */
  complete<T>(fn: (s: Store) => Promise<T>): Promise<T | undefined>;
  /** this runner's id */
  owner: string;
}

export type JobHandler = (job: JobRow, ctx: JobContext) => Promise<void>;

export interface JobRunnerOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  pollMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
  batch?: number;
}

/**
 * @example
 * ```ts
 * const jobs = new JobRunner({ store, clock, log });
 * jobs.handle("sla.warn", async (job, ctx) => ctx.complete(async (s) => { ... }));
 * jobs.start();
 * await store.jobs.schedule({ kind: "sla.warn", key: "ticket:12:warn", runAt }, clock.now());
 * ```
 */
export class JobRunner {
  readonly owner = `runner-${process.pid}-${randomBytes(4).toString("hex")}`;
  private readonly handlers = new Map<string, JobHandler>();
  private running = false;
  /** set while stop() waits: a long drain ends after its batch instead of running every due job */
  private halting = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pokes = 0;
  private active?: Promise<number>;
  readonly stats = { ran: 0, failed: 0, lost: 0 };

  constructor(private readonly deps: JobRunnerOptions) {}

  handle(kind: string, handler: JobHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.halting = true;
    this.wake?.();
    try {
      await this.loop;
      await this.active;
    } finally {
      this.halting = false;
    }
  }

  /** Something was scheduled for now: look at once. */
  poke(): void {
    this.pokes++;
    this.wake?.();
  }

  /** Runs every job due at the clock's now; returns how many ran. Serialised with the loop. */
  async runDue(): Promise<number> {
    while (this.active) await this.active.catch(() => 0);
    this.active = this.drain();
    try {
      return await this.active;
    } finally {
      this.active = undefined;
    }
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      // stopping: the batch in hand is finished, the rest waits for the next start
      if (this.halting) return total;
      const now = this.deps.clock.now();
      const jobs = await this.deps.store.jobs.claim(
        this.owner,
        now,
        new Date(now.getTime() + (this.deps.leaseMs ?? 120_000)),
        this.deps.batch ?? 20,
      );
      if (!jobs.length) return total;
      for (const job of jobs) {
        await this.runOne(job);
        // let the other loops (the outbox sender) have the database between jobs: the embedded
        // one runs one transaction at a time, and a long run of jobs would otherwise hold it
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      total += jobs.length;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      const before = this.pokes;
      try {
        await this.runDue();
      } catch (err) {
        this.deps.log.error("jobs.loop_failed", { err });
      }
      if (!this.running) break;
      if (this.pokes !== before) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.deps.pollMs ?? 1000);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async runOne(job: JobRow): Promise<void> {
    const { store, clock, log } = this.deps;
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      await store.jobs.fail(job.id, this.owner, `no handler for ${job.kind}`, null);
      log.error("jobs.no_handler", { kind: job.kind, key: job.key });
      return;
    }
    let completed = false;
    const ctx: JobContext = {
      store,
      owner: this.owner,
      complete: (fn) =>
        store.tx(async (s) => {
          const out = await fn(s);
          if (!(await s.jobs.finish(job.id, this.owner, clock.now()))) {
            // another runner took it over (our lease ran out): undo our effects
            throw new LostJobError(job.key);
          }
          completed = true;
          return out;
        }),
    };
    try {
      await handler(job, ctx);
      if (!completed) await store.jobs.finish(job.id, this.owner, clock.now());
      this.stats.ran++;
    } catch (err) {
      if (err instanceof LostJobError) {
        this.stats.lost++;
        log.warn("jobs.lost", { key: job.key });
        return;
      }
      const attempts = job.attempts;
      const max = this.deps.maxAttempts ?? 5;
      const retryAt = attempts < max ? new Date(clock.now().getTime() + Math.min(300_000, 1000 * 2 ** attempts)) : null;
      this.stats.failed++;
      log.error("jobs.failed", { key: job.key, kind: job.kind, attempt: attempts, final: !retryAt, err });
      await store.jobs.fail(job.id, this.owner, (err as Error)?.message ?? String(err), retryAt).catch(() => {});
    }
  }
}

/** The job's lease was taken over by another runner while its handler ran. */
class LostJobError extends DeskError<"JOB_LOST"> {
  constructor(key: string) {
    super("JOB_LOST", `job ${key} was taken over by another runner`);
  }
}
