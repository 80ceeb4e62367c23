/**
 * What the desk costs a small shop's machine, next to a minimal grammY echo bot, in one run:
 * start-up time, idle RSS, RSS and CPU per message under 200 customers × 3 messages, and
 * messages handled per second when 20 and 50 msg/s are offered (429s counted), on the
 * embedded database and on PostgreSQL.
 *
 *   npx tsx bench/footprint.ts                          # echo bot, desk on PGlite, desk on PostgreSQL
 *   npx tsx bench/footprint.ts --targets desk-pglite --idle 5 --rate-secs 10
 *   npx tsx bench/footprint.ts --json
 *   npx tsx bench/footprint.ts --targets desk-postgres --node-args "--cpu-prof --cpu-prof-dir=prof"   # profile it
 *
 * Each target runs as its own process (the desk compiled: `node dist/main.js`, built first if
 * out of date; the echo bot `node bench/echo-bot.mjs`), in webhook mode, against the fake Bot
 * API (test/fakes/telegram-api.ts, Telegram's limits enforced) in this process; RSS and CPU
 * are read from /proc/<pid>, so the harness's own work is not counted. A benchmark, not a
 * test: it prints figures (with the load average: a busy machine makes them pessimistic).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import type { Update } from "grammy/types";
import { FakeTelegramApi } from "../test/fakes/telegram-api.ts";
import type { FakeUser, UpdateFactory } from "../test/fakes/updates.ts";

const ROOT = resolve(import.meta.dirname, "..");
const TOKEN = "123456789:BENCH-footprint-token-abcdef";
const SECRET = "bench_footprint_secret";
const TICK = 100; // USER_HZ: clock ticks per second in /proc/<pid>/stat (100 on Linux)
const PAGE_KB = 4;

type Target = "echo" | "desk-pglite" | "desk-postgres";

interface Opts {
  targets: Target[];
  customers: number;
  messages: number;
  concurrency: number;
  rates: number[];
  rateSecs: number;
  idleSecs: number;
  json: boolean;
  pgUrl: string;
  /** extra node flags for the targets, e.g. "--cpu-prof --cpu-prof-dir=prof" */
  nodeArgs: string[];
}

function options(): Opts {
  const a = process.argv.slice(2);
  const get = (name: string, d: string) => {
    const i = a.indexOf(`--${name}`);
    const v = i >= 0 ? a[i + 1] : undefined;
    return v ? v : d;
  };
  return {
    targets: get("targets", "echo,desk-pglite,desk-postgres").split(",") as Target[],
    customers: Number(get("customers", "200")),
    messages: Number(get("messages", "3")),
    concurrency: Number(get("concurrency", "50")),
    rates: get("rates", "20,50").split(",").map(Number),
    rateSecs: Number(get("rate-secs", "20")),
    idleSecs: Number(get("idle", "15")),
    json: a.includes("--json"),
    nodeArgs: get("node-args", "").split(" ").filter(Boolean),
    pgUrl: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number | null, d = 1) => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10 ** d) / 10 ** d);

/** RSS (MB) and CPU time used so far (ms) of a process. */
function probe(pid: number): { rssMb: number; cpuMs: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields after the command: state(0) … utime(11) stime(12) … rss(21)
    const cpuMs = ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
    const rssMb = (Number(f[21]) * PAGE_KB) / 1024;
    return { rssMb, cpuMs };
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return import("node:net").then(
    ({ createServer }) =>
      new Promise((res) => {
        const s = createServer();
        s.listen(0, "127.0.0.1", () => {
          const port = (s.address() as { port: number }).port;
          s.close(() => res(port));
        });
      }),
  );
}

function kindUpdate(f: UpdateFactory, user: FakeUser, i: number): Update {
  switch (i % 3) {
    case 0:
      return f.command(user, "/help");
    case 1:
      return f.command(user, "/tickets");
    default:
      return f.sticker(user);
  }
}

interface RunResult {
  target: Target;
  startSec: number | null;
  idleRssMb: number | null;
  /** CPU per message: the process's CPU time from the first POST until the last reply, ÷ updates acknowledged */
  load: { peakRssMb: number; cpuMsPerMsg: number | null; delivered: number; expected: number; wallSec: number; tooMany: number };
  rates: { offered: number; handledPerSec: number | null; delivered: number; posted: number; tooMany: number; peakRssMb: number }[];
  error?: string;
}

async function runTarget(target: Target, o: Opts, userBase: number): Promise<RunResult> {
  const tg = new FakeTelegramApi({ token: TOKEN, enforceLimits: true });
  await tg.start();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "desk-footprint-"));
  let dbName: string | null = null;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PORT: String(port),
    DESK_DATA_DIR: dataDir,
    DESK_SANDBOX: "0",
    LOG_LEVEL: "error",
  };
  if (target === "desk-postgres") {
    dbName = `desk_footprint_${process.pid}`;
    const admin = new pg.Client({ connectionString: o.pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(o.pgUrl);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
  }
  const args = target === "echo" ? [join(ROOT, "bench", "echo-bot.mjs")] : [join(ROOT, "dist", "main.js")];
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...o.nodeArgs, ...args], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const pid = child.pid!;
  const result: RunResult = {
    target,
    startSec: null,
    idleRssMb: null,
    load: { peakRssMb: 0, cpuMsPerMsg: null, delivered: 0, expected: 0, wallSec: 0, tooMany: 0 },
    rates: [],
  };
  let peak = 0;
  const sampler = setInterval(() => {
    const p = probe(pid);
    if (p) peak = Math.max(peak, p.rssMb);
  }, 250);
  try {
    // start-up: until /healthz answers 200 and the webhook is registered
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok && tg.calls.some((c) => c.method === "setWebhook" && c.ok)) break;
      if (performance.now() - t0 > 300_000) throw new Error("did not start within 300 s");
      await sleep(50);
    }
    result.startSec = round((performance.now() - t0) / 1000, 2);
    await sleep(o.idleSecs * 1000);
    const idle = probe(pid);
    if (!idle) throw new Error(`exited while idle: ${stderr}`);
    result.idleRssMb = round(idle.rssMb, 0);

    // 200 customers × 3 messages, round by round, `concurrency` POSTs in flight
    const f = tg.factory();
    const users: FakeUser[] = Array.from({ length: o.customers }, (_, i) => ({
      id: userBase + i,
      first_name: `客户${i}`,
      language_code: i % 2 ? "en" : "zh-hans",
    }));
    const expected = o.customers * o.messages;
    const sentBefore = tg.sent().length;
    const tooBefore = tg.stats.tooManyRequests;
    peak = 0;
    const cpu0 = probe(pid)!.cpuMs;
    let acked = 0;
    const l0 = performance.now();
    for (let m = 0; m < o.messages; m++) {
      const queue = users.map(
        (u) => () =>
          tg
            .postWebhook(kindUpdate(f, u, m), { timeoutMs: 60_000 })
            .then((r) => void (r.status === 200 && acked++))
            .catch(() => null),
      );
      await Promise.all(
        Array.from({ length: o.concurrency }, async () => {
          for (let job = queue.shift(); job; job = queue.shift()) await job();
        }),
      );
    }
    const delivered = await drain(tg, sentBefore, expected);
    if (child.exitCode !== null) throw new Error(`exited under load: ${stderr}`);
    result.load = {
      peakRssMb: round(peak, 0)!,
      cpuMsPerMsg: round(((probe(pid) ?? { cpuMs: NaN }).cpuMs - cpu0) / Math.max(1, acked), 1),
      delivered: delivered.count,
      expected,
      wallSec: round((delivered.lastAt - l0) / 1000, 1)!,
      tooMany: tg.stats.tooManyRequests - tooBefore,
    };

    // offered rates: `rate` new messages a second for `rateSecs`, from 3 × rate chats in turn
    let base = userBase + o.customers;
    for (const rate of o.rates) {
      const chats: FakeUser[] = Array.from({ length: rate * 3 }, (_, i) => ({
        id: base + i,
        first_name: `R${i}`,
        language_code: "zh-hans",
      }));
      base += chats.length;
      const before = tg.sent().length;
      const too0 = tg.stats.tooManyRequests;
      peak = 0;
      const total = rate * o.rateSecs;
      const r0 = performance.now();
      const posts: Promise<unknown>[] = [];
      for (let i = 0; i < total; i++) {
        const due = r0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        posts.push(tg.postWebhook(f.command(chats[i % chats.length]!, "/help"), { timeoutMs: 60_000 }).catch(() => null));
      }
      await Promise.all(posts);
      const d = await drain(tg, before, total);
      result.rates.push({
        offered: rate,
        posted: total,
        delivered: d.count,
        handledPerSec: d.count ? round(d.count / ((d.lastAt - r0) / 1000), 1) : 0,
        tooMany: tg.stats.tooManyRequests - too0,
        peakRssMb: round(peak, 0)!,
      });
    }
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    clearInterval(sampler);
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(20_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await tg.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: o.pgUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName}`).catch(() => {});
      await admin.end();
    }
  }
  return result;
}

/** Waits until `expected` more messages were sent, or nothing was sent for 10 s. */
async function drain(tg: FakeTelegramApi, before: number, expected: number): Promise<{ count: number; lastAt: number }> {
  let last = tg.sent().length;
  let lastChange = performance.now();
  let lastAt = performance.now();
  for (;;) {
    const n = tg.sent().length;
    if (n !== last) {
      last = n;
      lastChange = lastAt = performance.now();
    }
    if (n - before >= expected || performance.now() - lastChange > 10_000) return { count: n - before, lastAt };
    await sleep(50);
  }
}

async function main(): Promise<void> {
  const o = options();
  if (o.targets.some((t) => t !== "echo")) {
    const { isStale, build } = (await import(join(ROOT, "bots", "build.mjs"))) as { isStale(): boolean; build(): Promise<number> };
    if (isStale()) await build();
  }
  const loadStart = loadavg()[0]!; // loadavg() is always [1, 5, 15] minutes
  const results: RunResult[] = [];
  let userBase = 8_000_000;
  for (const t of o.targets) {
    if (!o.json) process.stderr.write(`▶ ${t} …\n`);
    results.push(await runTarget(t, o, userBase));
    userBase += 1_000_000;
  }
  const loadEnd = loadavg()[0]!;
  const echo = results.find((r) => r.target === "echo");
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a != null && b ? round(a / b, 1) : null);
  const withRatios = results.map((r) => ({
    ...r,
    vsEcho:
      echo && r !== echo
        ? {
            idleRss: ratio(r.idleRssMb, echo.idleRssMb),
            peakRss: ratio(r.load.peakRssMb, echo.load.peakRssMb),
            cpuPerMsg: ratio(r.load.cpuMsPerMsg, echo.load.cpuMsPerMsg),
            startSec: ratio(r.startSec, echo.startSec),
            handledAt: Object.fromEntries(r.rates.map((x, i) => [x.offered, ratio(x.handledPerSec, echo.rates[i]?.handledPerSec)])),
          }
        : undefined,
  }));
  const machine = { cpus: (await import("node:os")).cpus().length, load1Start: round(loadStart, 2), load1End: round(loadEnd, 2) };
  if (o.json) {
    process.stdout.write(JSON.stringify({ options: o, machine, results: withRatios }) + "\n");
    return;
  }
  const col = (v: unknown) => String(v ?? "–").padStart(14);
  const row = (label: string, f: (r: (typeof withRatios)[number]) => unknown) =>
    console.log(label.padEnd(34) + withRatios.map((r) => col(f(r))).join(""));
  console.log("".padEnd(34) + withRatios.map((r) => col(r.target)).join(""));
  row("start to /healthz (s)", (r) => r.startSec);
  row(`idle RSS, ${o.idleSecs} s after (MB)`, (r) => r.idleRssMb);
  row(`peak RSS, ${o.customers}×${o.messages} (MB)`, (r) => r.load.peakRssMb);
  row(`CPU per message (ms)`, (r) => r.load.cpuMsPerMsg);
  row(`delivered / expected`, (r) => `${r.load.delivered}/${r.load.expected}`);
  row(`wall time ${o.customers}×${o.messages} (s)`, (r) => r.load.wallSec);
  row(`429s in ${o.customers}×${o.messages}`, (r) => r.load.tooMany);
  o.rates.forEach((rate, i) => {
    row(`handled/s at ${rate} msg/s offered`, (r) => r.rates[i]?.handledPerSec);
    row(`  delivered / posted`, (r) => (r.rates[i] ? `${r.rates[i].delivered}/${r.rates[i].posted}` : null));
    row(`  429s`, (r) => r.rates[i]?.tooMany);
    row(`  peak RSS (MB)`, (r) => r.rates[i]?.peakRssMb);
  });
  if (echo) {
    console.log("\nratio to the echo bot");
    row("idle RSS", (r) => r.vsEcho?.idleRss);
    row("peak RSS", (r) => r.vsEcho?.peakRss);
    row("CPU per message", (r) => r.vsEcho?.cpuPerMsg);
    row("start-up", (r) => r.vsEcho?.startSec);
    o.rates.forEach((rate) => row(`handled/s at ${rate}`, (r) => r.vsEcho?.handledAt[rate]));
  }
  for (const r of withRatios) if (r.error) console.log(`\n✖ ${r.target}: ${r.error}`);
  console.log(`\nmachine: ${machine.cpus} CPUs, load average ${machine.load1Start} at start, ${machine.load1End} at end`);
}

await main();
