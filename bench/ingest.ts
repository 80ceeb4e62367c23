/**
 * Ingest benchmark: N simulated customers talk to the real desk through its Telegram webhook,
 * against the fake Bot API *enforcing Telegram's rate limits*, with the desk's default pacing
 * (1 msg/s per chat, 30 msg/s overall). Measures acknowledgement throughput and latency, time
 * to first reply, outbound throughput and 429s, and checks that every update got its expected
 * reply exactly once. See bench/README.md for what each figure means.
 *
 * The desk runs on the main thread, alone, as in production. The customers' side (the fake
 * Bot API server and the webhook clients) runs in a worker thread, so that generating the
 * load does not eat the desk's event loop (`--in-process` puts both on one thread).
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
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { availableParallelism, loadavg } from "node:os";
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Update } from "grammy/types";
import pg from "pg";
import type { Desk as DeskT } from "../bots/desk.ts";
import { messages, type Messages } from "../core/i18n/index.ts";
import type { Store as StoreT } from "../core/store/index.ts";
import { FakeTelegramApi, type TelegramLimits } from "../test/fakes/telegram-api.ts";
import type { FakeUser, UpdateFactory } from "../test/fakes/updates.ts";

/** Same values as test/support/desk.ts (not imported: that module loads the whole desk). */
const TG_TOKEN = "123456789:TEST-fake-token-abcdefghijkl";
const WEBHOOK_SECRET = "s3cret_token-for-tests";

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
  --timeline        also print, second by second: webhook acks, sends, 429s and the backlog
  --in-process      run the fake Bot API and the customers on the desk's thread
  --log             print the desk's warnings and errors to stderr (counted either way)
  --help            this text`;

interface Options {
  customers: number;
  messages: number;
  concurrency: number;
  db: "pglite" | "postgres";
  timeoutSec: number;
  json: boolean;
  timeline: boolean;
  inProcess: boolean;
  log: boolean;
}

function options(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        customers: { type: "string", default: "200" },
        messages: { type: "string", default: "3" },
        concurrency: { type: "string", default: "50" },
        db: { type: "string", default: "pglite" },
        timeout: { type: "string", default: "300" },
        json: { type: "boolean", default: false },
        timeline: { type: "boolean", default: false },
        "in-process": { type: "boolean", default: false },
        log: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
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
    timeline: values.timeline!,
    inProcess: values["in-process"]!,
    log: values.log!,
  };
}

// ── workload ────────────────────────────────────────────────────────────────────────────────

type Kind = "help" | "tickets" | "sticker" | "report";

/** The i-th message of every customer; each one yields exactly one reply. */
function kindOf(i: number): Kind {
  const cycle: Kind[] = ["help", "tickets", "sticker"];
  if (i < 3) return cycle[i]!;
  if (i === 3) return "report";
  return cycle[(i - 4) % 3]!;
}

const REPORT_TEXT = {
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
      return f.text(user, user.language_code === "en" ? REPORT_TEXT.en : REPORT_TEXT["zh-hans"]);
  }
}

/** Which update a reply answers, from its plain text (replies are told apart by content). */
function classify(text: string, m: Messages): Kind | "other" {
  if (text === m.help()) return "help";
  if (text === m.ticketsEmpty) return "tickets";
  if (text === m.unsupported.sticker) return "sticker";
  if (Object.values(m.ask).some((q) => text.endsWith(q))) return "report";
  return "other";
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

/** Nearest-rank percentile of an ascending array. */
function pct(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The commit the desk was measured at (read-only; null outside a git checkout). */
function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number | null | undefined, d = 1) => (n == null || !Number.isFinite(n) ? null : Math.round(n * 10 ** d) / 10 ** d);
const pctOf = (elu: EventLoopUtilization) => round(elu.utilization * 100, 0);

// ── the customers' side: fake Bot API + webhook clients ─────────────────────────────────────

interface SendPhase {
  total: number;
  acked: number;
  notAcked: number;
  notPosted: number;
  statuses: Record<string, number>;
  sendSecs: number;
  ackMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  /** when each 200 came back, ms after t0 (for the timeline) */
  ackAt: number[];
  /** event-loop utilisation of the customers' thread during the send phase (%) */
  loadThreadBusyPct: number | null;
}

interface Accounting {
  expected: number;
  delivered: number;
  firstSendAt: number | null;
  lastSendAt: number | null;
  lost: number;
  duplicated: number;
  unexpected: number;
  chatsWithLoss: number;
  chatsWithDuplicates: number;
  chatsOutOfOrder: number;
  ttfr: { p50: number | null; p95: number | null; max: number | null; customersWithout: number };
  tooManyRequests: number;
  limitHits: { perChat: number; perGroup: number; global: number };
  /** for each per-chat 429: ms since the previous successful send to that chat; when the first 429 (any) came */
  gapBefore429Ms: { p50: number | null; max: number | null; firstAt: number | null };
  telegramErrors: number;
  limits: TelegramLimits;
  /** send calls, for the timeline: [ms after t0, 1 = ok | 429 | other code] */
  sendCalls?: [number, number][];
}

/** Simulated customers and the fake Telegram they talk through. */
class Customers {
  readonly tg = new FakeTelegramApi({ token: TG_TOKEN, enforceLimits: true });
  private f!: UpdateFactory;
  private users: FakeUser[] = [];
  private firstPostAt: number[] = [];
  private messages = 0;

  async start(): Promise<string> {
    await this.tg.start();
    this.f = this.tg.factory();
    return this.tg.apiRoot;
  }

  webhookRegistered(): boolean {
    return this.tg.webhook?.secretToken === WEBHOOK_SECRET;
  }

  /** Successful sendMessage calls so far. */
  delivered(): number {
    let n = 0;
    for (const c of this.tg.calls) if (c.ok && c.method === "sendMessage") n++;
    return n;
  }

  /** Posts every customer's messages to the webhook, `concurrency` at a time. */
  async run(p: { customers: number; messages: number; concurrency: number; t0: number; deadline: number }): Promise<SendPhase> {
    // even customers write in Chinese, odd ones in English
    this.users = Array.from({ length: p.customers }, (_, i) => ({
      id: 7_000_000 + i,
      first_name: i % 2 ? `Customer${i}` : `客户${i}`,
      language_code: i % 2 ? "en" : "zh-hans",
    }));
    this.messages = p.messages;
    this.firstPostAt = new Array(p.customers).fill(NaN);
    // round by round: everyone's 1st message, then everyone's 2nd, …
    const jobs: { c: number; i: number }[] = [];
    for (let i = 0; i < p.messages; i++) for (let c = 0; c < p.customers; c++) jobs.push({ c, i });
    const lastPost: Promise<void>[] = Array.from({ length: p.customers }, () => Promise.resolve());
    const ackMs: number[] = [];
    const ackAt: number[] = [];
    const statuses: Record<string, number> = {};
    let acked = 0;
    let notAcked = 0;
    let notPosted = 0;
    let next = 0;
    const elu0 = performance.eventLoopUtilization();
    const start = performance.now();
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        if (Date.now() > p.deadline) {
          notPosted++;
          continue;
        }
        // a customer's messages go out one after another (each once the previous one is acknowledged)
        const prev = lastPost[job.c];
        let done!: () => void;
        lastPost[job.c] = new Promise<void>((r) => (done = r));
        await prev;
        try {
          const update = makeUpdate(this.f, this.users[job.c]!, kindOf(job.i));
          if (job.i === 0) this.firstPostAt[job.c] = Date.now();
          const r = await this.tg.postWebhook(update, { timeoutMs: 30_000 });
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status === 200) {
            acked++;
            ackMs.push(r.ms);
            ackAt.push(Date.now() - p.t0);
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
    await Promise.all(Array.from({ length: Math.min(p.concurrency, jobs.length) }, worker));
    const sendSecs = (performance.now() - start) / 1000;
    const elu = performance.eventLoopUtilization(elu0);
    ackMs.sort((a, b) => a - b);
    return {
      total: jobs.length,
      acked,
      notAcked,
      notPosted,
      statuses,
      sendSecs,
      ackMs: { p50: pct(ackMs, 50), p95: pct(ackMs, 95), p99: pct(ackMs, 99), max: ackMs[ackMs.length - 1] ?? null },
      ackAt,
      loadThreadBusyPct: pctOf(elu),
    };
  }

  /** Checks every chat's replies against what its updates should have produced. */
  account(t0: number, withCalls: boolean): Accounting {
    const tg = this.tg;
    const sends = tg.calls.filter((c) => c.ok && c.method === "sendMessage");
    const byChat = new Map<string, typeof sends>();
    for (const c of sends) {
      const k = String(c.params.chat_id);
      let l = byChat.get(k);
      if (!l) byChat.set(k, (l = []));
      l.push(c);
    }
    const a = { lost: 0, duplicated: 0, unexpected: 0, chatsWithLoss: 0, chatsWithDuplicates: 0, chatsOutOfOrder: 0 };
    const ttfr: number[] = [];
    let customersWithout = 0;
    const want: Kind[] = Array.from({ length: this.messages }, (_, i) => kindOf(i));
    const wantN = new Map<string, number>();
    for (const k of want) wantN.set(k, (wantN.get(k) ?? 0) + 1);
    this.users.forEach((u, c) => {
      const m = messages(u.language_code === "en" ? "en" : "zh-CN");
      const calls = byChat.get(String(u.id)) ?? [];
      const got = calls.map((call) => classify(String(call.result?.text ?? ""), m));
      const gotN = new Map<string, number>();
      for (const k of got) gotN.set(k, (gotN.get(k) ?? 0) + 1);
      let lost = 0;
      let dup = 0;
      for (const [k, n] of wantN) lost += Math.max(0, n - (gotN.get(k) ?? 0));
      for (const [k, n] of gotN) {
        if (k === "other") a.unexpected += n;
        else dup += Math.max(0, n - (wantN.get(k) ?? 0));
      }
      a.lost += lost;
      a.duplicated += dup;
      if (lost) a.chatsWithLoss++;
      if (dup) a.chatsWithDuplicates++;
      if (!lost && !dup && got.join() !== want.join()) a.chatsOutOfOrder++;
      if (calls.length && Number.isFinite(this.firstPostAt[c])) ttfr.push(calls[0]!.at - this.firstPostAt[c]!);
      else customersWithout++;
    });
    ttfr.sort((x, y) => x - y);
    // for each per-chat 429 (one that came within the per-chat window of the chat's last
    // successful send): how long after that send it came
    const chatWindow = 1000 - tg.limits.toleranceMs;
    const lastOkAt = new Map<string, number>();
    const gaps: number[] = [];
    let first429: number | null = null;
    const sendCalls: [number, number][] = [];
    for (const c of tg.calls) {
      if (!c.method.startsWith("send")) continue;
      const k = String(c.params.chat_id);
      if (withCalls) sendCalls.push([c.at - t0, c.ok ? 1 : (c.errorCode ?? 0)]);
      if (c.ok) lastOkAt.set(k, c.at);
      else if (c.errorCode === 429) {
        first429 ??= c.at - t0;
        const prev = lastOkAt.get(k);
        if (prev !== undefined && c.at - prev < chatWindow) gaps.push(c.at - prev);
      }
    }
    gaps.sort((x, y) => x - y);
    return {
      expected: this.users.length * this.messages,
      delivered: sends.length,
      firstSendAt: sends.length ? sends[0]!.at - t0 : null,
      lastSendAt: sends.length ? sends[sends.length - 1]!.at - t0 : null,
      ...a,
      ttfr: { p50: pct(ttfr, 50), p95: pct(ttfr, 95), max: ttfr[ttfr.length - 1] ?? null, customersWithout },
      tooManyRequests: tg.stats.tooManyRequests,
      limitHits: { ...tg.stats.limitHits },
      gapBefore429Ms: { p50: pct(gaps, 50), max: gaps[gaps.length - 1] ?? null, firstAt: first429 },
      telegramErrors: tg.stats.errors,
      limits: { ...tg.limits },
      ...(withCalls ? { sendCalls } : {}),
    };
  }

  stop(): Promise<void> {
    return this.tg.stop();
  }
}

type CustomersApi = {
  [K in keyof Customers as Customers[K] extends (...a: any[]) => any ? K : never]: Customers[K] extends (...a: infer A) => infer R
    ? (...a: A) => Promise<Awaited<R>>
    : never;
};

/** The customers' side in a worker thread, behind the same methods. */
function customersInWorker(): { api: CustomersApi; close(): Promise<void> } {
  // the worker loads this same file through tsx's loader (workers do not inherit it)
  const tsx = import.meta.resolve("tsx/esm/api");
  const src =
    `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(import.meta.url)}); })()` +
    `.catch((e) => { console.error(e); process.exit(1); });`;
  const w = new Worker(src, { eval: true, workerData: { role: "customers" } });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let seq = 0;
  let dead: Error | undefined;
  const failAll = (e: Error) => {
    dead = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  w.on("message", (m: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(`customers' thread: ${m.error}`));
    else p.resolve(m.result);
  });
  w.on("error", (e) => failAll(e));
  w.on("exit", (code) => failAll(new Error(`the customers' thread exited (code ${code})`)));
  const api = new Proxy({} as CustomersApi, {
    get:
      (_t, method: string) =>
      (...args: unknown[]) =>
        new Promise((resolve, reject) => {
          if (dead) return reject(dead);
          const id = ++seq;
          pending.set(id, { resolve, reject });
          w.postMessage({ id, method, args });
        }),
  });
  return {
    api,
    async close() {
      if (!dead) await w.terminate();
    },
  };
}

function serveCustomers(): void {
  const c = new Customers();
  parentPort!.on("message", async (m: { id: number; method: keyof CustomersApi; args: unknown[] }) => {
    try {
      const result = await (c[m.method] as (...a: unknown[]) => unknown)(...m.args);
      parentPort!.postMessage({ id: m.id, result });
    } catch (err) {
      parentPort!.postMessage({ id: m.id, error: (err as Error)?.stack ?? String(err) });
    }
  });
}

// ── the desk's side ─────────────────────────────────────────────────────────────────────────

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

interface Db {
  store: StoreT;
  label: string;
  dispose(): Promise<void>;
}

async function openDb(kind: "pglite" | "postgres"): Promise<Db> {
  const { Store } = await import("../core/store/index.ts");
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
  let store: StoreT;
  try {
    store = await Store.open({ kind: "postgres", url, schema });
  } catch (err) {
    await dropSchema().catch(() => {});
    throw err;
  }
  const safeUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  return {
    store,
    label: `postgres ${safeUrl} (schema ${schema}, dropped after)`,
    async dispose() {
      try {
        await store.close();
      } finally {
        await dropSchema();
      }
    },
  };
}

async function main(): Promise<number> {
  const o = options();
  const [{ Desk }, { loadConfig }, { createLogger }] = await Promise.all([
    import("../bots/desk.ts"),
    import("../core/config.ts"),
    import("../core/log.ts"),
  ]);
  const deadline = Date.now() + o.timeoutSec * 1000;
  const loadAtStart = loadavg()[0];
  let t0 = Date.now(); // reset when the send phase starts
  // silent, but counting: which warnings and errors the desk logged
  const logCounts: Record<string, number> = {};
  const log = createLogger("warn", {}, (line) => {
    try {
      const e = JSON.parse(line) as { level: string; msg: string };
      logCounts[`${e.level}:${e.msg}`] = (logCounts[`${e.level}:${e.msg}`] ?? 0) + 1;
    } catch {
      /* not JSON */
    }
    if (o.log) process.stderr.write(line + "\n");
  });

  let remote: ReturnType<typeof customersInWorker> | undefined;
  let customers: CustomersApi;
  if (o.inProcess) {
    const c = new Customers();
    customers = new Proxy({} as CustomersApi, {
      get:
        (_t, k: keyof CustomersApi) =>
        async (...a: unknown[]) =>
          (c[k] as any)(...a),
    });
  } else {
    remote = customersInWorker();
    customers = remote.api;
  }
  let db: Db | undefined;
  let desk: DeskT | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const apiRoot = await customers.start();
    db = await openDb(o.db);
    const port = await freePort();
    const { config, problems } = loadConfig({
      PORT: String(port),
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DESK_KB_DIR: fileURLToPath(new URL("../kb", import.meta.url)),
      // the desk's defaults, spelled out (the test helper uses fast pacing instead)
      TELEGRAM_RATE_PER_CHAT: "1",
      TELEGRAM_RATE_GLOBAL: "30",
    });
    if (problems.length) throw new Error(problems.join("\n"));
    // the Desk's own poll intervals (production), not the test helper's fast ones
    desk = await Desk.create({ config, store: db.store, log });
    await desk.start();
    await desk.telegramReady();
    if (!(await customers.webhookRegistered())) throw new Error("the desk did not register its webhook with the fake Bot API");
    const d = desk;

    // ── sampling the backlog every 250 ms ──
    const series: { at: number; outbox: number; inbox: number; inFlight: number }[] = [];
    const backlog = {
      outboxPeak: 0,
      outboxPeakAt: 0,
      inboxPeak: 0,
      samples: 0,
      slowestMs: 0,
      last: { outbox: -1, sending: -1, inbox: -1 },
    };
    let sampling: Promise<void> | undefined;
    const takeSample = async () => {
      const s0 = performance.now();
      try {
        const [ob, ib] = await Promise.all([d.store.outbox.stats(new Date()), d.store.inbox.counts()]);
        backlog.samples++;
        backlog.slowestMs = Math.max(backlog.slowestMs, performance.now() - s0);
        const out = ob.pending + ob.sending;
        if (out > backlog.outboxPeak) {
          backlog.outboxPeak = out;
          backlog.outboxPeakAt = Date.now() - t0;
        }
        backlog.inboxPeak = Math.max(backlog.inboxPeak, ib.pending);
        backlog.last = { outbox: ob.pending, sending: ob.sending, inbox: ib.pending };
        series.push({ at: Date.now() - t0, outbox: out, inbox: ib.pending, inFlight: d.sender.busy });
      } catch {
        /* the store is closing */
      }
    };
    const sample = (): Promise<void> => (sampling ??= takeSample().finally(() => (sampling = undefined)));

    // the desk's thread: how busy it was, and how late its timers ran
    const loopSend = monitorEventLoopDelay({ resolution: 10 });
    const loopDrain = monitorEventLoopDelay({ resolution: 10 });
    const elu0 = performance.eventLoopUtilization();
    loopSend.enable();

    // ── send phase ──
    t0 = Date.now();
    sampler = setInterval(() => void sample(), 250);
    const sent = await customers.run({ customers: o.customers, messages: o.messages, concurrency: o.concurrency, t0, deadline });
    loopSend.disable();
    const eluSend = performance.eventLoopUtilization(elu0);
    const elu1 = performance.eventLoopUtilization();
    loopDrain.enable();

    // ── wait until the desk has delivered everything, or nothing is left to deliver ──
    const expected = o.customers * o.messages;
    let outcome: "complete" | "drained with replies missing" | "timeout" = "timeout";
    let quietSince = 0;
    while (Date.now() < deadline) {
      await sleep(250);
      await sampling; // a sample that started earlier may predate the last send
      await sample();
      const quiet = backlog.last.outbox === 0 && backlog.last.sending === 0 && backlog.last.inbox === 0 && d.sender.busy === 0;
      if (quiet && (await customers.delivered()) >= expected) {
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
    const eluDrain = performance.eventLoopUtilization(elu1);
    const runSec = (Date.now() - t0) / 1000; // send phase + delivery

    const acc = await customers.account(t0, o.timeline);
    const [obEnd, ibEnd] = await Promise.all([d.store.outbox.stats(new Date()), d.store.inbox.counts()]);
    const loopMs = (h: ReturnType<typeof monitorEventLoopDelay>) => ({
      p50: round(h.percentile(50) / 1e6),
      p99: round(h.percentile(99) / 1e6),
      max: round(h.max / 1e6),
    });
    const outSecs = acc.firstSendAt !== null && acc.lastSendAt !== null ? (acc.lastSendAt - acc.firstSendAt) / 1000 : 0;
    const result = {
      config: {
        db: db.label,
        customers: o.customers,
        messagesPerCustomer: o.messages,
        workload: Array.from({ length: o.messages }, (_, i) => kindOf(i)).join(","),
        concurrency: o.concurrency,
        pacing: { perChatPerSec: config.telegram.perChatPerSec, globalPerSec: config.telegram.globalPerSec },
        telegramLimits: acc.limits,
        customersThread: o.inProcess ? "the desk's (in process)" : "worker",
        timeoutSec: o.timeoutSec,
        node: process.version,
        gitCommit: gitCommit(),
      },
      // other processes on the machine skew every CPU-bound figure
      machine: { cpus: availableParallelism(), loadAvg1m: { start: round(loadAtStart, 2), end: round(loadavg()[0], 2) } },
      outcome,
      updates: { total: sent.total, acked: sent.acked, notAcked: sent.notAcked, notPosted: sent.notPosted, statuses: sent.statuses },
      ackPerSec: round(sent.acked / sent.sendSecs),
      sendPhaseSec: round(sent.sendSecs, 2),
      ackMs: { p50: round(sent.ackMs.p50), p95: round(sent.ackMs.p95), p99: round(sent.ackMs.p99), max: round(sent.ackMs.max) },
      firstReplyMs: acc.ttfr,
      outbound: {
        expected: acc.expected,
        delivered: acc.delivered,
        perSec: round(outSecs > 0 ? acc.delivered / outSecs : null),
        firstToLastSec: round(outSecs, 2),
      },
      tooManyRequests: acc.tooManyRequests,
      limitHits: acc.limitHits,
      gapBefore429Ms: {
        p50: acc.gapBefore429Ms.p50,
        max: acc.gapBefore429Ms.max,
        firstAtSec: round(acc.gapBefore429Ms.firstAt === null ? null : acc.gapBefore429Ms.firstAt / 1000, 2),
      },
      lost: acc.lost,
      duplicated: acc.duplicated,
      unexpectedReplies: acc.unexpected,
      chatsWithLoss: acc.chatsWithLoss,
      chatsWithDuplicates: acc.chatsWithDuplicates,
      chatsOutOfOrder: acc.chatsOutOfOrder,
      wallSec: round((acc.lastSendAt ?? runSec * 1000) / 1000, 2),
      runSec: round(runSec, 2),
      backlog: {
        outboxPeak: backlog.outboxPeak,
        outboxPeakAtSec: round(backlog.outboxPeakAt / 1000, 2),
        inboxPeak: backlog.inboxPeak,
        samples: backlog.samples,
        slowestSampleMs: round(backlog.slowestMs),
        atEnd: { outbox: obEnd, inbox: ibEnd },
      },
      threads: {
        deskBusyPct: { sendPhase: pctOf(eluSend), deliveryPhase: pctOf(eluDrain) },
        deskLoopDelayMs: { sendPhase: loopMs(loopSend), deliveryPhase: loopMs(loopDrain) },
        customersBusyPctSendPhase: sent.loadThreadBusyPct,
      },
      desk: { inbox: { ...d.inbox.stats }, sender: { ...d.sender.stats }, log: logCounts },
      telegramErrors: acc.telegramErrors,
    };
    const timeline = o.timeline ? buildTimeline(sent.ackAt, acc.sendCalls ?? [], series) : undefined;
    if (o.json) process.stdout.write(JSON.stringify(timeline ? { ...result, timeline } : result) + "\n");
    else {
      printTable(result);
      if (timeline) printTimeline(timeline);
    }
    return outcome === "complete" && !acc.lost && !acc.duplicated && !sent.notAcked && !sent.notPosted ? 0 : 1;
  } finally {
    if (sampler) clearInterval(sampler);
    await desk?.stop().catch((err) => process.stderr.write(`desk.stop failed: ${(err as Error).message}\n`));
    await customers.stop().catch((err) => process.stderr.write(`stopping the fake Bot API failed: ${(err as Error).message}\n`));
    await remote?.close();
    await db?.dispose().catch((err) => process.stderr.write(`closing the database failed: ${(err as Error).message}\n`));
  }
}

// ── output ──────────────────────────────────────────────────────────────────────────────────

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
function buildTimeline(
  ackAt: number[],
  sendCalls: [number, number][],
  series: { at: number; outbox: number; inbox: number; inFlight: number }[],
): Second[] {
  const out: Second[] = [];
  const at = (ms: number) => {
    const i = Math.max(0, Math.floor(ms / 1000));
    while (out.length <= i)
      out.push({ sec: out.length, acks: 0, sends: 0, tooMany: 0, outboxBacklog: null, inboxBacklog: null, inFlight: null });
    return out[i]!;
  };
  for (const a of ackAt) at(a).acks++;
  for (const [ms, code] of sendCalls) {
    if (ms < 0) continue;
    if (code === 1) at(ms).sends++;
    else if (code === 429) at(ms).tooMany++;
  }
  for (const s of series) Object.assign(at(s.at), { outboxBacklog: s.outbox, inboxBacklog: s.inbox, inFlight: s.inFlight });
  return out;
}

function printTimeline(t: Second[]): void {
  process.stdout.write("\n  sec  acks  sends  429s  outbox  inbox  in-flight\n");
  const n = (v: number | null, w: number) => String(v ?? "").padStart(w);
  for (const s of t)
    process.stdout.write(
      `${n(s.sec, 5)} ${n(s.acks, 5)} ${n(s.sends, 6)} ${n(s.tooMany, 5)} ${n(s.outboxBacklog, 7)} ${n(s.inboxBacklog, 6)} ${n(s.inFlight, 10)}\n`,
    );
}

function printTable(r: any): void {
  const ms = (x: unknown) => (x === null ? "–" : `${x}`);
  const rows: [string, string][] = [
    ["database", r.config.db],
    ["desk", `commit ${r.config.gitCommit ?? "?"} (plus any uncommitted changes), Node ${r.config.node}`],
    [
      "workload",
      `${r.config.customers} customers × ${r.config.messagesPerCustomer} (${r.config.workload}), ${r.config.concurrency} concurrent POSTs`,
    ],
    [
      "pacing / Telegram limits",
      `desk ${r.config.pacing.perChatPerSec}/s per chat, ${r.config.pacing.globalPerSec}/s overall; fake enforces ${r.config.telegramLimits.perChatPerSec}/s per chat, ${r.config.telegramLimits.globalPerSec}/s overall`,
    ],
    [
      "machine",
      `${r.machine.cpus} CPUs; 1-min load average ${r.machine.loadAvg1m.start} at start, ${r.machine.loadAvg1m.end} at end (this process counts ≈ 1–2)`,
    ],
    ["outcome", r.outcome === "timeout" ? `TIMEOUT after ${r.config.timeoutSec} s (hard limit hit)` : r.outcome],
    ["", ""],
    [
      "updates acknowledged (200)",
      `${r.updates.acked} / ${r.updates.total}` + (r.updates.notPosted ? ` (${r.updates.notPosted} never posted: timeout)` : ""),
    ],
    ["updates not acknowledged", `${r.updates.notAcked}  (statuses ${JSON.stringify(r.updates.statuses)})`],
    ["acknowledged updates/s", `${r.ackPerSec}  (send phase ${r.sendPhaseSec} s)`],
    ["ack latency p50/p95/p99/max", `${ms(r.ackMs.p50)} / ${ms(r.ackMs.p95)} / ${ms(r.ackMs.p99)} / ${ms(r.ackMs.max)} ms`],
    [
      "time to first reply p50/p95/max",
      `${ms(r.firstReplyMs.p50)} / ${ms(r.firstReplyMs.p95)} / ${ms(r.firstReplyMs.max)} ms` +
        (r.firstReplyMs.customersWithout ? ` (${r.firstReplyMs.customersWithout} customers got none)` : ""),
    ],
    ["outbound messages/s", `${ms(r.outbound.perSec)}  (${r.outbound.delivered} sent over ${r.outbound.firstToLastSec} s)`],
    [
      "429 Too Many Requests",
      `${r.tooManyRequests}  (per chat ${r.limitHits.perChat}, per group ${r.limitHits.perGroup}, global ${r.limitHits.global})`,
    ],
    ...(r.tooManyRequests
      ? ([
          [
            "429s: first at / per-chat gap",
            `first 429 at ${r.gapBefore429Ms.firstAtSec} s` +
              (r.limitHits.perChat
                ? `; per-chat 429s came p50 ${ms(r.gapBefore429Ms.p50)} ms (max ${ms(r.gapBefore429Ms.max)} ms) after the chat's last send`
                : ""),
          ],
        ] as [string, string][])
      : []),
    ["replies expected / delivered", `${r.outbound.expected} / ${r.outbound.delivered}`],
    ["lost replies", `${r.lost}` + (r.chatsWithLoss ? ` (in ${r.chatsWithLoss} chats)` : "")],
    ["duplicated replies", `${r.duplicated}` + (r.chatsWithDuplicates ? ` (in ${r.chatsWithDuplicates} chats)` : "")],
    ["unexpected replies / chats out of order", `${r.unexpectedReplies} / ${r.chatsOutOfOrder}`],
    ["wall time until all delivered", `${r.wallSec} s` + (r.outcome !== "complete" ? " (NOT all delivered: time of the last send)" : "")],
    [
      "outbox backlog peak",
      `${r.backlog.outboxPeak} (pending + sending) at ${r.backlog.outboxPeakAtSec} s; inbox backlog peak ${r.backlog.inboxPeak}`,
    ],
    ["backlog samples", `${r.backlog.samples}, slowest ${r.backlog.slowestSampleMs} ms`],
    [
      "desk thread busy (send / delivery)",
      `${r.threads.deskBusyPct.sendPhase}% / ${r.threads.deskBusyPct.deliveryPhase}%; customers' thread ${r.threads.customersBusyPctSendPhase}% (send)`,
    ],
    [
      "desk event-loop delay p50/p99/max",
      `send ${r.threads.deskLoopDelayMs.sendPhase.p50} / ${r.threads.deskLoopDelayMs.sendPhase.p99} / ${r.threads.deskLoopDelayMs.sendPhase.max} ms; delivery ${r.threads.deskLoopDelayMs.deliveryPhase.p50} / ${r.threads.deskLoopDelayMs.deliveryPhase.p99} / ${r.threads.deskLoopDelayMs.deliveryPhase.max} ms`,
    ],
    ["", ""],
    ["desk inbox", JSON.stringify(r.desk.inbox)],
    ["desk outbox sender", JSON.stringify(r.desk.sender)],
    ["desk warnings/errors", Object.keys(r.desk.log).length ? JSON.stringify(r.desk.log) : "none"],
    ["left at the end", `outbox ${JSON.stringify(r.backlog.atEnd.outbox)}, inbox ${JSON.stringify(r.backlog.atEnd.inbox)}`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(rows.map(([k, v]) => (k ? `${k.padEnd(w)}  ${v}` : "")).join("\n") + "\n");
}

// ── entry ───────────────────────────────────────────────────────────────────────────────────

if (!isMainThread && workerData?.role === "customers") {
  serveCustomers();
} else {
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
}
