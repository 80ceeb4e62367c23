/**
 * The sandbox's HTTP side, on the desk's one server: the page, its API, the live stream
 * (server-sent events) and files. Who may use it: anyone who can reach it can act as any
 * staff member, so every request must come from this machine (a loopback address, no proxy
 * in between, a local Host header) unless DESK_SANDBOX_HOST names a wider address. Anything
 * else is answered 404, as if the sandbox were off. Writes need a JSON body (or, for photos,
 * the page's own header) and a same-origin Origin, so another web page open in the browser
 * cannot act through it.
 */
import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import type { HttpRequest, HttpResponse, HttpServer } from "../http.ts";
import { isLoopback } from "../http.ts";
import { SandboxInputError, type SandboxAdapter } from "./adapter.ts";
import type { SandboxFiles } from "./files.ts";
import { SANDBOX_MAX_PHOTO_BYTES } from "./files.ts";
import type { LiveEvent, ScopeName, Transcripts } from "./transcript.ts";
import { SANDBOX_CHANNELS, WORKSPACE, dmChannel, isSandboxChat } from "./workspace.ts";
import type { Store } from "../../core/store/index.ts";
import { fromRoot } from "../../core/paths.ts";
import { pathToFileURL } from "node:url";

/** A heartbeat comment on each live connection this often, so proxies and browsers keep it open. */
export const SANDBOX_HEARTBEAT_MS = 25_000;
/** At most this many live connections at once. */
export const SANDBOX_MAX_STREAMS = 64;

const PUBLIC = pathToFileURL(fromRoot("bots", "sandbox", "public") + "/");
const ASSETS: Record<string, { file: string; type: string }> = {
  "/sandbox": { file: "index.html", type: "text/html; charset=utf-8" },
  "/sandbox/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/sandbox/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/sandbox/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
};

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
};

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Whether a host setting keeps the sandbox on this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith("127.");
}

/** The host part of a Host header (`localhost:3000` → `localhost`, `[::1]:3000` → `[::1]`). */
function hostOf(header: string | undefined): string {
  const h = (header ?? "").trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0] ?? "";
}

export interface SandboxRoutesOptions {
  adapter: SandboxAdapter;
  transcripts: Transcripts;
  files: SandboxFiles;
  store: Store;
  /** DESK_SANDBOX_HOST */
  host: string;
  staffLang: string;
}

interface Stream {
  res: ServerResponse;
  customer?: string;
  staff?: string;
  timer: NodeJS.Timeout;
}

/**
 * @example
 * ```ts
 * const routes = new SandboxRoutes({ adapter, transcripts, files, store, host: "127.0.0.1", staffLang: "zh-CN" });
 * routes.register(http);
 * // … on stop
 * routes.close();
 * ```
 */
export class SandboxRoutes {
  private readonly streams = new Set<Stream>();
  private readonly unsubscribe: () => void;
  private readonly assets = new Map<string, Buffer>();

  constructor(private readonly o: SandboxRoutesOptions) {
    for (const [path, a] of Object.entries(ASSETS)) this.assets.set(path, readFileSync(new URL(a.file, PUBLIC)));
    this.unsubscribe = o.transcripts.subscribe((e) => this.broadcast(e));
  }

  /** Whether a request may use the sandbox (else it is answered 404). */
  allowed(req: Pick<HttpRequest, "remoteAddress" | "headers">): boolean {
    if (!isLoopbackHost(this.o.host)) return true;
    if (!isLoopback(req.remoteAddress)) return false;
    // a proxy on this machine would hand the sandbox to whoever reaches the proxy
    if (req.headers["x-forwarded-for"] || req.headers["forwarded"] || req.headers["x-real-ip"]) return false;
    // a local Host header: a web page that re-points its own name at 127.0.0.1 is refused
    const host = hostOf(req.headers.host as string | undefined);
    return isLoopbackHost(host);
  }

  private guard(fn: (req: HttpRequest) => Promise<HttpResponse>, write = false): (req: HttpRequest) => Promise<HttpResponse> {
    return async (req) => {
      if (!this.allowed(req)) return { status: 404, body: { error: "not found" } };
      if (write) {
        const origin = req.headers.origin as string | undefined;
        if (origin && hostOf(origin.replace(/^https?:\/\//, "")) !== hostOf(req.headers.host as string | undefined))
          return { status: 403, body: { error: "cross-origin request refused" } };
      }
      try {
        const out = await fn(req);
        return { ...out, headers: { ...SECURITY_HEADERS, ...(out.headers ?? {}) } };
      } catch (err) {
        if (err instanceof SandboxInputError) return { status: err.status, headers: SECURITY_HEADERS, body: { error: err.message } };
        throw err;
      }
    };
  }

  register(http: HttpServer): void {
    for (const [path, a] of Object.entries(ASSETS)) {
      http.route(
        "GET",
        path,
        this.guard(async () => ({ status: 200, headers: { "content-type": a.type }, body: this.assets.get(path)! })),
      );
    }
    http.route(
      "GET",
      "/sandbox/api/bootstrap",
      this.guard(() => this.bootstrap()),
    );
    http.route(
      "GET",
      "/sandbox/api/transcript",
      this.guard((req) => this.transcript(req)),
    );
    http.route(
      "GET",
      "/sandbox/events",
      this.guard(async (req) => this.stream(req)),
    );
    http.route(
      "GET",
      "/sandbox/file",
      this.guard(async (req) => this.file(req)),
    );
    http.route(
      "POST",
      "/sandbox/api/customers",
      this.guard(async (req) => ({ status: 200, body: await this.o.adapter.newCustomer(json(req)) }), true),
    );
    http.route(
      "POST",
      "/sandbox/api/customer",
      this.guard(async (req) => ({ status: 200, body: await this.o.adapter.customerEvent(json(req)) }), true),
    );
    http.route(
      "POST",
      "/sandbox/api/staff",
      this.guard(async (req) => ({ status: 200, body: await this.o.adapter.staffEvent(json(req)) }), true),
    );
    http.route(
      "POST",
      "/sandbox/api/photo",
      this.guard(async (req) => {
        if (req.headers["x-sandbox"] !== "1") throw new SandboxInputError("missing X-Sandbox header");
        return { status: 200, body: { fileId: this.o.adapter.uploadPhoto(req.body) } };
      }, true),
      SANDBOX_MAX_PHOTO_BYTES + 1024,
    );
  }

  /** Ends every live connection (the desk is stopping). */
  close(): void {
    this.unsubscribe();
    for (const s of this.streams) {
      clearInterval(s.timer);
      s.res.end();
    }
    this.streams.clear();
  }

  private async bootstrap(): Promise<HttpResponse> {
    const staff = await this.o.store.staff.list();
    const users = WORKSPACE.map((u) => {
      const row = staff.find((r) => r.slackUserId === u.id);
      return { id: u.id, name: u.name, lang: row?.lang ?? u.lang, role: row?.role ?? null };
    });
    return {
      status: 200,
      body: {
        customers: await this.o.transcripts.customers(),
        users,
        staffSide: this.o.adapter.staffSide,
        staffLang: this.o.staffLang,
        channels: [
          { id: SANDBOX_CHANNELS.triage, name: "triage", zh: "工单分派" },
          { id: SANDBOX_CHANNELS.complaints, name: "complaints", zh: "客户投诉" },
          { id: SANDBOX_CHANNELS.escalation, name: "escalation", zh: "升级督办" },
        ],
      },
    };
  }

  /** Which scopes a viewer may read: their own customer chat; channels, their own DMs, threads. */
  private mayRead(scope: string, staff: string | undefined): boolean {
    if (scope.startsWith("chat:")) return isSandboxChat(scope.slice(5));
    const channel = scope.startsWith("chan:") ? scope.slice(5) : scope.startsWith("thread:") ? scope.split(":")[1]! : "";
    if (!staff || !this.o.adapter.staffSide) return false;
    if (channel.startsWith("D")) return channel === dmChannel(staff);
    return (Object.values(SANDBOX_CHANNELS) as string[]).includes(channel);
  }

  private async transcript(req: HttpRequest): Promise<HttpResponse> {
    const scope = req.query.get("scope") ?? "";
    const as = req.query.get("as") ?? undefined;
    if (!/^(chat:sandbox:[\w-]+|chan:[A-Z0-9]+|thread:[A-Z0-9]+:\d+\.\d+)$/.test(scope) || !this.mayRead(scope, as))
      throw new SandboxInputError("no such chat, channel or thread", 404);
    const messages = (await this.o.transcripts.list(scope as ScopeName))
      .filter((m) => !m.onlyFor || m.onlyFor === as)
      .map(({ src: _src, ...m }) => m);
    return { status: 200, body: { scope, messages } };
  }

  private file(req: HttpRequest): HttpResponse {
    const f = this.o.files.read(req.query.get("id") ?? "");
    if (!f) return { status: 404, body: { error: "no such file" } };
    const headers: Record<string, string> = { "content-type": f.mime, "cache-control": "private, max-age=86400" };
    if (!f.mime.startsWith("image/") || f.mime.startsWith("image/svg")) headers["content-disposition"] = "attachment";
    return { status: 200, headers: { ...SECURITY_HEADERS, ...headers, "cache-control": "private, max-age=86400" }, body: f.data };
  }

  private stream(req: HttpRequest): HttpResponse {
    if (this.streams.size >= SANDBOX_MAX_STREAMS) return { status: 503, body: { error: "too many live connections" } };
    const customer = req.query.get("customer") || undefined;
    const staff = req.query.get("staff") || undefined;
    return {
      status: 200,
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
      stream: (res) => {
        const s: Stream = { res, customer, staff, timer: setInterval(() => res.write(": ping\n\n"), SANDBOX_HEARTBEAT_MS) };
        s.timer.unref();
        this.streams.add(s);
        res.write("retry: 2000\n\n");
        res.write(`event: ready\ndata: {}\n\n`);
        res.on("close", () => {
          clearInterval(s.timer);
          this.streams.delete(s);
        });
      },
    };
  }

  private wants(s: Stream, e: LiveEvent): boolean {
    switch (e.type) {
      case "customers":
        return true;
      case "toast":
        return e.chatId === s.customer;
      case "modal":
        return e.user === s.staff;
      case "message":
        if (e.scope.startsWith("chat:")) return e.scope.slice(5) === s.customer;
        if (e.message.onlyFor && e.message.onlyFor !== s.staff) return false;
        return this.mayRead(e.scope, s.staff);
    }
  }

  private broadcast(e: LiveEvent): void {
    const data = e.type === "message" ? { ...e, message: { ...e.message, src: undefined } } : e;
    const line = `event: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const s of this.streams) if (this.wants(s, e)) s.res.write(line);
  }
}

function json(req: HttpRequest): unknown {
  const type = String(req.headers["content-type"] ?? "");
  if (!type.startsWith("application/json")) throw new SandboxInputError("send JSON (Content-Type: application/json)", 415);
  try {
    return JSON.parse(req.body.toString("utf8") || "{}");
  } catch {
    throw new SandboxInputError("invalid JSON");
  }
}
