/**
 * One rate budget across processes through Redis (bottleneck's clustering behind the Pacer
 * interface), and the per-process share when Redis goes away. Needs the Redis of the test
 * machine (REDIS_URL, else 127.0.0.1:6379); skipped when none answers.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, beforeAll, describe, expect, it as baseIt } from "vitest";
import { silentLogger } from "../../core/log.ts";
import { createSharedPacer, type SharedPacer } from "../../core/outbox/index.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";

const REDIS = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
/** Whether the test machine's Redis answers (checked once, before the tests). */
async function redisAnswers(): Promise<boolean> {
  const r = new Redis({ host: REDIS.hostname, port: Number(REDIS.port || 6379), maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on("error", () => {});
  try {
    return (await Promise.race([r.ping(), new Promise((res) => setTimeout(() => res("timeout"), 3000))])) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

const client = (port = Number(REDIS.port || 6379)) =>
  new Redis({
    host: REDIS.hostname,
    port,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (n) => Math.min(100 * n, 500),
  });
const ready = (r: Redis) => (r.status === "ready" ? Promise.resolve() : new Promise((res) => r.once("ready", res)));

/** Most sends in any 1-s window. */
function worstSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let worst = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= 1000) j++;
    worst = Math.max(worst, i - j + 1);
  }
  return worst;
}

describe("shared pacing (Redis)", () => {
  let up = false;
  beforeAll(async () => {
    up = await redisAnswers();
  });
  const it = (name: string, fn: () => Promise<void>) =>
    baseIt(name, async (ctx) => {
      if (!up) return ctx.skip();
      await fn();
    });
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s().catch(() => {});
  });
  const pacer = async (prefix: string, globalPerSec: number, port?: number): Promise<SharedPacer> => {
    const r = client(port);
    await ready(r);
    const p = createSharedPacer({ perChatPerSec: 50, globalPerSec, margin: 0.1 }, { redis: r, prefix, instances: 2, log: silentLogger });
    stops.push(() => p.stop());
    return p;
  };

  it("holds one global budget for two processes' pacers together", async () => {
    const prefix = `test:${randomBytes(4).toString("hex")}`;
    const [a, b] = [await pacer(prefix, 10), await pacer(prefix, 10)];
    const times: number[] = [];
    const jobs = Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).schedule(`chat${i}`, false, async () => void times.push(Date.now())));
    await Promise.all(jobs);
    expect(times).toHaveLength(24);
    // each alone would allow 10 a second: together they still do
    expect(worstSecond(times)).toBeLessThanOrEqual(10);
    expect(a.mode).toBe("shared");
    expect(a.processes).toBeGreaterThanOrEqual(1);
  });

  it("falls back to the per-process share when Redis goes away, and still paces", async () => {
    const proxy = await TcpProxy.start(Number(REDIS.port || 6379), REDIS.hostname);
    stops.push(() => proxy.stop());
    const p = await pacer(`test:${randomBytes(4).toString("hex")}`, 10, proxy.port);
    await p.schedule("c0", false, async () => {});
    proxy.cut();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 8 }, (_, i) => p.schedule(`c${i + 1}`, false, async () => void times.push(Date.now()))));
    expect(p.mode).toBe("fallback");
    expect(p.fallbacks).toBe(1);
    expect(times).toHaveLength(8);
    // 10 a second shared by 2 processes: this one keeps 5 a second
    expect(worstSecond(times)).toBeLessThanOrEqual(5);
  });
});
