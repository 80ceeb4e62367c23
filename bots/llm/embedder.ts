/**
 * The KB's {@link Embedder} port over the OpenAI-compatible embeddings API (OpenAI, or a
 * local server through OPENAI_BASE_URL), through the same SDK client as the assistant.
 */
import type { DeskConfig } from "../../core/config.ts";
import type { Embedder } from "../../core/kb/embed.ts";
import { OpenAiLlmClient } from "./openai.ts";

/**
 * @example
 * ```ts
 * const embedder = new OpenAiEmbedder(new OpenAiLlmClient({ baseURL, model: "gpt-4o-mini", embeddingModel: "text-embedding-3-small", timeoutMs: 15_000 }), "text-embedding-3-small");
 * const [v] = await embedder.embed(["冰箱不制冷"]);
 * ```
 */
export class OpenAiEmbedder implements Embedder {
  constructor(
    private readonly client: OpenAiLlmClient,
    readonly model: string,
  ) {}

  embed(texts: string[], opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<number[][]> {
    return this.client.embed(texts, opts);
  }
}

/**
 * The embedder the configuration asks for: only with OPENAI_EMBEDDING_MODEL set (and an LLM
 * server configured); null otherwise, and the KB ranks lexically.
 *
 * @example
 * ```ts
 * const embedder = createEmbedderFromConfig(config);
 * const faq = await FaqService.fromStore(store, { embedder });
 * ```
 */
export function createEmbedderFromConfig(config: DeskConfig, overrides: { fetch?: typeof fetch } = {}): OpenAiEmbedder | null {
  const llm = config.llm;
  if (!llm.enabled || !llm.embeddingModel) return null;
  const client = new OpenAiLlmClient({
    apiKey: llm.apiKey,
    baseURL: llm.baseUrl,
    model: llm.model,
    embeddingModel: llm.embeddingModel,
    timeoutMs: llm.timeoutMs,
    fetch: overrides.fetch,
  });
  return new OpenAiEmbedder(client, llm.embeddingModel);
}
