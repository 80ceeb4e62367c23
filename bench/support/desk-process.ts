/**
 * What the benches that run the desk as a process of its own share (crash.ts, poller.ts,
 * db-cut.ts): the fake Bot API's token and webhook secret, a fresh PostgreSQL database per
 * run, and spawning `bots/main.ts` through tsx.
 *
 * @example
 * ```ts
 * const db = await freshDatabase("bench_crash");
 * const child = spawnDesk({ PORT: "3999", DATABASE_URL: db.url, TELEGRAM_BOT_TOKEN: BENCH_TG_TOKEN });
 * try { … } finally { child.kill("SIGKILL"); await db.drop(); }
 * ```
 */
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";

/** The bot token the fake Bot API is started with. */
export const BENCH_TG_TOKEN = "123456789:TEST-fake-token-abcdefghijkl";
/** The webhook secret the desks check (`TELEGRAM_WEBHOOK_SECRET`). */
export const BENCH_WEBHOOK_SECRET = "s3cret_token-for-bench";
/** The PostgreSQL server the benches create their databases on. */
export const BENCH_DB_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs one statement on {@link BENCH_DB_URL} (CREATE/DROP DATABASE). */
export async function adminSql(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: BENCH_DB_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A new, empty database named `<prefix>_<time>_<i>`, and how to drop it (forcing out connections). */
export async function freshDatabase(prefix: string, i = 0): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${i}`;
  await adminSql(`CREATE DATABASE "${name}"`);
  const url = new URL(BENCH_DB_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminSql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {}),
  };
}

/** The desk (`bots/main.ts` through tsx) as a child process with `env` over this one's, output discarded. */
export function spawnDesk(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "bots/main.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "ignore"],
  });
}
