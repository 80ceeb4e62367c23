import type { Client } from "./client.ts";
import { Prisma } from "./generated/client.ts";
import type { KbEntry } from "../kb/entry.ts";
import type { KbEntryRow } from "./types.ts";

/** What is stored of an entry: the parsed KB file (core/kb/entry.ts). */
export type KbEntryInput = KbEntry;

/** The FAQ knowledge base as stored. */
export class KbRepo {
  constructor(private readonly db: Client) {}

  all(): Promise<KbEntryRow[]> {
    return this.db.kbEntry.findMany({ orderBy: { id: "asc" } });
  }

  /** One entry by id, or null. */
  byId(id: string) {
    return this.db.kbEntry.findUnique({ where: { id } });
  }

  /** The title of one entry (for staff cards), or null when it is gone. */
  async title(id: string): Promise<string | null> {
    const row = await this.db.kbEntry.findUnique({ where: { id }, select: { title: true } });
    return row?.title ?? null;
  }

  count(): Promise<number> {
    return this.db.kbEntry.count();
  }

  /** Deletes every entry whose id is not in `keep`; returns how many. */
  async deleteExcept(keep: string[]): Promise<number> {
    return (await this.db.kbEntry.deleteMany({ where: { id: { notIn: keep } } })).count;
  }

  /** Ids and embeddable text of the entries without a vector from `model`. */
  async missingEmbedding(model: string): Promise<KbEntryRow[]> {
    return this.db.kbEntry.findMany({
      where: { OR: [{ embeddingModel: null }, { embeddingModel: { not: model } }] },
      orderBy: { id: "asc" },
    });
  }

  /** Stores an entry's vector and the model that made it. */
  async setEmbedding(id: string, vector: number[], model: string): Promise<void> {
    await this.db.kbEntry.update({ where: { id }, data: { embedding: vector, embeddingModel: model } });
  }

  /**
   * Upserts entries; with `replace`, entries not in the list are deleted.
   * Returns what changed.
   */
  async upsertMany(
    entries: KbEntryInput[],
    replace: boolean,
  ): Promise<{ created: number; updated: number; unchanged: number; deleted: number }> {
    const existing = new Map((await this.db.kbEntry.findMany({ select: { id: true, checksum: true } })).map((e) => [e.id, e.checksum]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const e of entries) {
      const old = existing.get(e.id);
      if (old === e.checksum) {
        unchanged++;
        continue;
      }
      // a changed entry's old vector no longer describes it
      // (an entry that no longer names a product outside the catalogue drops the old names)
      const data = {
        ...e,
        otherProducts: e.otherProducts ?? [],
        sourcePath: e.sourcePath ?? null,
        embedding: Prisma.DbNull,
        embeddingModel: null,
      };
      await this.db.kbEntry.upsert({ where: { id: e.id }, create: data, update: data });
      if (old === undefined) created++;
      else updated++;
    }
    const deleted = replace ? await this.deleteExcept(entries.map((e) => e.id)) : 0;
    return { created, updated, unchanged, deleted };
  }
}
