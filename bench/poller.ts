/**
 * One poller among two desks in long-polling mode on one PostgreSQL: each desk is a process
 * of its own (`node --import tsx bots/main.ts`, no `TELEGRAM_WEBHOOK_URL`), on a fresh
 * database, against the fake Bot API of `test/fakes/telegram-api.ts` (Telegram's limits
 * enforced, and a newer getUpdates ends the pending one with a 409 Conflict, as Telegram
 * does) served by this process.
 *
 * 1. For `--seconds` (30), customers send `/help` at `--rate` (2) msg/s through getUpdates;
 *    counts 409 Conflicts (goal 0), samples every desk's `/healthz` (`poller`) to count the
 *    moments when not exactly one desk polls, and checks every message got its one reply.
 * 2. `--kills` (1) times: `kill -9` the desk that polls, while customers keep sending; prints
 *    the time from the kill until the fake saw the next getUpdates (only the survivor can
 *    send it), until the survivor's `/healthz` says it polls, and until a message pushed at
 *    the kill was answered (goal ≤ 10 s). The killed desk is started again (as the standby)
 *    before the next kill.
 *
 * @example
 * ```sh
 * npx tsx bench/poller.ts                          # 30 s, one kill
 * npx tsx bench/poller.ts --seconds 10 --kills 3   # shorter, three kills
 * npx tsx bench/poller.ts --json
 * ```
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FakeTelegramApi } from "../test/fakes/telegram-api.ts";
import { freePort } from "../test/support/chat.ts";
import { BENCH_TG_TOKEN, freshDatabase, sleep, spawnDesk as spawnDeskProcess } from "./support/desk-process.ts";

const { values: a } = parseArgs({
  options: {
    seconds: { type: "string", default: "30" },
    rate: { type: "string", default: "2" },
    kills: { type: "string", default: "1" },
    timeout: { type: "string", default: "300" },
    json: { type: "boolean", default: false },
  },
});
const SECONDS = Number(a.seconds);
const RATE = Number(a.rate);
const KILLS = Number(a.kills);
/** Goal for a takeover after `kill -9` (issue 14). */
const TAKEOVER_GOAL_MS = 10_000;

interface DeskProc {
  name: string;
  port: number;
  child: ChildProcess;
}

function spawnDesk(name: string, port: number, env: Record<string, string>): DeskProc {
  const child = spawnDeskProcess({ ...env, PORT: String(port), DESK_DATA_DIR: mkdtempSync(join(tmpdir(), "desk-poller-")) });
  return { name, port, child };
}

/** The desk's `/healthz` body, or undefined when it does not answer. */
async function health(d: DeskProc): Promise<{ ok?: boolean; poller?: boolean } | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${d.port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return (await r.json()) as { ok?: boolean; poller?: boolean };
  } catch {
    return undefined;
  }
}

async function waitHealthy(d: DeskProc, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if ((await health(d))?.ok) return;
    await sleep(200);
  }
  throw new Error(`desk ${d.name} did not come up`);
}

async function main() {
  const db = await freshDatabase("bench_poller");
  const tg = new FakeTelegramApi({ token: BENCH_TG_TOKEN, enforceLimits: true });
  await tg.start();
  const env = {
    DATABASE_URL: db.url,
    TELEGRAM_BOT_TOKEN: BENCH_TG_TOKEN,
    TELEGRAM_API_ROOT: tg.apiRoot,
    DESK_SANDBOX: "0",
    DESK_INSTANCES: "2",
    LOG_LEVEL: "error",
  };
  const deadline = Date.now() + Number(a.timeout) * 1000;
  const desks: DeskProc[] = [];
  const f = tg.factory();
  const users = Array.from({ length: 200 }, (_, k) => ({ id: 7_600_000 + k, first_name: `客户${k}`, language_code: "zh-hans" }));
  const expected = new Map<number, number>();
  let pushed = 0;
  /** One `/help` from the next customer; its chat id. */
  const push = () => {
    const u = users[pushed++ % users.length]!;
    expected.set(u.id, (expected.get(u.id) ?? 0) + 1);
    tg.pushUpdate(f.command(u, "/help"));
    return u.id;
  };
  const conflicts = (from = 0) => tg.calls.filter((c) => c.method === "getUpdates" && c.errorCode === 409 && c.at >= from).length;
  try {
    // the first desk alone applies the migrations, then the second joins
    desks.push(spawnDesk("A", await freePort(), env));
    await waitHealthy(desks[0]!, deadline);
    desks.push(spawnDesk("B", await freePort(), env));
    await waitHealthy(desks[1]!, deadline);
    await sleep(3000);

    // 1. steady traffic: how many pollers at each moment, how many 409s
    const t1 = Date.now();
    const pollers: Record<string, number> = {};
    let samples = 0;
    const sampler = (async () => {
      while (Date.now() - t1 < SECONDS * 1000) {
        const hs = await Promise.all(desks.map(health));
        const n = hs.filter((h) => h?.poller === true).length;
        pollers[n] = (pollers[n] ?? 0) + 1;
        samples++;
        await sleep(500);
      }
    })();
    for (let k = 0; Date.now() - t1 < SECONDS * 1000; k++) {
      const wait = t1 + (k * 1000) / RATE - Date.now();
      if (wait > 0) await sleep(wait);
      push();
    }
    await sampler;
    const steady = {
      seconds: SECONDS,
      messages: pushed,
      conflicts409: conflicts(t1),
      getUpdatesCalls: tg.calls.filter((c) => c.method === "getUpdates" && c.at >= t1).length,
      pollersSampled: pollers,
      samples,
    };

    // 2. kill -9 the poller, while customers keep sending
    const kills = [];
    for (let k = 0; k < KILLS && Date.now() < deadline; k++) {
      const hs = await Promise.all(desks.map(health));
      const idx = hs.findIndex((h) => h?.poller === true);
      if (idx < 0) throw new Error("no desk polls");
      const victim = desks[idx]!;
      const survivor = desks[1 - idx]!;
      const killedAt = Date.now();
      victim.child.kill("SIGKILL");
      const probe = push();
      const probeBefore = tg.sent(probe).length;
      let traffic = true;
      const load = (async () => {
        for (let i = 1; traffic; i++) {
          await sleep(Math.max(0, killedAt + (i * 1000) / RATE - Date.now()));
          if (traffic) push();
        }
      })();
      let survivorPollsMs: number | undefined;
      let probeAnsweredMs: number | undefined;
      while (Date.now() < deadline && (survivorPollsMs === undefined || probeAnsweredMs === undefined)) {
        if (survivorPollsMs === undefined && (await health(survivor))?.poller) survivorPollsMs = Date.now() - killedAt;
        if (probeAnsweredMs === undefined && tg.sent(probe).length > probeBefore) {
          probeAnsweredMs = tg.sent(probe).at(-1)!.at - killedAt;
        }
        await sleep(100);
      }
      // getUpdates that arrived after the kill can only come from the survivor
      const firstPoll = tg.calls.find((c) => c.method === "getUpdates" && c.at > killedAt);
      traffic = false;
      await load;
      kills.push({
        killed: victim.name,
        nextGetUpdatesMs: firstPoll ? firstPoll.at - killedAt : null,
        survivorSaysPollingMs: survivorPollsMs ?? null,
        messageAtKillAnsweredMs: probeAnsweredMs ?? null,
        conflicts409: conflicts(killedAt),
      });
      // the killed desk comes back as the standby
      await new Promise((r) => (victim.child.exitCode !== null || victim.child.signalCode ? r(null) : victim.child.once("exit", r)));
      desks[idx] = spawnDesk(victim.name, victim.port, env);
      await waitHealthy(desks[idx]!, deadline);
      await sleep(2000);
    }

    // every message answered once?
    while (Date.now() < deadline && [...expected].some(([id, n]) => tg.sent(id).length < n)) await sleep(250);
    let lost = 0;
    let duplicated = 0;
    for (const [id, n] of expected) {
      const s = tg.sent(id).length;
      lost += Math.max(0, n - s);
      duplicated += Math.max(0, s - n);
    }
    const worst = Math.max(...kills.map((k) => k.messageAtKillAnsweredMs ?? Infinity), ...kills.map((k) => k.nextGetUpdatesMs ?? Infinity));
    const out = {
      steady,
      kills,
      takeoverGoalMs: TAKEOVER_GOAL_MS,
      takeoverWithinGoal: worst <= TAKEOVER_GOAL_MS,
      messages: pushed,
      replies: tg.sent().length,
      lost,
      duplicated,
      conflicts409Total: conflicts(),
      tooManyRequests: tg.stats.tooManyRequests,
      loadavg: loadavg().map((x) => Number(x.toFixed(2))),
    };
    console.log(a.json ? JSON.stringify(out) : out);
  } finally {
    for (const d of desks) d.child.kill("SIGKILL");
    await sleep(500);
    await tg.stop();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
