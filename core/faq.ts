/**
 * The FAQ knowledge base as the desk uses it: the stored entries, indexed for search,
 * reloadable when `desk faq import` changes them.
 */
import { KbIndex, type KbEntry, type SearchOptions, type SearchOutcome } from "./kb/index.ts";
import type { KbEntryRow, Store } from "./store/index.ts";

export class FaqService {
  private index: KbIndex;

  constructor(entries: KbEntry[] = []) {
    this.index = new KbIndex(entries);
  }

  /**
   * @example
   * ```ts
   * const faq = await FaqService.fromStore(store);
   * faq.search("冰箱不制冷").answer; // "fridge-not-cooling-zh"
   * ```
   */
  static async fromStore(store: Store): Promise<FaqService> {
    return new FaqService((await store.kb.all()).map(rowToEntry));
  }

  async reload(store: Store): Promise<void> {
    this.index = new KbIndex((await store.kb.all()).map(rowToEntry));
  }

  get size(): number {
    return this.index.size;
  }

  search(query: string, opts?: SearchOptions): SearchOutcome {
    return this.index.search(query, opts);
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
    questions: r.questions,
    tags: r.tags,
    body: r.body,
    sourcePath: r.sourcePath ?? undefined,
    checksum: r.checksum,
  };
}
