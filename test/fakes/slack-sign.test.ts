import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, isValidSlackRequest, verifySlackRequest } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlackApi } from "./slack-api.ts";
import {
  SlackRequestSender,
  blockActions,
  eventCallback,
  sendSlack,
  signSlackRequest,
  slashCommand,
  urlVerification,
  viewSubmission,
} from "./slack-sign.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

describe("signSlackRequest is accepted by Bolt's own verifier", () => {
  it("valid signature verifies; wrong secret / tampered body / stale timestamp do not", () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "abc" });
    const s = signSlackRequest(SECRET, body);
    expect(s.signature).toMatch(/^v0=[0-9a-f]{64}$/);
    const headers = { "x-slack-signature": s.signature, "x-slack-request-timestamp": s.timestamp };
    expect(() => verifySlackRequest({ signingSecret: SECRET, body, headers })).not.toThrow();
    expect(isValidSlackRequest({ signingSecret: SECRET, body, headers })).toBe(true);
    expect(isValidSlackRequest({ signingSecret: "other", body, headers })).toBe(false);
    expect(isValidSlackRequest({ signingSecret: SECRET, body: body + " ", headers })).toBe(false);
    const stale = signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000) - 600);
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body,
        headers: { "x-slack-signature": stale.signature, "x-slack-request-timestamp": stale.timestamp },
      }),
    ).toThrow(/stale/);
  });

  it("matches Slack's documented example", () => {
    // https://docs.slack.dev/authentication/verifying-requests-from-slack
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(signSlackRequest(SECRET, body, 1531420618).signature).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });
});

describe("sendSlack against a real Bolt app (HTTPReceiver) backed by FakeSlackApi", () => {
  let slack: FakeSlackApi;
  let app: App;
  let server: Server;
  let sender: SlackRequestSender;
  const seen: string[] = [];

  beforeAll(async () => {
    // trigger ids live 3 s at Slack; here long enough for a busy machine (the rule is tested on the fake)
    slack = new FakeSlackApi({ triggerTtlMs: 120_000 });
    await slack.start();
    app = new App({
      token: slack.botToken,
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    app.message(async ({ message, client }) => {
      if (message.subtype !== undefined) return;
      seen.push(`message:${message.text}`);
      await client.chat.postMessage({ channel: message.channel, thread_ts: message.thread_ts ?? message.ts, text: `ack ${message.text}` });
    });
    app.command("/desk", async ({ command, ack, respond }) => {
      await ack();
      seen.push(`command:${command.text}`);
      await respond({ response_type: "ephemeral", text: `ticket ${command.text}` });
    });
    app.action("close_ticket", async ({ ack, body, client, action }) => {
      await ack();
      seen.push(`action:${(action as { value?: string }).value}`);
      await client.views.open({
        trigger_id: (body as { trigger_id: string }).trigger_id,
        view: {
          type: "modal",
          callback_id: "close_modal",
          private_metadata: (action as { value?: string }).value,
          title: { type: "plain_text", text: "Close" },
          blocks: [{ type: "section", text: { type: "mrkdwn", text: "sure?" } }],
        },
      });
    });
    app.view("close_modal", async ({ ack, view }) => {
      seen.push(`view:${view.private_metadata}:${JSON.stringify(view.state.values)}`);
      await ack();
    });
    server = (await app.start(0)) as Server;
    sender = new SlackRequestSender(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, SECRET);
  });

  afterAll(async () => {
    await app.stop();
    await slack.stop();
  });

  it("url_verification is answered with the challenge", async () => {
    const r = await sender.send(urlVerification("chal-123"));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ challenge: "chal-123" });
  });

  it("event_callback message → handler posts a threaded reply to the fake", async () => {
    const r = await sender.send(
      eventCallback({
        event_id: "Ev001",
        event: { type: "message", channel: "C0DESK", user: "U100", text: "hello", ts: "1712000000.000100" },
      }),
    );
    expect(r.status).toBe(200);
    const call = await slack.waitFor((c) => c.method === "chat.postMessage" && c.params.text === "ack hello");
    expect(call.params).toMatchObject({ channel: "C0DESK", thread_ts: "1712000000.000100" });
    expect(slack.calls.some((c) => c.method === "auth.test")).toBe(true);
  });

  it("slash command (form-encoded) is acked and respond() reaches the fake response_url", async () => {
    const url = slack.responseUrl("cmd-1");
    const r = await sender.send(slashCommand({ command: "/desk", text: "42", user_id: "U100", channel_id: "C0DESK", response_url: url }));
    expect(r.status).toBe(200);
    // the handler acks before it answers; Slack's own limit is 3 s, this bound is for a busy machine
    expect(r.ms).toBeLessThan(30_000);
    const resp = await slack.waitFor((c) => c.method === "response_url" && c.target === "cmd-1");
    expect(resp.params).toMatchObject({ response_type: "ephemeral", text: "ticket 42" });
  });

  it("block_actions (payload=) → views.open with the forwarded trigger_id; view_submission is acked", async () => {
    const trigger = slack.triggerId();
    const r = await sender.send(
      blockActions({
        actions: [{ action_id: "close_ticket", value: "ticket-42" }],
        user: { id: "U100" },
        channel: { id: "C0DESK" },
        message: { ts: "1712000000.000200", text: "工单 #42" },
        trigger_id: trigger,
        response_url: slack.responseUrl("act-1"),
      }),
    );
    expect(r.status).toBe(200);
    const open = await slack.waitFor("views.open");
    expect(open.ok).toBe(true);
    expect(open.params.trigger_id).toBe(trigger);
    expect(open.params.view).toMatchObject({ callback_id: "close_modal", private_metadata: "ticket-42" });

    const sub = await sender.send(
      viewSubmission({
        user: { id: "U100" },
        view: {
          callback_id: "close_modal",
          private_metadata: "ticket-42",
          state: { values: { reason: { v: { type: "plain_text_input", value: "已退款" } } } },
        },
      }),
    );
    expect(sub.status).toBe(200);
    expect(seen).toContain('view:ticket-42:{"reason":{"v":{"type":"plain_text_input","value":"已退款"}}}');
    expect(seen).toContain("action:ticket-42");
  });

  it("forged requests are rejected by Bolt with 401", async () => {
    const ev = eventCallback({ event: { type: "message", channel: "C0DESK", user: "U100", text: "forged" } });
    expect((await sender.send(ev, { wrongSecret: true })).status).toBe(401);
    expect((await sender.send(ev, { staleBySeconds: 600 })).status).toBe(401);
    expect((await sender.send(ev, { omitHeaders: true })).status).toBe(401);
    expect((await sender.send(ev, { omitHeaders: ["signature"] })).status).toBe(401);
    expect((await sendSlack(sender.url, "not-the-secret", urlVerification("x"))).status).toBe(401);
    expect(seen).not.toContain("message:forged");
  });
});
