/**
 * Several desks on one PostgreSQL (+ Redis), webhook mode, behind a round-robin "balancer":
 * N customers × M messages at R msg/s, alternating between the desks, against the fake Bot
 * API enforcing Telegram's limits (30 msg/s overall, 1 msg/s per chat). Prints the worst
 * 1-s window of sends, the smallest gap between two sends to one chat, 429s, lost and
 * duplicated replies. Every message (/help, /tickets) expects exactly one reply.
 *
 * The desks are separate Desk instances (own store connections, own pacers) in this one
 * Node process, so they share its event loop: on a loaded machine that is the harder case
 * for pacing (stalls bunch sends), not the easier one.
 *
 * @example
 * ```sh
 * npx tsx bench/several-desks.ts --desks 2                       # REDIS_URL or redis://127.0.0.1:6379
 * npx tsx bench/several-desks.ts --desks 3 --customers 300 --messages 3 --rate 60
 * npx tsx bench/several-desks.ts --desks 2 --no-redis            # what per-process pacing does
 * ```
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import type { Desk } from "../bots/desk.ts";
import { Store } from "../core/store/index.ts";
import { FakeTelegramApi } from "../test/fakes/telegram-api.ts";
import { freePort } from "../test/support/chat.ts";
import { startTestDesk, TG_TOKEN, WEBHOOK_SECRET } from "../test/support/desk.ts";

const { values: a } = parseArgs({
  options: {
    desks: { type: "string", default: "2" },
    customers: { type: "string", default: "300" },
    messages: { type: "string", default: "3" },
    rate: { type: "string", default: "60" },
    timeout: { type: "string", default: "300" },
    "no-redis": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const DESKS = Number(a.desks);
const CUSTOMERS = Number(a.customers);
const MESSAGES = Number(a.messages);
const RATE = Number(a.rate);
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const REDIS_URL = a["no-redis"] ? undefined : (process.env.REDIS_URL ?? "redis://127.0.0.1:6379");

/** Most items in any window of `ms`. */
function worstWindow(times: number[], ms = 1000): number {
  const t = [...times].sort((x, y) => x - y);
  let worst = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= ms) j++;
    worst = Math.max(worst, i - j + 1);
  }
  return worst;
}

async function main() {
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const tg = new FakeTelegramApi({ token: TG_TOKEN, enforceLimits: true });
  await tg.start();
  const stores: Store[] = [];
  const desks: Desk[] = [];
  const t0 = Date.now();
  try {
    for (let i = 0; i < DESKS; i++) {
      const store = await Store.open({ kind: "postgres", url: PG_URL, schema });
      stores.push(store);
      const port = await freePort();
      desks.push(
        await startTestDesk({
          store,
          tg,
          webhook: true,
          env: {
            PORT: String(port),
            TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
            // Telegram's own limits, not the tests' fast pacing
            TELEGRAM_RATE_PER_CHAT: "1",
            TELEGRAM_RATE_GLOBAL: "30",
            DESK_INSTANCES: String(DESKS),
            ...(REDIS_URL ? { REDIS_URL } : {}),
          },
        }),
      );
    }
    tg.clear();
    const f = tg.factory();
    const users = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: 8_000_000 + i, first_name: `客户${i}`, language_code: "zh-hans" }));
    const statuses: Record<number, number> = {};
    const start = Date.now();
    const posts: Promise<void>[] = [];
    let n = 0;
    // message m of every customer, then m+1: each chat's messages are 1/RATE × CUSTOMERS apart
    for (let m = 0; m < MESSAGES; m++)
      for (const u of users) {
        const i = n++;
        const update = m % 2 ? f.command(u, "/tickets") : f.command(u, "/help");
        const desk = desks[i % DESKS]!;
        const at = start + (i * 1000) / RATE;
        const wait = at - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        posts.push(
          fetch(`http://127.0.0.1:${desk.http.port}/telegram/webhook`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
            body: JSON.stringify(update),
          }).then(
            async (r) => {
              statuses[r.status] = (statuses[r.status] ?? 0) + 1;
              await r.arrayBuffer();
            },
            () => void (statuses[0] = (statuses[0] ?? 0) + 1),
          ),
        );
      }
    await Promise.all(posts);
    const postedIn = (Date.now() - start) / 1000;
    const expected = CUSTOMERS * MESSAGES;
    const deadline = t0 + Number(a.timeout) * 1000;
    while (Date.now() < deadline) {
      const st = await stores[0]!.outbox.stats(new Date());
      const inbox = await stores[0]!.inbox.counts();
      if (st.pending === 0 && st.sending === 0 && inbox.pending === 0 && tg.sent().length >= expected) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const sent = tg.sent();
    const times = sent.map((c) => c.at);
    const byChat = new Map<string, number[]>();
    for (const c of sent) byChat.set(String(c.params.chat_id), [...(byChat.get(String(c.params.chat_id)) ?? []), c.at]);
    let minGap = Infinity;
    let lost = 0;
    let duplicated = 0;
    for (const u of users) {
      const ts = (byChat.get(String(u.id)) ?? []).sort((x, y) => x - y);
      for (let i = 1; i < ts.length; i++) minGap = Math.min(minGap, ts[i]! - ts[i - 1]!);
      lost += Math.max(0, MESSAGES - ts.length);
      duplicated += Math.max(0, ts.length - MESSAGES);
    }
    const rows = await stores[0]!.outbox.list({ status: "dead" });
    const out = {
      desks: DESKS,
      redis: !!REDIS_URL,
      customers: CUSTOMERS,
      messages: MESSAGES,
      targetRate: RATE,
      postedInSec: Number(postedIn.toFixed(1)),
      webhookStatuses: statuses,
      replies: sent.length,
      worstSecond: worstWindow(times),
      minPerChatGapMs: minGap === Infinity ? null : minGap,
      tooManyRequests: tg.stats.tooManyRequests,
      limitHits: tg.stats.limitHits,
      lost,
      duplicated,
      dead: rows.length,
      drainedInSec: Number(((Date.now() - start) / 1000).toFixed(1)),
      pacing: desks.map((d) => d.scale.pacing.map((p) => `${p.mode}/${p.processes}`).join(",")),
      loadavg: loadavg().map((x) => Number(x.toFixed(2))),
    };
    console.log(a.json ? JSON.stringify(out) : out);
  } finally {
    for (const d of desks) await d.stop().catch(() => {});
    for (const s of stores) await s.close().catch(() => {});
    await tg.stop();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
