import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { loadKbDir } from "../../core/kb/load.ts";
import { defaultCatalogue } from "../../core/catalogue/index.ts";

const KB_DIR = fileURLToPath(new URL("../../kb", import.meta.url));

function entry(id: string, lang = "zh"): string {
  return `---\nid: ${id}\ntitle: ${id}\nproducts: [washer]\nlang: ${lang}\nquestions: [q1, q2, q3]\ntags: []\n---\n1. step\n`;
}

describe("loadKbDir with a malformed file among good ones", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kb-load-"));
    await mkdir(join(dir, "nested", "deeper"), { recursive: true });
    await writeFile(join(dir, "a-good.md"), entry("a-good"));
    await writeFile(join(dir, "b-bad-lang.md"), entry("b-bad", "jp"));
    await writeFile(join(dir, "c-no-front-matter.md"), "just text\n");
    await writeFile(join(dir, "nested", "deeper", "d-good.md"), entry("d-good", "en"));
    await writeFile(join(dir, "z-duplicate.md"), entry("a-good"));
    await writeFile(join(dir, "e-empty-body.md"), "---\ntitle: x\n---\n\n");
    await writeFile(join(dir, "f-bad-yaml.md"), "---\ntitle: [x\n---\nbody\n");
    await writeFile(join(dir, "notes.txt"), "not markdown, ignored");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads the usable files (recursively), reports each unusable one with its path and reason, and warns about repaired ones", async () => {
    const { entries, errors, warnings } = await loadKbDir(dir);
    // a language other than zh/en is repaired (detected), not refused
    expect(entries.map((e) => e.id).sort()).toEqual(["a-good", "b-bad", "d-good"]);
    expect(entries.find((e) => e.id === "d-good")?.sourcePath).toBe(join(dir, "nested", "deeper", "d-good.md"));

    const byFile = Object.fromEntries(errors.map((e) => [basename(e.path), e]));
    expect(Object.keys(byFile).sort()).toEqual(["c-no-front-matter.md", "e-empty-body.md", "f-bad-yaml.md", "z-duplicate.md"]);
    expect(byFile["c-no-front-matter.md"]!.code).toBe("KB_NO_FRONT_MATTER");
    expect(byFile["e-empty-body.md"]!.code).toBe("KB_EMPTY_BODY");
    expect(byFile["f-bad-yaml.md"]!.code).toBe("KB_BAD_YAML");
    // duplicate id: the later file (by path) is the error, and it names the first
    expect(byFile["z-duplicate.md"]!.code).toBe("KB_DUPLICATE_ID");
    expect(byFile["z-duplicate.md"]!.reason).toContain("a-good.md");
    expect(byFile["z-duplicate.md"]!.path).toBe(join(dir, "z-duplicate.md"));

    expect(warnings.map((w) => [basename(w.path), w.code])).toEqual([["b-bad-lang.md", "KB_BAD_LANG"]]);
    expect(warnings[0]!.reason).toMatch(/lang/);
  });

  it("rejects a directory that does not exist", async () => {
    await expect(loadKbDir(join(tmpdir(), "no-such-kb-dir-" + Date.now()))).rejects.toThrow();
  });
});

describe("the real kb/ folder", () => {
  it("loads at least 40 entries with 0 errors", async () => {
    const { entries, errors } = await loadKbDir(KB_DIR);
    expect(errors).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(40);
  });

  it("every entry has a zh/en twin with the same products, and files are named <topic>.<lang>.md", async () => {
    const { entries } = await loadKbDir(KB_DIR);
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const e of entries) {
      const m = /^(.*)-(zh|en)$/.exec(e.id);
      expect(m, e.id).not.toBeNull();
      const [, topic, lang] = m!;
      expect(e.lang).toBe(lang);
      expect(basename(e.sourcePath!)).toBe(`${topic}.${lang}.md`);
      const twin = byId.get(`${topic}-${lang === "zh" ? "en" : "zh"}`);
      expect(twin, `twin of ${e.id}`).toBeDefined();
      expect([...twin!.products].sort()).toEqual([...e.products].sort());
    }
  });

  it("entries follow the content rules: ≥3 questions, catalogue products, a hand-over line in their language, no prices", async () => {
    const { entries } = await loadKbDir(KB_DIR);
    const catalogue = defaultCatalogue();
    for (const e of entries) {
      expect(e.questions.length, e.id).toBeGreaterThanOrEqual(3);
      for (const p of e.products) expect(catalogue.has(p), p).toBe(true);
      // the Still need service button, named as the customer sees it in their language
      if (e.lang === "zh") expect(e.body, e.id).toContain("仍需服务");
      else {
        expect(e.body, e.id).toContain("Still need service");
        expect(e.body, e.id).not.toContain("仍需服务");
      }
      // never invent prices
      expect(e.body, e.id).not.toMatch(/[¥￥$]\s*\d|\d+\s*(元|块钱|yuan|rmb)\b/i);
      if (e.lang === "zh") expect(e.title, e.id).toMatch(/\p{Script=Han}/u);
      else expect(e.title, e.id).not.toMatch(/\p{Script=Han}/u);
    }
  });

  it("covers every product category the desk knows, plus general entries", async () => {
    const { entries } = await loadKbDir(KB_DIR);
    const covered = new Set(entries.flatMap((e) => e.products));
    for (const p of ["tv", "fridge", "washer", "ac", "rice-cooker", "microwave", "purifier", "phone"]) expect(covered).toContain(p);
    expect(entries.filter((e) => e.products.length === 0).length).toBeGreaterThanOrEqual(8);
  });
});
