/**
 * `kill -9` during a burst, then a restart: the desk runs as its own process (`tsx
 * bots/main.ts`) on a fresh PostgreSQL database, in webhook mode, against the fake Bot API
 * (Telegram's limits enforced) in this process. N customers × M messages at R msg/s; each
 * webhook is retried until it is answered 200, as Telegram does. Half-way through, the desk
 * is killed with SIGKILL and started again at once. Prints lost and duplicated replies and
 * how long after the restart the last customer was answered.
 *
 * @example
 * ```sh
 * npx tsx bench/crash.ts                              # 200 customers × 3 messages at 20/s, 1 run
 * npx tsx bench/crash.ts --runs 3 --customers 100
 * ```
 */
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FakeTelegramApi } from "../test/fakes/telegram-api.ts";
import { freePort } from "../test/support/chat.ts";
import { BENCH_TG_TOKEN, BENCH_WEBHOOK_SECRET, freshDatabase, sleep, spawnDesk } from "./support/desk-process.ts";

const { values: a } = parseArgs({
  options: {
    customers: { type: "string", default: "200" },
    messages: { type: "string", default: "3" },
    rate: { type: "string", default: "20" },
    runs: { type: "string", default: "1" },
    timeout: { type: "string", default: "240" },
  },
});

async function waitHealthy(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error("the desk did not come up");
}

async function run(i: number) {
  const db = await freshDatabase("bench_crash", i);
  const tg = new FakeTelegramApi({ token: BENCH_TG_TOKEN, enforceLimits: true });
  await tg.start();
  const port = await freePort();
  const env = {
    PORT: String(port),
    DATABASE_URL: db.url,
    TELEGRAM_BOT_TOKEN: BENCH_TG_TOKEN,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
    TELEGRAM_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    DESK_SANDBOX: "0",
    DESK_DATA_DIR: mkdtempSync(join(tmpdir(), "desk-crash-")),
    LOG_LEVEL: "error",
  };
  const deadline = Date.now() + Number(a.timeout) * 1000;
  let child = spawnDesk(env);
  let restartAt = 0;
  try {
    await waitHealthy(port, deadline);
    const f = tg.factory();
    const N = Number(a.customers);
    const M = Number(a.messages);
    const users = Array.from({ length: N }, (_, k) => ({ id: 7_500_000 + k, first_name: `客户${k}`, language_code: "zh-hans" }));
    const updates = [];
    for (let m = 0; m < M; m++) for (const u of users) updates.push(m % 2 ? f.command(u, "/tickets") : f.command(u, "/help"));
    const t0 = Date.now();
    const posts: Promise<void>[] = [];
    for (let k = 0; k < updates.length; k++) {
      const wait = t0 + (k * 1000) / Number(a.rate) - Date.now();
      if (wait > 0) await sleep(wait);
      if (k === Math.floor(updates.length / 2)) {
        child.kill("SIGKILL");
        restartAt = Date.now();
        child = spawnDesk(env);
      }
      const body = JSON.stringify(updates[k]);
      // as Telegram: until the desk answers 200
      posts.push(
        (async () => {
          while (Date.now() < deadline) {
            try {
              const r = await fetch(env.TELEGRAM_WEBHOOK_URL, {
                method: "POST",
                headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": BENCH_WEBHOOK_SECRET },
                body,
              });
              await r.arrayBuffer();
              if (r.status === 200) return;
            } catch {
              /* down */
            }
            await sleep(1000);
          }
        })(),
      );
    }
    await Promise.all(posts);
    let lastReplyAt = 0;
    for (;;) {
      const done = users.every((u) => tg.sent(u.id).length >= M);
      if (done || Date.now() > deadline) break;
      await sleep(250);
    }
    let lost = 0;
    let duplicated = 0;
    for (const u of users) {
      const s = tg.sent(u.id);
      lost += Math.max(0, M - s.length);
      duplicated += Math.max(0, s.length - M);
      for (const c of s) lastReplyAt = Math.max(lastReplyAt, c.at);
    }
    return {
      run: i + 1,
      acked: updates.length,
      replies: tg.sent().length,
      lost,
      duplicated,
      tooManyRequests: tg.stats.tooManyRequests,
      lastReplyAfterRestartSec: Number(((lastReplyAt - restartAt) / 1000).toFixed(1)),
    };
  } finally {
    child.kill("SIGKILL");
    await sleep(500);
    await tg.stop();
    await db.drop();
  }
}

async function main() {
  const results = [];
  for (let i = 0; i < Number(a.runs); i++) results.push(await run(i));
  console.log({ results, loadavg: loadavg().map((x) => Number(x.toFixed(2))) });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
