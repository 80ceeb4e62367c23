/**
 * The data layer on real databases: migrations in Prisma Migrate's bookkeeping table,
 * inbox deduplication, outbox claiming (order per chat, no double claims), atomic transitions.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from "../../core/store/migrate.ts";
import type { Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";

describeEachDb("store", (db) => {
  let store: Store;
  const now = new Date("2026-11-20T02:00:00Z");
  beforeEach(async () => {
    store = await db.open();
  });
  afterEach(async () => {
    await db.dispose(store);
  });

  it("records migrations the way prisma migrate deploy does, and applies each once", async () => {
    expect(await store.sql.query(`SELECT 1 FROM "Ticket"`)).toEqual([]);
    const rows = await store.sql.query<any>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const dirs = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(dirs[0]).toBe("20261122000000_init");
    expect(rows.map((r: any) => r.migration_name)).toEqual(dirs);
    for (const r of rows) {
      const sql = readFileSync(`${DEFAULT_MIGRATIONS_DIR}/${r.migration_name}/migration.sql`, "utf8");
      expect(r).toMatchObject({ checksum: createHash("sha256").update(sql).digest("hex"), applied_steps_count: 1 });
      expect(r.finished_at).toBeInstanceOf(Date);
    }
    // running again applies nothing
    const again = await applyMigrations(store.sql);
    expect(again).toEqual({ applied: [], alreadyApplied: dirs.length });
  });

  it("deduplicates inbound updates by platform and external id", async () => {
    const a = await store.inbox.accept({ platform: "telegram", externalId: "42", chatKey: "1", payload: { update_id: 42 } }, now);
    const b = await store.inbox.accept({ platform: "telegram", externalId: "42", chatKey: "1", payload: { update_id: 42 } }, now);
    const c = await store.inbox.accept({ platform: "slack", externalId: "42", chatKey: "C1", payload: {} }, now);
    expect(a).not.toBeNull();
    expect(b).toBeNull();
    expect(c).not.toBeNull();
    expect(await store.inbox.counts()).toEqual({ pending: 2, failed: 0, invalid: 0 });
  });

  it("claims only the head of each chat's queue, so a chat's messages go out in order", async () => {
    await store.outbox.enqueue(
      [
        { platform: "telegram", chatKey: "A", kind: "send", payload: { n: 1 } },
        { platform: "telegram", chatKey: "A", kind: "send", payload: { n: 2 } },
        { platform: "telegram", chatKey: "B", kind: "send", payload: { n: 3 } },
        { platform: "slack", chatKey: "C", kind: "send", payload: { n: 4 } },
      ],
      now,
    );
    const lease = new Date(now.getTime() + 60_000);
    const first = await store.outbox.claim(["telegram"], 10, now, lease);
    expect(first.map((r) => (r.payload as any).n)).toEqual([1, 3]);
    expect(await store.outbox.claim(["telegram"], 10, now, lease)).toEqual([]);
    await store.outbox.markSent(first[0]!.id, "100", now);
    const second = await store.outbox.claim(["telegram"], 10, now, lease);
    expect(second.map((r) => (r.payload as any).n)).toEqual([2]);
    // a retry in the future holds the chat back until it is due
    await store.outbox.markRetry(second[0]!.id, "429", new Date(now.getTime() + 5000), false);
    expect(await store.outbox.claim(["telegram"], 10, now, lease)).toEqual([]);
    expect((await store.outbox.claim(["telegram"], 10, new Date(now.getTime() + 5000), lease)).map((r) => (r.payload as any).n)).toEqual([
      2,
    ]);
  });

  it("never hands the same message to two concurrent claimers", async () => {
    await store.outbox.enqueue(
      Array.from({ length: 60 }, (_, i) => ({ platform: "telegram", chatKey: `chat${i % 30}`, kind: "send", payload: { i } })),
      now,
    );
    const lease = new Date(now.getTime() + 60_000);
    const batches = await Promise.all(Array.from({ length: 6 }, () => store.outbox.claim(["telegram"], 10, now, lease)));
    const ids = batches.flat().map((r) => r.id.toString());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30); // one head per chat
  });

  it("gives an expired lease back for another try", async () => {
    await store.outbox.enqueue([{ platform: "telegram", chatKey: "A", kind: "send", payload: {} }], now);
    await store.outbox.claim(["telegram"], 10, now, new Date(now.getTime() + 1000));
    expect(await store.outbox.releaseExpired(new Date(now.getTime() + 500))).toBe(0);
    expect(await store.outbox.releaseExpired(new Date(now.getTime() + 1500))).toBe(1);
    expect((await store.outbox.list({}))[0]?.status).toBe("pending");
  });

  it("lets exactly one of many racing transitions win", async () => {
    const c = await store.customers.upsertTelegram({ userId: "9", chatId: "9", lang: "zh-CN" });
    const t = await store.tickets.create(
      { customerId: c.id, kind: "repair", description: "x", feeType: "A", status: "queued", lang: "zh-CN" },
      { type: "system" },
      now,
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.tx((s) => s.tickets.transition(t.id, ["queued"], "claimed", { type: "staff", id: `U${i}` }, now)),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const events = await store.tickets.events(t.id);
    expect(events.filter((e) => e.type === "status")).toHaveLength(1);
  });

  it("numbers tickets from #1001", async () => {
    const c = await store.customers.upsertTelegram({ userId: "9", chatId: "9", lang: "zh-CN" });
    const t = await store.tickets.create(
      { customerId: c.id, kind: "repair", description: "x", feeType: "A", status: "queued", lang: "zh-CN" },
      { type: "system" },
      now,
    );
    expect(t.ref).toBe(1001);
  });
});
