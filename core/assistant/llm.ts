/**
 * The port to a chat model, as the assistant uses it: one JSON-producing chat call (and,
 * optionally, embeddings). SDK-free: `bots/llm/openai.ts` implements it over the official
 * `openai` SDK, tests may implement it in a few lines.
 */

import { DeskError } from "../errors.ts";

/** Why a model call failed. Every failure ends in the retrieval-only path; the code is logged. */
export type LlmErrorCode =
  /** the provider answered 429 (after the SDK's one retry) */
  | "LLM_RATE_LIMITED"
  /** the provider answered 5xx */
  | "LLM_SERVER"
  /** no answer within the per-call budget */
  | "LLM_TIMEOUT"
  /** the provider could not be reached */
  | "LLM_CONNECTION"
  /** the provider refused our credentials (401/403) */
  | "LLM_AUTH"
  /** the provider refused the request (other 4xx: unknown model, bad parameters) */
  | "LLM_REQUEST"
  /** the output is not JSON, does not match the schema, or breaks a grounding rule */
  | "LLM_BAD_OUTPUT"
  /** the circuit breaker is open after repeated failures: no call was made */
  | "LLM_BREAKER_OPEN"
  /** this customer's per-minute budget of calls is spent: no call was made */
  | "LLM_BUDGET";

/**
 * A coded failure of a model call.
 *
 * @example
 * ```ts
 * try { await client.chatJson(req); }
 * catch (err) { if (err instanceof LlmError && err.code === "LLM_TIMEOUT") log.warn("llm.slow"); }
 * ```
 */
export class LlmError extends DeskError<LlmErrorCode> {
  constructor(
    code: LlmErrorCode,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: details.cause });
  }

  /** HTTP status of the provider's answer, when there was one. */
  get status(): number | undefined {
    return this.details.status;
  }
}

/** One structured-output chat request. */
export interface ChatJsonRequest {
  /** the system prompt (instructions; never contains customer text) */
  system: string;
  /** the user message (the data: customer text delimited, KB entries) */
  user: string;
  /** name of the output schema (`response_format.json_schema.name`) */
  schemaName: string;
  /** JSON schema of the expected output (strict structured outputs) */
  schema: Record<string, unknown>;
  /** budget for this call, in milliseconds */
  timeoutMs: number;
  /** aborted when the caller gives up (deadline reached) */
  signal?: AbortSignal;
}

/**
 * A chat model that answers with one JSON object.
 *
 * @example
 * ```ts
 * const json = await client.chatJson({ system, user, schemaName: "desk_understand", schema, timeoutMs: 15_000 });
 * const data = JSON.parse(json);
 * ```
 */
export interface LlmClient {
  /** Returns the message content (a JSON text, not yet validated). Throws {@link LlmError}. */
  chatJson(req: ChatJsonRequest): Promise<string>;
  /** Embeddings as float vectors, one per text, in order. Throws {@link LlmError}. */
  embed?(texts: string[], opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<number[][]>;
}
