/**
 * Everything an end-to-end test needs: the fake Telegram and Slack APIs, a fresh store on the
 * database under test, the desk in webhook mode between them, and factories for the usual
 * starting points (a customer with a complete file, a ticket waiting for staff).
 */
import type { Desk } from "../../bots/desk.ts";
import type { Assistant } from "../../core/assistant/port.ts";
import type { ManualClock } from "../../core/clock.ts";
import type { ProfilePatch, Store, TicketRow } from "../../core/store/index.ts";
import type { CustomerRow } from "../../core/store/types.ts";
import { FakeSlackApi } from "../fakes/slack-api.ts";
import { FakeTelegramApi } from "../fakes/telegram-api.ts";
import type { FakeUser, UpdateFactory } from "../fakes/updates.ts";
import { Chat, onFreePort, type ReportOptions } from "./chat.ts";
import type { TestDb } from "./db.ts";
import { TG_TOKEN, settle, slackEnv, startTestDesk } from "./desk.ts";
import { StaffSide } from "./staff.ts";

/** Staff members to register before the test: Slack user id → [role, name]. */
export type StaffMembers = Record<string, [role: string, name: string]>;

/**
 * Slack lets a trigger id open a modal for 3 s; the fake checks that against the wall clock. On
 * a busy machine the desk's round trip can take longer, so the worlds' fake allows this long
 * (the 3 s rule itself is tested on the fake alone).
 */
const TRIGGER_TTL_MS = 120_000;

export interface WorldOptions {
  /** a manual clock; the desk's timers then run only when the test says so (see {@link World.advanceTo}) */
  clock?: ManualClock;
  /** whether timers wait for the test; default: yes with a manual clock */
  manualTimers?: boolean;
  /** more desk environment */
  env?: Record<string, string>;
  /** connect the desk to the fake Slack API (default true); the fake runs either way */
  slack?: boolean;
  /** the LLM assistant, passed to Desk.create */
  assistant?: Assistant;
  staffMembers?: StaffMembers;
}

/** A customer's file, as the intake would have collected it. */
export type Profile = Pick<ProfilePatch, "name" | "phone" | "address" | "area">;

export const DEFAULT_PROFILE: Required<Profile> = {
  name: "王小明",
  phone: "13800138000",
  address: "北京市朝阳区建国路88号3单元",
  area: "city",
};

export interface World {
  tg: FakeTelegramApi;
  slack: FakeSlackApi;
  store: Store;
  desk: Desk;
  staff: StaffSide;
  port: number;
  /** the desk's Slack endpoint (signed requests go here) */
  slackUrl: string;
  /** the manual clock, when the world has one */
  clock?: ManualClock;
  /** one update factory for every chat of this world, so update ids never repeat */
  updates: UpdateFactory;
  /** starts a new desk on the same store and fakes (after `desk.stop()`), e.g. to test a restart */
  restart(): Promise<Desk>;
  stop(): Promise<void>;
  /** Waits until the desk has processed everything and sent all it queued. */
  settle(timeoutMs?: number): Promise<void>;
  /** Moves the manual clock to `at`, runs the timers now due, and settles. */
  advanceTo(at: Date): Promise<void>;
  /** Moves the manual clock on by `ms`, runs the timers now due, and settles. */
  advanceBy(ms: number): Promise<void>;
  /** A chat with this Telegram user (nothing is stored yet). */
  chat(user: FakeUser): Chat;
  /** A customer whose file is complete (so a report asks only about the product), and a chat with them. */
  customerWithProfile(user: FakeUser, o?: { lang?: string; profile?: Profile }): Promise<Chat>;
  /** The stored customer of this Telegram user. */
  customer(user: FakeUser): Promise<CustomerRow>;
  /** The customer's tickets, newest first. */
  ticketsOf(user: FakeUser): Promise<TicketRow[]>;
  /** A customer with a complete file reports a problem through the buttons; the ticket is waiting for staff. */
  queuedTicket(user: FakeUser, o: ReportOptions & { lang?: string; profile?: Profile }): Promise<{ chat: Chat; ticket: TicketRow }>;
}

/**
 * Starts the fakes, opens a store and starts the desk between them.
 *
 * @example
 * ```ts
 * const w = await startWorld(db, { clock: new ManualClock(new Date("2026-11-20T08:00:00Z")) });
 * const { chat, ticket } = await w.queuedTicket({ id: 1, first_name: "李" }, { text: "洗碗机漏水" });
 * await w.stop();
 * ```
 * In test files, the fixtures of `./fixtures.ts` do this for each test.
 */
export async function startWorld(db: TestDb, opts: WorldOptions = {}): Promise<World> {
  const tg = new FakeTelegramApi({ token: TG_TOKEN });
  const slack = new FakeSlackApi({ triggerTtlMs: TRIGGER_TTL_MS });
  await Promise.all([tg.start(), slack.start()]);
  const store = await db.open();
  for (const [id, [role, name]] of Object.entries(opts.staffMembers ?? {})) await store.staff.upsert(id, role, name);
  // the desk listens on a port chosen before it starts (the webhook URL names it, and a restart
  // keeps it): another test may take that port in between, so a first start tries another one
  let port = 0;
  const start = async () => {
    const desk = await startTestDesk({
      store,
      tg,
      clock: opts.clock,
      webhook: true,
      assistant: opts.assistant,
      env: {
        PORT: String(port),
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
        ...(opts.slack === false ? {} : slackEnv(slack.url)),
        ...(opts.env ?? {}),
      },
    });
    // on a fake clock, timers run when the test says so (desk.jobs.runDue())
    if (opts.manualTimers ?? !!opts.clock) await desk.jobs.stop();
    return desk;
  };
  const manualClock = () => {
    if (!opts.clock) throw new Error("this world runs on real time: give it a ManualClock to move time");
    return opts.clock;
  };
  const first = await onFreePort((p) => {
    port = p;
    return start();
  });
  const desk = first.value;
  const slackUrl = `http://127.0.0.1:${port}/slack/events`;
  const world: World = {
    tg,
    slack,
    store,
    desk,
    staff: new StaffSide(slack, slackUrl),
    port,
    slackUrl,
    clock: opts.clock,
    updates: tg.factory(),
    async restart() {
      world.desk = await start();
      return world.desk;
    },
    async stop() {
      await world.desk.stop();
      await db.dispose(store);
      await Promise.all([tg.stop(), slack.stop()]);
    },
    settle: (timeoutMs) => settle(world.desk, timeoutMs),
    async advanceTo(at) {
      manualClock().set(at);
      await world.desk.jobs.runDue();
      await world.settle();
    },
    async advanceBy(ms) {
      manualClock().advance(ms);
      await world.desk.jobs.runDue();
      await world.settle();
    },
    chat: (user) => new Chat(tg, world.desk, user, world.updates),
    async customerWithProfile(user, o = {}) {
      const c = await store.customers.upsertTelegram({
        userId: String(user.id),
        chatId: String(user.chatId ?? user.id),
        lang: o.lang ?? "zh-CN",
      });
      await store.customers.update(c.id, { ...DEFAULT_PROFILE, ...o.profile });
      return world.chat(user);
    },
    async customer(user) {
      const c = await store.customers.byTelegramUser(String(user.id));
      if (!c) throw new Error(`no customer for Telegram user ${user.id}`);
      return c;
    },
    async ticketsOf(user) {
      return store.tickets.listForCustomer((await world.customer(user)).id);
    },
    async queuedTicket(user, o) {
      const chat = await world.customerWithProfile(user, o);
      await chat.report(o);
      await world.settle();
      const [ticket] = await world.ticketsOf(user);
      if (!ticket) throw new Error("the report opened no ticket");
      return { chat, ticket };
    },
  };
  return world;
}
