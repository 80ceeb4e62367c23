import { WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlackApi, makeTriggerId } from "./slack-api.ts";

async function rejection<T = any>(p: Promise<unknown>): Promise<T> {
  try {
    await p;
  } catch (e) {
    return e as T;
  }
  throw new Error("expected a rejection");
}

describe("FakeSlackApi with the real @slack/web-api WebClient", () => {
  let slack: FakeSlackApi;
  let web: WebClient;
  const fakeNow = Date.parse("2026-05-01T02:00:00Z");

  beforeEach(async () => {
    // the fake's own clock: trigger ids expire by it, not by how fast this machine is
    slack = new FakeSlackApi({
      now: () => fakeNow,
      users: [
        { id: "U100", name: "li.lei", real_name: "李雷", tz: "Asia/Shanghai" },
        { id: "U200", name: "ann", real_name: "Ann", tz: "Europe/Berlin", email: "ann@example.com" },
      ],
    });
    await slack.start();
    web = new WebClient(slack.botToken, { slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  });
  afterEach(async () => {
    await slack.stop();
  });

  it("auth.test; bad / missing tokens are rejected like Slack", async () => {
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const me = await web.auth.test();
    expect(me).toMatchObject({ ok: true, user_id: "U0BOT", team_id: "T0FAKE", bot_id: "B0BOT" });
    expect(slack.calls[0]!.token).toBe(slack.botToken);

    const strict = new FakeSlackApi({ tokens: ["xoxb-good"] });
    await strict.start();
    try {
      const bad = new WebClient("xoxb-bad", { slackApiUrl: strict.url, retryConfig: { retries: 0 } });
      const e = await rejection<WebAPIPlatformError>(bad.auth.test());
      expect(e.code).toBe("slack_webapi_platform_error");
      expect(e.data.error).toBe("invalid_auth");
      const none = new WebClient(undefined, { slackApiUrl: strict.url, retryConfig: { retries: 0 } });
      expect((await rejection<WebAPIPlatformError>(none.auth.test())).data.error).toBe("not_authed");
    } finally {
      await strict.stop();
    }
  });

  it("chat.postMessage: increasing ts, blocks (form-encoded JSON), threads, conversations.replies", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*新工单* #42" } }];
    const parent = await web.chat.postMessage({ channel: "C0DESK", text: "新工单 #42", blocks });
    expect(parent.ok).toBe(true);
    expect(parent.channel).toBe("C0DESK");
    expect(parent.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(parent.message).toMatchObject({ text: "新工单 #42", blocks, user: "U0BOT", bot_id: "B0BOT", ts: parent.ts });

    const r1 = await web.chat.postMessage({ channel: "C0DESK", text: "客户：在吗", thread_ts: parent.ts! });
    const r2 = await web.chat.postMessage({ channel: "C0DESK", text: "客户：订单没到", thread_ts: parent.ts! });
    expect(r1.ts! > parent.ts!).toBe(true);
    expect(r2.ts! > r1.ts!).toBe(true);
    expect(r1.message).toMatchObject({ thread_ts: parent.ts });

    const replies = await web.conversations.replies({ channel: "C0DESK", ts: parent.ts! });
    expect(replies.messages!.map((m) => m.text)).toEqual(["新工单 #42", "客户：在吗", "客户：订单没到"]);
    expect(replies.messages![0]).toMatchObject({ reply_count: 2, thread_ts: parent.ts, latest_reply: r2.ts });

    const page = await web.conversations.replies({ channel: "C0DESK", ts: parent.ts!, limit: 2 });
    expect(page.messages!.length).toBe(2);
    expect(page.has_more).toBe(true);
    const page2 = await web.conversations.replies({ channel: "C0DESK", ts: parent.ts!, cursor: page.response_metadata!.next_cursor! });
    expect(page2.messages!.map((m) => m.ts)).toEqual([r2.ts]);

    expect(slack.messages("C0DESK").map((m) => [m.text, m.thread_ts])).toEqual([
      ["新工单 #42", parent.ts],
      ["客户：在吗", parent.ts],
      ["客户：订单没到", parent.ts],
    ]);
    expect(slack.calls.find((c) => c.method === "chat.postMessage")!.params.blocks).toEqual(blocks);

    expect((await rejection<WebAPIPlatformError>(web.chat.postMessage({ channel: "C0DESK", text: "" }))).data.error).toBe("no_text");
    expect((await rejection<WebAPIPlatformError>(web.conversations.replies({ channel: "C0DESK", ts: "1.000001" }))).data.error).toBe(
      "thread_not_found",
    );
  });

  it("chat.update (message_not_found), chat.postEphemeral, chat.getPermalink, reactions.add", async () => {
    const m = await web.chat.postMessage({ channel: "C1", text: "状态：待处理" });
    const u = await web.chat.update({ channel: "C1", ts: m.ts!, text: "状态：已解决" });
    expect(u).toMatchObject({ ok: true, channel: "C1", ts: m.ts, text: "状态：已解决" });
    expect(slack.messages("C1")[0]!.text).toBe("状态：已解决");
    expect(slack.messages("C1")[0]!.edited).toBeTruthy();
    const nf = await rejection<WebAPIPlatformError>(web.chat.update({ channel: "C1", ts: "1699999999.000001", text: "x" }));
    expect(nf.data.error).toBe("message_not_found");

    const eph = await web.chat.postEphemeral({ channel: "C1", user: "U100", text: "only you" });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(slack.ephemerals[0]).toMatchObject({ user: "U100", text: "only you" });

    const link = await web.chat.getPermalink({ channel: "C1", message_ts: m.ts! });
    expect(link.permalink).toContain(`/archives/C1/p${m.ts!.replace(".", "")}`);

    await web.reactions.add({ channel: "C1", timestamp: m.ts!, name: "eyes" });
    expect((await rejection<WebAPIPlatformError>(web.reactions.add({ channel: "C1", timestamp: m.ts!, name: "eyes" }))).data.error).toBe(
      "already_reacted",
    );
    expect(slack.messages("C1")[0]!.reactions).toEqual([{ name: "eyes", users: ["U0BOT"], count: 1 }]);

    // someone else's message must be seeded before reacting to it
    const staff = slack.addMessage("C1", { user: "U100", text: "我来处理" });
    await web.reactions.add({ channel: "C1", timestamp: staff.ts, name: "white_check_mark" });
    expect((await rejection<WebAPIPlatformError>(web.chat.update({ channel: "C1", ts: staff.ts, text: "x" }))).data.error).toBe(
      "cant_update_message",
    );
  });

  it("conversations.open gives a stable D-channel per user; posting to a user id lands in the DM", async () => {
    const a = await web.conversations.open({ users: "U100" });
    const b = await web.conversations.open({ users: "U100" });
    const c = await web.conversations.open({ users: "U200" });
    expect(a.channel!.id).toMatch(/^D/);
    expect(b.channel!.id).toBe(a.channel!.id);
    expect(c.channel!.id).not.toBe(a.channel!.id);
    const posted = await web.chat.postMessage({ channel: "U100", text: "DM" });
    expect(posted.channel).toBe(a.channel!.id);
    expect(slack.messages(a.channel!.id).length).toBe(1);
    expect((await rejection<WebAPIPlatformError>(web.conversations.open({ users: "U999" }))).data.error).toBe("user_not_found");
  });

  it("users.info returns configured users with tz and tz_offset", async () => {
    const r = await web.users.info({ user: "U100" });
    expect(r.user).toMatchObject({ id: "U100", name: "li.lei", real_name: "李雷", tz: "Asia/Shanghai", tz_offset: 8 * 3600 });
    expect(r.user!.profile!.real_name).toBe("李雷");
    expect((await rejection<WebAPIPlatformError>(web.users.info({ user: "U404" }))).data.error).toBe("user_not_found");
  });

  it("views.open / push / update with trigger expiry and hash checks", async () => {
    const view = {
      type: "modal" as const,
      callback_id: "close_ticket",
      private_metadata: JSON.stringify({ ticket: 42 }),
      title: { type: "plain_text" as const, text: "关闭工单" },
      submit: { type: "plain_text" as const, text: "提交" },
      blocks: [
        {
          type: "input",
          block_id: "reason",
          label: { type: "plain_text", text: "原因" },
          element: { type: "plain_text_input", action_id: "v" },
        },
      ],
    };
    const trigger = slack.triggerId();
    const opened = await web.views.open({ trigger_id: trigger, view: view as any });
    expect(opened.view).toMatchObject({ callback_id: "close_ticket", private_metadata: '{"ticket":42}', type: "modal" });
    expect(opened.view!.id).toMatch(/^V/);
    expect(slack.views.get(opened.view!.id!)!.blocks).toEqual(view.blocks);

    expect((await rejection<WebAPIPlatformError>(web.views.open({ trigger_id: trigger, view: view as any }))).data.error).toBe(
      "exchanged_trigger_id",
    );
    const old = makeTriggerId(fakeNow - 3500);
    expect((await rejection<WebAPIPlatformError>(web.views.open({ trigger_id: old, view: view as any }))).data.error).toBe(
      "expired_trigger_id",
    );
    const invalid = await rejection<WebAPIPlatformError>(
      web.views.open({ trigger_id: slack.triggerId(), view: { type: "modal", blocks: [] } as any }),
    );
    expect(invalid.data.error).toBe("invalid_arguments");

    const updated = await web.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: { ...view, blocks: [] } as any });
    expect(updated.view!.id).toBe(opened.view!.id);
    expect(updated.view!.hash).not.toBe(opened.view!.hash);
    const conflict = await rejection<WebAPIPlatformError>(
      web.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: view as any }),
    );
    expect(conflict.data.error).toBe("hash_conflict");
    expect((await rejection<WebAPIPlatformError>(web.views.update({ view_id: "VNOPE", view: view as any }))).data.error).toBe("not_found");

    const pushed = await web.views.push({ trigger_id: slack.triggerId(), view: view as any });
    expect(pushed.view!.id).not.toBe(opened.view!.id);
    expect((await slack.waitFor("views.push")).params.view).toMatchObject({ callback_id: "close_ticket" });
  });

  it("filesUploadV2: getUploadURLExternal → POST bytes to the upload URL → completeUploadExternal into a thread", async () => {
    const parent = await web.chat.postMessage({ channel: "C0DESK", text: "工单 #7" });
    const bytes = Buffer.from("\x89PNG fake image bytes");
    const res = await web.filesUploadV2({
      channel_id: "C0DESK",
      thread_ts: parent.ts!,
      file: bytes,
      filename: "screenshot.png",
      title: "客户截图",
      initial_comment: "客户发来的图片",
    });
    expect(res.ok).toBe(true);
    expect(slack.calls.map((c) => c.method)).toEqual([
      "chat.postMessage",
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
    const fileId = slack.calls[1]!.response!.file_id as string;
    expect(slack.files.get(fileId)!.data).toEqual(bytes);
    expect(slack.files.get(fileId)!.completed).toBe(true);
    const share = slack.messages("C0DESK").at(-1)!;
    expect(share).toMatchObject({ thread_ts: parent.ts, text: "客户发来的图片" });
    expect(share.files![0]).toMatchObject({ id: fileId, name: "screenshot.png", title: "客户截图", size: bytes.length });
    expect(slack.thread("C0DESK", parent.ts!).length).toBe(2);
  });

  it("failNext: HTTP 429 + Retry-After → rate-limited error; platform errors; unknown methods", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 12 });
    const rl = await rejection<WebAPIRateLimitedError>(web.chat.postMessage({ channel: "C1", text: "x" }));
    expect(rl.code).toBe("slack_webapi_rate_limited_error");
    expect(rl.retryAfter).toBe(12);

    slack.failNext("chat.postMessage", { count: 2, error: "channel_not_found" });
    for (let i = 0; i < 2; i++) {
      const e = await rejection<WebAPIPlatformError>(web.chat.postMessage({ channel: "C1", text: "x" }));
      expect(e.code).toBe("slack_webapi_platform_error");
      expect(e.data.error).toBe("channel_not_found");
    }
    await web.chat.postMessage({ channel: "C1", text: "works" });

    const unknown = await rejection<WebAPIPlatformError>(web.apiCall("desk.nonexistent"));
    expect(unknown.data.error).toBe("unknown_method");
    expect(slack.calls.map((c) => c.ok)).toEqual([false, false, false, true, false]);
  });

  it("with known channels, others are channel_not_found", async () => {
    const strict = new FakeSlackApi({ channels: ["C0DESK"] });
    await strict.start();
    try {
      const w = new WebClient(strict.botToken, { slackApiUrl: strict.url, retryConfig: { retries: 0 } });
      await w.chat.postMessage({ channel: "C0DESK", text: "ok" });
      expect((await rejection<WebAPIPlatformError>(w.chat.postMessage({ channel: "C0OTHER", text: "x" }))).data.error).toBe(
        "channel_not_found",
      );
    } finally {
      await strict.stop();
    }
  });

  it("accepts JSON bodies with a Bearer token, records response_url posts, waitFor explains timeouts", async () => {
    const r = await fetch(`${slack.url}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${slack.botToken}` },
      body: JSON.stringify({ channel: "C9", text: "json", blocks: [{ type: "divider" }] }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, channel: "C9", message: { text: "json", blocks: [{ type: "divider" }] } });

    const url = slack.responseUrl("cmd-1");
    const posted = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response_type: "ephemeral", text: "收到" }),
    });
    expect(posted.status).toBe(200);
    expect(slack.responses("cmd-1")[0]!.params).toEqual({ response_type: "ephemeral", text: "收到" });

    await expect(slack.waitFor("views.open", 150)).rejects.toThrow(/timed out after 150 ms[\s\S]*chat\.postMessage[\s\S]*response_url/);
  });
});
