/**
 * The FAQ knowledge base as the desk uses it: the stored entries, indexed for search (the
 * index of a large KB is built in a worker thread, so reloading never stalls the desk),
 * reloadable when `desk faq import` changes them, and, with an embedder, ranked with the
 * entries' stored embeddings too.
 */
import { defaultCatalogue, type Catalogue } from "./catalogue/index.ts";
import { buildKbIndex } from "./kb/build.ts";
import { EMBED_RETRY_AFTER_MS, QUERY_EMBED_TIMEOUT_MS, type Embedder } from "./kb/embed.ts";
import { KbIndex, type Calibration, type KbEntry, type SearchExplanation, type SearchOptions, type SearchOutcome } from "./kb/index.ts";
import type { KbEntryRow, Store } from "./store/index.ts";

export interface FaqServiceOptions {
  /** The shop's catalogue (the shipped one by default). */
  catalogue?: Catalogue;
  /** With an embedder, {@link FaqService.find} fuses embeddings into the ranking. */
  embedder?: Embedder | null;
  /** Told when the embedder fails (the search goes on lexically). */
  onEmbedError?: (err: unknown) => void;
}

export class FaqService {
  private index: KbIndex;
  private readonly catalogue: Catalogue;
  private embedDownUntil = 0;

  constructor(
    entries: KbEntry[] = [],
    private readonly opts: FaqServiceOptions = {},
  ) {
    this.catalogue = opts.catalogue ?? defaultCatalogue();
    this.index = new KbIndex(entries, { catalogue: this.catalogue });
  }

  /**
   * @example
   * ```ts
   * const faq = await FaqService.fromStore(store, { catalogue, embedder });
   * faq.search("冰箱不制冷").answer; // "fridge-not-cooling-zh"
   * ```
   */
  static async fromStore(store: Store, opts: FaqServiceOptions = {}): Promise<FaqService> {
    const faq = new FaqService([], opts);
    await faq.reload(store);
    return faq;
  }

  /** Rebuilds the index from the store (off the event loop for a large KB), then swaps it in. */
  async reload(store: Store): Promise<void> {
    const rows = await store.kb.all();
    const index = await buildKbIndex(rows.map(rowToEntry), { catalogue: this.catalogue });
    const model = this.opts.embedder?.model;
    if (model) {
      const vectors = new Map<string, number[]>();
      for (const r of rows) if (r.embeddingModel === model && Array.isArray(r.embedding)) vectors.set(r.id, r.embedding as number[]);
      index.setVectors(vectors);
    }
    this.index = index;
  }

  get size(): number {
    return this.index.size;
  }

  /** How this KB's confidence thresholds were set. */
  get calibration(): Calibration {
    return this.index.calibration;
  }

  /** Lexical search (synchronous). */
  search(query: string, opts?: SearchOptions): SearchOutcome {
    return this.index.search(query, opts);
  }

  /** Lexical search, with the reasons. */
  explain(query: string, opts?: SearchOptions): SearchExplanation {
    return this.index.explain(query, opts);
  }

  /**
   * The search the desk answers with: fused with embeddings when an embedder is set and the
   * entries have vectors; lexical when not, or when the embedding server fails (never an error).
   *
   * @example
   * ```ts
   * const outcome = await faq.find(ticket.description, { product: ticket.category });
   * ```
   */
  async find(query: string, opts: SearchOptions = {}): Promise<SearchExplanation> {
    const embedder = this.opts.embedder;
    const index = this.index;
    if (!embedder || !index.hasVectors || Date.now() < this.embedDownUntil) return index.explain(query, opts);
    try {
      const [vector] = await embedder.embed([query], { timeoutMs: QUERY_EMBED_TIMEOUT_MS });
      return index.searchFused(query, vector ?? null, opts);
    } catch (err) {
      this.embedDownUntil = Date.now() + EMBED_RETRY_AFTER_MS;
      this.opts.onEmbedError?.(err);
      return index.explain(query, opts);
    }
  }

  get(id: string): KbEntry | undefined {
    return this.index.get(id);
  }
}

export function rowToEntry(r: KbEntryRow): KbEntry {
  return {
    id: r.id,
    title: r.title,
    lang: r.lang as "zh" | "en",
    products: r.products,
    ...(r.otherProducts?.length ? { otherProducts: r.otherProducts } : {}),
    questions: r.questions,
    tags: r.tags,
    body: r.body,
    sourcePath: r.sourcePath ?? undefined,
    checksum: r.checksum,
  };
}
