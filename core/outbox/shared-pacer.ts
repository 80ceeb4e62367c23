/**
 * One rate budget across every desk process: the {@link Pacer} interface over bottleneck's
 * Redis clustering. Each process keeps its own queues, and Redis decides, for all of them at
 * once, when the next message to a chat, to a group and overall may go (bottleneck's
 * `minTime` is kept in Redis, so N processes together stay within the platform's limits).
 *
 * When Redis goes away, pacing falls back at once to a per-process pacer with every limit
 * divided by the number of desk processes last seen alive (or the configured number, if
 * larger): a conservative share, never no limit. Messages already waiting for Redis move to
 * the fallback; each runs once whichever way it goes. When Redis is back, new messages use
 * the shared budget again.
 */
import Bottleneck from "bottleneck";
import { randomUUID } from "node:crypto";
import type { Logger } from "../log.ts";
import { createPacer, paceGaps, type PaceLimits, type Pacer } from "./pacer.ts";

/** How often a process says it is alive (and counts the others). */
export const PRESENCE_EVERY_MS = 5000;
/**
 * Extra spacing of the shared budget (20 %, against the single process's 10 %): Redis grants
 * the slots in order, but each process sends its own after a Redis round trip and its own
 * event-loop delay, so sends of different processes arrive less evenly than they were granted.
 */
export const SHARED_MARGIN = 0.2;
/** How long stop() waits for Redis at most. */
const STOP_WAIT_MS = 1000;
/** A process not heard from for this long is no longer counted. */
export const PRESENCE_TTL_MS = 15_000;

/**
 * The parts of an ioredis client this uses (bots/ makes the client; core imports no Redis
 * library). Commands must fail fast while disconnected (`enableOfflineQueue: false`). The
 * pacer owns the client: stop() disconnects it.
 */
export interface RedisClientLike {
  status: string;
  on(event: "ready" | "close" | "end" | "error", fn: (...args: any[]) => void): unknown;
  duplicate(): unknown;
  zadd(key: string, score: number, member: string): Promise<unknown>;
  zremrangebyscore(key: string, min: number | string, max: number | string): Promise<unknown>;
  zcard(key: string): Promise<number>;
  zrem(key: string, member: string): Promise<unknown>;
}

export interface SharedPacerOptions {
  redis: RedisClientLike;
  /** one budget per prefix: e.g. `desk:<bot id>:telegram` */
  prefix: string;
  /** the number of desk processes to assume at least when Redis is away (DESK_INSTANCES) */
  instances: number;
  log: Logger;
}

export interface SharedPacer extends Pacer {
  /** "shared" while Redis paces, "fallback" while each process keeps its share */
  readonly mode: "shared" | "fallback";
  /** desk processes seen alive (this one included) */
  readonly processes: number;
  /** how many times pacing fell back to the per-process share */
  readonly fallbacks: number;
}

/**
 * @example
 * ```ts
 * const pacer = createSharedPacer({ perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 }, { redis, prefix: "desk:42:telegram", instances: 2, log });
 * await pacer.schedule("12345", false, () => api.sendMessage(12345, "hi"));
 * ```
 */
export function createSharedPacer(limits: PaceLimits, o: SharedPacerOptions): SharedPacer {
  const { chatGap, groupGap, globalGap } = paceGaps({ margin: SHARED_MARGIN, ...limits });
  const connection = new Bottleneck.IORedisConnection({ client: o.redis });
  connection.on("error", (err: Error) => o.log.debug("pacer.redis_error", { err }));
  const common = { datastore: "ioredis", connection, clearDatastore: false } as const;
  const chats = new Bottleneck.Group({ ...common, id: `${o.prefix}:chat`, maxConcurrent: 1, minTime: chatGap });
  const groups = new Bottleneck.Group({ ...common, id: `${o.prefix}:group`, maxConcurrent: 1, minTime: groupGap });
  const global = globalGap ? new Bottleneck({ ...common, id: `${o.prefix}:global`, minTime: globalGap }) : null;
  for (const g of [chats, groups]) g.on("created", (l) => l.on("error", (err) => o.log.debug("pacer.redis_error", { err })));
  global?.on("error", (err) => o.log.debug("pacer.redis_error", { err }));

  const me = randomUUID();
  const presenceKey = `${o.prefix}:processes`;
  let processes = 1;
  let down = o.redis.status !== "ready";
  let fallback: Pacer | null = null;
  let fallbacks = 0;
  /** jobs waiting on Redis: moved to the fallback if Redis goes away */
  const waiting = new Set<() => void>();
  let stopped = false;

  const share = () => Math.max(1, o.instances, processes);
  const fallbackPacer = () =>
    (fallback ??= createPacer({
      ...limits,
      perChatPerSec: limits.perChatPerSec / share(),
      perGroupPerMin: limits.perGroupPerMin && limits.perGroupPerMin / share(),
      globalPerSec: limits.globalPerSec && limits.globalPerSec / share(),
    }));
  const goDown = (reason: unknown) => {
    if (stopped) return;
    if (!down) {
      down = true;
      fallbacks++;
      o.log.warn("pacer.fallback", { reason: String((reason as Error)?.message ?? reason), share: share() });
    }
    fallbackPacer();
    for (const move of [...waiting]) move();
  };
  o.redis.on("close", () => goDown("redis connection closed"));
  o.redis.on("end", () => goDown("redis connection ended"));
  o.redis.on("ready", () => {
    if (!down || stopped) return;
    down = false;
    o.log.info("pacer.shared", { share: "redis" });
    void beat();
    // the old fallback finishes what it holds; a new one is made (with the share then) next time
    const old = fallback;
    fallback = null;
    void old?.stop();
  });

  const beat = async () => {
    if (down) return;
    try {
      const now = Date.now();
      await o.redis.zadd(presenceKey, now, me);
      await o.redis.zremrangebyscore(presenceKey, "-inf", now - PRESENCE_TTL_MS);
      processes = Math.max(1, await o.redis.zcard(presenceKey));
    } catch (err) {
      o.log.debug("pacer.presence_failed", { err });
    }
  };
  void beat();
  const presence = setInterval(() => void beat(), PRESENCE_EVERY_MS);
  presence.unref();

  return {
    get mode() {
      return down ? "fallback" : "shared";
    },
    get processes() {
      return processes;
    },
    get fallbacks() {
      return fallbacks;
    },
    schedule<T>(chatKey: string, group: boolean, fn: () => Promise<T>): Promise<T> {
      if (down) return fallbackPacer().schedule(chatKey, group, fn);
      return new Promise<T>((resolve, reject) => {
        let started = false;
        // runs fn once, whichever path gets there first; never throws into bottleneck
        const run = async () => {
          if (started) return;
          started = true;
          waiting.delete(move);
          try {
            resolve(await fn());
          } catch (err) {
            reject(err);
          }
        };
        const move = () => {
          waiting.delete(move);
          if (!started) fallbackPacer().schedule(chatKey, group, run).catch(reject);
        };
        waiting.add(move);
        const limiter = (group ? groups : chats).key(chatKey);
        limiter
          .schedule(() => (global ? global.schedule(run) : run()))
          .catch((err) => {
            // Redis failed us before the message went: it goes by the fallback instead
            if (started) return;
            if (stopped) return reject(err);
            goDown(err);
            move();
          });
      });
    },
    async stop() {
      stopped = true;
      clearInterval(presence);
      for (const move of waiting) waiting.delete(move);
      // bottleneck waits for Redis to stop its limiters: not longer than this while Redis is away
      const bounded = (p: Promise<unknown> | undefined) =>
        Promise.race([Promise.resolve(p).catch(() => {}), new Promise((r) => setTimeout(r, STOP_WAIT_MS).unref())]);
      await bounded(o.redis.zrem(presenceKey, me));
      await Promise.all([
        ...[chats, groups].flatMap((g) => g.limiters().map((l) => bounded(l.limiter.stop({ dropWaitingJobs: true })))),
        bounded(global?.stop({ dropWaitingJobs: true })),
        fallback?.stop(),
      ]);
      await bounded(connection.disconnect(false));
    },
  };
}
