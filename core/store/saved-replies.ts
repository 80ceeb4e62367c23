import type { Client } from "./client.ts";
import type { SavedReplyRow } from "./types.ts";

/** Saved replies (常用回复): one text per keyword and language. */
export class SavedReplyRepo {
  constructor(private readonly db: Client) {}

  /** Saves (or replaces) the text of a keyword in one language. */
  save(keyword: string, lang: string, text: string, createdBy: string, now: Date): Promise<SavedReplyRow> {
    return this.db.savedReply.upsert({
      where: { keyword_lang: { keyword, lang } },
      create: { keyword, lang, text, createdBy, createdAt: now },
      update: { text, createdBy, createdAt: now },
    });
  }

  /** Removes a keyword in every language; how many texts went. */
  async remove(keyword: string): Promise<number> {
    return (await this.db.savedReply.deleteMany({ where: { keyword } })).count;
  }

  /** The texts of a keyword, every language. */
  byKeyword(keyword: string): Promise<SavedReplyRow[]> {
    return this.db.savedReply.findMany({ where: { keyword } });
  }

  list(): Promise<SavedReplyRow[]> {
    return this.db.savedReply.findMany({ orderBy: [{ keyword: "asc" }, { lang: "asc" }] });
  }
}
