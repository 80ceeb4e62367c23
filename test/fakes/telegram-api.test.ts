import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Api, Bot, GrammyError, InputFile, webhookCallback } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeTelegramApi } from "./telegram-api.ts";
import { UpdateFactory } from "./updates.ts";

const alice = { id: 1001, first_name: "Alice", language_code: "zh-hans" };
const bob = { id: 1002, first_name: "Bob", language_code: "en" };

async function expectGrammyError(p: Promise<unknown>): Promise<GrammyError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(GrammyError);
    return e as GrammyError;
  }
  throw new Error("expected a GrammyError");
}

describe("FakeTelegramApi with grammY's Api (no auto-retry)", () => {
  let tg: FakeTelegramApi;
  let api: Api;

  beforeEach(async () => {
    tg = new FakeTelegramApi({ botUsername: "desk_bot" });
    await tg.start();
    api = new Api(tg.token, { apiRoot: tg.apiRoot });
  });
  afterEach(async () => {
    await tg.stop();
  });

  it("getMe returns the configured bot; wrong token → 401, unknown method → 404", async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({ is_bot: true, username: "desk_bot", id: 123456789 });

    const wrong = new Api("999:nope", { apiRoot: tg.apiRoot });
    const e = await expectGrammyError(wrong.getMe());
    expect(e.error_code).toBe(401);
    expect(e.description).toBe("Unauthorized");

    const res = await fetch(`${tg.apiRoot}/bot${tg.token}/noSuchMethod`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: "Not Found: method not found" });
  });

  it("sendMessage returns proper Message objects with per-chat message ids, recorded in sent()", async () => {
    const m1 = await api.sendMessage(alice.id, "你好", {
      reply_markup: { inline_keyboard: [[{ text: "关闭工单", callback_data: "ticket:close:1" }]] },
    });
    const m2 = await api.sendMessage(alice.id, "second");
    const m3 = await api.sendMessage(bob.id, "hi bob");
    expect(m1).toMatchObject({
      message_id: 1,
      chat: { id: alice.id, type: "private" },
      from: { is_bot: true, username: "desk_bot" },
      text: "你好",
      reply_markup: { inline_keyboard: [[{ text: "关闭工单", callback_data: "ticket:close:1" }]] },
    });
    expect(typeof m1.date).toBe("number");
    expect(m2.message_id).toBe(2);
    expect(m2.reply_markup).toBeUndefined();
    expect(m3.message_id).toBe(1);
    expect(tg.sent(alice.id).map((c) => c.params.text)).toEqual(["你好", "second"]);
    expect(tg.sent().length).toBe(3);
    expect(tg.stats.methods.sendMessage).toBe(3);
  });

  it("validates sendMessage like Telegram", async () => {
    expect((await expectGrammyError(api.sendMessage(alice.id, ""))).description).toBe("Bad Request: message text is empty");
    expect((await expectGrammyError(api.sendMessage(alice.id, "   "))).description).toBe("Bad Request: message text is empty");
    expect((await expectGrammyError(api.sendMessage(alice.id, "x".repeat(4097)))).description).toBe("Bad Request: message is too long");
    await api.sendMessage(alice.id, "x".repeat(4096));
    // HTML: length is counted after entity parsing
    await api.sendMessage(alice.id, `<b>${"x".repeat(4090)}</b>`, { parse_mode: "HTML" });
    const html = await expectGrammyError(api.sendMessage(alice.id, "price < 5", { parse_mode: "HTML" }));
    expect(html.description).toMatch(/^Bad Request: can't parse entities: Unsupported start tag/);
    const md = await expectGrammyError(api.sendMessage(alice.id, "Order #42 done.", { parse_mode: "MarkdownV2" }));
    expect(md.description).toBe("Bad Request: can't parse entities: Character '#' is reserved and must be escaped with the preceding '\\'");
    // 22 CJK chars = 66 bytes > 64
    const button = await expectGrammyError(
      api.sendMessage(alice.id, "pick", { reply_markup: { inline_keyboard: [[{ text: "b", callback_data: "工".repeat(22) }]] } }),
    );
    expect(button.error_code).toBe(400);
    expect(button.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    expect((await expectGrammyError(api.sendMessage("", "x"))).description).toBe("Bad Request: chat_id is empty");
    expect(tg.stats.errors).toBe(7);
    expect(tg.sent(alice.id).length).toBe(2);
  });

  it("editMessageText / editMessageReplyMarkup: edits, 'not modified', 'not found'", async () => {
    const kb = { inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] };
    const m = await api.sendMessage(alice.id, "状态：待处理", { reply_markup: kb });
    const edited = await api.editMessageText(alice.id, m.message_id, "状态：已处理", { reply_markup: kb });
    expect(edited).toMatchObject({ message_id: m.message_id, text: "状态：已处理", reply_markup: kb });
    expect(typeof (edited as { edit_date?: number }).edit_date).toBe("number");

    const same = await expectGrammyError(api.editMessageText(alice.id, m.message_id, "状态：已处理", { reply_markup: kb }));
    expect(same.description).toMatch(/^Bad Request: message is not modified/);

    // editing text without reply_markup drops the keyboard (like Telegram)
    const noKb = await api.editMessageText(alice.id, m.message_id, "状态：已处理");
    expect((noKb as { reply_markup?: unknown }).reply_markup).toBeUndefined();
    expect((await expectGrammyError(api.editMessageReplyMarkup(alice.id, m.message_id))).description).toMatch(
      /^Bad Request: message is not modified/,
    );
    const withKb = await api.editMessageReplyMarkup(alice.id, m.message_id, { reply_markup: kb });
    expect((withKb as { reply_markup?: unknown }).reply_markup).toEqual(kb);
    expect(tg.message(alice.id, m.message_id)).toMatchObject({ text: "状态：已处理", reply_markup: kb });

    const missing = await expectGrammyError(api.editMessageText(alice.id, 999, "x"));
    expect(missing.description).toBe("Bad Request: message to edit not found");
  });

  it("answerCallbackQuery and sendChatAction", async () => {
    expect(await api.answerCallbackQuery("12345", { text: "已收到" })).toBe(true);
    expect(await api.sendChatAction(alice.id, "typing")).toBe(true);
    const call = await tg.waitFor("answerCallbackQuery");
    expect(call.params).toMatchObject({ callback_query_id: "12345", text: "已收到" });

    tg.strictCallbackQueries = true;
    const f = tg.factory();
    const u = f.callback(alice, "x", { messageId: 1 });
    tg.pushUpdate(u);
    await api.answerCallbackQuery(u.callback_query!.id);
    const again = await expectGrammyError(api.answerCallbackQuery(u.callback_query!.id));
    expect(again.description).toBe("Bad Request: query is too old and response timeout expired or query ID is invalid");
  });

  it("getUpdates long polling: returns as soon as an update is queued; offset confirms", async () => {
    const f = new UpdateFactory({ startUpdateId: 500 });
    const t0 = Date.now();
    // a long poll of 60 s: returning well before it means the update ended the poll
    const pending = api.getUpdates({ timeout: 60 });
    setTimeout(() => tg.pushUpdate(f.text(alice, "在吗"), f.text(alice, "订单 123")), 150);
    const got = await pending;
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(got.map((u) => u.update_id)).toEqual([500, 501]);
    expect(got[0]!.message).toMatchObject({
      text: "在吗",
      from: { id: alice.id, language_code: "zh-hans" },
      chat: { id: alice.id, type: "private" },
    });

    // without confirming, the same updates come again
    expect((await api.getUpdates({ timeout: 0 })).length).toBe(2);
    // offset = last + 1 confirms them
    tg.pushUpdate(f.text(bob, "hello"));
    const next = await api.getUpdates({ offset: 501, timeout: 0 });
    expect(next.map((u) => u.update_id)).toEqual([501, 502]);
    expect((await api.getUpdates({ offset: 503, limit: 10, timeout: 0 })).length).toBe(0);
    expect(tg.pendingUpdates.length).toBe(0);

    // timeout with nothing queued → [] after ~timeout
    const t1 = Date.now();
    expect(await api.getUpdates({ offset: 503, timeout: 1 })).toEqual([]);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(900);

    // limit
    tg.pushUpdate(f.text(bob, "1"), f.text(bob, "2"), f.text(bob, "3"));
    expect((await api.getUpdates({ offset: 503, limit: 2 })).map((u) => u.update_id)).toEqual([503, 504]);
  });

  it("setWebhook / getWebhookInfo / deleteWebhook; getUpdates conflicts while a webhook is set", async () => {
    await api.setWebhook("https://desk.example/tg", { secret_token: "s3cret_Token-1" });
    expect(tg.webhook).toMatchObject({ url: "https://desk.example/tg", secretToken: "s3cret_Token-1" });
    expect((await api.getWebhookInfo()).url).toBe("https://desk.example/tg");
    const conflict = await expectGrammyError(api.getUpdates());
    expect(conflict.error_code).toBe(409);
    const badSecret = await expectGrammyError(api.setWebhook("https://desk.example/tg", { secret_token: "no spaces!" }));
    expect(badSecret.error_code).toBe(400);
    await api.deleteWebhook();
    expect(tg.webhook).toBeUndefined();
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
  });

  it("multipart uploads: sendPhoto with InputFile, getFile and file download", async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0, 255]);
    const m = await api.sendPhoto(alice.id, new InputFile(bytes, "receipt.jpg"), {
      caption: "收据",
      reply_markup: { inline_keyboard: [[{ text: "ok", callback_data: "ok" }]] },
    });
    expect(m.photo!.length).toBeGreaterThan(0);
    expect(m.caption).toBe("收据");
    const call = tg.sent(alice.id)[0]!;
    expect(call.method).toBe("sendPhoto");
    expect(call.files).toEqual([expect.objectContaining({ filename: "receipt.jpg", size: bytes.length })]);
    expect(call.params.reply_markup).toEqual({ inline_keyboard: [[{ text: "ok", callback_data: "ok" }]] });

    const file = await api.getFile(m.photo!.at(-1)!.file_id);
    expect(file.file_path).toBeTruthy();
    const dl = await fetch(tg.fileUrl(file.file_path!));
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer())).toEqual(bytes);

    // a user's photo file_id from an update can be fetched too
    const f = tg.factory();
    const up = f.photo(alice, { caption: "坏了" });
    const userFile = await api.getFile(up.message!.photo!.at(-1)!.file_id);
    const dl2 = await fetch(tg.fileUrl(userFile.file_path!));
    expect((await dl2.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect((await fetch(tg.fileUrl("nope/missing.jpg"))).status).toBe(404);
  });

  it("sendMediaGroup with two uploaded photos", async () => {
    const msgs = await api.sendMediaGroup(alice.id, [
      { type: "photo", media: new InputFile(Buffer.from("one"), "1.jpg"), caption: "a" },
      { type: "photo", media: new InputFile(Buffer.from("two"), "2.jpg") },
    ]);
    expect(msgs.map((m) => m.message_id)).toEqual([1, 2]);
    const groupIds = msgs.map((m) => (m as { media_group_id?: string }).media_group_id);
    expect(groupIds[0]).toBeTruthy();
    expect(groupIds[0]).toBe(groupIds[1]);
    expect(tg.calls.at(-1)!.files!.length).toBe(2);
    const one = await expectGrammyError(api.sendMediaGroup(alice.id, [{ type: "photo", media: "x" }]));
    expect(one.error_code).toBe(400);
  });

  it("accepts application/x-www-form-urlencoded and GET query strings", async () => {
    const r1 = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        chat_id: String(alice.id),
        text: "form",
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "a", callback_data: "a" }]] }),
      }).toString(),
    });
    expect(await r1.json()).toMatchObject({ ok: true, result: { text: "form", reply_markup: { inline_keyboard: [[{ text: "a" }]] } } });
    const r2 = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage?chat_id=${alice.id}&text=query`);
    expect(await r2.json()).toMatchObject({ ok: true, result: { text: "query", message_id: 2 } });
    const r3 = await fetch(`${tg.apiRoot}/bot${tg.token}/getme`);
    expect(await r3.json()).toMatchObject({ ok: true, result: { username: "desk_bot" } });
  });

  it("failNext: 429 surfaces as GrammyError with parameters.retry_after; 500/403 with descriptions", async () => {
    tg.failNext("sendMessage", { errorCode: 429, retryAfter: 7 });
    const e = await expectGrammyError(api.sendMessage(alice.id, "x"));
    expect(e.error_code).toBe(429);
    expect(e.description).toBe("Too Many Requests: retry after 7");
    expect(e.parameters.retry_after).toBe(7);
    expect(tg.stats.tooManyRequests).toBe(1);

    tg.failNext("sendMessage", { count: 2, errorCode: 500, description: "Internal Server Error" });
    expect((await expectGrammyError(api.sendMessage(alice.id, "x"))).error_code).toBe(500);
    expect((await expectGrammyError(api.sendMessage(alice.id, "x"))).error_code).toBe(500);
    await api.sendMessage(alice.id, "works again");

    tg.blockChat(bob.id);
    const blocked = await expectGrammyError(api.sendMessage(bob.id, "x"));
    expect(blocked.error_code).toBe(403);
    expect(blocked.description).toBe("Forbidden: bot was blocked by the user");
    expect(tg.stats.errors).toBe(4);
  });

  it("waitFor rejects with a helpful message listing recent calls", async () => {
    await api.sendMessage(alice.id, "something else");
    await expect(tg.waitFor((c) => c.method === "sendMessage" && c.params.text === "never", 200)).rejects.toThrow(
      /timed out after 200 ms[\s\S]*sendMessage .*something else/,
    );
    const later = tg.waitForCount("sendMessage", 3);
    setTimeout(() => void api.sendMessage(alice.id, "2").then(() => api.sendMessage(alice.id, "3")), 50);
    expect((await later).map((c) => c.params.text)).toEqual(["something else", "2", "3"]);
    tg.clear();
    expect(tg.calls).toEqual([]);
  });
});

describe("FakeTelegramApi enforced limits", () => {
  let tg: FakeTelegramApi;
  let api: Api;
  let clock = 1_000_000;

  beforeEach(async () => {
    clock = 1_000_000;
    tg = new FakeTelegramApi({ enforceLimits: true, now: () => clock });
    await tg.start();
    api = new Api(tg.token, { apiRoot: tg.apiRoot });
  });
  afterEach(async () => {
    await tg.stop();
  });

  it("per chat: 1 message per 1000 ms window with 50 ms tolerance", async () => {
    await api.sendMessage(1, "a");
    const e = await expectGrammyError(api.sendMessage(1, "b"));
    expect(e.error_code).toBe(429);
    expect(e.description).toBe("Too Many Requests: retry after 1");
    expect(e.parameters.retry_after).toBe(1);
    await api.sendMessage(2, "other chat is fine");
    clock += 940;
    await expectGrammyError(api.sendMessage(1, "still too early"));
    clock += 10; // 950 ms after the first: allowed (tolerance)
    await api.sendMessage(1, "c");
    // sendChatAction is not limited
    await api.sendChatAction(1, "typing");
    expect(tg.stats.tooManyRequests).toBe(2);
    expect(tg.stats.limitHits.perChat).toBe(2);
  });

  it("per group: 20 messages per minute", async () => {
    for (let i = 0; i < 20; i++) {
      await api.sendMessage(-100123, `m${i}`);
      clock += 1000;
    }
    // first was at t0, now t0+20s: window of 59.95 s still holds 20 → retry after ~40 s
    const e = await expectGrammyError(api.sendMessage(-100123, "21st"));
    expect(e.parameters.retry_after).toBe(40);
    expect(tg.stats.limitHits.perGroup).toBe(1);
    clock += 40_000;
    await api.sendMessage(-100123, "ok now");
  });

  it("global: 30 messages per second across chats", async () => {
    for (let i = 0; i < 30; i++) await api.sendMessage(100 + i, "x");
    const e = await expectGrammyError(api.sendMessage(999, "31st"));
    expect(e.error_code).toBe(429);
    expect(tg.stats.limitHits.global).toBe(1);
    clock += 950;
    await api.sendMessage(999, "later");
  });
});

describe("FakeTelegramApi with a real grammY Bot", () => {
  let tg: FakeTelegramApi;
  beforeEach(async () => {
    tg = new FakeTelegramApi();
    await tg.start();
  });
  afterEach(async () => {
    await tg.stop();
  });

  it("long polling bot receives commands, texts and callback queries and replies", async () => {
    const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
    bot.command("start", (ctx) =>
      ctx.reply(`welcome ${ctx.match}`, { reply_markup: { inline_keyboard: [[{ text: "Close", callback_data: "close" }]] } }),
    );
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    bot.callbackQuery("close", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "closed" });
      await ctx.editMessageText("closed");
    });
    const f = tg.factory();
    const started = bot.start({ drop_pending_updates: false });
    tg.pushUpdate(f.command(bob, "/start", "ref42"));
    const welcome = await tg.waitFor((c) => c.method === "sendMessage" && c.params.text === "welcome ref42");
    tg.pushUpdate(f.text(bob, "hello"));
    await tg.waitFor((c) => c.method === "sendMessage" && c.params.text === "echo: hello");
    tg.pushUpdate(f.callback(bob, "close", { messageId: welcome.result.message_id }));
    const edit = await tg.waitFor("editMessageText");
    expect(edit.ok).toBe(true);
    expect((await tg.waitFor("answerCallbackQuery")).params.text).toBe("closed");
    // user and bot messages share one id sequence per chat
    const ids = tg.calls.filter((c) => c.method === "sendMessage").map((c) => c.result.message_id);
    expect(ids).toEqual([2, 4]);
    await bot.stop();
    await started;
    expect(tg.pendingUpdates.length).toBe(0);
    expect(tg.calls.map((c) => c.method)).toContain("deleteWebhook");
  });

  it("webhook: postWebhook sends the secret header; grammY rejects a wrong secret; webhook replies are executed", async () => {
    const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
    bot.on("message:text", (ctx) => ctx.reply(`got ${ctx.message.text}`));
    await bot.init();
    const server: Server = createServer(webhookCallback(bot, "http", { secretToken: "hook_secret" }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      await bot.api.setWebhook(`http://127.0.0.1:${port}/tg`, { secret_token: "hook_secret" });
      const f = tg.factory();
      const ok = await tg.postWebhook(f.text(alice, "ping"));
      expect(ok.status).toBe(200);
      expect(ok.ms).toBeGreaterThan(0);
      await tg.waitFor((c) => c.method === "sendMessage" && c.params.text === "got ping");
      expect((await tg.postWebhook(f.text(alice, "x"), { secret: "wrong" })).status).toBe(401);
      expect((await tg.postWebhook(f.text(alice, "x"), { secret: null })).status).toBe(401);
    } finally {
      await new Promise((r) => server.close(r));
    }

    // a raw webhook endpoint answering with a method call (webhook reply)
    const replyServer = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ method: "sendMessage", chat_id: alice.id, text: "via reply" }));
    });
    await new Promise<void>((r) => replyServer.listen(0, "127.0.0.1", r));
    try {
      await bot.api.setWebhook(`http://127.0.0.1:${(replyServer.address() as AddressInfo).port}/`);
      await tg.postWebhook(tg.factory().text(alice, "hi"));
      const call = await tg.waitFor((c) => c.viaWebhookReply === true);
      expect(call).toMatchObject({ method: "sendMessage", ok: true, params: { text: "via reply" } });
    } finally {
      replyServer.closeAllConnections();
      await new Promise((r) => replyServer.close(r));
    }
  });
});

describe("UpdateFactory", () => {
  it("builds updates with increasing ids and realistic shapes", () => {
    const f = new UpdateFactory({ startUpdateId: 10 });
    const cmd = f.command(alice, "/start", "abc");
    expect(cmd.update_id).toBe(10);
    expect(cmd.message).toMatchObject({
      text: "/start abc",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
      chat: { id: alice.id, type: "private" },
      from: { id: alice.id, is_bot: false, language_code: "zh-hans" },
    });
    const ph = f.photo(alice, { caption: "pic" });
    expect(ph.update_id).toBe(11);
    expect(ph.message!.photo!.length).toBe(3);
    expect(ph.message!.photo![0]).toHaveProperty("file_unique_id");
    expect(ph.message!.message_id).toBe(2);
    expect(f.sticker(bob).message!.sticker!.file_id).toBeTruthy();
    expect(f.voice(bob).message!.voice!.mime_type).toBe("audio/ogg");
    expect(f.document(bob, { mime_type: "image/png", file_name: "a.png" }).message!.document).toMatchObject({
      mime_type: "image/png",
      file_name: "a.png",
    });
    const cb1 = f.callback(alice, "d1", { messageId: 5 });
    const cb2 = f.callback(alice, "d2", { messageId: 5 });
    expect(cb1.callback_query!.id).not.toBe(cb2.callback_query!.id);
    expect(cb1.callback_query!.message).toMatchObject({ message_id: 5, chat: { id: alice.id }, from: { is_bot: true } });
    const group = f.text({ id: 7, chatId: -100555 }, "in group");
    expect(group.message!.chat).toMatchObject({ id: -100555, type: "supergroup" });
    f.nextUpdateId = 1;
    expect(f.text(bob, "x").update_id).toBe(1);
  });
});
