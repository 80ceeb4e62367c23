/**
 * Several desk processes on one database: the Redis connection (REDIS_URL) behind the
 * shared pacing, the one Telegram poller (a PostgreSQL advisory lock), and what the desk
 * says at start about what is and is not shared. README "Running several desks".
 */
import { Redis } from "ioredis";
import type { DeskConfig } from "../core/config.ts";
import type { Logger } from "../core/log.ts";
import { createPacer, createSharedPacer, type Pacer, type PaceLimits, type SharedPacer } from "../core/outbox/index.ts";
import { AdvisoryLock, type Store } from "../core/store/index.ts";

/** How often a process that does not poll tries to become the poller (takeover within this plus a check). */
export const POLLER_RETRY_MS = 2000;

/**
 * @example
 * ```ts
 * const scale = new Scale(config, log);
 * sender.register(transport, scale.pacer("telegram", { perChatPerSec: 1, globalPerSec: 30 }));
 * scale.pollWhenLeader(store, () => tg.startPolling(), () => tg.stop());
 * await scale.stop();
 * ```
 */
export class Scale {
  readonly redis?: Redis;
  private readonly pacers: SharedPacer[] = [];
  private lock?: AdvisoryLock;
  private stopping = false;
  private leaderLoop?: Promise<void>;
  /** true while this process is the one that polls Telegram */
  polling = false;

  constructor(
    private readonly config: DeskConfig,
    private readonly log: Logger,
  ) {
    const url = config.scale.redisUrl;
    if (url) {
      this.redis = new Redis(url, {
        // fail fast while Redis is away: pacing falls back to the per-process share at once
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        retryStrategy: (n) => Math.min(200 * n, 2000),
      });
      this.redis.on("error", (err) => log.debug("redis.error", { err }));
    }
  }

  /** Warnings to print at start (several processes without Redis). */
  warnings(): string[] {
    if (this.config.databaseUrl && !this.redis)
      return [
        "REDIS_URL is not set: Telegram's and Slack's rate limits are paced per process. With several desk processes on this database, set REDIS_URL so that they share one budget (README: Running several desks).",
      ];
    return [];
  }

  /** Redis's state for /healthz: "off" (not configured), "ok", or "down" (pacing on the per-process share). */
  get redisState(): "off" | "ok" | "down" {
    if (!this.redis) return "off";
    return this.redis.status === "ready" ? "ok" : "down";
  }

  /** The pacer of one platform: shared through Redis when REDIS_URL is set, else this process's own. */
  pacer(platform: string, limits: PaceLimits): Pacer {
    if (!this.redis) return createPacer(limits);
    const id = this.config.telegram.token?.split(":")[0] ?? "desk";
    const p = createSharedPacer(limits, {
      redis: this.redis.duplicate(),
      prefix: `desk:${id}:${platform}`,
      instances: this.config.scale.instances,
      log: this.log.child({ c: `pacer.${platform}` }),
    });
    this.pacers.push(p);
    return p;
  }

  /** The shared pacers' state (mode, processes seen, fallbacks) for /healthz and /metrics. */
  get pacing(): { mode: string; processes: number; fallbacks: number }[] {
    return this.pacers.map((p) => ({ mode: p.mode, processes: p.processes, fallbacks: p.fallbacks }));
  }

  /**
   * Long polling by one process at a time: tries the lock every {@link POLLER_RETRY_MS};
   * polls while it holds it; stops polling if the lock is lost, and tries again.
   */
  pollWhenLeader(store: Store, start: () => void, stop: () => Promise<void>): void {
    const lock = (this.lock = new AdvisoryLock(store.sql, store.target, "telegram.poller"));
    this.leaderLoop = (async () => {
      while (!this.stopping) {
        let got = false;
        try {
          got = await lock.tryAcquire();
        } catch (err) {
          this.log.warn("telegram.poller_lock_failed", { err });
        }
        if (got && !this.stopping) {
          this.polling = true;
          this.log.info("telegram.poller", { role: "polling" });
          start();
          await lock.lost;
          this.polling = false;
          await stop();
          if (!this.stopping) this.log.warn("telegram.poller", { role: "lost the poller lock" });
        }
        if (!this.stopping) await new Promise((r) => setTimeout(r, POLLER_RETRY_MS).unref());
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.lock?.release();
    await this.leaderLoop;
    this.redis?.disconnect();
  }
}
