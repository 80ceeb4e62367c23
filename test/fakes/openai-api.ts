/**
 * A local fake of the OpenAI HTTP API (chat completions, embeddings, models) that speaks
 * the real protocol, so the real `openai` SDK can be pointed at it with
 * `new OpenAI({ baseURL: fake.baseURL })`.
 *
 * Records every request; answers chat completions with a scripted function of the request
 * (route by task: the `json_schema` name, e.g. `desk_answer`); injects failures: 429 with
 * `retry-after`, 5xx, a hang longer than the client's timeout, malformed JSON content, and
 * JSON that violates the schema. Only `node:http` is used.
 */
import { LocalServer } from "./listen.ts";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "./telegram-api.ts";

/** A recorded HTTP request. */
export interface OpenAiCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** the parsed JSON body (raw text when it was not JSON) */
  body: any;
  /** the raw body, as received */
  raw: string;
  at: number;
  /** HTTP status the fake answered (undefined while hanging) */
  status?: number;
}

/** A chat completion request, as the scripted responder sees it. */
export interface FakeChatRequest {
  /** the task from `response_format.json_schema.name` (`desk_answer` → `answer`), or the system prompt; null if unknown */
  task: string | null;
  system: string;
  user: string;
  /** the JSON schema sent with `response_format: json_schema`, if any */
  schema: Record<string, any> | null;
  body: any;
  /** 0-based index among chat requests */
  index: number;
}

/** What the fake answers to one chat completion. */
export type FakeChatReply =
  /** content = JSON.stringify(json) */
  | { json: unknown }
  /** raw content, e.g. malformed JSON */
  | { content: string; finishReason?: "stop" | "length" }
  /** an HTTP error (OpenAI's error body); 429 carries `retry-after` */
  | { status: number; message?: string; retryAfter?: number }
  /** no answer until the client gives up (or `ms` elapse, then a normal `then` reply) */
  | { hang: true; ms?: number; then?: FakeChatReply };

export type FakeFailure = "429" | "500" | "hang" | "malformed" | "schema_violation";

export interface FakeOpenAiApiOptions {
  /** scripted answers; default: a valid, neutral answer per task */
  respond?: (req: FakeChatRequest) => FakeChatReply | Promise<FakeChatReply>;
  /** answer 400 to `response_format: json_schema` (like servers that only know json_object) */
  rejectJsonSchema?: boolean;
  /** seconds in the `retry-after` header of injected 429s (default 1) */
  retryAfter?: number;
  /** when set, requests without `Authorization: Bearer <apiKey>` get 401 */
  apiKey?: string;
  /** embedding dimensions (default 8) */
  dimensions?: number;
  models?: string[];
}

interface Injected {
  kind: FakeFailure;
  left: number;
  tasks?: string[];
}

/** The task of a chat request: `desk_<task>` in the schema name, else in the system prompt. */
export function taskOf(body: any): string | null {
  const name = body?.response_format?.json_schema?.name;
  if (typeof name === "string") return name.replace(/^desk_/, "");
  const system = String(body?.messages?.find((m: any) => m.role === "system")?.content ?? "");
  return /\bdesk_(understand|answer|summary)\b/.exec(system)?.[1] ?? null;
}

/** A valid neutral answer for each of the desk's tasks. */
export function defaultReply(req: FakeChatRequest): FakeChatReply {
  switch (req.task) {
    case "understand":
      return { json: { intent: "other", category: null, model: null, symptom: null, urgency: "normal", language: "zh", complaint: null } };
    case "answer":
      return { json: { entryId: null, text: "" } };
    case "summary":
      return { json: { symptoms: "客户描述的故障", tried: "", mood: "calm", notes: "" } };
    default:
      return { json: {} };
  }
}

/** A JSON answer that breaks each task's schema. */
function schemaViolation(task: string | null): unknown {
  switch (task) {
    case "understand":
      return { intent: "order_pizza", category: "spaceship", urgency: "extreme", language: "fr" };
    case "answer":
      return { entry: 42, answer: ["not", "a", "string"] };
    default:
      return { unexpected: true };
  }
}

/** A deterministic unit vector for a text. */
export function fakeEmbedding(text: string, dims: number): number[] {
  const v = Array.from({ length: dims }, (_, i) => {
    let h = 2166136261 ^ i;
    for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
    return ((h >>> 0) % 2000) / 1000 - 1;
  });
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => Math.fround(x / norm));
}

/**
 * @example
 * ```ts
 * const ai = new FakeOpenAiApi({ respond: (r) => (r.task === "answer" ? { json: { entryId: null, text: "" } } : defaultReply(r)) });
 * await ai.start();
 * const sdk = new OpenAI({ apiKey: "x", baseURL: ai.baseURL });
 * ai.fail("500", { count: 2 });
 * // …
 * expect(ai.chatCalls()).toHaveLength(3);
 * await ai.stop();
 * ```
 */
export class FakeOpenAiApi {
  private readonly http = new LocalServer("FakeOpenAiApi");
  /** every request, in arrival order */
  readonly calls: OpenAiCall[] = [];
  respond: (req: FakeChatRequest) => FakeChatReply | Promise<FakeChatReply>;
  rejectJsonSchema: boolean;
  retryAfter: number;
  private readonly injected: Injected[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private chatIndex = 0;

  constructor(private readonly o: FakeOpenAiApiOptions = {}) {
    this.respond = o.respond ?? defaultReply;
    this.rejectJsonSchema = o.rejectJsonSchema ?? false;
    this.retryAfter = o.retryAfter ?? 1;
  }

  async start(): Promise<void> {
    await this.http.start(
      (req, res) => this.handle(req, res),
      (res, err) => this.error(res, 500, `fake error: ${String(err)}`),
    );
  }

  async stop(): Promise<void> {
    await this.http.stop(() => {
      for (const res of this.hanging) res.destroy();
      this.hanging.clear();
    });
  }

  /** `http://127.0.0.1:PORT/v1`: the SDK's `baseURL` (OPENAI_BASE_URL). */
  get baseURL(): string {
    return `${this.http.origin}/v1`;
  }

  /**
   * Injects a failure for the next `count` chat requests (default: all of them), optionally
   * only for some tasks. Injected failures are used before the scripted responder.
   */
  fail(kind: FakeFailure, opts: { count?: number; tasks?: string[] } = {}): void {
    this.injected.push({ kind, left: opts.count ?? Infinity, tasks: opts.tasks });
  }

  /** Removes every injected failure. */
  heal(): void {
    this.injected.length = 0;
  }

  /** Recorded chat completion requests (optionally of one task). */
  chatCalls(task?: string): OpenAiCall[] {
    return this.calls.filter((c) => c.path.endsWith("/chat/completions") && (task === undefined || taskOf(c.body) === task));
  }

  /** Every recorded request body, as one string (to look for leaks). */
  everythingReceived(): string {
    return this.calls.map((c) => c.raw).join("\n");
  }

  // ── HTTP ─────────────────────────────────────────────────────────────────────────────

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString("utf8");
    let body: any = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      /* kept raw */
    }
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const call: OpenAiCall = { method: req.method ?? "GET", path, headers: req.headers, body, raw, at: Date.now() };
    this.calls.push(call);
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(json));
    };
    if (this.o.apiKey && req.headers.authorization !== `Bearer ${this.o.apiKey}`) {
      call.status = 401;
      return this.error(res, 401, "Incorrect API key provided.", "invalid_api_key");
    }
    if (req.method === "GET" && path === "/v1/models") {
      return send(200, {
        object: "list",
        data: (this.o.models ?? ["gpt-4o-mini", "text-embedding-3-small"]).map((id) => ({
          id,
          object: "model",
          created: 1700000000,
          owned_by: "fake",
        })),
      });
    }
    if (req.method === "POST" && path === "/v1/embeddings") return this.embeddings(body, send);
    if (req.method === "POST" && path === "/v1/chat/completions") return this.chat(body, call, res, send);
    call.status = 404;
    return this.error(res, 404, `Unknown request URL: ${req.method} ${path}`, "unknown_url");
  }

  private error(
    res: ServerResponse,
    status: number,
    message: string,
    code: string | null = null,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(
      JSON.stringify({
        error: { message, type: status === 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error", param: null, code },
      }),
    );
  }

  private embeddings(body: any, send: (s: number, j: unknown) => void): void {
    const input: string[] = typeof body?.input === "string" ? [body.input] : Array.isArray(body?.input) ? body.input : [];
    if (!input.length || !body?.model)
      return send(400, { error: { message: "'input' and 'model' are required", type: "invalid_request_error", param: null, code: null } });
    const dims = this.o.dimensions ?? 8;
    const base64 = body.encoding_format === "base64";
    const data = input.map((text, index) => {
      const v = fakeEmbedding(String(text), dims);
      const embedding = base64 ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
      return { object: "embedding", index, embedding };
    });
    const tokens = input.reduce((n, t) => n + String(t).length, 0);
    send(200, { object: "list", data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  private async chat(
    body: any,
    call: OpenAiCall,
    res: ServerResponse,
    send: (s: number, j: unknown, h?: Record<string, string>) => void,
  ): Promise<void> {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    const text = (role: string) =>
      messages
        .filter((m) => m.role === role)
        .map((m) => String(m.content ?? ""))
        .join("\n");
    const request: FakeChatRequest = {
      task: taskOf(body),
      system: text("system"),
      user: text("user"),
      schema: body?.response_format?.json_schema?.schema ?? null,
      body,
      index: this.chatIndex++,
    };
    if (this.rejectJsonSchema && body?.response_format?.type === "json_schema") {
      call.status = 400;
      return this.error(res, 400, "Invalid value for 'response_format': json_schema is not supported by this server.", null);
    }
    let reply: FakeChatReply | undefined;
    const inj = this.injected.find((i) => i.left > 0 && (!i.tasks || i.tasks.includes(request.task ?? "")));
    if (inj) {
      inj.left--;
      reply =
        inj.kind === "429"
          ? { status: 429, retryAfter: this.retryAfter }
          : inj.kind === "500"
            ? { status: 500 }
            : inj.kind === "hang"
              ? { hang: true }
              : inj.kind === "malformed"
                ? { content: '{"intent": "fault_report", "category": "fridge", ' }
                : { json: schemaViolation(request.task) };
    }
    reply ??= await this.respond(request);
    await this.reply(reply, body, call, res, send);
  }

  private async reply(
    reply: FakeChatReply,
    body: any,
    call: OpenAiCall,
    res: ServerResponse,
    send: (s: number, j: unknown, h?: Record<string, string>) => void,
  ): Promise<void> {
    if ("hang" in reply) {
      this.hanging.add(res);
      res.on("close", () => this.hanging.delete(res));
      if (reply.ms === undefined) return; // until the client gives up, or stop()
      await new Promise((r) => setTimeout(r, reply.ms));
      this.hanging.delete(res);
      if (res.destroyed || res.writableEnded) return;
      return this.reply(reply.then ?? { json: {} }, body, call, res, send);
    }
    if ("status" in reply) {
      call.status = reply.status;
      const headers: Record<string, string> = reply.status === 429 ? { "retry-after": String(reply.retryAfter ?? this.retryAfter) } : {};
      const message =
        reply.message ??
        (reply.status === 429
          ? "Rate limit reached for requests. Please try again later."
          : "The server had an error while processing your request.");
      return this.error(res, reply.status, message, reply.status === 429 ? "rate_limit_exceeded" : null, headers);
    }
    const content = "json" in reply ? JSON.stringify(reply.json) : reply.content;
    const finish = "content" in reply ? (reply.finishReason ?? "stop") : "stop";
    send(200, {
      id: `chatcmpl-fake-${this.calls.length}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body?.model ?? "gpt-4o-mini",
      choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: finish }],
      usage: {
        prompt_tokens: Math.ceil(JSON.stringify(body?.messages ?? "").length / 4),
        completion_tokens: Math.ceil(content.length / 4),
        total_tokens: 0,
      },
    });
  }
}
