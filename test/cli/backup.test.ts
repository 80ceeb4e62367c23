/**
 * `desk backup` and `desk restore` on the embedded database: a backup taken through the
 * running desk holds what was committed before it (and not what came after), a restore into
 * the stopped desk's folder brings the tickets back, and a restore is refused while a desk
 * holds the folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../bots/cli/main.ts";
import { Desk, dbTarget } from "../../bots/desk.ts";
import { loadConfig } from "../../core/config.ts";
import { silentLogger } from "../../core/log.ts";
import { Store } from "../../core/store/index.ts";
import { acquireLock } from "../../core/store/lock.ts";

function capture() {
  const io = { stdout: "", stderr: "", out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s) };
  return io;
}

async function addTicket(store: Store, userId: string, description: string): Promise<number> {
  const customer = await store.customers.upsertTelegram({ userId, chatId: userId, lang: "zh-CN" });
  const t = await store.tickets.create(
    { customerId: customer.id, kind: "repair", description, feeType: "C", status: "queued", lang: "zh-CN" },
    { type: "customer", id: userId },
    new Date("2026-12-01T08:00:00Z"),
  );
  return t.id;
}

async function ticketDescriptions(dataDir: string): Promise<string[]> {
  const store = await Store.open(dbTarget({ dataDir } as Parameters<typeof dbTarget>[0]));
  try {
    const rows = await store.sql.query<{ description: string }>(`SELECT description FROM "Ticket" ORDER BY id`);
    return rows.map((r) => r.description);
  } finally {
    await store.close();
  }
}

describe("desk backup / restore (embedded database)", () => {
  let dir: string;
  const saved = { ...process.env };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "desk-backup-"));
    delete process.env.DATABASE_URL;
    process.env.DESK_DATA_DIR = join(dir, "data");
    process.env.LOG_LEVEL = "error";
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it("backs up through the running desk, refuses to restore while it runs, and restores the tickets once it is stopped", async () => {
    const { config } = loadConfig(process.env);
    const file = join(dir, "backup.tgz");
    const lock = acquireLock(config.dataDir, "desk");
    const store = await Store.open(dbTarget(config));
    const desk = await Desk.create({
      config: { ...config, port: 0 },
      store,
      log: silentLogger,
      adminToken: lock.info.token,
      seedKb: false,
    });
    try {
      lock.update({ port: await desk.start() });
      await addTicket(store, "9001", "冰箱不制冷");
      await addTicket(store, "9002", "washer leaks");

      const io = capture();
      expect(await run(["backup", file], io.out, io.err)).toBe(0);
      expect(JSON.parse(io.stdout)).toMatchObject({ file, via: "desk" });
      expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

      // after the backup: not in it
      await addTicket(store, "9003", "空调漏水");
      await expect(run(["restore", file], capture().out, capture().err)).rejects.toThrow(/running desk .* holds .*stop it first/);
    } finally {
      await desk.stop();
      await store.close();
      lock.release();
    }
    expect(await ticketDescriptions(config.dataDir)).toHaveLength(3);

    const io = capture();
    expect(await run(["restore", file], io.out, io.err)).toBe(0);
    const report = JSON.parse(io.stdout);
    expect(report).toMatchObject({ tickets: 2, customers: 2 });
    expect(await ticketDescriptions(config.dataDir)).toEqual(["冰箱不制冷", "washer leaks"]);
    // the data that was there is kept beside it, whole
    expect(existsSync(report.previous)).toBe(true);
    const kept = await Store.open({ kind: "pglite", dataDir: report.previous });
    try {
      expect(await kept.sql.query(`SELECT count(*)::int AS n FROM "Ticket"`)).toEqual([{ n: 3 }]);
    } finally {
      await kept.close();
    }
  });

  it("backs up directly when no desk runs, and refuses a file that is not a backup, keeping the data", async () => {
    const { config } = loadConfig(process.env);
    const store = await Store.open(dbTarget(config));
    await addTicket(store, "9101", "电视黑屏");
    await store.close();

    const file = join(dir, "direct.tgz");
    const io = capture();
    expect(await run(["backup", file], io.out, io.err)).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ via: "direct" });

    const bogus = join(dir, "notes.txt");
    writeFileSync(bogus, "not a backup");
    await expect(run(["restore", bogus], capture().out, capture().err)).rejects.toThrow(/not a desk backup/);
    expect(await ticketDescriptions(config.dataDir)).toEqual(["电视黑屏"]);

    expect(await run(["restore", file], capture().out, capture().err)).toBe(0);
    expect(await ticketDescriptions(config.dataDir)).toEqual(["电视黑屏"]);
  });

  it("points PostgreSQL users to pg_dump", async () => {
    process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test";
    await expect(run(["backup", join(dir, "x.tgz")], capture().out, capture().err)).rejects.toThrow(/pg_dump/);
    await expect(run(["restore", join(dir, "x.tgz")], capture().out, capture().err)).rejects.toThrow(/pg_restore/);
  });
});
