/**
 * The embedding port: turns texts into vectors for fused ranking (KbIndex.searchFused).
 * Platform-free; `bots/llm/embedder.ts` implements it over the OpenAI-compatible API.
 */

export interface Embedder {
  /** The model name, stored with each vector (a different model means new vectors). */
  readonly model: string;
  /**
   * One vector per text, in order. Rejects on any failure (server down, timeout, bad
   * output); callers treat that as "lexical only".
   */
  embed(texts: string[], opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<number[][]>;
}

/** Texts per embedding request at import. */
export const EMBED_BATCH = 64;
/** How long a search waits for the query's vector before answering lexically. */
export const QUERY_EMBED_TIMEOUT_MS = 2_000;
/** After a failed call, searches stay lexical this long before trying the embedder again. */
export const EMBED_RETRY_AFTER_MS = 30_000;
