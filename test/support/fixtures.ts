/**
 * Test fixtures (vitest `test.extend`): each end-to-end test names what it needs — `world`,
 * `store`, `tg`, `slack`, `desk`, `staff`, `clock` — and gets a fresh one, stopped afterwards.
 * A suite sets the database, the clock's start and the staff with `it.override(...)`.
 */
import { test } from "vitest";
import type { Desk } from "../../bots/desk.ts";
import { ManualClock } from "../../core/clock.ts";
import type { Store } from "../../core/store/index.ts";
import type { FakeSlackApi } from "../fakes/slack-api.ts";
import { FakeTelegramApi } from "../fakes/telegram-api.ts";
import { testDbs, type TestDb } from "./db.ts";
import { TG_TOKEN } from "./desk.ts";
import type { StaffSide } from "./staff.ts";
import { startWorld, type World, type WorldOptions } from "./world.ts";

export interface DeskFixtures {
  /** the database under test (default: the first of {@link testDbs}) */
  db: TestDb;
  /** where the world's manual clock starts; unset: the desk runs on real time */
  clockStart: Date | undefined;
  /** how the world is built (staff, environment, Slack or not, the assistant) */
  worldOptions: Omit<WorldOptions, "clock">;
  world: World;
  /** the world's manual clock (a suite without `clockStart` has none) */
  clock: ManualClock;
  tg: FakeTelegramApi;
  slack: FakeSlackApi;
  store: Store;
  desk: Desk;
  staff: StaffSide;
}

/**
 * @example
 * ```ts
 * import { deskTest as it } from "../support/fixtures.ts";
 * describeEachDb("complaints", (db) => {
 *   it.override({ db, clockStart: new Date("2026-11-24T10:00:00+08:00"), worldOptions: { staffMembers: { U0SUP: ["supervisor", "刘主任"] } } });
 *   it("…", async ({ world, store, slack }) => {
 *     const { chat, ticket } = await world.queuedTicket(user, { text: "洗碗机漏水" });
 *   });
 * });
 * ```
 */
export const deskTest = test.extend<DeskFixtures>({
  db: testDbs()[0]!,
  clockStart: undefined,
  worldOptions: {},
  world: async ({ db, clockStart, worldOptions }, use) => {
    const w = await startWorld(db, { ...worldOptions, clock: clockStart ? new ManualClock(clockStart) : undefined });
    try {
      await use(w);
    } finally {
      await w.stop();
    }
  },
  clock: async ({ world }, use) => {
    if (!world.clock) throw new Error("this suite runs on real time: set clockStart with it.override() to get a clock");
    await use(world.clock);
  },
  tg: async ({ world }, use) => use(world.tg),
  slack: async ({ world }, use) => use(world.slack),
  store: async ({ world }, use) => use(world.store),
  desk: async ({ world }, use) => use(world.desk),
  staff: async ({ world }, use) => use(world.staff),
});

export interface PartsFixtures {
  db: TestDb;
  /** a fresh, empty store on the database under test */
  store: Store;
  /** the fake Bot API, started */
  tg: FakeTelegramApi;
}

/** The parts without a desk, for tests that start (and restart) desks themselves. */
export const partsTest = test.extend<PartsFixtures>({
  db: testDbs()[0]!,
  store: async ({ db }, use) => {
    const store = await db.open();
    try {
      await use(store);
    } finally {
      await db.dispose(store);
    }
  },
  // vitest reads the fixtures a fixture needs from its first parameter's pattern: none here
  // eslint-disable-next-line no-empty-pattern
  tg: async ({}, use) => {
    const tg = new FakeTelegramApi({ token: TG_TOKEN });
    await tg.start();
    try {
      await use(tg);
    } finally {
      await tg.stop();
    }
  },
});
