/**
 * Ingest benchmark: N simulated customers talk to the real desk through its Telegram webhook,
 * against the fake Bot API *enforcing Telegram's rate limits*, with the desk's default pacing
 * (1 msg/s per chat, 30 msg/s overall). Measures acknowledgement throughput and latency, time
 * to first reply, outbound throughput, 429s, and checks that every update got its expected
 * reply exactly once. See bench/README.md for what each figure means.
 *
 * Run: `npm run bench:ingest -- [options]` or `npx tsx bench/ingest.ts [options]`
 *
 * @example
 * ```sh
 * npx tsx bench/ingest.ts                                   # 200 customers × 3 messages, PGlite
 * npx tsx bench/ingest.ts --db postgres --customers 1000 --messages 2
 * npx tsx bench/ingest.ts --messages 4 --json               # + one free-text fault report each
 * ```
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { Update } from "grammy/types";
import pg from "pg";
import { Desk } from "../bots/desk.ts";
import { loadConfig } from "../core/config.ts";
import { messages, type Messages } from "../core/i18n/index.ts";
import { createLogger } from "../core/log.ts";
import { Store } from "../core/store/index.ts";
import { FakeTelegramApi, type TelegramCall } from "../test/fakes/telegram-api.ts";
import type { FakeUser, UpdateFactory } from "../test/fakes/updates.ts";
import { TG_TOKEN, WEBHOOK_SECRET } from "../test/support/desk.ts";

// ── options ─────────────────────────────────────────────────────────────────────────────────

const USAGE = `Usage: npx tsx bench/ingest.ts [options]
  --customers N     simulated customers (default 200)
  --messages M      messages per customer (default 3): /help, /tickets, a sticker, then a
                    free-text fault report (4th), then /help, /tickets, a sticker again…
                    Every message expects exactly one reply.
  --concurrency C   webhook POSTs in flight at once (default 50)
  --db KIND         pglite (in memory, default) or postgres (TEST_DATABASE_URL, DATABASE_URL,
                    or postgresql://postgres@127.0.0.1:5432/test; a fresh schema, dropped after)
  --timeout S       hard limit for the whole run in seconds (default 300)
  --json            print one JSON object instead of the table
  --log             print the desk's warnings and errors to stderr (counted either way)
  --timeline        also print, second by second: webhook acks, sends, 429s and the backlog
  --help            this text`;

function options() {
  const { values } = parseArgs({
    options: {
      customers: { type: "string", default: "200" },
      messages: { type: "string", default: "3" },
      concurrency: { type: "string", default: "50" },
      db: { type: "string", default: "pglite" },
      timeout: { type: "string", default: "300" },
      json: { type: "boolean", default: false },
      log: { type: "boolean", default: false },
      timeline: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    process.exit(0);
  }
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`--${name} must be an integer ≥ ${min} (got "${v}")\n\n${USAGE}\n`);
      process.exit(2);
    }
    return n;
  };
  if (values.db !== "pglite" && values.db !== "postgres") {
    process.stderr.write(`--db must be pglite or postgres (got "${values.db}")\n`);
    process.exit(2);
  }
  return {
    customers: int("customers", values.customers!, 1),
    messages: int("messages", values.messages!, 1),
    concurrency: int("concurrency", values.concurrency!, 1),
    db: values.db as "pglite" | "postgres",
    timeoutSec: int("timeout", values.timeout!, 1),
    json: values.json!,
    log: values.log!,
    timeline: values.timeline!,
  };
}

// ── workload ────────────────────────────────────────────────────────────────────────────────

type Kind = "help" | "tickets" | "sticker" | "report";

/** The i-th message of every customer; each one yields exactly one reply. */
function kindOf(i: number): Kind {
  const cycle: Kind[] = ["help", "tickets", "sticker"];
  if (i < 3) return cycle[i];
  if (i === 3) return "report";
  return cycle[(i - 4) % 3];
}

const REPORT_TEXT: Record<string, string> = {
  "zh-hans": "冰箱不制冷了，型号BCD-215WDPV，昨天开始的",
  en: "My fridge stopped cooling, model BCD-215WDPV, since yesterday",
};

function makeUpdate(f: UpdateFactory, user: FakeUser, kind: Kind): Update {
  switch (kind) {
    case "help":
      return f.command(user, "/help");
    case "tickets":
      return f.command(user, "/tickets");
    case "sticker":
      return f.sticker(user);
    case "report":
      return f.text(user, REPORT_TEXT[user.language_code ?? "zh-hans"]);
  }
}

/** Which update a reply answers, from its (plain) text. */
function classify(text: string, m: Messages): Kind | "other" {
  if (text === m.help()) return "help";
  if (text === m.ticketsEmpty) return "tickets";
  if (text === m.unsupported.sticker) return "sticker";
  if (Object.values(m.ask).some((q) => text.endsWith(q))) return "report";
  return "other";
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Nearest-rank percentile of an ascending array. */
function pct(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number | null, d = 1) => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10 ** d) / 10 ** d);

interface Db {
  store: Store;
  label: string;
  dispose(): Promise<void>;
}

async function openDb(kind: "pglite" | "postgres"): Promise<Db> {
  if (kind === "pglite") {
    const store = await Store.open({ kind: "pglite" });
    return { store, label: "pglite (in memory)", dispose: () => store.close() };
  }
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test";
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const dropSchema = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  };
  let store: Store;
  try {
    store = await Store.open({ kind: "postgres", url, schema });
  } catch (err) {
    await dropSchema().catch(() => {});
    throw err;
  }
  const safeUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  return {
    store,
    label: `postgres ${safeUrl} (schema ${schema})`,
    async dispose() {
      try {
        await store.close();
      } finally {
        await dropSchema();
      }
    },
  };
}

// ── the run ─────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const o = options();
  const hardDeadline = Date.now() + o.timeoutSec * 1000;
  const logCounts: Record<string, number> = {};
  const log = createLogger("warn", {}, (line) => {
    try {
      const e = JSON.parse(line) as { level: string; msg: string };
      const k = `${e.level}:${e.msg}`;
      logCounts[k] = (logCounts[k] ?? 0) + 1;
    } catch {
      /* not JSON */
    }
    if (o.log) process.stderr.write(line + "\n");
  });

  const tg = new FakeTelegramApi({ token: TG_TOKEN, enforceLimits: true });
  await tg.start();
  let db: Db | undefined;
  let desk: Desk | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    db = await openDb(o.db);
    const port = await freePort();
    const { config, problems } = loadConfig({
      PORT: String(port),
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DESK_KB_DIR: fileURLToPath(new URL("../kb", import.meta.url)),
      // the desk's defaults, spelled out (the test helper uses fast pacing instead)
      TELEGRAM_RATE_PER_CHAT: "1",
      TELEGRAM_RATE_GLOBAL: "30",
    });
    if (problems.length) throw new Error(problems.join("\n"));
    // production poll intervals (Desk defaults), not the test helper's fast ones
    desk = await Desk.create({ config, store: db.store, log });
    await desk.start();
    await desk.telegramReady();
    if (!tg.webhook) throw new Error("the desk did not register its webhook with the fake Bot API");
    const d = desk;

    // customers: even ones write in Chinese, odd ones in English
    const f = tg.factory();
    const users: FakeUser[] = Array.from({ length: o.customers }, (_, i) => ({
      id: 7_000_000 + i,
      first_name: i % 2 ? `Customer${i}` : `客户${i}`,
      language_code: i % 2 ? "en" : "zh-hans",
    }));
    const langOf = (u: FakeUser) => messages(u.language_code === "en" ? "en" : "zh-CN");
    const expected = o.customers * o.messages;

    // ── sampling the backlog ──
    const backlog = { outboxPeak: 0, outboxPeakAt: 0, inboxPeak: 0, samples: 0, sampleMsMax: 0, last: { outbox: -1, inbox: -1, sending: -1 } };
    const series: { at: number; outbox: number; inbox: number; inFlight: number }[] = [];
    let sampling: Promise<void> | undefined;
    const t0 = Date.now();
    const sample = (): Promise<void> => (sampling ??= takeSample().finally(() => (sampling = undefined)));
    const takeSample = async () => {
      const s0 = performance.now();
      try {
        const [ob, ib] = await Promise.all([d.store.outbox.stats(new Date()), d.store.inbox.counts()]);
        const ms = performance.now() - s0;
        backlog.samples++;
        backlog.sampleMsMax = Math.max(backlog.sampleMsMax, ms);
        const out = ob.pending + ob.sending;
        if (out > backlog.outboxPeak) {
          backlog.outboxPeak = out;
          backlog.outboxPeakAt = Date.now() - t0;
        }
        backlog.inboxPeak = Math.max(backlog.inboxPeak, ib.pending);
        backlog.last = { outbox: ob.pending, inbox: ib.pending, sending: ob.sending };
        series.push({ at: Date.now() - t0, outbox: out, inbox: ib.pending, inFlight: d.sender.busy });
      } catch {
        /* the store is closing */
      }
    };
    sampler = setInterval(() => void sample(), 250);

    // desk, fake Bot API and bench share this process: how busy its one thread was matters
    const loopSend = monitorEventLoopDelay({ resolution: 10 });
    const loopDrain = monitorEventLoopDelay({ resolution: 10 });
    const cpu0 = process.cpuUsage();
    loopSend.enable();

    // ── send phase ──
    const jobs: { c: number; i: number }[] = [];
    for (let i = 0; i < o.messages; i++) for (let c = 0; c < o.customers; c++) jobs.push({ c, i });
    const lastPost: Promise<void>[] = Array.from({ length: o.customers }, () => Promise.resolve());
    const firstPostAt: number[] = new Array(o.customers).fill(NaN);
    const ackMs: number[] = [];
    const ackAt: number[] = [];
    const statuses: Record<string, number> = {};
    let acked = 0;
    let notAcked = 0;
    let notPosted = 0;
    let next = 0;
    const sendStart = performance.now();
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        if (Date.now() > hardDeadline) {
          notPosted++;
          continue;
        }
        // a customer's messages go out one after another, like a person typing
        const prev = lastPost[job.c];
        let done!: () => void;
        lastPost[job.c] = new Promise<void>((r) => (done = r));
        await prev;
        try {
          const update = makeUpdate(f, users[job.c], kindOf(job.i));
          if (job.i === 0) firstPostAt[job.c] = Date.now();
          const r = await tg.postWebhook(update, { timeoutMs: 30_000 });
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status === 200) {
            acked++;
            ackMs.push(r.ms);
            ackAt.push(Date.now() - t0);
          } else notAcked++;
        } catch (err) {
          const k = (err as Error).name === "TimeoutError" ? "timeout" : "network error";
          statuses[k] = (statuses[k] ?? 0) + 1;
          notAcked++;
        } finally {
          done();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, jobs.length) }, worker));
    const sendSecs = (performance.now() - sendStart) / 1000;
    loopSend.disable();
    const cpuSend = process.cpuUsage(cpu0);
    loopDrain.enable();

    // ── wait for the desk to deliver everything (or give up) ──
    const sentCalls = () => tg.sent().filter((c) => c.method === "sendMessage");
    let outcome: "complete" | "drained with replies missing" | "timeout" = "timeout";
    let quietSince = 0;
    while (Date.now() < hardDeadline) {
      await sleep(250);
      await sampling; // a sample that started before now may predate the last send
      await sample();
      const quiet = backlog.last.outbox === 0 && backlog.last.sending === 0 && backlog.last.inbox === 0 && d.sender.busy === 0;
      if (quiet && sentCalls().length >= expected) {
        outcome = "complete";
        break;
      }
      // nothing left anywhere for 3 s, yet replies are missing: they are not coming
      if (!quiet) quietSince = 0;
      else if (!quietSince) quietSince = Date.now();
      else if (Date.now() - quietSince > 3000) {
        outcome = "drained with replies missing";
        break;
      }
    }
    clearInterval(sampler);
    sampler = undefined;
    await sampling;
    loopDrain.disable();
    const drainSecs = (performance.now() - sendStart) / 1000 - sendSecs;
    const cpuAll = process.cpuUsage(cpu0);
    const loopStats = (h: ReturnType<typeof monitorEventLoopDelay>) => ({
      p50: round(h.percentile(50) / 1e6),
      p99: round(h.percentile(99) / 1e6),
      max: round(h.max / 1e6),
    });
    const cpuShare = (u: NodeJS.CpuUsage, secs: number) => round(((u.user + u.system) / 1e6 / secs) * 100, 0);
    const processLoad = {
      sendPhase: { cpuPct: cpuShare(cpuSend, sendSecs), loopDelayMs: loopStats(loopSend) },
      deliveryPhase: {
        cpuPct: cpuShare({ user: cpuAll.user - cpuSend.user, system: cpuAll.system - cpuSend.system }, drainSecs),
        loopDelayMs: loopStats(loopDrain),
      },
    };

    // ── accounting ──
    const sends = sentCalls();
    const byChat = new Map<string, TelegramCall[]>();
    for (const c of sends) {
      const k = String(c.params.chat_id);
      let l = byChat.get(k);
      if (!l) byChat.set(k, (l = []));
      l.push(c);
    }
    let lost = 0;
    let duplicated = 0;
    let unexpected = 0;
    let outOfOrderChats = 0;
    let chatsWithLoss = 0;
    let chatsWithDup = 0;
    const ttfr: number[] = [];
    let noFirstReply = 0;
    for (let c = 0; c < o.customers; c++) {
      const u = users[c];
      const m = langOf(u);
      const want: Kind[] = Array.from({ length: o.messages }, (_, i) => kindOf(i));
      const got = (byChat.get(String(u.id)) ?? []).map((call) => classify(String(call.result?.text ?? ""), m));
      const wantN = new Map<string, number>();
      const gotN = new Map<string, number>();
      for (const k of want) wantN.set(k, (wantN.get(k) ?? 0) + 1);
      for (const k of got) gotN.set(k, (gotN.get(k) ?? 0) + 1);
      let l = 0;
      let dd = 0;
      for (const [k, n] of wantN) l += Math.max(0, n - (gotN.get(k) ?? 0));
      for (const [k, n] of gotN) {
        if (k === "other") unexpected += n;
        else dd += Math.max(0, n - (wantN.get(k) ?? 0));
      }
      lost += l;
      duplicated += dd;
      if (l) chatsWithLoss++;
      if (dd) chatsWithDup++;
      if (!l && !dd && got.join() !== want.join()) outOfOrderChats++;
      const first = byChat.get(String(u.id))?.[0];
      if (first && Number.isFinite(firstPostAt[c])) ttfr.push(first.at - firstPostAt[c]);
      else noFirstReply++;
    }
    ackMs.sort((a, b) => a - b);
    ttfr.sort((a, b) => a - b);
    // for each 429: how long after the previous successful send to that chat it arrived
    const lastOkAt = new Map<string, number>();
    const gaps429: number[] = [];
    let first429At: number | undefined;
    for (const c of tg.calls) {
      if (!c.method.startsWith("send")) continue;
      const k = String(c.params.chat_id);
      if (c.ok) lastOkAt.set(k, c.at);
      else if (c.errorCode === 429) {
        first429At ??= c.at;
        const prev = lastOkAt.get(k);
        if (prev !== undefined) gaps429.push(c.at - prev);
      }
    }
    gaps429.sort((a, b) => a - b);
    const firstSend = sends[0]?.at;
    const lastSend = sends[sends.length - 1]?.at;
    const outSecs = firstSend !== undefined && lastSend !== undefined ? (lastSend - firstSend) / 1000 : 0;
    const st = await d.store.outbox.stats(new Date());
    const ib = await d.store.inbox.counts();

    const result = {
      config: {
        db: db.label,
        customers: o.customers,
        messagesPerCustomer: o.messages,
        workload: Array.from({ length: o.messages }, (_, i) => kindOf(i)).join(","),
        concurrency: o.concurrency,
        pacing: { perChatPerSec: config.telegram.perChatPerSec, globalPerSec: config.telegram.globalPerSec },
        telegramLimits: tg.limits,
        timeoutSec: o.timeoutSec,
        node: process.version,
      },
      outcome,
      updates: { total: jobs.length, acked, notAcked, notPosted, statuses },
      ackPerSec: round(acked / sendSecs),
      sendPhaseSec: round(sendSecs, 2),
      ackMs: { p50: round(pct(ackMs, 50)), p95: round(pct(ackMs, 95)), p99: round(pct(ackMs, 99)), max: round(ackMs[ackMs.length - 1] ?? null) },
      firstReplyMs: { p50: pct(ttfr, 50), p95: pct(ttfr, 95), max: ttfr[ttfr.length - 1] ?? null, customersWithout: noFirstReply },
      outbound: {
        expected,
        delivered: sends.length,
        perSec: round(outSecs > 0 ? sends.length / outSecs : null),
        firstToLastSec: round(outSecs, 2),
      },
      tooManyRequests: tg.stats.tooManyRequests,
      limitHits: tg.stats.limitHits,
      gapBefore429Ms: { p50: pct(gaps429, 50), max: gaps429[gaps429.length - 1] ?? null, firstAtSec: first429At === undefined ? null : round((first429At - t0) / 1000, 2) },
      lost,
      duplicated,
      unexpectedReplies: unexpected,
      chatsWithLoss,
      chatsWithDuplicates: chatsWithDup,
      chatsOutOfOrder: outOfOrderChats,
      wallSec: round(((lastSend ?? Date.now()) - t0) / 1000, 2),
      runSec: round((Date.now() - t0) / 1000, 2),
      backlog: {
        outboxPeak: backlog.outboxPeak,
        outboxPeakAtSec: round(backlog.outboxPeakAt / 1000, 2),
        inboxPeak: backlog.inboxPeak,
        samples: backlog.samples,
        slowestSampleMs: round(backlog.sampleMsMax),
        atEnd: { outbox: st, inbox: ib },
      },
      process: processLoad,
      desk: { inbox: { ...d.inbox.stats }, sender: { ...d.sender.stats }, log: logCounts },
      telegramErrors: tg.stats.errors,
    };

    const timeline = o.timeline ? buildTimeline(t0, ackAt, tg.calls, series) : undefined;
    if (o.json) process.stdout.write(JSON.stringify(timeline ? { ...result, timeline } : result) + "\n");
    else {
      printTable(result);
      if (timeline) printTimeline(timeline);
    }
    return outcome === "complete" && !lost && !duplicated && !notAcked && !notPosted ? 0 : 1;
  } finally {
    if (sampler) clearInterval(sampler);
    await desk?.stop().catch((err) => process.stderr.write(`desk.stop failed: ${(err as Error).message}\n`));
    await tg.stop();
    await db?.dispose().catch((err) => process.stderr.write(`closing the database failed: ${(err as Error).message}\n`));
  }
}

interface Second {
  sec: number;
  acks: number;
  sends: number;
  tooMany: number;
  outboxBacklog: number | null;
  inboxBacklog: number | null;
  inFlight: number | null;
}

/** Per-second counts (acks, successful sends, 429s) and the last backlog sample of each second. */
function buildTimeline(t0: number, ackAt: number[], calls: TelegramCall[], series: { at: number; outbox: number; inbox: number; inFlight: number }[]): Second[] {
  const out: Second[] = [];
  const at = (ms: number) => {
    const i = Math.max(0, Math.floor(ms / 1000));
    while (out.length <= i) out.push({ sec: out.length, acks: 0, sends: 0, tooMany: 0, outboxBacklog: null, inboxBacklog: null, inFlight: null });
    return out[i];
  };
  for (const a of ackAt) at(a).acks++;
  for (const c of calls) {
    if (!c.method.startsWith("send") || c.at < t0) continue;
    if (c.ok) at(c.at - t0).sends++;
    else if (c.errorCode === 429) at(c.at - t0).tooMany++;
  }
  for (const s of series) Object.assign(at(s.at), { outboxBacklog: s.outbox, inboxBacklog: s.inbox, inFlight: s.inFlight });
  return out;
}

function printTimeline(t: Second[]): void {
  process.stdout.write("\n  sec  acks  sends  429s  outbox  inbox  in-flight\n");
  const n = (v: number | null, w: number) => String(v ?? "").padStart(w);
  for (const s of t) process.stdout.write(`${n(s.sec, 5)} ${n(s.acks, 5)} ${n(s.sends, 6)} ${n(s.tooMany, 5)} ${n(s.outboxBacklog, 7)} ${n(s.inboxBacklog, 6)} ${n(s.inFlight, 10)}\n`);
}

function printTable(r: any): void {
  const rows: [string, string][] = [
    ["database", r.config.db],
    ["workload", `${r.config.customers} customers × ${r.config.messagesPerCustomer} (${r.config.workload}), ${r.config.concurrency} concurrent POSTs`],
    ["pacing / Telegram limits", `desk ${r.config.pacing.perChatPerSec}/s per chat, ${r.config.pacing.globalPerSec}/s overall; fake enforces ${r.config.telegramLimits.perChatPerSec}/s per chat, ${r.config.telegramLimits.globalPerSec}/s overall`],
    ["outcome", r.outcome === "timeout" ? `TIMEOUT after ${r.config.timeoutSec} s (hard limit hit)` : r.outcome],
    ["", ""],
    ["updates acknowledged (200)", `${r.updates.acked} / ${r.updates.total}` + (r.updates.notPosted ? ` (${r.updates.notPosted} never posted: timeout)` : "")],
    ["updates not acknowledged", `${r.updates.notAcked}  (statuses ${JSON.stringify(r.updates.statuses)})`],
    ["acknowledged updates/s", `${r.ackPerSec}  (send phase ${r.sendPhaseSec} s)`],
    ["ack latency p50/p95/p99/max", `${r.ackMs.p50} / ${r.ackMs.p95} / ${r.ackMs.p99} / ${r.ackMs.max} ms`],
    ["time to first reply p50/p95/max", `${r.firstReplyMs.p50} / ${r.firstReplyMs.p95} / ${r.firstReplyMs.max} ms` + (r.firstReplyMs.customersWithout ? ` (${r.firstReplyMs.customersWithout} customers got none)` : "")],
    ["outbound messages/s", `${r.outbound.perSec}  (${r.outbound.delivered} sent over ${r.outbound.firstToLastSec} s)`],
    ["429 Too Many Requests", `${r.tooManyRequests}  (per chat ${r.limitHits.perChat}, per group ${r.limitHits.perGroup}, global ${r.limitHits.global})`],
    ...(r.tooManyRequests
      ? ([["429: gap since the chat's last send", `p50 ${r.gapBefore429Ms.p50} ms, max ${r.gapBefore429Ms.max} ms; first 429 at ${r.gapBefore429Ms.firstAtSec} s`]] as [string, string][])
      : []),
    ["replies expected / delivered", `${r.outbound.expected} / ${r.outbound.delivered}`],
    ["lost replies", `${r.lost}` + (r.chatsWithLoss ? ` (in ${r.chatsWithLoss} chats)` : "")],
    ["duplicated replies", `${r.duplicated}` + (r.chatsWithDuplicates ? ` (in ${r.chatsWithDuplicates} chats)` : "")],
    ["unexpected replies / chats out of order", `${r.unexpectedReplies} / ${r.chatsOutOfOrder}`],
    ["wall time until all delivered", `${r.wallSec} s` + (r.outcome !== "complete" ? " (NOT all delivered: time of the last send)" : "")],
    ["outbox backlog peak", `${r.backlog.outboxPeak} (pending + sending) at ${r.backlog.outboxPeakAtSec} s; inbox backlog peak ${r.backlog.inboxPeak}`],
    ["backlog samples", `${r.backlog.samples}, slowest ${r.backlog.slowestSampleMs} ms`],
    ["process CPU / loop delay (send)", `${r.process.sendPhase.cpuPct}% CPU; event-loop delay p50 ${r.process.sendPhase.loopDelayMs.p50}, p99 ${r.process.sendPhase.loopDelayMs.p99}, max ${r.process.sendPhase.loopDelayMs.max} ms`],
    ["process CPU / loop delay (delivery)", `${r.process.deliveryPhase.cpuPct}% CPU; event-loop delay p50 ${r.process.deliveryPhase.loopDelayMs.p50}, p99 ${r.process.deliveryPhase.loopDelayMs.p99}, max ${r.process.deliveryPhase.loopDelayMs.max} ms`],
    ["", ""],
    ["desk inbox", JSON.stringify(r.desk.inbox)],
    ["desk outbox sender", JSON.stringify(r.desk.sender)],
    ["desk warnings/errors", Object.keys(r.desk.log).length ? JSON.stringify(r.desk.log) : "none"],
    ["left at the end", `outbox ${JSON.stringify(r.backlog.atEnd.outbox)}, inbox ${JSON.stringify(r.backlog.atEnd.inbox)}`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(rows.map(([k, v]) => (k ? `${k.padEnd(w)}  ${v}` : "")).join("\n") + "\n");
}

main().then(
  (code) => {
    process.exitCode = code;
    // everything is closed; if a stray handle keeps the process alive, say so and leave
    setTimeout(() => {
      process.stderr.write("bench: something kept the process alive after cleanup; exiting\n");
      process.exit(code);
    }, 5000).unref();
  },
  (err) => {
    process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
