/**
 * TELEGRAM_PROXY: with a proxy set, every Bot API call the desk makes (getMe, getUpdates,
 * sendMessage) and every file download goes through it, an HTTP proxy (CONNECT) or a SOCKS5
 * proxy, both run here on 127.0.0.1; without one, the desk calls the Bot API directly.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { expect } from "vitest";
import { Bot } from "grammy";
import { downloadTelegramFile } from "../../bots/telegram/files.ts";
import { proxyAgent, safeProxyUrl } from "../../bots/telegram/proxy.ts";
import { loadConfig } from "../../core/config.ts";
import { toBotMessage } from "../support/chat.ts";
import { settle, startTestDesk, TG_TOKEN } from "../support/desk.ts";
import { partsTest as it } from "../support/fixtures.ts";

interface LocalProxy {
  url: string;
  /** host:port of every tunnel opened through the proxy */
  targets: string[];
  close(): Promise<void>;
}

function listenLocal(server: Server | ReturnType<typeof createNetServer>, sockets: Set<Socket>): Promise<number> {
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

function closer(server: Server | ReturnType<typeof createNetServer>, sockets: Set<Socket>) {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** An HTTP proxy that only tunnels (CONNECT), as corporate and hosting proxies do. */
async function httpConnectProxy(): Promise<LocalProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, client: Socket, head: Buffer) => {
    targets.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const port = await listenLocal(server, sockets);
  return { url: `http://127.0.0.1:${port}`, targets, close: closer(server, sockets) };
}

/** A SOCKS5 proxy (RFC 1928), no authentication, CONNECT only. */
async function socks5Proxy(): Promise<LocalProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((client) => {
    client.once("data", (greeting) => {
      if (greeting[0] !== 5) return client.destroy();
      client.write(Buffer.from([5, 0])); // no authentication
      client.once("data", (req) => {
        let host: string;
        let at: number;
        if (req[3] === 1) [host, at] = [[...req.subarray(4, 8)].join("."), 8];
        else if (req[3] === 3) [host, at] = [req.subarray(5, 5 + req[4]!).toString(), 5 + req[4]!];
        else return client.destroy();
        const port = req.readUInt16BE(at);
        targets.push(`${host}:${port}`);
        const upstream = connect(port, host, () => {
          client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
          upstream.pipe(client);
          client.pipe(upstream);
        });
        sockets.add(upstream);
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
      });
    });
  });
  const port = await listenLocal(server, sockets);
  return { url: `socks5://127.0.0.1:${port}`, targets, close: closer(server, sockets) };
}

const user = { id: 7301, first_name: "小李", language_code: "zh-hans" };

for (const [kind, make] of [
  ["HTTP (CONNECT)", httpConnectProxy],
  ["SOCKS5", socks5Proxy],
] as const) {
  it(`long polling and replies go through a ${kind} proxy`, async ({ store, tg }) => {
    const proxy = await make();
    const apiHost = new URL(tg.apiRoot).host;
    try {
      const desk = await startTestDesk({ store, tg, env: { TELEGRAM_PROXY: proxy.url } });
      try {
        tg.pushUpdate(tg.factory().command(user, "/help"));
        const deadline = Date.now() + 60_000;
        while (tg.sent(user.id).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        await settle(desk);
        expect(tg.sent(user.id).map(toBotMessage)[0]?.text).toContain("可用命令");
        // getUpdates and sendMessage reached the fake Bot API through the proxy only
        expect(proxy.targets.length).toBeGreaterThan(0);
        expect(new Set(proxy.targets)).toEqual(new Set([apiHost]));
      } finally {
        await desk.stop();
      }
    } finally {
      await proxy.close();
    }
  });
}

it("downloads a customer's file through the proxy", async ({ tg }) => {
  const proxy = await socks5Proxy();
  try {
    const agent = proxyAgent(proxy.url);
    tg.addFile("photo-1", Buffer.from("JPEGDATA"), "photos/file_1.jpg");
    const bot = new Bot(TG_TOKEN, { client: { apiRoot: tg.apiRoot, baseFetchConfig: { agent } } });
    const before = proxy.targets.length;
    const file = await downloadTelegramFile(bot.api, TG_TOKEN, tg.apiRoot, "photo-1", agent);
    expect(file).toEqual({ data: Buffer.from("JPEGDATA"), filename: "file_1.jpg" });
    // getFile and the download: two tunnels, or one kept alive
    expect(proxy.targets.length).toBeGreaterThan(before);
  } finally {
    await proxy.close();
  }
});

it("TELEGRAM_PROXY is checked at start, and its password never shown", () => {
  expect(loadConfig({ TELEGRAM_PROXY: "ftp://proxy:21" }).problems.join("\n")).toMatch(/TELEGRAM_PROXY must be a proxy URL/);
  expect(loadConfig({ TELEGRAM_PROXY: "socks5h://u:secret@10.0.0.1:1080" }).config.telegram.proxy).toBe("socks5h://u:secret@10.0.0.1:1080");
  expect(safeProxyUrl("http://u:secret@proxy.lan:3128")).toBe("http://u:***@proxy.lan:3128");
});
