/**
 * Socket Mode against a local fake: a tiny WebSocket server (RFC 6455, written here with
 * node:http + node:crypto, since @slack/socket-mode 3 uses undici's WebSocket client and the
 * `ws` package is not installed) that also answers apps.connections.open (FakeSlackApi
 * does not have it).
 */
import { App } from "@slack/bolt";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toBoltLogger, type SlackInboundInput } from "../../bots/slack/receiver.ts";
import { DeskSocketModeReceiver } from "../../bots/slack/socket.ts";
import { createLogger } from "../../core/log.ts";
import { FakeSlackApi } from "../fakes/slack-api.ts";
import { eventCallback, slashCommand, viewSubmission } from "../fakes/slack-sign.ts";

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const quiet = () => createLogger("error", {}, () => {});

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Slack's side of Socket Mode: apps.connections.open + a WebSocket that says hello, sends envelopes, records acks. */
class FakeSocketModeServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** JSON messages the client sent (acks). */
  readonly received: any[] = [];
  /** Tokens apps.connections.open was called with. */
  readonly opens: string[] = [];
  private waiters = new Set<() => void>();

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method === "POST" && req.url?.startsWith("/api/apps.connections.open")) {
        this.opens.push(String(req.headers.authorization ?? ""));
        req.resume();
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=fake` }));
        return;
      }
      res.writeHead(404).end();
    });
    server.on("upgrade", (req, socket: Socket) => {
      const key = String(req.headers["sec-websocket-key"] ?? "");
      const accept = createHash("sha1")
        .update(key + WS_GUID)
        .digest("base64");
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => {});
      let buf = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        for (;;) {
          if (buf.length < 2) return;
          const opcode = buf[0]! & 0x0f;
          const masked = (buf[1]! & 0x80) !== 0;
          let len = buf[1]! & 0x7f;
          let off = 2;
          if (len === 126) {
            if (buf.length < 4) return;
            len = buf.readUInt16BE(2);
            off = 4;
          } else if (len === 127) {
            if (buf.length < 10) return;
            len = Number(buf.readBigUInt64BE(2));
            off = 10;
          }
          const need = off + (masked ? 4 : 0) + len;
          if (buf.length < need) return;
          const mask = masked ? buf.subarray(off, off + 4) : undefined;
          const data = Buffer.from(buf.subarray(need - len, need));
          if (mask) for (let i = 0; i < data.length; i++) data[i]! ^= mask[i % 4]!;
          buf = buf.subarray(need);
          if (opcode === 0x1) {
            this.received.push(JSON.parse(data.toString("utf8")));
            for (const w of [...this.waiters]) w();
          } else if (opcode === 0x9) socket.write(frame(0xa, data));
          else if (opcode === 0x8) {
            socket.end(frame(0x8, data.subarray(0, 2)));
            return;
          }
        }
      });
      this.sendTo(socket, { type: "hello", num_connections: 1, debug_info: { host: "fake" }, connection_info: { app_id: "A0APP" } });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    this.server = server;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  private sendTo(socket: Socket, msg: unknown): void {
    socket.write(frame(0x1, Buffer.from(JSON.stringify(msg))));
  }

  /** Sends a message to every connected client. */
  send(msg: unknown): void {
    for (const s of this.sockets) this.sendTo(s, msg);
  }

  /** Resolves with the ack of an envelope (`{ envelope_id, payload }`). */
  ackOf(envelopeId: string, timeoutMs = 30_000): Promise<any> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.received.find((x) => x.envelope_id === envelopeId);
        if (m) {
          clearTimeout(t);
          this.waiters.delete(check);
          resolve(m);
        }
      };
      const t = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ack for ${envelopeId}; received: ${JSON.stringify(this.received)}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}

class MemoryInbox {
  readonly rows = new Map<string, SlackInboundInput>();
  calls = 0;
  gate?: Promise<void>;
  failWith?: Error;
  accept = async (input: SlackInboundInput): Promise<{ duplicate: boolean }> => {
    this.calls++;
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    if (this.rows.has(input.externalId)) return { duplicate: true };
    this.rows.set(input.externalId, structuredClone(input));
    return { duplicate: false };
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("DeskSocketModeReceiver (Socket Mode, persist before ack)", () => {
  let ws: FakeSocketModeServer;
  let slack: FakeSlackApi;
  let inbox: MemoryInbox;
  let receiver: DeskSocketModeReceiver;
  let app: App;

  beforeEach(async () => {
    ws = new FakeSocketModeServer();
    await ws.start();
    slack = new FakeSlackApi();
    await slack.start();
    inbox = new MemoryInbox();
    receiver = new DeskSocketModeReceiver({
      appToken: "xapp-1-A0APP-fake",
      accept: inbox.accept,
      validateView: (p) => (p.view?.callback_id === "bad_form" ? { name: "必填 / required" } : null),
      clientOptions: { slackApiUrl: ws.apiUrl },
      autoReconnect: false,
      log: quiet(),
    });
    app = new App({
      receiver,
      token: slack.botToken,
      logger: toBoltLogger(quiet()),
      clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
    });
    await receiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
    await ws.stop();
    await slack.stop();
  });

  it("connects with the app token via apps.connections.open", () => {
    expect(ws.opens).toEqual(["Bearer xapp-1-A0APP-fake"]);
    expect(ws.connections).toBe(1);
  });

  it("acks an events_api envelope only after accept resolved; a redelivered event is stored once", async () => {
    let release!: () => void;
    inbox.gate = new Promise<void>((r) => (release = r));
    const ev = eventCallback({
      event_id: "EvS1",
      event: { type: "message", channel: "C0TRIAGE", user: "U100", text: "hi", ts: "1700000002.000100" },
    });
    ws.send({
      envelope_id: "env-1",
      type: "events_api",
      payload: ev.data,
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
    });
    while (inbox.calls === 0) await sleep(5);
    await sleep(150);
    expect(ws.received.find((m) => m.envelope_id === "env-1")).toBeUndefined();
    release();
    inbox.gate = undefined;
    expect(await ws.ackOf("env-1")).toEqual({ envelope_id: "env-1", payload: {} });
    expect([...inbox.rows.values()]).toEqual([
      { platform: "slack", externalId: "ev:EvS1", chatKey: "C0TRIAGE", payload: { body: ev.data, retryNum: 0 } },
    ]);

    // Slack redelivers (new envelope, same event_id): acked, not stored again
    ws.send({
      envelope_id: "env-2",
      type: "events_api",
      payload: ev.data,
      accepts_response_payload: false,
      retry_attempt: 1,
      retry_reason: "timeout",
    });
    await ws.ackOf("env-2");
    expect(inbox.calls).toBe(2);
    expect(inbox.rows.size).toBe(1);
  });

  it("slash commands and interactions: stored by trigger_id; an invalid view submission is answered with errors, not stored", async () => {
    const cmd = slashCommand({ command: "/desk", text: "queue", user_id: "U100", channel_id: "C0ESC", trigger_id: "sm-cmd-1" });
    ws.send({ envelope_id: "env-c", type: "slash_commands", payload: cmd.data, accepts_response_payload: true });
    await ws.ackOf("env-c");
    expect(inbox.rows.get("cmd:sm-cmd-1")).toMatchObject({ chatKey: "C0ESC", payload: { body: { command: "/desk", text: "queue" } } });

    const bad = viewSubmission({ user: { id: "U100" }, trigger_id: "sm-v-1", view: { callback_id: "bad_form" } });
    ws.send({ envelope_id: "env-v", type: "interactive", payload: bad.data, accepts_response_payload: true });
    expect(await ws.ackOf("env-v")).toEqual({
      envelope_id: "env-v",
      payload: { response_action: "errors", errors: { name: "必填 / required" } },
    });
    expect(inbox.rows.has("view_submission:sm-v-1")).toBe(false);
  });

  it("does not ack what it could not store (Slack redelivers)", async () => {
    inbox.failWith = new Error("database is down");
    const ev = eventCallback({ event_id: "EvS2", event: { type: "message", channel: "C0TRIAGE", user: "U100", text: "x" } });
    ws.send({
      envelope_id: "env-f",
      type: "events_api",
      payload: ev.data,
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
    });
    while (inbox.calls === 0) await sleep(5);
    await sleep(200);
    expect(ws.received.find((m) => m.envelope_id === "env-f")).toBeUndefined();
  });

  it("process() runs the App's listeners with the stored body", async () => {
    const seen: string[] = [];
    app.command("/desk", async ({ command, ack }) => {
      await ack();
      seen.push(command.text);
    });
    const cmd = slashCommand({ command: "/desk", text: "mine", user_id: "U100", channel_id: "C0ESC", trigger_id: "sm-cmd-2" });
    ws.send({ envelope_id: "env-p", type: "slash_commands", payload: cmd.data, accepts_response_payload: true });
    await ws.ackOf("env-p");
    expect(seen).toEqual([]);
    await receiver.process(inbox.rows.get("cmd:sm-cmd-2")!.payload);
    expect(seen).toEqual(["mine"]);
  });
});
