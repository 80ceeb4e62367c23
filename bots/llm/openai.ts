/**
 * The {@link LlmClient} port over the official `openai` SDK: OpenAI itself, or any
 * OpenAI-compatible server (Ollama, vLLM, llama.cpp, …) through `OPENAI_BASE_URL`.
 * The only place that imports `openai`.
 */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from "openai";
import { createAssistant, type LlmAssistant } from "../../core/assistant/assistant.ts";
import { LlmError, type ChatJsonRequest, type LlmClient } from "../../core/assistant/llm.ts";
import { loadPrompts, type Prompts } from "../../core/assistant/prompts.ts";
import type { Clock } from "../../core/clock.ts";
import type { DeskConfig } from "../../core/config.ts";
import type { Logger } from "../../core/log.ts";

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Circuit breaker used by {@link createAssistantFromConfig} unless overridden. */
export const DEFAULT_BREAKER = { failures: 5, coolDownMs: 60_000 } as const;

export interface OpenAiLlmClientOptions {
  /** OPENAI_API_KEY; local servers usually need none */
  apiKey?: string;
  /** OPENAI_BASE_URL, e.g. http://localhost:11434/v1 (default: OpenAI) */
  baseURL?: string;
  /** chat model, e.g. gpt-4o-mini, qwen2.5:7b-instruct */
  model: string;
  /** embedding model; embed() refuses without one */
  embeddingModel?: string;
  /** per request, in ms (the SDK retries once within the caller's deadline) */
  timeoutMs: number;
  /** for tests: a custom fetch */
  fetch?: typeof fetch;
}

/** How structured output is asked for; lowered once when a server refuses a mode. */
type JsonMode = "json_schema" | "json_object" | "prompt_only";

/**
 * Maps an SDK error to a coded {@link LlmError}.
 *
 * @example
 * ```ts
 * try { await sdk.chat.completions.create(body); } catch (err) { throw toLlmError(err); }
 * ```
 */
export function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof APIUserAbortError) return new LlmError("LLM_TIMEOUT", "the call was abandoned at its deadline", { cause: err });
  if (err instanceof APIConnectionTimeoutError) return new LlmError("LLM_TIMEOUT", "the request timed out", { cause: err });
  if (err instanceof APIConnectionError)
    return new LlmError("LLM_CONNECTION", `cannot reach the model server: ${err.message}`, { cause: err });
  if (err instanceof RateLimitError) {
    const ra = err.headers?.get("retry-after");
    const retryAfterMs = ra && Number.isFinite(Number(ra)) ? Number(ra) * 1000 : undefined;
    return new LlmError("LLM_RATE_LIMITED", "the model server is rate limiting us (429)", { status: 429, retryAfterMs, cause: err });
  }
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) {
    return new LlmError("LLM_AUTH", `the model server refused the credentials (${err.status}); check OPENAI_API_KEY`, {
      status: err.status,
      cause: err,
    });
  }
  if (err instanceof APIError) {
    const status = err.status;
    if (status !== undefined && status >= 500)
      return new LlmError("LLM_SERVER", `the model server failed (${status})`, { status, cause: err });
    return new LlmError("LLM_REQUEST", `the model server refused the request (${status ?? "?"}): ${err.message}`, { status, cause: err });
  }
  return new LlmError("LLM_CONNECTION", (err as Error)?.message ?? String(err), { cause: err });
}

/** True when a 400/422 says the server does not support this `response_format`. */
function refusesFormat(err: unknown): boolean {
  return (
    err instanceof APIError &&
    (err.status === 400 || err.status === 422) &&
    /response_format|json_schema|json_object|schema|structured|grammar/i.test(err.message)
  );
}

function schemaInstruction(req: ChatJsonRequest): string {
  return `\n\n# Output format\n\nReply with one JSON object only — no prose before or after it, no code fence — matching this JSON schema (${req.schemaName}):\n\n${JSON.stringify(req.schema)}`;
}

/**
 * @example
 * ```ts
 * const client = new OpenAiLlmClient({ baseURL: "http://localhost:11434/v1", model: "qwen2.5:7b-instruct", timeoutMs: 15_000 });
 * const json = await client.chatJson({ system, user, schemaName: "desk_answer", schema, timeoutMs: 15_000 });
 * ```
 */
export class OpenAiLlmClient implements LlmClient {
  readonly sdk: OpenAI;
  private mode: JsonMode = "json_schema";

  constructor(private readonly o: OpenAiLlmClientOptions) {
    this.sdk = new OpenAI({
      apiKey: o.apiKey ?? "not-needed",
      baseURL: o.baseURL ?? OPENAI_DEFAULT_BASE_URL,
      timeout: Math.max(1, Math.round(o.timeoutMs)),
      maxRetries: 1,
      ...(o.fetch ? { fetch: o.fetch } : {}),
    });
  }

  /** The structured-output mode in use (json_schema until a server refuses it). */
  get jsonMode(): JsonMode {
    return this.mode;
  }

  async chatJson(req: ChatJsonRequest): Promise<string> {
    for (;;) {
      const mode = this.mode;
      try {
        return await this.complete(req, mode);
      } catch (err) {
        // local servers may not know json_schema (or json_object): lower the mode once, for good
        if (refusesFormat(err) && mode !== "prompt_only") {
          this.mode = mode === "json_schema" ? "json_object" : "prompt_only";
          continue;
        }
        throw toLlmError(err);
      }
    }
  }

  private async complete(req: ChatJsonRequest, mode: JsonMode): Promise<string> {
    const system = mode === "json_schema" ? req.system : req.system + schemaInstruction(req);
    const response_format =
      mode === "json_schema"
        ? { type: "json_schema" as const, json_schema: { name: req.schemaName, schema: req.schema, strict: true } }
        : mode === "json_object"
          ? { type: "json_object" as const }
          : undefined;
    const res = await this.sdk.chat.completions.create(
      {
        model: this.o.model,
        temperature: 0,
        messages: [
          { role: "system", content: system },
          { role: "user", content: req.user },
        ],
        ...(response_format ? { response_format } : {}),
      },
      { timeout: Math.max(1, Math.round(req.timeoutMs)), signal: req.signal },
    );
    const choice = res.choices?.[0];
    const content = choice?.message?.content;
    if (choice?.message?.refusal) throw new LlmError("LLM_BAD_OUTPUT", "the model refused");
    if (choice?.finish_reason === "length") throw new LlmError("LLM_BAD_OUTPUT", "the output was cut off (finish_reason: length)");
    if (typeof content !== "string" || !content.trim()) throw new LlmError("LLM_BAD_OUTPUT", "empty output");
    return content;
  }

  async embed(texts: string[], opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<number[][]> {
    if (!this.o.embeddingModel) throw new LlmError("LLM_REQUEST", "no embedding model configured (OPENAI_EMBEDDING_MODEL)");
    if (!texts.length) return [];
    try {
      const res = await this.sdk.embeddings.create(
        { model: this.o.embeddingModel, input: texts, encoding_format: "float" },
        { timeout: Math.max(1, Math.round(opts.timeoutMs ?? this.o.timeoutMs)), signal: opts.signal },
      );
      const out = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      if (out.length !== texts.length || out.some((v) => !Array.isArray(v) || v.some((x) => typeof x !== "number"))) {
        throw new LlmError("LLM_BAD_OUTPUT", "embeddings missing or not float arrays");
      }
      return out;
    } catch (err) {
      throw toLlmError(err);
    }
  }
}

/**
 * The base URL without credentials or query, for logs and the start-up line.
 *
 * @example
 * ```ts
 * safeBaseUrl("http://user:pw@gpu-box:8000/v1?key=x") // "http://gpu-box:8000/v1"
 * ```
 */
export function safeBaseUrl(url: string | undefined): string {
  if (!url) return OPENAI_DEFAULT_BASE_URL;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/$/, "")}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * The assistant the configuration asks for, or null when no LLM is configured
 * (OPENAI_API_KEY and OPENAI_BASE_URL both unset).
 *
 * @example
 * ```ts
 * const assistant = createAssistantFromConfig(config, log);
 * const desk = await Desk.create({ config, log, assistant });
 * ```
 */
export function createAssistantFromConfig(
  config: DeskConfig,
  log: Logger,
  overrides: { clock?: Clock; breaker?: { failures: number; coolDownMs: number }; prompts?: Prompts; fetch?: typeof fetch } = {},
): LlmAssistant | null {
  const llm = config.llm;
  if (!llm.enabled) return null;
  const client = new OpenAiLlmClient({
    apiKey: llm.apiKey,
    baseURL: llm.baseUrl,
    model: llm.model,
    embeddingModel: llm.embeddingModel,
    timeoutMs: llm.timeoutMs,
    fetch: overrides.fetch,
  });
  return createAssistant({
    client,
    prompts: overrides.prompts ?? loadPrompts(),
    log: log.child({ c: "llm", model: llm.model }),
    clock: overrides.clock,
    perCustomerPerMin: llm.perCustomerPerMin,
    breaker: overrides.breaker ?? DEFAULT_BREAKER,
    timeoutMs: llm.timeoutMs,
    staffLang: config.staffLang,
  });
}
