import { App } from "@slack/bolt";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpServer } from "../../bots/http.ts";
import {
  classify,
  DeskSlackReceiver,
  SLACK_EVENTS_PATH,
  toBoltLogger,
  type SlackInboundInput,
  type ViewValidator,
} from "../../bots/slack/receiver.ts";
import { createLogger } from "../../core/log.ts";
import { FakeSlackApi } from "../fakes/slack-api.ts";
import { blockActions, eventCallback, slashCommand, SlackRequestSender, urlVerification, viewSubmission } from "../fakes/slack-sign.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
/** Expected failures are logged; keep the test output clean. */
const quiet = () => createLogger("error", {}, () => {});

/** A tiny in-memory inbox: a Map by externalId (the real InboxProcessor is tested elsewhere). */
class MemoryInbox {
  readonly rows = new Map<string, SlackInboundInput>();
  calls = 0;
  /** Set to hold accept() until released (to see that the ack waits for it). */
  gate?: Promise<void>;
  failWith?: Error;
  accept = async (input: SlackInboundInput): Promise<{ duplicate: boolean }> => {
    this.calls++;
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    if (this.rows.has(input.externalId)) return { duplicate: true };
    // (the raw bytes travel along for the audit trail; these tests look at what is stored)
    this.rows.set(input.externalId, structuredClone({ ...input, raw: undefined }));
    return { duplicate: false };
  };
  get list(): SlackInboundInput[] {
    return [...this.rows.values()];
  }
}

describe("DeskSlackReceiver (Bolt App, HTTP mode, persist before ack)", () => {
  let slack: FakeSlackApi;
  let inbox: MemoryInbox;
  let receiver: DeskSlackReceiver;
  let app: App;
  let http: HttpServer;
  let sender: SlackRequestSender;
  let validateView: ViewValidator;
  const seen: { kind: string; data: any }[] = [];

  beforeEach(async () => {
    seen.length = 0;
    slack = new FakeSlackApi();
    await slack.start();
    inbox = new MemoryInbox();
    validateView = (p) => {
      const phone = p.view?.state?.values?.phone?.value?.value as string | undefined;
      return phone && !/^1\d{10}$/.test(phone) ? { phone: "手机号格式不对 / invalid phone" } : null;
    };
    receiver = new DeskSlackReceiver({ signingSecret: SECRET, accept: inbox.accept, validateView: (p) => validateView(p), log: quiet() });
    app = new App({
      receiver,
      token: slack.botToken,
      logger: toBoltLogger(quiet()),
      clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
    });
    http = new HttpServer(quiet());
    http.route("POST", SLACK_EVENTS_PATH, (req) => receiver.handle(req));
    const port = await http.listen(0, "127.0.0.1");
    sender = new SlackRequestSender(`http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`, SECRET);
  });
  afterEach(async () => {
    await http.close();
    await slack.stop();
  });

  it("answers url_verification with the challenge; stores nothing", async () => {
    const r = await sender.send(urlVerification("chal-123"));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ challenge: "chal-123" });
    expect(inbox.calls).toBe(0);
  });

  it("ssl_check is answered 200 (unsigned, as Slack sends it) and stores nothing", async () => {
    const res = await fetch(sender.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "ssl_check=1&token=x",
    });
    expect(res.status).toBe(200);
    expect(inbox.calls).toBe(0);
  });

  it("stores an event once, even when Slack sends it again with the same event_id; acks both with an empty 200", async () => {
    const ev = eventCallback({ event_id: "Ev0001", event: { type: "message", channel: "C0TRIAGE", user: "U100", text: "客户来电" } });
    const first = await sender.send(ev);
    const retry = await sender.send(ev, { retryNum: 1, retryReason: "http_timeout" });
    for (const r of [first, retry]) {
      expect(r.status).toBe(200);
      expect(r.text).toBe("");
    }
    expect(inbox.calls).toBe(2);
    expect(inbox.list).toEqual([{ platform: "slack", externalId: "ev:Ev0001", chatKey: "C0TRIAGE", payload: { body: ev.data } }]);
    // a different event is stored
    await sender.send(eventCallback({ event_id: "Ev0002", event: { type: "message", channel: "C0TRIAGE", user: "U100", text: "again" } }));
    expect(inbox.rows.size).toBe(2);
  });

  it("keeps Slack's retry headers with the stored event", async () => {
    const ev = eventCallback({
      event_id: "EvR",
      event: { type: "app_mention", channel: "C0ESC", user: "U100", text: "<@U0BOT> hi", ts: "1.2" },
    });
    await sender.send(ev, { retryNum: 2, retryReason: "http_error" });
    expect(inbox.rows.get("ev:EvR")).toMatchObject({ chatKey: "C0ESC", payload: { retryNum: 2, retryReason: "http_error" } });
  });

  it("stores a slash command (form-encoded) by trigger_id, keyed by its channel", async () => {
    const cmd = slashCommand({ command: "/desk", text: "claim #1024", user_id: "U100", channel_id: "C0TRIAGE", trigger_id: "1337.42.abc" });
    const r = await sender.send(cmd);
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
    expect(inbox.list).toEqual([{ platform: "slack", externalId: "cmd:1337.42.abc", chatKey: "C0TRIAGE", payload: { body: cmd.data } }]);
    expect(inbox.list[0]!.payload.body).toMatchObject({ command: "/desk", text: "claim #1024", user_id: "U100" });
  });

  it("stores a block action (payload=<json>) by trigger_id, keyed by the message's channel", async () => {
    const act = blockActions({
      actions: [{ action_id: "claim", value: "1024" }],
      user: { id: "U100" },
      channel: { id: "C0TRIAGE" },
      message: { ts: "1700000000.000100" },
      trigger_id: "t-1",
    });
    expect((await sender.send(act)).status).toBe(200);
    expect(inbox.list).toEqual([{ platform: "slack", externalId: "block_actions:t-1", chatKey: "C0TRIAGE", payload: { body: act.data } }]);
  });

  it("a view submission the validator rejects: 200 with response_action errors, nothing stored", async () => {
    const bad = viewSubmission({
      user: { id: "U100" },
      view: { callback_id: "customer_form", state: { values: { phone: { value: { type: "plain_text_input", value: "12" } } } } },
    });
    const r = await sender.send(bad);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ response_action: "errors", errors: { phone: "手机号格式不对 / invalid phone" } });
    expect(inbox.calls).toBe(0);

    const good = viewSubmission({
      user: { id: "U100" },
      trigger_id: "t-2",
      view: { callback_id: "customer_form", state: { values: { phone: { value: { type: "plain_text_input", value: "13800138000" } } } } },
    });
    const ok = await sender.send(good);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("");
    expect(inbox.list).toMatchObject([{ externalId: "view_submission:t-2", chatKey: "U100" }]);
  });

  it("refuses forged, stale, future-dated and unsigned requests with 401; nothing stored", async () => {
    const ev = eventCallback({ event_id: "EvX", event: { type: "message", channel: "C0TRIAGE", user: "U100", text: "x" } });
    expect((await sender.send(ev, { wrongSecret: true })).status).toBe(401);
    expect((await sender.send(ev, { staleBySeconds: 6 * 60 })).status).toBe(401);
    expect((await sender.send(ev, { staleBySeconds: -6 * 60 })).status).toBe(401);
    expect((await sender.send(ev, { omitHeaders: true })).status).toBe(401);
    expect((await sender.send(ev, { omitHeaders: ["signature"] })).status).toBe(401);
    expect((await sender.send(ev, { omitHeaders: ["timestamp"] })).status).toBe(401);
    expect((await sender.send(ev, { signature: "v1=abc" })).status).toBe(401);
    expect((await sender.send(urlVerification("c"), { wrongSecret: true })).status).toBe(401);
    expect(inbox.calls).toBe(0);
    // a tampered body with the original signature
    const { signSlackRequest } = await import("../fakes/slack-sign.ts");
    const signed = signSlackRequest(SECRET, ev.body);
    const res = await fetch(sender.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...signed.headers },
      body: ev.body.replace("EvX", "EvY"),
    });
    expect(res.status).toBe(401);
    // still fresh (4 minutes) is fine
    expect((await sender.send(ev, { staleBySeconds: 4 * 60 })).status).toBe(200);
    expect(inbox.calls).toBe(1);
  });

  it("a signed but malformed body is 400", async () => {
    expect((await sender.send({ contentType: "application/json", body: "{not json", data: {} })).status).toBe(400);
    expect((await sender.send({ contentType: "application/json", body: "[1,2]", data: {} })).status).toBe(400);
    expect((await sender.send({ contentType: "application/x-www-form-urlencoded", body: "payload=%7Bbroken", data: {} })).status).toBe(400);
    expect(inbox.calls).toBe(0);
  });

  it("acknowledges only after accept resolved; 500 (no ack) when it could not be stored", async () => {
    let release!: () => void;
    inbox.gate = new Promise<void>((r) => (release = r));
    let answered = false;
    const pending = sender
      .send(eventCallback({ event_id: "EvSlow", event: { type: "message", channel: "C0TRIAGE", user: "U100", text: "x" } }))
      .then((r) => {
        answered = true;
        return r;
      });
    while (inbox.calls === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 150));
    expect(answered).toBe(false);
    expect(inbox.rows.size).toBe(0);
    release();
    expect((await pending).status).toBe(200);
    expect(inbox.rows.has("ev:EvSlow")).toBe(true);

    inbox.gate = undefined;
    inbox.failWith = new Error("database is down");
    const r = await sender.send(
      eventCallback({ event_id: "EvFail", event: { type: "message", channel: "C0TRIAGE", user: "U100", text: "x" } }),
    );
    // not stored: Slack is told to come back, and does
    expect(r.status).toBe(503);
    expect(r.headers["retry-after"]).toBe("5");
  });

  it("process() runs the App's listeners with the stored body (command, action, message event, view)", async () => {
    app.command("/desk", async ({ command, ack }) => {
      await ack(); // harmless: the request was acknowledged when it was stored
      seen.push({ kind: "command", data: command });
    });
    app.action("claim", async ({ action, body, ack }) => {
      await ack();
      seen.push({ kind: "action", data: { action, user: body.user.id } });
    });
    app.event("message", async ({ event, client }) => {
      seen.push({ kind: "message", data: event });
      // listeners' client talks to the (fake) Web API
      await client.chat.postMessage({ channel: (event as any).channel, text: "收到", thread_ts: (event as any).ts });
    });
    app.view("customer_form", async ({ view, ack }) => {
      await ack();
      seen.push({ kind: "view", data: view.callback_id });
    });

    await sender.send(slashCommand({ command: "/desk", text: "mine", user_id: "U100", channel_id: "C0TRIAGE", trigger_id: "tc" }));
    await sender.send(
      blockActions({
        actions: [{ action_id: "claim", value: "1024" }],
        user: { id: "U200" },
        channel: { id: "C0TRIAGE" },
        message: { ts: "1.1" },
        trigger_id: "ta",
      }),
    );
    await sender.send(
      eventCallback({
        event_id: "EvM",
        event: { type: "message", channel: "C0TRIAGE", user: "U100", text: "hello", ts: "1700000001.000200" },
      }),
    );
    await sender.send(viewSubmission({ user: { id: "U100" }, trigger_id: "tv", view: { callback_id: "customer_form" } }));
    expect(inbox.rows.size).toBe(4);
    expect(seen).toHaveLength(0); // nothing runs before the inbox processes it

    for (const row of inbox.list) await receiver.process(row.payload);
    expect(seen.map((s) => s.kind)).toEqual(["command", "action", "message", "view"]);
    expect(seen[0]!.data).toMatchObject({ command: "/desk", text: "mine", user_id: "U100" });
    expect(seen[1]!.data).toMatchObject({ action: { action_id: "claim", value: "1024" }, user: "U200" });
    expect(seen[2]!.data).toMatchObject({ text: "hello", channel: "C0TRIAGE" });
    const reply = await slack.waitFor("chat.postMessage");
    expect(reply.params).toMatchObject({ channel: "C0TRIAGE", text: "收到", thread_ts: "1700000001.000200" });
  });

  it("process() rejects when a listener fails (so the inbox retries)", async () => {
    app.command("/desk", async ({ ack }) => {
      await ack();
      throw new Error("boom");
    });
    await sender.send(slashCommand({ command: "/desk", text: "x", user_id: "U100", channel_id: "C0TRIAGE", trigger_id: "tf" }));
    await expect(receiver.process(inbox.list[0]!.payload)).rejects.toThrow("boom");
  });
});

describe("classify", () => {
  it("derives dedup ids and chat keys", () => {
    expect(
      classify({ type: "event_callback", event_id: "Ev9", event: { type: "reaction_added", user: "U1", item: { channel: "C7" } } }),
    ).toEqual({
      kind: "store",
      type: "event_callback",
      externalId: "ev:Ev9",
      chatKey: "C7",
    });
    expect(classify({ type: "event_callback", event_id: "Ev8", event: { type: "team_join", user: { id: "U5" } } })).toMatchObject({
      chatKey: "U5",
    });
    expect(classify({ type: "view_closed", user: { id: "U1" }, view: { id: "V1", hash: "h1" } })).toEqual({
      kind: "store",
      type: "view_closed",
      externalId: "view_closed:V1:h1",
      chatKey: "U1",
    });
    expect(
      classify({ type: "block_actions", user: { id: "U1" }, container: { channel_id: "C3" }, actions: [{ action_ts: "123.4" }] }),
    ).toMatchObject({
      externalId: "block_actions:123.4",
      chatKey: "C3",
    });
    expect(classify({ command: "/desk", trigger_id: "T1", user_id: "U1" })).toMatchObject({ externalId: "cmd:T1", chatKey: "U1" });
    expect(classify({ type: "url_verification", challenge: "c" })).toEqual({ kind: "url_verification", challenge: "c" });
    expect(classify({ type: "app_rate_limited" }).kind).toBe("ignore");
    expect(classify({ type: "block_suggestion" }).kind).toBe("ignore");
  });
});

describe("slack-manifest.yml", () => {
  const manifest = parseYaml(readFileSync(new URL("../../slack-manifest.yml", import.meta.url), "utf8"));

  it("sends events, interactivity and /desk to the receiver's path", () => {
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      manifest.features.slash_commands[0].url,
    ];
    for (const u of urls) expect(new URL(u).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: "/desk", should_escape: true });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it("has the scopes its events and the transport need", () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    const needs: Record<string, string> = {
      "message.channels": "channels:history",
      "message.groups": "groups:history",
      app_mention: "app_mentions:read",
    };
    for (const ev of manifest.settings.event_subscriptions.bot_events as string[]) expect(scopes).toContain(needs[ev]);
    for (const s of ["chat:write", "chat:write.public", "commands", "im:write", "users:read", "files:write", "reactions:write"])
      expect(scopes).toContain(s);
    expect(manifest.display_information.name).toBe("售后 Desk");
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.features.slash_commands[0].usage_hint.length).toBeLessThanOrEqual(1000);
  });
});
