/**
 * TELEGRAM_PROXY: where api.telegram.org is blocked, every Bot API call (getMe, getUpdates,
 * sendMessage, …, and file downloads) goes through an HTTP(S) proxy (CONNECT tunnel) or a
 * SOCKS proxy, given to grammY as the `agent` of its `baseFetchConfig`.
 *
 * @module
 */
import type { Agent } from "node:http";
import { get as httpGet } from "node:http";
import { get as httpsGet } from "node:https";
import { HttpsProxyAgent } from "https-proxy-agent";
import { SocksProxyAgent } from "socks-proxy-agent";

/**
 * The agent for a proxy URL: `http://` / `https://` (the proxy itself is reached over HTTP or
 * TLS; the Bot API's TLS runs inside the tunnel), `socks://`, `socks4://`, `socks4a://`,
 * `socks5://`, `socks5h://` (h: the proxy resolves the name, as where DNS is filtered too).
 *
 * @example
 * ```ts
 * const agent = proxyAgent("socks5h://127.0.0.1:1080");
 * const bot = new Bot(token, { client: { baseFetchConfig: { agent, compress: true } } });
 * ```
 */
export function proxyAgent(url: string): Agent {
  const scheme = new URL(url).protocol.replace(/:$/, "");
  if (scheme === "http" || scheme === "https") return new HttpsProxyAgent(url, { keepAlive: true });
  if (scheme.startsWith("socks")) return new SocksProxyAgent(url, { keepAlive: true });
  throw new Error(`unsupported proxy scheme ${scheme}: (use http, https or socks5)`);
}

/**
 * The proxy URL with its password hidden, for logs and the start-up line.
 *
 * @example
 * ```ts
 * safeProxyUrl("http://u:secret@proxy.lan:3128"); // "http://u:***@proxy.lan:3128"
 * ```
 */
export function safeProxyUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString().replace(/\/$/, "");
}

/**
 * GET `url` through `agent` into a buffer (for downloads, which grammY does not make).
 *
 * @example
 * ```ts
 * const { status, body } = await getThrough(agent, "https://api.telegram.org/file/bot…/photos/1.jpg", 20 << 20);
 * ```
 */
export function getThrough(agent: Agent, url: string, maxBytes: number): Promise<{ status: number; body: Buffer }> {
  const get = url.startsWith("https:") ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) req.destroy(new Error(`download over ${maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(60_000, () => req.destroy(new Error("download timed out")));
  });
}
