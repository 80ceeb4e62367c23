/**
 * Everything an end-to-end test needs: the fake Telegram and Slack APIs, a fresh store on the
 * database under test, and the desk in webhook mode between them.
 */
import type { Desk } from "../../bots/desk.ts";
import type { ManualClock } from "../../core/clock.ts";
import type { Store } from "../../core/store/index.ts";
import { FakeSlackApi } from "../fakes/slack-api.ts";
import { FakeTelegramApi } from "../fakes/telegram-api.ts";
import { freePort } from "./chat.ts";
import type { TestDb } from "./db.ts";
import { TG_TOKEN, slackEnv, startTestDesk } from "./desk.ts";
import { StaffSide } from "./staff.ts";

export interface World {
  tg: FakeTelegramApi;
  slack: FakeSlackApi;
  store: Store;
  desk: Desk;
  staff: StaffSide;
  port: number;
  /** starts a new desk on the same store and fakes (after `desk.stop()`), e.g. to test a restart */
  restart(): Promise<Desk>;
  stop(): Promise<void>;
}

/**
 * @example
 * ```ts
 * let w: World;
 * beforeEach(async () => (w = await startWorld(db, { clock })));
 * afterEach(() => w.stop());
 * ```
 */
export async function startWorld(
  db: TestDb,
  opts: { clock?: ManualClock; manualTimers?: boolean; env?: Record<string, string> } = {},
): Promise<World> {
  const tg = new FakeTelegramApi({ token: TG_TOKEN });
  const slack = new FakeSlackApi();
  await Promise.all([tg.start(), slack.start()]);
  const store = await db.open();
  const port = await freePort();
  const start = async () => {
    const desk = await startTestDesk({
      store,
      tg,
      clock: opts.clock,
      webhook: true,
      env: {
        PORT: String(port),
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
        ...slackEnv(slack.url),
        ...(opts.env ?? {}),
      },
    });
    // on a fake clock, timers run when the test says so (desk.jobs.runDue())
    if (opts.manualTimers ?? !!opts.clock) await desk.jobs.stop();
    return desk;
  };
  const world: World = {
    tg,
    slack,
    store,
    desk: await start(),
    staff: new StaffSide(slack, `http://127.0.0.1:${port}/slack/events`),
    port,
    async restart() {
      world.desk = await start();
      return world.desk;
    },
    async stop() {
      await world.desk.stop();
      await db.dispose(store);
      await Promise.all([tg.stop(), slack.stop()]);
    },
  };
  return world;
}
