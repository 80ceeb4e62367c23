/**
 * Importing a KB written elsewhere into the real store, with embeddings made through the
 * real openai SDK against the fake OpenAI server, and the search falling back to lexical
 * ranking when that server is down.
 */
import { it, expect, beforeAll, afterAll } from "vitest";
import { mkdtemp, mkdir, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAiLlmClient } from "../../bots/llm/openai.ts";
import { OpenAiEmbedder } from "../../bots/llm/embedder.ts";
import { importKb } from "../../core/faq-import.ts";
import { FaqService, rowToEntry } from "../../core/faq.ts";
import { FakeOpenAiApi } from "../fakes/openai-api.ts";
import { describeEachDb } from "../support/db.ts";

/** Another shop's files: 0–2 questions, no lang, no id, product names instead of ids, one unknown product. */
const FILES: Record<string, string> = {
  "dianfanguo-bu-shu.md": "---\ntitle: 电饭锅煮饭不熟\ncategory: 电饭锅\nquestions:\n  - 饭煮好了还是生的\n---\n内胆和发热盘之间不能有米粒，按刻度加水。\n",
  "microwave-sparks.md": "---\ntitle: Sparks inside the microwave\nproducts: [microwave]\n---\nRemove anything metal and clean the cover plate.\n",
  "toaster.md": "---\ntitle: Toaster does not pop up\nproducts: [toaster]\nquestions: [bread stuck, toast will not pop]\n---\nUnplug it and empty the crumb tray.\n",
  "sub/warranty.md": "---\nid: warranty\ntitle: 保修多久\n---\n整机保修一年。\n",
  "empty.md": "---\ntitle: nothing here\n---\n\n",
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kb-shop-"));
  await mkdir(join(dir, "sub"));
  for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeEachDb("importing another shop's KB", (db) => {
  it("imports every usable file; only the unusable one is an error, repairs are warnings", async () => {
    const store = await db.open();
    try {
      const r = await importKb(store, dir);
      expect(r.errors.map((e) => e.path)).toEqual(["empty.md"]);
      expect(r.created).toBe(4);
      expect(r.warnings.map((w) => [w.path, w.reason.slice(0, 20)])).toEqual([["toaster.md", "[KB_UNKNOWN_PRODUCT]"]]);
      const rows = new Map((await store.kb.all()).map((e) => [e.id, e]));
      expect([...rows.keys()].sort()).toEqual(["dianfanguo-bu-shu", "microwave-sparks", "toaster", "warranty"]);
      expect(rows.get("dianfanguo-bu-shu")).toMatchObject({ lang: "zh", products: ["rice-cooker"], questions: ["饭煮好了还是生的"] });
      expect(rows.get("microwave-sparks")).toMatchObject({ lang: "en", questions: [] });
      expect(rows.get("toaster")!.products).toEqual([]); // imported as a general entry
      expect(rowToEntry(rows.get("toaster")!).otherProducts).toEqual(["toaster"]); // named, for the search's filter
      expect(rowToEntry(rows.get("warranty")!).otherProducts).toBeUndefined();
      expect(r.calibration?.source).toBeDefined();
      expect(r.embeddings).toBeUndefined();
    } finally {
      await db.dispose(store);
    }
  });
});

describeEachDb("re-importing an entry", (db) => {
  it("that no longer names a product outside the catalogue drops the old name", async () => {
    const store = await db.open();
    const own = await mkdtemp(join(tmpdir(), "kb-reimport-"));
    try {
      const file = (products: string) => `---\nid: pop\ntitle: Toaster does not pop up\nproducts: [${products}]\n---\nUnplug it.\n`;
      await writeFile(join(own, "pop.md"), file("toaster"));
      await importKb(store, own);
      expect((await store.kb.byId("pop"))!.otherProducts).toEqual(["toaster"]);
      await writeFile(join(own, "pop.md"), file("microwave"));
      await importKb(store, own);
      expect(await store.kb.byId("pop")).toMatchObject({ products: ["microwave"], otherProducts: [] });
    } finally {
      // the file's tests share one database: leave the others' entries as they were
      await store.kb.deleteExcept((await store.kb.all()).map((e) => e.id).filter((id) => id !== "pop"));
      await rm(own, { recursive: true, force: true });
      await db.dispose(store);
    }
  });
});

describeEachDb("embeddings", (db) => {
  let ai: FakeOpenAiApi;
  let embedder: OpenAiEmbedder;
  beforeAll(async () => {
    ai = new FakeOpenAiApi({ dimensions: 16 });
    await ai.start();
    const client = new OpenAiLlmClient({ baseURL: ai.baseURL, model: "gpt-4o-mini", embeddingModel: "text-embedding-3-small", timeoutMs: 2000 });
    embedder = new OpenAiEmbedder(client, "text-embedding-3-small");
  });
  afterAll(async () => {
    await ai.stop();
  });

  it("stores a vector per entry at import, fuses them into the ranking, and searches lexically when the server is down", async () => {
    const store = await db.open();
    try {
      const r = await importKb(store, dir, { embedder });
      expect(r.embeddings).toEqual({ model: "text-embedding-3-small", embedded: 4, missing: 0 });
      const rows = await store.kb.all();
      expect(rows.every((e) => e.embeddingModel === "text-embedding-3-small" && Array.isArray(e.embedding))).toBe(true);
      expect(ai.calls.filter((c) => c.path.endsWith("/embeddings")).every((c) => c.body.encoding_format === "float")).toBe(true);

      // unchanged files keep their vectors: a second import asks for none
      const before = ai.calls.length;
      expect((await importKb(store, dir, { embedder })).embeddings).toMatchObject({ embedded: 0, missing: 0 });
      expect(ai.calls.length).toBe(before);

      const errors: unknown[] = [];
      const faq = await FaqService.fromStore(store, { embedder, onEmbedError: (e) => errors.push(e) });
      const fused = await faq.find("电饭锅煮饭不熟");
      expect(fused.fused).toBe(true);
      expect(fused.results[0]?.id).toBe("dianfanguo-bu-shu");
      expect(ai.calls.at(-1)!.body.input).toEqual(["电饭锅煮饭不熟"]);

      await ai.stop(); // the embedding server goes away
      const lexical = await faq.find("电饭锅煮饭不熟");
      expect(lexical.fused).toBeUndefined();
      expect(lexical.results[0]?.id).toBe("dianfanguo-bu-shu");
      expect(lexical).toEqual(faq.explain("电饭锅煮饭不熟"));
      expect(errors).toHaveLength(1);
      await ai.start();
    } finally {
      await db.dispose(store);
    }
  });

  it("an embedding server that is down does not fail the import", async () => {
    const store = await db.open();
    try {
      await store.kb.deleteExcept([]); // this file's database keeps KB entries from test to test
      ai.fail("500");
      const down = new OpenAiEmbedder(
        new OpenAiLlmClient({ baseURL: "http://127.0.0.1:9/v1", model: "m", embeddingModel: "e", timeoutMs: 500 }),
        "e",
      );
      const r = await importKb(store, dir, { embedder: down });
      expect(r.created).toBe(4);
      expect(r.embeddings).toMatchObject({ model: "e", embedded: 0, missing: 4 });
      expect(r.embeddings?.error).toBeTruthy();
      const faq = await FaqService.fromStore(store, { embedder: down });
      expect((await faq.find("保修多久")).results[0]?.id).toBe("warranty");
    } finally {
      ai.heal();
      await db.dispose(store);
    }
  });
});
