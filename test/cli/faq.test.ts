/**
 * `desk faq import` and `desk faq search`, on the embedded database, with the desk stopped
 * (the CLI takes the database lock itself) and running (the CLI goes through the desk).
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../bots/cli/main.ts";
import { Desk, dbTarget } from "../../bots/desk.ts";
import { loadConfig } from "../../core/config.ts";
import { silentLogger } from "../../core/log.ts";
import { Store } from "../../core/store/index.ts";
import { acquireLock, readLock } from "../../core/store/lock.ts";

function capture() {
  let out = "";
  let err = "";
  return {
    out: (s: string) => void (out += s),
    err: (s: string) => void (err += s),
    get stdout() {
      return out;
    },
    get stderr() {
      return err;
    },
  };
}

const KB_FILE = (id: string, title: string, q: string) =>
  `---\nid: ${id}\ntitle: ${title}\nproducts: [fridge]\nlang: zh\nquestions:\n  - ${q}\n  - ${q}怎么办\n  - ${q}了\ntags: [测试]\n---\n1. 第一步\n2. 第二步\n`;

describe("desk faq CLI", () => {
  let dir: string;
  let kb: string;
  const saved = { ...process.env };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "desk-cli-"));
    kb = join(dir, "kb");
    mkdirSync(kb);
    writeFileSync(join(kb, "a.md"), KB_FILE("fridge-ice-zh", "冰箱结冰", "冰箱冷冻室结冰"));
    writeFileSync(join(kb, "b.md"), KB_FILE("fridge-door-zh", "冰箱门关不严", "冰箱门关不上"));
    writeFileSync(join(kb, "broken.md"), "---\nid: broken\ntitle: [unclosed\n---\nbody\n");
    process.env = { ...saved, DESK_DATA_DIR: join(dir, "data"), DESK_KB_DIR: kb };
    delete process.env.DATABASE_URL;
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  it("imports what is valid, reports the malformed file with its path and reason, and searches; only JSON on stdout", async () => {
    let io = capture();
    expect(await run(["faq", "import", kb], io.out, io.err)).toBe(1);
    const report = JSON.parse(io.stdout);
    expect(report).toMatchObject({ created: 2, updated: 0, deleted: 0 });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0].path).toBe("broken.md");
    expect(io.stderr).toContain("broken.md");
    expect(readLock(join(dir, "data"))).toBeNull(); // the CLI released the database

    io = capture();
    expect(await run(["faq", "search", "冰箱冷冻室结冰了", "--json"], io.out, io.err)).toBe(0);
    const found = JSON.parse(io.stdout);
    expect(Object.keys(found)).toEqual(["query", "answer", "results"]);
    expect(found.query).toBe("冰箱冷冻室结冰了");
    expect(found.answer).toBe("fridge-ice-zh");
    expect(found.results[0]).toEqual({ id: "fridge-ice-zh", title: "冰箱结冰", score: expect.any(Number) });

    io = capture();
    await run(["faq", "search", "可以开发票吗", "--json"], io.out, io.err);
    expect(JSON.parse(io.stdout).answer).toBeNull();
  });

  it("advises sample questions for the entries that have none", async () => {
    writeFileSync(join(kb, "c.md"), "---\nid: fridge-noise-zh\ntitle: 冰箱噪音大\nproducts: [fridge]\n---\n1. 调平冰箱\n");
    const io = capture();
    await run(["faq", "import", kb], io.out, io.err);
    expect(JSON.parse(io.stdout).advice).toEqual([expect.stringContaining("1 of 3 entries have no sample question (fridge-noise-zh)")]);
    expect(io.stderr).toContain("advice: 1 of 3 entries have no sample question (fridge-noise-zh)");
  });

  it("with --replace, makes the folder the whole KB, but keeps entries whose file is now malformed", async () => {
    await run(
      ["faq", "import", kb],
      () => {},
      () => {},
    );
    writeFileSync(join(kb, "b.md"), "---\nid: fridge-door-zh\n---\n"); // now malformed: missing fields
    writeFileSync(join(kb, "a.md"), KB_FILE("fridge-ice-zh", "冰箱结冰（新版）", "冰箱冷冻室结冰"));
    writeFileSync(join(kb, "c.md"), KB_FILE("fridge-smell-zh", "冰箱有异味", "冰箱里有臭味"));
    const io = capture();
    await run(["faq", "import", kb, "--replace"], io.out, io.err);
    expect(JSON.parse(io.stdout)).toMatchObject({ created: 1, updated: 1, deleted: 0 });
    const store = await Store.open(dbTarget(loadConfig(process.env).config));
    try {
      expect((await store.kb.all()).map((e) => e.id).sort()).toEqual(["fridge-door-zh", "fridge-ice-zh", "fridge-smell-zh"]);
    } finally {
      await store.close();
    }
    // and an entry whose file is gone is removed
    writeFileSync(join(kb, "b.md"), KB_FILE("fridge-door-zh", "冰箱门关不严", "冰箱门关不上"));
    writeFileSync(join(kb, "c.md"), readFileSync(join(kb, "a.md"), "utf8").replace("fridge-ice-zh", "fridge-ice2-zh"));
    const io2 = capture();
    await run(["faq", "import", kb, "--replace"], io2.out, io2.err);
    expect(JSON.parse(io2.stdout).deleted).toBe(1);
  });

  it("goes through the running desk, which holds the embedded database, and the desk answers from the new KB at once", async () => {
    const { config } = loadConfig(process.env);
    const lock = acquireLock(config.dataDir, "desk");
    const desk = await Desk.create({ config: { ...config, port: 0 }, log: silentLogger, adminToken: lock.info.token, seedKb: false });
    try {
      lock.update({ port: await desk.start() });
      const io = capture();
      expect(await run(["faq", "import", kb], io.out, io.err)).toBe(1);
      expect(JSON.parse(io.stdout).created).toBe(2);
      expect(desk.faq.search("冰箱冷冻室结冰了").answer).toBe("fridge-ice-zh");
      const io2 = capture();
      await run(["faq", "search", "冰箱门关不上了", "--json"], io2.out, io2.err);
      expect(JSON.parse(io2.stdout).answer).toBe("fridge-door-zh");
    } finally {
      await desk.stop();
      lock.release();
    }
  });

  it("stops with a clear message when another command holds the embedded database", async () => {
    const { config } = loadConfig(process.env);
    // a lock held by another live process of ours that is not a desk
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(
      join(config.dataDir, "desk.lock"),
      JSON.stringify({ pid: process.ppid, owner: "cli", port: null, token: "x", startedAt: new Date().toISOString() }),
    );
    await expect(
      run(
        ["faq", "search", "冰箱", "--json"],
        () => {},
        () => {},
      ),
    ).rejects.toThrow(/another desk command .* is using/);
  });
});
