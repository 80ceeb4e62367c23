/**
 * Bad input from the network, end to end on each database: text the database cannot store
 * (NUL, unpaired surrogates) is cleaned and processed, the original kept in base64; bodies
 * over a route's cap get a 413 (never a connection reset); updates of the wrong shape are
 * stored as invalid at once and hold up nobody.
 */
import { expect } from "vitest";
import { TELEGRAM_MAX_UPDATE_BYTES } from "../../bots/telegram/adapter.ts";
import { SLACK_MAX_REQUEST_BYTES } from "../../bots/slack/receiver.ts";
import { blockActions, eventCallback, sendSlack } from "../fakes/slack-sign.ts";
import { describeEachDb } from "../support/db.ts";
import { SLACK_SECRET, WEBHOOK_SECRET } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

const post = (w: World, body: string | Buffer) =>
  fetch(`http://127.0.0.1:${w.port}/telegram/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
    body,
  });

describeEachDb("bad input", (db) => {
  it.override({ db });
  const user = { id: 7101, first_name: "小张", language_code: "zh-hans" };

  it("stores text with NUL and unpaired surrogates cleaned, keeps the original in base64, and answers the customer", async ({
    world,
    store,
  }) => {
    const chat = world.chat(user);
    const update = world.updates.text(user, "冰箱\u0000不制冷\ud800了");
    const body = JSON.stringify(update);
    const r = await post(world, body);
    expect(r.status).toBe(200);
    await world.settle();
    const [row] = await store.sql.query<any>(`SELECT * FROM "InboundEvent"`);
    expect(row.status).toBe("done");
    expect((row.payload as any).message.text).toBe("冰箱不制冷\uFFFD了");
    expect(Buffer.from(row.raw, "base64").toString("utf8")).toBe(body);
    // the cleaned text was processed like any other message: the same answer as to the clean
    // text, but for the ticket's number and the replacement character in the echoed description
    const other = await world.chat({ ...user, id: 7102 }).say("冰箱不制冷了");
    const comparable = (texts: string[]) => texts.map((t) => t.replace(/#\d+/g, "#…").replace(/\uFFFD/g, ""));
    expect(chat.all().some((m) => m.text.includes("冰箱不制冷\uFFFD了"))).toBe(true);
    expect(comparable(chat.all().map((m) => m.text))).toEqual(comparable(other.map((m) => m.text)));
  });

  it("answers 413 to bodies over the Telegram cap, without resetting the connection", async ({ world, store }) => {
    const big = (bytes: number) => {
      const u = world.updates.text(user, "x");
      (u.message as any).text = "x".repeat(bytes);
      return JSON.stringify(u);
    };
    const justOver = await post(world, big(TELEGRAM_MAX_UPDATE_BYTES + 10));
    expect(justOver.status).toBe(413);
    // over the server's general cap too: still an answer, not a reset
    const huge = await post(world, big(3 * 1024 * 1024));
    expect(huge.status).toBe(413);
    const slack = await sendSlack(
      world.slackUrl,
      SLACK_SECRET,
      eventCallback({ event: { type: "message", channel: "C1", user: "U1", text: "y".repeat(SLACK_MAX_REQUEST_BYTES) } }),
    );
    expect(slack.status).toBe(413);
    expect(await store.inbox.counts()).toEqual({ pending: 0, failed: 0, invalid: 0 });
    // and the server still serves
    expect((await post(world, JSON.stringify(world.updates.text(user, "你好")))).status).toBe(200);
  });

  it("stores updates of the wrong shape as invalid at once; the chat's next message is answered", async ({ world, store }) => {
    const chat = world.chat(user);
    const bad = [
      { ...world.updates.text(user, "x"), message: { ...world.updates.text(user, "x").message!, text: 42 } },
      { ...world.updates.text(user, "x"), message: { ...world.updates.text(user, "x").message!, from: { ...user, language_code: 7 } } },
      { ...world.updates.text(user, "x"), message: { ...world.updates.text(user, "x").message!, chat: "nope" } },
      { update_id: world.updates.nextUpdateId++, callback_query: { id: 5, from: user, data: {} } },
    ];
    for (const u of bad) expect((await post(world, JSON.stringify(u))).status).toBe(200);
    const out = await chat.say("你好");
    expect(out.length).toBeGreaterThan(0);
    expect(await store.inbox.counts()).toEqual({ pending: 0, failed: 0, invalid: 4 });
    const rows = await store.sql.query<any>(
      `SELECT "status", "attempts", "error" FROM "InboundEvent" WHERE "status" = 'invalid' ORDER BY "id"`,
    );
    expect(rows.map((r) => r.attempts)).toEqual([0, 0, 0, 0]);
    expect(rows[0].error).toMatch(/message\.text/);
  });

  it("cleans Slack text and stores wrongly shaped Slack requests as invalid, with a 200", async ({ world, store }) => {
    const ok = await sendSlack(
      world.slackUrl,
      SLACK_SECRET,
      eventCallback({ event_id: "EvNUL", event: { type: "message", channel: "C1", user: "U1", text: "a\u0000b\udc00", thread_ts: "1.1" } }),
    );
    expect(ok.status).toBe(200);
    const bad = await sendSlack(
      world.slackUrl,
      SLACK_SECRET,
      blockActions({ user: { id: "U1" }, channel: { id: "C1" }, actions: [{ action_id: 5 as any, value: "1" }] }),
    );
    expect(bad.status).toBe(200);
    await world.settle();
    const rows = await store.sql.query<any>(`SELECT "externalId", "status", "payload", "raw" FROM "InboundEvent" ORDER BY "id"`);
    expect(rows[0]).toMatchObject({ externalId: "ev:EvNUL", status: "done" });
    expect(rows[0].payload.body.event.text).toBe("ab\uFFFD");
    expect(Buffer.from(rows[0].raw, "base64").toString("utf8")).toContain("a\\u0000b\\udc00");
    expect(rows[1].status).toBe("invalid");
  });
});
