/**
 * Reminder benchmark: N linked customers (10,000 by default), each with a water purifier
 * whose PP cotton filter is due today, and the real desk with its default pacing (30 msg/s
 * overall, 1 msg/s per chat) against the fake Bot API *enforcing Telegram's limits*.
 * Measures the time the reminder scan takes to find and schedule them all (reminder rows and
 * send jobs), the time a second scan takes when everything is known already (the hourly
 * cost), then the send rate against the pacer's ceiling and the 429s, for `--send-seconds`
 * seconds or, with `--all`, until every reminder is delivered (then also: exactly once each).
 *
 * Reminder hours are set to the whole day (00:00–24:00) so the run does not depend on when
 * it starts; what is measured is scheduling and delivery.
 *
 * @example
 * ```sh
 * npx tsx bench/reminders.ts                              # 10,000 customers, 60 s of sending, PGlite
 * npx tsx bench/reminders.ts --db postgres --send-seconds 30
 * npx tsx bench/reminders.ts --customers 2000 --all       # wait for every reminder
 * ```
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { Desk } from "../bots/desk.ts";
import { loadConfig } from "../core/config.ts";
import { localDate } from "../core/domain/date.ts";
import { createLogger } from "../core/log.ts";
import { Store } from "../core/store/index.ts";
import { FakeTelegramApi } from "../test/fakes/telegram-api.ts";

const TG_TOKEN = "123456789:TEST-fake-token-abcdefghijkl";
const WEBHOOK_SECRET = "s3cret_token-for-tests";
/** The desk's default overall pace (TELEGRAM_RATE_GLOBAL). */
const GLOBAL_PER_SEC = 30;

const { values: o } = parseArgs({
  options: {
    customers: { type: "string", default: "10000" },
    db: { type: "string", default: "pglite" },
    "send-seconds": { type: "string", default: "60" },
    all: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (o.help) {
  process.stdout.write("Usage: npx tsx bench/reminders.ts [--customers N] [--db pglite|postgres] [--send-seconds S | --all] [--json]\n");
  process.exit(0);
}
const N = Number(o.customers);
const SEND_SECONDS = Number(o["send-seconds"]);

async function openStore(): Promise<{ store: Store; dispose: () => Promise<void>; label: string }> {
  if (o.db !== "postgres") {
    const store = await Store.open({ kind: "pglite" });
    return { store, dispose: () => store.close(), label: "pglite (in memory)" };
  }
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  const store = await Store.open({ kind: "postgres", url, schema });
  return {
    store,
    label: `postgres (schema ${schema}, dropped after)`,
    async dispose() {
      await store.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

/** N linked customers, each with a purifier whose PP cotton (3 months) falls due today. */
async function seed(store: Store, today: string): Promise<void> {
  const changed = new Date(`${today}T00:00:00Z`);
  changed.setUTCMonth(changed.getUTCMonth() - 3);
  const day = changed.toISOString().slice(0, 10);
  // the other consumables counted as changed today, so one reminder per customer
  await store.sql.exec(`
    INSERT INTO "Customer" ("telegramUserId", "telegramChatId", "lang", "name", "updatedAt", "recordPhone", "linkedAt")
    SELECT (9000000 + g)::text, (9000000 + g)::text, CASE WHEN g % 2 = 0 THEN 'zh-CN' ELSE 'en' END, '客户' || g, now(),
           '139' || lpad(g::text, 8, '0'), now()
    FROM generate_series(1, ${N}) AS g;
    INSERT INTO "Product" ("customerId", "category", "model", "purchaseDate", "consumablesChangedOn", "source")
    SELECT "id", 'purifier', 'RO-400', DATE '${day}',
           jsonb_build_object('pp-cotton', '${day}', 'carbon-block', '${today}', 'ro-membrane', '${today}'), 'import'
    FROM "Customer";`);
}

async function main(): Promise<void> {
  const tg = new FakeTelegramApi({ token: TG_TOKEN, enforceLimits: true });
  await tg.start();
  const db = await openStore();
  let desk: Desk | undefined;
  try {
    const { config, problems } = loadConfig({
      PORT: "0",
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_WEBHOOK_URL: "http://127.0.0.1:1/telegram/webhook",
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DESK_KB_DIR: fileURLToPath(new URL("../kb", import.meta.url)),
      TELEGRAM_RATE_PER_CHAT: "1",
      TELEGRAM_RATE_GLOBAL: String(GLOBAL_PER_SEC),
      DESK_REMINDER_HOURS: "00:00-24:00",
    });
    if (problems.length) throw new Error(problems.join("\n"));
    const today = localDate(new Date(), config.timeZone);
    // the desk runs first (as when an import or the hourly scan finds them), then the records arrive
    desk = await Desk.create({
      config,
      store: db.store,
      log: createLogger(process.env.BENCH_LOG ? "debug" : "error"),
      telegramBotInfo: tg.botInfo as never,
    });
    await desk.start();
    await desk.telegramReady();
    const s0 = performance.now();
    await seed(db.store, today);
    const seedMs = performance.now() - s0;

    tg.stats.tooManyRequests = 0;
    const sendStart = Date.now();
    const t1 = performance.now();
    const first = await desk.proactive.scan(db.store);
    const scheduleMs = performance.now() - t1;
    desk.wake();
    const t2 = performance.now();
    const again = await desk.proactive.scan(db.store);
    const rescanMs = performance.now() - t2;
    const jobs = first.created;
    const sent = () => tg.calls.filter((c) => c.method === "sendMessage" && c.ok).length;
    const pendingJobs = async () =>
      Number(
        (
          await db.store.sql.query<{ n: string }>(`SELECT count(*) AS n FROM "Job" WHERE "kind" = 'reminder.send' AND "status" <> 'done'`)
        )[0]!.n,
      );
    // the send window starts with the first delivery
    let firstAt: number | null = null;
    let queuedAt: number | null = null;
    const startedBy = sendStart + 300_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const n = sent();
      if (n > 0 && firstAt === null) firstAt = Date.now();
      if (queuedAt === null && (await pendingJobs()) === 0) queuedAt = Date.now();
      if (n >= first.created) break;
      if (firstAt === null ? Date.now() > startedBy : !o.all && Date.now() > firstAt + SEND_SECONDS * 1000) break;
    }
    const elapsedS = (Date.now() - (firstAt ?? sendStart)) / 1000;
    const delivered = sent();
    const chats = new Map<string, number>();
    for (const c of tg.calls)
      if (c.method === "sendMessage" && c.ok) chats.set(String(c.params.chat_id), (chats.get(String(c.params.chat_id)) ?? 0) + 1);
    const twice = [...chats.values()].filter((v) => v > 1).length;
    const rate = delivered / Math.max(elapsedS, 0.001);
    const result = {
      db: db.label,
      customers: N,
      seedMs: Math.round(seedMs),
      scan: {
        due: first.due,
        created: first.created,
        jobs,
        ms: Math.round(scheduleMs),
        perSec: Math.round(first.created / (scheduleMs / 1000)),
      },
      rescan: { due: again.due, created: again.created, ms: Math.round(rescanMs) },
      send: {
        delivered,
        seconds: Number(elapsedS.toFixed(1)),
        firstAfterStartMs: firstAt === null ? null : firstAt - sendStart,
        /** every send job done (each reminder in the outbox), from the scan's start */
        allQueuedMs: queuedAt === null ? null : queuedAt - sendStart,
        perSec: Number(rate.toFixed(1)),
        ceilingPerSec: GLOBAL_PER_SEC,
        ofCeiling: `${Math.round((rate / GLOBAL_PER_SEC) * 100)}%`,
        tooManyRequests: tg.stats.tooManyRequests,
        chatsWithTwo: twice,
        complete: delivered >= first.created,
      },
      machine: { cores: availableParallelism(), load1: Number(loadavg()[0]!.toFixed(2)) },
    };
    if (o.json) process.stdout.write(JSON.stringify(result) + "\n");
    else {
      const r = result;
      process.stdout.write(
        [
          `reminders bench — ${r.customers} customers, ${r.db}, ${r.machine.cores} cores, load ${r.machine.load1}`,
          `seed (SQL)                 ${r.seedMs} ms`,
          `scan + schedule            ${r.scan.created} reminders and jobs in ${r.scan.ms} ms (${r.scan.perSec}/s)`,
          `re-scan (all known)        ${r.rescan.due} due, ${r.rescan.created} new, ${r.rescan.ms} ms`,
          `send jobs done             ${r.send.allQueuedMs === null ? "not yet" : `${r.send.allQueuedMs} ms after the scan started`} (first delivery after ${r.send.firstAfterStartMs} ms)`,
          `send                       ${r.send.delivered} delivered in ${r.send.seconds} s = ${r.send.perSec}/s (ceiling ${r.send.ceilingPerSec}/s: ${r.send.ofCeiling})`,
          `429s                       ${r.send.tooManyRequests}`,
          `chats sent twice           ${r.send.chatsWithTwo}${r.send.complete ? " (all delivered)" : ` (stopped after ${SEND_SECONDS} s; --all waits for every one)`}`,
        ].join("\n") + "\n",
      );
    }
  } finally {
    await desk?.stop();
    await db.dispose();
    await tg.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
