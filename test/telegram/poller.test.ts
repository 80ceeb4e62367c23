/**
 * One poller among several desks in long-polling mode (PostgreSQL advisory lock): no 409
 * Conflict, the others keep sending, and another takes over when the poller stops.
 * PostgreSQL only (the embedded database admits one process).
 */
import { describe, expect, it } from "vitest";
import type { Desk } from "../../bots/desk.ts";
import { Store } from "../../core/store/index.ts";
import { FakeTelegramApi } from "../fakes/telegram-api.ts";
import { testDbs } from "../support/db.ts";
import { startTestDesk, TG_TOKEN } from "../support/desk.ts";

const pgDb = testDbs().find((d) => d.name === "postgres");
/** Budgets on a busy machine, not assertions of speed. */
const TAKEOVER_BUDGET_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!pgDb)("one poller [postgres]", () => {
  it("polls from one desk at a time, and another takes over when it stops", { timeout: 120_000 }, async () => {
    const storeA = await pgDb!.open();
    const storeB = await Store.open(storeA.target);
    const tg = new FakeTelegramApi({ token: TG_TOKEN });
    await tg.start();
    const desks: Desk[] = [];
    try {
      for (const store of [storeA, storeB]) desks.push(await startTestDesk({ store, tg, env: { PORT: "0" } }));
      await sleep(3000);
      const conflicts = () => tg.calls.filter((c) => c.method === "getUpdates" && c.errorCode === 409).length;
      expect(desks.filter((d) => d.scale.polling)).toHaveLength(1);
      const f = tg.factory();
      const user = { id: 9501, first_name: "阿强", language_code: "zh-hans" };
      tg.pushUpdate(f.text(user, "你好"));
      for (let i = 0; i < 300 && !tg.sent(user.id).length; i++) await sleep(100);
      expect(tg.sent(user.id).length).toBeGreaterThan(0);
      // the poller stops; the other one polls
      const leader = desks.find((d) => d.scale.polling)!;
      const other = desks.find((d) => d !== leader)!;
      await leader.stop();
      desks.splice(desks.indexOf(leader), 1);
      const t0 = Date.now();
      while (!other.scale.polling && Date.now() - t0 < TAKEOVER_BUDGET_MS) await sleep(100);
      expect(other.scale.polling).toBe(true);
      const before = tg.sent(user.id).length;
      tg.pushUpdate(f.text(user, "/help"));
      for (let i = 0; i < 300 && tg.sent(user.id).length === before; i++) await sleep(100);
      expect(tg.sent(user.id).length).toBeGreaterThan(before);
      expect(conflicts()).toBe(0);
    } finally {
      for (const d of desks) await d.stop();
      await storeB.close();
      await pgDb!.dispose(storeA);
      await tg.stop();
    }
  });
});
