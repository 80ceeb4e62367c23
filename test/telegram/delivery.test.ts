/**
 * Nothing is lost: inbox persistence across a crash, outbox delivery across a restart,
 * retry_after, dead letters, pacing, ordering, and long polling — all through the fake
 * Bot API over HTTP, on each test database.
 */
import { expect } from "vitest";
import type { Desk } from "../../bots/desk.ts";
import { Chat, toBotMessage } from "../support/chat.ts";
import { describeEachDb } from "../support/db.ts";
import { settle, startTestDesk, startWebhookDesk } from "../support/desk.ts";
import { partsTest } from "../support/fixtures.ts";

/** Budget for a message to come back by long polling: a budget, not an assertion. */
const POLL_BUDGET_MS = 60_000;

describeEachDb("telegram delivery", (db) => {
  const user = { id: 7001, first_name: "老王", language_code: "zh-hans" };
  /** The desks a test started (and, unless it stopped them itself, which it then takes off the list). */
  const it = partsTest.extend<{ desks: Desk[]; webhookDesk: (env?: Record<string, string>) => Promise<Desk> }>({
    // eslint-disable-next-line no-empty-pattern
    desks: async ({}, use) => {
      const desks: Desk[] = [];
      try {
        await use(desks);
      } finally {
        for (const d of desks.splice(0)) await d.stop();
      }
    },
    webhookDesk: async ({ store, tg, desks }, use) => {
      await use(async (env = {}) => {
        const { desk: d } = await startWebhookDesk({ store, tg, env });
        desks.push(d);
        return d;
      });
    },
  });
  it.override({ db });

  it("processes an update acknowledged just before a crash, after the restart", async ({ tg, store, desks, webhookDesk }) => {
    const f = tg.factory();
    const d1 = await webhookDesk();
    await d1.inbox.stop(); // the process dies between the ack and the processing
    expect((await tg.postWebhook(f.command(user, "/help"))).status).toBe(200);
    expect(await store.inbox.counts()).toEqual({ pending: 1, failed: 0, invalid: 0 });
    await d1.stop();
    desks.length = 0;

    const d2 = await webhookDesk();
    await settle(d2);
    const sent = tg.sent(user.id).map(toBotMessage);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain("可用命令");
    expect(await store.inbox.counts()).toEqual({ pending: 0, failed: 0, invalid: 0 });
  });

  it("delivers a pending outbox after a restart, each message exactly once", async ({ tg, store, desks, webhookDesk }) => {
    const f = tg.factory();
    const d1 = await webhookDesk();
    await d1.sender.stop(); // Telegram unreachable from this process until it stops
    const c = new Chat(tg, d1, user, f);
    for (const cmd of ["/help", "/tickets", "/profile"]) {
      expect((await tg.postWebhook(f.command(user, cmd))).status).toBe(200);
    }
    await d1.inbox.idle();
    const pending = await store.outbox.list({ status: "pending" });
    expect(pending).toHaveLength(3);
    expect(tg.sent(user.id)).toHaveLength(0);
    await d1.stop();
    desks.length = 0;

    const d2 = await webhookDesk();
    await settle(d2);
    await new Promise((r) => setTimeout(r, 300)); // nothing more may arrive
    const sent = c.all();
    expect(sent.map((m) => m.text.split("\n")[0]!.replace(/<\/?b>/g, ""))).toEqual([
      "可用命令：",
      "您还没有工单。直接描述问题即可报修。",
      "您的资料",
    ]);
    const rows = await store.outbox.list({});
    expect(rows.every((r) => r.status === "sent" && r.platformMessageId)).toBe(true);
    expect(new Set(rows.map((r) => r.platformMessageId)).size).toBe(3);
  });

  it("honours retry_after on 429 and keeps the chat's order", async ({ tg, webhookDesk }) => {
    const f = tg.factory();
    const d = await webhookDesk();
    tg.failNext("sendMessage", { errorCode: 429, retryAfter: 1 });
    const t0 = Date.now();
    await tg.postWebhook(f.command(user, "/help"));
    await tg.postWebhook(f.command(user, "/tickets"));
    await settle(d);
    const ok = tg.calls.filter((c) => c.method === "sendMessage" && c.ok);
    expect(ok).toHaveLength(2);
    expect(ok[0]?.params.text).toContain("可用命令");
    expect(ok[1]?.params.text).toContain("还没有工单");
    expect(ok[0]!.at - t0).toBeGreaterThanOrEqual(950);
    expect(tg.stats.tooManyRequests).toBe(1);
    expect(d.sender.stats.rateLimited).toBe(1);
  });

  it("retries a 5xx with backoff and delivers once", async ({ tg, store, webhookDesk }) => {
    const f = tg.factory();
    const d = await webhookDesk();
    tg.failNext("sendMessage", { errorCode: 502, count: 2 });
    await tg.postWebhook(f.command(user, "/help"));
    await settle(d);
    expect(tg.calls.filter((c) => c.method === "sendMessage" && c.ok)).toHaveLength(1);
    const [row] = await store.outbox.list({});
    expect(row).toMatchObject({ status: "sent", attempts: 3 });
  });

  it("gives up into a visible dead letter on a permanent error, and the chat moves on", async ({ tg, store, webhookDesk }) => {
    const f = tg.factory();
    const d = await webhookDesk();
    tg.failNext("sendMessage", { errorCode: 403, description: "Forbidden: bot was blocked by the user" });
    await tg.postWebhook(f.command(user, "/help"));
    await tg.postWebhook(f.command(user, "/tickets"));
    await settle(d);
    const rows = await store.outbox.list({});
    expect(rows.map((r) => r.status)).toEqual(["dead", "sent"]);
    expect(rows[0]?.lastError).toContain("blocked");
    const health = (await (await fetch(`http://127.0.0.1:${d.http.port}/healthz`)).json()) as any;
    expect(health.outbox.dead).toBe(1);
    expect(health.ok).toBe(true);
  });

  it("paces one chat within Telegram's limit, so the real limits are never hit", async ({ tg, webhookDesk }) => {
    const f = tg.factory();
    tg.enforceLimits = true;
    // Half of Telegram's per-chat limit: the fake sees the gaps after both sides' event-loop
    // delays, which on a busy machine can eat a small margin. How exact the pacer's spacing is
    // is tested on fake timers (test/unit/pacer.test.ts).
    const d = await webhookDesk({ TELEGRAM_RATE_PER_CHAT: "0.5", TELEGRAM_RATE_GLOBAL: "30" });
    for (let i = 0; i < 4; i++) await tg.postWebhook(f.command(user, "/help"));
    await settle(d);
    const ok = tg.calls.filter((c) => c.method === "sendMessage" && c.ok);
    expect(ok).toHaveLength(4);
    expect(tg.stats.tooManyRequests).toBe(0);
    for (let i = 1; i < ok.length; i++) expect(ok[i]!.at - ok[i - 1]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("works by long polling when no webhook is configured", async ({ tg, store, desks }) => {
    const f = tg.factory();
    const d = await startTestDesk({ store, tg });
    desks.push(d);
    expect(tg.calls.some((c) => c.method === "deleteWebhook")).toBe(true);
    tg.pushUpdate(f.command(user, "/start"));
    const call = await tg.waitFor((c) => c.method === "sendMessage" && c.ok === true, POLL_BUDGET_MS);
    expect(call.params.text).toContain("售后服务台");
    // the same update again (e.g. after a restart before the offset was confirmed) is dropped
    const again = f.command(user, "/help");
    tg.pushUpdate(again);
    await tg.waitForCount((c) => c.method === "sendMessage" && c.ok === true, 2, POLL_BUDGET_MS);
    tg.pushUpdate(again);
    await new Promise((r) => setTimeout(r, 1500));
    await settle(d);
    expect(tg.calls.filter((c) => c.method === "sendMessage" && c.ok)).toHaveLength(2);
  });
});
