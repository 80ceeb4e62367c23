/**
 * The outbox through crashes, stops and outages: short leases renewed while a message is
 * held, claims given back at once on a clean stop, "sent" recorded however long the
 * database is away (PostgreSQL behind a proxy that the test cuts), and webhooks answering
 * 503 with Retry-After while the database is down.
 */
import { randomBytes } from "node:crypto";
import { Api } from "grammy";
import pg from "pg";
import { afterEach, describe, expect, it as plainIt } from "vitest";
import { TelegramTransport } from "../../bots/telegram/transport.ts";
import { systemClock } from "../../core/clock.ts";
import { DbHealth } from "../../core/db-health.ts";
import { silentLogger } from "../../core/log.ts";
import { createPacer, OutboxSender } from "../../core/outbox/index.ts";
import type { Transport } from "../../core/outbox/transport.ts";
import { Store } from "../../core/store/index.ts";
import { FakeTelegramApi } from "../fakes/telegram-api.ts";
import { describeEachDb } from "../support/db.ts";
import { settle, startWebhookDesk, TG_TOKEN, WEBHOOK_SECRET } from "../support/desk.ts";
import { partsTest as it } from "../support/fixtures.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";

const log = silentLogger;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const send = (chat: number, n: number) => ({
  platform: "telegram",
  chatKey: String(chat),
  kind: "send",
  payload: { chatId: String(chat), card: { body: `m${n}` } },
});
const transportOf = (tg: FakeTelegramApi) => new TelegramTransport(new Api(TG_TOKEN, { apiRoot: tg.apiRoot }));

describeEachDb("outbox leases", (db) => {
  it.override({ db });

  it("renews the lease of messages it holds, so nobody takes them back while they wait in the pacer", async ({ store, tg }) => {
    const sender = new OutboxSender({ store, clock: systemClock, log, maxAttempts: 5, leaseMs: 300, pollMs: 50 });
    // one message a second overall: four chats wait in the pacer for up to 4 s
    sender.register(transportOf(tg), createPacer({ perChatPerSec: 10, globalPerSec: 1, margin: 0 }));
    await store.outbox.enqueue(
      [1, 2, 3, 4].map((c) => send(9100 + c, c)),
      new Date(),
    );
    sender.start();
    try {
      await sleep(1200);
      // what another process's sweep would take back: nothing, the leases were renewed
      expect(await store.outbox.releaseExpired(new Date())).toBe(0);
      for (let i = 0; i < 200 && sender.stats.sent < 4; i++) await sleep(50);
    } finally {
      await sender.stop();
    }
    expect(
      tg
        .sent()
        .map((c) => c.params.text)
        .sort(),
    ).toEqual(["m1", "m2", "m3", "m4"]);
  });

  it("gives back at once, on a clean stop, what it claimed and did not send", async ({ store, tg }) => {
    const sender = new OutboxSender({ store, clock: systemClock, log, maxAttempts: 5, pollMs: 50 });
    sender.register(transportOf(tg), createPacer({ perChatPerSec: 10, globalPerSec: 0.5, margin: 0 }));
    await store.outbox.enqueue(
      [1, 2, 3, 4, 5, 6].map((c) => send(9200 + c, c)),
      new Date(),
    );
    sender.start();
    for (let i = 0; i < 100 && sender.stats.sent < 1; i++) await sleep(20);
    await sender.stop();
    const rows = await store.outbox.list({});
    const by = (s: string) => rows.filter((r) => r.status === s).length;
    expect(by("sending")).toBe(0);
    expect(by("sent")).toBe(tg.sent().length);
    expect(by("sent") + by("pending")).toBe(6);
    expect(by("pending")).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === "pending").every((r) => r.leaseUntil === null && r.attempts === 0)).toBe(true);
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;

/** A store on PostgreSQL reached through a proxy the test can cut. */
async function proxiedStore(proxy: TcpProxy, schema: string): Promise<Store> {
  const u = new URL(pgUrl!);
  u.port = String(proxy.port);
  u.hostname = "127.0.0.1";
  return Store.open({ kind: "postgres", url: u.toString(), schema });
}

describe.skipIf(!pgUrl)("the database going away [postgres]", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  });
  const setup = async () => {
    const proxy = await TcpProxy.start(Number(new URL(pgUrl!).port || 5432));
    const schema = `t_out_${randomBytes(5).toString("hex")}`;
    const stores = [await proxiedStore(proxy, schema), await proxiedStore(proxy, schema)] as const;
    const tg = new FakeTelegramApi({ token: TG_TOKEN });
    await tg.start();
    cleanups.push(async () => {
      proxy.restore();
      for (const s of stores) await s.close().catch(() => {});
      await proxy.stop();
      await tg.stop();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    });
    return { proxy, stores, tg };
  };

  plainIt("records 'sent' once the database is back, and no process sends it again", async () => {
    const { proxy, stores, tg } = await setup();
    const real = transportOf(tg);
    // the database goes away just after Telegram accepted the message
    let cutOnce = true;
    const cutting: Transport = {
      platform: "telegram",
      async deliver(row, ctx) {
        const r = await real.deliver(row, ctx);
        if (cutOnce) {
          cutOnce = false;
          proxy.cut();
        }
        return r;
      },
    };
    const senders = stores.map((store, i) => {
      const health = new DbHealth({ ping: () => store.ping(), log, probeMs: 100, recoveryGraceMs: 1500 });
      const s = new OutboxSender({ store, clock: systemClock, log, maxAttempts: 5, leaseMs: 600, pollMs: 50, health });
      s.register(i === 0 ? cutting : real, createPacer({ perChatPerSec: 10 }));
      cleanups.push(async () => {
        await s.stop(2000);
        health.stop();
      });
      return s;
    });
    await stores[0].outbox.enqueue([send(9301, 1)], new Date());
    senders[0]!.start();
    for (let i = 0; i < 200 && tg.sent().length < 1; i++) await sleep(20);
    senders[1]!.start();
    // away for several leases
    await sleep(2500);
    proxy.restore();
    for (let i = 0; i < 300 && senders[0]!.stats.sent < 1; i++) await sleep(20);
    await sleep(2500); // the other sender's sweeps run meanwhile
    expect(senders[0]!.stats.sent).toBe(1);
    expect(senders[0]!.stats.recordRetries).toBeGreaterThan(0);
    expect(tg.sent().length).toBe(1);
    const [row] = await stores[1].outbox.list({});
    expect(row?.status).toBe("sent");
  });

  plainIt("answers webhooks 503 with Retry-After while the database is down, says degraded, then drains", async () => {
    const { proxy, stores, tg } = await setup();
    const { desk, port } = await startWebhookDesk({ store: stores[0], tg, env: { DESK_KB_DIR: "./kb" } });
    cleanups.push(() => desk.stop());
    const f = tg.factory();
    const user = { id: 9401, first_name: "老李", language_code: "zh-hans" };
    const post = (u: object) =>
      fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
        body: JSON.stringify(u),
      });
    proxy.cut();
    const updates = [f.text(user, "你好"), f.text(user, "/help")] as const;
    const r = await post(updates[0]);
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("5");
    const h = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(h.status).toBe(503);
    expect(((await h.json()) as any).status).toBe("degraded");
    proxy.restore();
    await desk.health.whenUp();
    for (let i = 0; i < 100 && desk.health.down; i++) await sleep(50);
    // Telegram delivers again after the pause, in order
    for (const u of updates) expect((await post(u)).status).toBe(200);
    await settle(desk);
    expect(tg.sent(user.id).length).toBeGreaterThanOrEqual(2);
    expect(((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as any).status).toBe("ok");
  });
});
