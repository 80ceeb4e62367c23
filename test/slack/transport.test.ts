import type { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toBoltLogger } from "../../bots/slack/receiver.ts";
import { createSlackClient, SlackTransport, toDeliveryError } from "../../bots/slack/transport.ts";
import { createLogger } from "../../core/log.ts";
import type { MessageCard } from "../../core/card.ts";
import { DeliveryError } from "../../core/outbox/index.ts";
import { toOutbox, type StaffOutbound } from "../../core/staff/outbound.ts";
import type { OutboxRow } from "../../core/store/index.ts";
import { FakeSlackApi } from "../fakes/slack-api.ts";

let nextId = 1n;
/** An outbox row as the store would hand it to the transport. */
function row(m: StaffOutbound): OutboxRow {
  const o = toOutbox(m);
  const now = new Date();
  return {
    id: nextId++,
    platform: o.platform,
    chatKey: o.chatKey,
    kind: o.kind,
    payload: o.payload,
    purpose: null,
    status: "sending",
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    platformMessageId: null,
    lastError: null,
    createdAt: now,
    sentAt: null,
  } as OutboxRow;
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DeliveryError);
    return e as DeliveryError;
  }
  throw new Error("expected a DeliveryError");
}

const card: MessageCard = {
  title: "工单 #1024",
  fields: [{ label: "产品", value: "冰箱" }],
  body: "不制冷",
  buttons: [[{ label: "认领", action: "claim", value: "1024" }]],
};

describe("SlackTransport against FakeSlackApi (real WebClient over HTTP)", () => {
  let slack: FakeSlackApi;
  let client: WebClient;
  let transport: SlackTransport;
  let cards: Map<number, { channel: string; ts: string }>;
  let fetched: { platform: string; fileId: string }[];
  let fetchFile: (s: { platform: string; fileId: string }) => Promise<{ data: Buffer; filename: string }>;

  beforeEach(async () => {
    slack = new FakeSlackApi({ channels: ["C0TRIAGE", "C0ESC"], users: [{ id: "U100", name: "li.lei" }] });
    await slack.start();
    client = createSlackClient(slack.botToken, slack.url);
    cards = new Map();
    fetched = [];
    fetchFile = async (s) => {
      fetched.push(s);
      return { data: Buffer.from("\x89PNG fake photo bytes"), filename: "photo.jpg" };
    };
    transport = new SlackTransport({
      client,
      tickets: async (id) => cards.get(id) ?? null,
      fetchFile: (s) => fetchFile(s),
    });
  });
  afterEach(async () => {
    await slack.stop();
  });

  it("post: chat.postMessage with blocks + fallback text; returns the ts and the channel", async () => {
    const r = await transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card }));
    const [msg] = slack.messages("C0TRIAGE");
    expect(msg).toBeDefined();
    expect(r).toEqual({ platformMessageId: msg!.ts, meta: { channel: "C0TRIAGE" } });
    expect(msg!.text).toContain("工单 #1024");
    expect(msg!.blocks![0]).toMatchObject({ type: "header", text: { text: "工单 #1024" } });
    expect(msg!.thread_ts).toBeUndefined();
    expect(slack.calls[0]!.token).toBe(slack.botToken);
  });

  it("post into a thread: by ts, and by ticketId (the card's ts, in the card's channel)", async () => {
    const parent = await transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card }));
    await transport.deliver(
      row({ kind: "post", channel: "C0TRIAGE", card: { body: "reply by ts" }, thread: { ts: parent.platformMessageId! } }),
    );
    cards.set(1024, { channel: "C0TRIAGE", ts: parent.platformMessageId! });
    await transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card: { body: "reply by ticket" }, thread: { ticketId: 1024 } }));
    const thread = slack.thread("C0TRIAGE", parent.platformMessageId!);
    expect(thread.map((m) => m.text)).toEqual([expect.stringContaining("工单"), "reply by ts", "reply by ticket"]);
    expect(thread[2]!.thread_ts).toBe(parent.platformMessageId);
  });

  it("post into the thread of a ticket whose card is not posted yet: TEMPORARY with a short retry, nothing posted", async () => {
    const e = await failure(transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card, thread: { ticketId: 7 } })));
    expect(e.code).toBe("TEMPORARY");
    expect(e.retryAfterMs).toBeGreaterThan(0);
    expect(e.retryAfterMs).toBeLessThanOrEqual(10_000);
    expect(slack.calls).toHaveLength(0);
  });

  it("update: by ts, and by ticketId; an unknown card is TEMPORARY", async () => {
    const first = await transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card }));
    const ts = first.platformMessageId!;
    const r = await transport.deliver(row({ kind: "update", channel: "C0TRIAGE", ts, card: { ...card, title: "工单 #1024 已认领" } }));
    expect(r.platformMessageId).toBe(ts);
    expect(slack.messages("C0TRIAGE")[0]!.text).toContain("已认领");

    cards.set(1024, { channel: "C0TRIAGE", ts });
    await transport.deliver(row({ kind: "update", channel: "C0TRIAGE", ticketId: 1024, card: { title: "工单 #1024 已完成" } }));
    const msg = slack.messages("C0TRIAGE")[0]!;
    expect(msg.text).toContain("已完成");
    expect(msg.blocks).toEqual([{ type: "header", text: { type: "plain_text", text: "工单 #1024 已完成", emoji: true } }]);
    expect(slack.calls.filter((c) => c.method === "chat.update").map((c) => c.params.ts)).toEqual([ts, ts]);

    const e = await failure(transport.deliver(row({ kind: "update", channel: "C0TRIAGE", ticketId: 99, card })));
    expect(e.code).toBe("TEMPORARY");
    // a message that does not exist (anymore) cannot be updated
    const gone = await failure(transport.deliver(row({ kind: "update", channel: "C0TRIAGE", ts: "1.000001", card })));
    expect(gone.code).toBe("PERMANENT");
    expect(gone.message).toContain("message_not_found");
  });

  it("ephemeral: chat.postEphemeral to the user, in a thread when given", async () => {
    const parent = await transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card }));
    cards.set(5, { channel: "C0TRIAGE", ts: parent.platformMessageId! });
    await transport.deliver(row({ kind: "ephemeral", channel: "C0TRIAGE", user: "U100", card: { body: "只有你能看到" } }));
    await transport.deliver(
      row({ kind: "ephemeral", channel: "C0TRIAGE", user: "U100", card: { body: "in thread" }, thread: { ticketId: 5 } }),
    );
    expect(slack.ephemerals).toMatchObject([
      { channel: "C0TRIAGE", user: "U100", text: "只有你能看到" },
      { channel: "C0TRIAGE", user: "U100", text: "in thread", thread_ts: parent.platformMessageId },
    ]);
    expect(slack.ephemerals[0]!.thread_ts).toBeUndefined();
    expect(slack.messages("C0TRIAGE")).toHaveLength(1);
  });

  it("respond: POSTs JSON to the response_url; expired → PERMANENT, 5xx/network → TEMPORARY", async () => {
    const url = slack.responseUrl("r1");
    await transport.deliver(row({ kind: "respond", responseUrl: url, user: "U100", card: { body: "已认领 #1024" } }));
    await transport.deliver(row({ kind: "respond", responseUrl: url, user: "U100", card: { body: "replaced" }, replaceOriginal: true }));
    const [a, b] = slack.responses("r1");
    expect(a!.params).toMatchObject({ response_type: "ephemeral", replace_original: false, text: "已认领 #1024" });
    expect(a!.params.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: "已认领 #1024" } }]);
    expect(b!.params.replace_original).toBe(true);

    slack.failNext("response_url", { error: "expired_url" }); // the fake answers 404
    expect((await failure(transport.deliver(row({ kind: "respond", responseUrl: url, user: "U100", card })))).code).toBe("PERMANENT");
    slack.failNext("response_url", { status: 500 });
    expect((await failure(transport.deliver(row({ kind: "respond", responseUrl: url, user: "U100", card })))).code).toBe("TEMPORARY");
    // nothing listens on port 9
    const e = await failure(transport.deliver(row({ kind: "respond", responseUrl: "http://127.0.0.1:9/x", user: "U100", card })));
    expect(e.code).toBe("TEMPORARY");
  });

  it("dm: conversations.open then chat.postMessage to the DM channel", async () => {
    const r = await transport.deliver(row({ kind: "dm", user: "U100", card: { body: "新工单分配给你" } }));
    const dm = slack.dmChannel("U100");
    expect(slack.calls.map((c) => c.method)).toEqual(["conversations.open", "chat.postMessage"]);
    expect(slack.calls[0]!.params.users).toBe("U100");
    expect(r.meta).toEqual({ channel: dm });
    expect(slack.messages(dm)[0]).toMatchObject({ ts: r.platformMessageId, text: "新工单分配给你" });
    // an unknown user cannot be written to
    const e = await failure(transport.deliver(row({ kind: "dm", user: "U404", card })));
    expect(e.code).toBe("PERMANENT");
  });

  it("file: fetches the customer's photo and uploads it into the ticket's thread", async () => {
    const parent = await transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card }));
    cards.set(1024, { channel: "C0TRIAGE", ts: parent.platformMessageId! });
    const r = await transport.deliver(
      row({
        kind: "file",
        channel: "C0TRIAGE",
        thread: { ticketId: 1024 },
        source: { platform: "telegram", fileId: "AgAC-1" },
        title: "客户照片",
      }),
    );
    expect(fetched).toEqual([{ platform: "telegram", fileId: "AgAC-1" }]);
    const [file] = [...slack.files.values()];
    expect(file).toMatchObject({ filename: "photo.jpg", title: "客户照片", completed: true });
    expect(file!.data!.toString()).toBe("\x89PNG fake photo bytes");
    expect(r.platformMessageId).toBe(file!.id);
    const shared = slack.thread("C0TRIAGE", parent.platformMessageId!).find((m) => m.files);
    expect(shared?.thread_ts).toBe(parent.platformMessageId);
    expect(slack.calls.find((c) => c.method === "files.completeUploadExternal")!.params).toMatchObject({
      channel_id: "C0TRIAGE",
      thread_ts: parent.platformMessageId,
    });
  });

  it("file: a permanent fetch failure is PERMANENT, a transient one TEMPORARY; a pending card TEMPORARY", async () => {
    const msg = {
      kind: "file",
      channel: "C0TRIAGE",
      thread: { ts: "1700000000.000100" },
      source: { platform: "telegram", fileId: "gone" },
    } as const;
    fetchFile = async () => {
      throw new DeliveryError("PERMANENT", "unknown file");
    };
    expect((await failure(transport.deliver(row(msg)))).code).toBe("PERMANENT");
    fetchFile = async () => {
      throw Object.assign(new Error("Bad Request: wrong file_id"), { error_code: 400 }); // grammY-style
    };
    expect((await failure(transport.deliver(row(msg)))).code).toBe("PERMANENT");
    fetchFile = async () => {
      throw new Error("socket hang up");
    };
    expect((await failure(transport.deliver(row(msg)))).code).toBe("TEMPORARY");
    expect(slack.calls).toHaveLength(0);
    const pending = await failure(transport.deliver(row({ ...msg, thread: { ticketId: 3 } })));
    expect(pending.code).toBe("TEMPORARY");
  });

  it("HTTP 429 with Retry-After → RATE_LIMITED with retryAfterMs (no retry inside the client)", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 12 });
    const e = await failure(transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card })));
    expect(e.code).toBe("RATE_LIMITED");
    expect(e.retryAfterMs).toBe(12_000);
    expect(slack.calls).toHaveLength(1);
    expect(slack.messages()).toHaveLength(0);
  });

  it("the platform error ratelimited → RATE_LIMITED", async () => {
    slack.failNext("chat.postMessage", { error: "ratelimited" });
    const e = await failure(transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card })));
    expect(e.code).toBe("RATE_LIMITED");
    expect(e.retryAfterMs).toBeGreaterThan(0);
  });

  it("channel_not_found (and other hopeless platform errors) → PERMANENT", async () => {
    const e = await failure(transport.deliver(row({ kind: "post", channel: "C0NOPE", card })));
    expect(e.code).toBe("PERMANENT");
    expect(e.message).toContain("channel_not_found");
    for (const error of ["not_in_channel", "is_archived", "invalid_auth", "token_revoked", "invalid_blocks", "missing_scope"]) {
      slack.failNext("chat.postMessage", { error });
      const e2 = await failure(transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card })));
      expect([error, e2.code]).toEqual([error, "PERMANENT"]);
    }
  });

  it("HTTP 500 → TEMPORARY (once: the client does not retry); internal_error → TEMPORARY", async () => {
    slack.failNext("chat.postMessage", { status: 500 });
    const e = await failure(transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card })));
    expect(e.code).toBe("TEMPORARY");
    expect(slack.calls).toHaveLength(1);
    slack.failNext("chat.update", { status: 503 });
    expect((await failure(transport.deliver(row({ kind: "update", channel: "C0TRIAGE", ts: "1.1", card })))).code).toBe("TEMPORARY");
    slack.failNext("chat.postMessage", { error: "internal_error" });
    expect((await failure(transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card })))).code).toBe("TEMPORARY");
  });

  it("an unreachable Slack → TEMPORARY", async () => {
    const down = new SlackTransport({
      client: createSlackClient("xoxb-x", "http://127.0.0.1:9/api/", { logger: toBoltLogger(createLogger("error", {}, () => {})) }),
      tickets: async () => null,
      fetchFile,
    });
    expect((await failure(down.deliver(row({ kind: "post", channel: "C0TRIAGE", card })))).code).toBe("TEMPORARY");
  });

  it("a card Slack cannot carry, or an unknown kind → PERMANENT", async () => {
    const huge: MessageCard = { buttons: [[{ label: "x", action: "x", value: "v".repeat(2001) }]] };
    expect((await failure(transport.deliver(row({ kind: "post", channel: "C0TRIAGE", card: huge })))).code).toBe("PERMANENT");
    const odd = { ...row({ kind: "post", channel: "C0TRIAGE", card }), kind: "telepathy" };
    expect((await failure(transport.deliver(odd))).code).toBe("PERMANENT");
    expect(slack.calls).toHaveLength(0);
  });
});

describe("toDeliveryError", () => {
  it("maps error codes without a network", () => {
    expect(toDeliveryError(Object.assign(new Error("rl"), { code: "slack_webapi_rate_limited_error", retryAfter: 3 }))).toMatchObject({
      code: "RATE_LIMITED",
      retryAfterMs: 3000,
    });
    expect(
      toDeliveryError(
        Object.assign(new Error("p"), { code: "slack_webapi_platform_error", data: { ok: false, error: "channel_not_found" } }),
      ).code,
    ).toBe("PERMANENT");
    expect(toDeliveryError(Object.assign(new Error("h"), { code: "slack_webapi_http_error", statusCode: 502 })).code).toBe("TEMPORARY");
    expect(
      toDeliveryError(Object.assign(new Error("r"), { code: "slack_webapi_request_error", original: new Error("ECONNRESET") })).code,
    ).toBe("TEMPORARY");
    const same = new DeliveryError("PERMANENT", "x");
    expect(toDeliveryError(same)).toBe(same);
  });
});
