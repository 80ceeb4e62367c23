/**
 * Fuzz of the webhooks: T malformed Telegram updates (NUL and unpaired surrogates in any
 * string, fields of the wrong type, missing `from`/`chat`, odd update ids, over-size bodies,
 * broken JSON) and S malformed but signed Slack payloads, against one desk (webhook mode,
 * Slack over HTTP) between the fake Bot API and the fake Slack Web API. Prints the answers
 * by status (the goal: 0 × 5xx), crashes, inbox rows left unprocessed, and whether a normal
 * customer is answered right after.
 *
 * @example
 * ```sh
 * npx tsx bench/fuzz.ts                                  # 10 000 Telegram + 2 000 Slack, embedded database
 * npx tsx bench/fuzz.ts --db postgres --telegram 2000 --slack 500 --seed 7
 * ```
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Desk } from "../bots/desk.ts";
import { Store } from "../core/store/index.ts";
import { FakeSlackApi } from "../test/fakes/slack-api.ts";
import { blockActions, eventCallback, sendSlack, slashCommand, viewSubmission } from "../test/fakes/slack-sign.ts";
import { FakeTelegramApi } from "../test/fakes/telegram-api.ts";
import { freePort } from "../test/support/chat.ts";
import { settle, SLACK_SECRET, slackEnv, startTestDesk, TG_TOKEN, WEBHOOK_SECRET } from "../test/support/desk.ts";

const { values: a } = parseArgs({
  options: {
    telegram: { type: "string", default: "10000" },
    slack: { type: "string", default: "2000" },
    seed: { type: "string", default: "1" },
    db: { type: "string", default: "pglite" },
    concurrency: { type: "string", default: "40" },
  },
});

// a small seeded PRNG (mulberry32), so a run can be repeated
let seed = Number(a.seed) >>> 0;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const BAD_STRINGS = ["a\u0000b", "\ud800", "x\udc00y", "\u0000", "冰箱\ud83d坏了", "=cmd|' /C calc'!A0", "\u202e\u0000", ""];
const JUNK = [42, -1, 1.5, null, true, [], {}, ["x"], { a: 1 }, "str", 2 ** 60];

/** Puts bad values into random places of a JSON value. */
function mutate(v: any, depth = 0): any {
  if (typeof v === "string") return rnd() < 0.3 ? pick(BAD_STRINGS) + (rnd() < 0.5 ? v : "") : v;
  if (Array.isArray(v)) return v.map((x) => mutate(x, depth + 1));
  if (v && typeof v === "object") {
    const out: Record<string, any> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = rnd();
      if (r < 0.08) continue; // a field missing
      out[k] = r < 0.2 ? pick(JUNK) : mutate(x, depth + 1);
    }
    if (rnd() < 0.1) out[pick(BAD_STRINGS)] = pick(JUNK);
    return out;
  }
  return rnd() < 0.1 ? pick(JUNK) : v;
}

async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

async function main() {
  const tg = new FakeTelegramApi({ token: TG_TOKEN });
  const slack = new FakeSlackApi();
  await Promise.all([tg.start(), slack.start()]);
  const url = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const store =
    a.db === "postgres"
      ? await Store.open({ kind: "postgres", url, schema: `bench_fuzz_${Date.now().toString(36)}` })
      : await Store.open({ kind: "pglite" });
  const port = await freePort();
  const t0 = Date.now();
  let crashes = 0;
  process.on("uncaughtException", () => void crashes++);
  process.on("unhandledRejection", () => void crashes++);
  const desk: Desk = await startTestDesk({
    store,
    tg,
    webhook: true,
    env: { PORT: String(port), TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`, ...slackEnv(slack.url) },
  });
  const say = (m: string) => process.stderr.write(`[fuzz ${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}\n`);
  say("desk up");
  const statuses: Record<string, number> = {};
  const count = (k: string | number) => void (statuses[k] = (statuses[k] ?? 0) + 1);
  const f = tg.factory();
  const users = Array.from({ length: 50 }, (_, i) => ({ id: 6_000_000 + i, first_name: `用户${i}`, language_code: "zh-hans" }));

  const tgBodies = Array.from({ length: Number(a.telegram) }, (_, i) => {
    const u = pick(users);
    const base: any = pick([
      () => f.text(u, "冰箱不制冷了"),
      () => f.command(u, "/help"),
      () => f.callback(u, "kind:repair", { messageId: 1 }),
      () => f.photo(u, { caption: "图" }),
    ])();
    const r = rnd();
    if (r < 0.02) return "{not json";
    if (r < 0.03) return JSON.stringify({ ...base, message: { text: "x".repeat(1_100_000) } });
    const m = mutate(base);
    m.update_id = rnd() < 0.05 ? pick(JUNK) : 50_000_000 + i;
    return JSON.stringify(m);
  });
  await pool(tgBodies, Number(a.concurrency), async (body) => {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
        body,
      });
      await r.arrayBuffer();
      count(`tg ${r.status}`);
    } catch {
      count("tg reset");
    }
  });
  say(`telegram posted: ${JSON.stringify(statuses)}`);
  const slackUrl = `http://127.0.0.1:${port}/slack/events`;
  const slackPayloads = Array.from({ length: Number(a.slack) }, () => {
    const base = pick([
      () => eventCallback({ event: { type: "message", channel: "C0TRIAGE", user: "U1", text: "hi", thread_ts: "1.1" } }),
      () => blockActions({ user: { id: "U1" }, channel: { id: "C0TRIAGE" }, actions: [{ action_id: "t_claim", value: "1001" }] }),
      () => slashCommand({ command: "/desk", text: "queue", user_id: "U1", channel_id: "C0TRIAGE" }),
      () => viewSubmission({ user: { id: "U1" }, view: { callback_id: "m_resolve", private_metadata: "{}" } }),
    ])();
    const data = mutate(base.data);
    return { contentType: "application/json" as const, body: JSON.stringify(data), data };
  });
  await pool(slackPayloads, Number(a.concurrency), async (p) => {
    try {
      const r = await sendSlack(slackUrl, SLACK_SECRET, p);
      count(`slack ${r.status}`);
    } catch {
      count("slack reset");
    }
  });
  const postedSec = (Date.now() - t0) / 1000;
  say(`slack posted: ${JSON.stringify(statuses)}`);
  await settle(desk, 120_000).catch((err) => say(String(err)));
  say("settled");
  const inbox = await store.inbox.counts();
  const failedRows = await store.sql.query<{ error: string }>(`SELECT "error" FROM "InboundEvent" WHERE "status" = 'failed' LIMIT 3`);
  const stuck = (await store.outbox.list({ status: "pending" }, 3)).map((r) => `${r.platform} ${r.chatKey} ${r.kind}: ${r.lastError}`);
  // a normal customer right after
  const normal = { id: 6_999_999, first_name: "正常客户", language_code: "zh-hans" };
  const r = await tg.postWebhook(f.command(normal, "/help"));
  await settle(desk, 60_000).catch(() => {});
  const answered = r.status === 200 && tg.sent(normal.id).length > 0;
  const fivexx = Object.entries(statuses)
    .filter(([k]) => / 5\d\d$/.test(k))
    .reduce((s, [, n]) => s + n, 0);
  console.log({
    telegram: Number(a.telegram),
    slack: Number(a.slack),
    db: a.db,
    statuses,
    fivexx,
    crashes,
    inbox,
    failedErrors: failedRows.map((r) => r.error.slice(0, 200)),
    outboxPending: stuck,
    normalCustomerAnswered: answered,
    postedSec: Number(postedSec.toFixed(1)),
    loadavg: loadavg().map((x) => Number(x.toFixed(2))),
  });
  await Promise.race([desk.stop(), new Promise((r) => setTimeout(r, 15_000))]);
  await store.close().catch(() => {});
  await Promise.all([tg.stop(), slack.stop()]);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
