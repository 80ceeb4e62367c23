/**
 * The desk's one HTTP server: health, platform webhooks, and the local admin API the CLI
 * uses while the desk holds the embedded database.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../core/log.ts";

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
  remoteAddress: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
  /**
   * A response that stays open (server-sent events): called with the response once the
   * status and headers are written; it writes and ends the response itself.
   */
  stream?: (res: ServerResponse) => void;
}

export type Route = (req: HttpRequest) => Promise<HttpResponse>;

/** Request bodies larger than this are refused with 413 (unless a route sets its own cap). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/**
 * An over-size body is read to its end and discarded before the 413 is sent, so the client
 * reads an answer rather than a connection reset; beyond this much, the connection is cut.
 */
export const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

/**
 * @example
 * ```ts
 * const http = new HttpServer(log);
 * http.route("GET", "/healthz", async () => ({ status: 200, body: { ok: true } }));
 * const port = await http.listen(3000);
 * ```
 */
export class HttpServer {
  private readonly routes = new Map<string, { route: Route; maxBytes: number }>();
  private server?: Server;

  constructor(private readonly log: Logger) {}

  route(method: string, path: string, route: Route, maxBytes = MAX_BODY_BYTES): this {
    this.routes.set(`${method} ${path}`, { route, maxBytes });
    return this;
  }

  listen(port: number, host?: string): Promise<number> {
    this.server = createServer((req, res) => void this.serve(req, res));
    this.server.keepAliveTimeout = 65_000;
    return new Promise((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, () => resolve((this.server!.address() as AddressInfo).port));
    });
  }

  /** The address the server listens on (e.g. "127.0.0.1", or "::" for every interface). */
  get address(): string | undefined {
    const a = this.server?.address();
    return a && typeof a === "object" ? a.address : undefined;
  }

  get port(): number | undefined {
    const a = this.server?.address();
    return a && typeof a === "object" ? a.port : undefined;
  }

  /** Stops listening; idle keep-alive connections are closed at once, busy ones after 2 s. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 2000);
    force.unref();
    await closed;
    clearTimeout(force);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const entry = this.routes.get(`${req.method} ${url.pathname}`);
    if (!entry) {
      const known = [...this.routes.keys()].some((k) => k.endsWith(` ${url.pathname}`));
      return send(res, known ? { status: 405, body: { error: "method not allowed" } } : { status: 404, body: { error: "not found" } });
    }
    let body: Buffer | null;
    try {
      body = await readBody(req, entry.maxBytes);
    } catch {
      req.destroy();
      return;
    }
    if (body === null) {
      this.log.warn("http.body_too_large", { path: url.pathname, max: entry.maxBytes });
      return send(res, { status: 413, headers: { connection: "close" }, body: { error: `request body over ${entry.maxBytes} bytes` } });
    }
    try {
      const out = await entry.route({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        remoteAddress: req.socket.remoteAddress ?? "",
      });
      send(res, out);
    } catch (err) {
      this.log.error("http.route_failed", { path: url.pathname, err });
      send(res, { status: 500, body: { error: "internal error" } });
    }
  }
}

/**
 * The request body, or null when it is over `max` bytes (declared or actual): then the rest
 * is read and dropped, so the 413 reaches the client. Rejects on a broken or absurd upload.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number(req.headers["content-length"] ?? 0) > max;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_DISCARD_BYTES) return reject(new Error(`request body over ${MAX_DISCARD_BYTES} bytes`));
      if (size > max) over = true;
      if (!over) chunks.push(c);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, r: HttpResponse): void {
  if (res.headersSent) return;
  if (r.stream) {
    res.writeHead(r.status, r.headers ?? {});
    r.stream(res);
    return;
  }
  let body: string | Buffer = "";
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (Buffer.isBuffer(r.body) || typeof r.body === "string") body = r.body;
  else if (r.body !== undefined) {
    body = JSON.stringify(r.body, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  res.writeHead(r.status, headers);
  res.end(body);
}

/** Whether a request comes from this machine. */
export function isLoopback(addr: string): boolean {
  return addr === "127.0.0.1" || addr === "::1" || addr === "::ffff:127.0.0.1";
}
