/**
 * A whole desk for end-to-end tests: the real composition (grammY, outbox, inbox, store),
 * with Telegram replaced by the fake Bot API server at the HTTP level.
 */
import type { UserFromGetMe } from "grammy/types";
import { Desk } from "../../bots/desk.ts";
import type { Assistant } from "../../core/assistant/port.ts";
import type { Clock } from "../../core/clock.ts";
import { loadConfig } from "../../core/config.ts";
import { silentLogger, createLogger } from "../../core/log.ts";
import type { Store } from "../../core/store/index.ts";
import { FakeTelegramApi } from "../fakes/telegram-api.ts";
import { onFreePort } from "./ports.ts";

export const TG_TOKEN = "123456789:TEST-fake-token-abcdefghijkl";
export const WEBHOOK_SECRET = "s3cret_token-for-tests";
export const SLACK_SECRET = "slack-signing-secret-for-tests";
export const SLACK_TOKEN = "xoxb-test-token";
export const TRIAGE = "C0TRIAGE";
export const BOSS = "U0BOSS";

/** Environment for a desk connected to a fake Slack Web API. */
export function slackEnv(apiUrl: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_URL: apiUrl,
    SLACK_TRIAGE_CHANNEL: TRIAGE,
    SLACK_ESCALATION_CHANNEL: "C0ESCAL",
    SLACK_COMPLAINTS_CHANNEL: "C0COMPL",
    SLACK_ADMIN_USER_IDS: BOSS,
    SLACK_RATE_PER_CHANNEL: "100",
  };
}

export interface TestDeskOptions {
  store: Store;
  tg: FakeTelegramApi;
  webhook?: boolean;
  clock?: Clock;
  env?: Record<string, string>;
  start?: boolean;
  /** the LLM assistant, passed to Desk.create */
  assistant?: Assistant;
}

export function botInfo(tg: FakeTelegramApi): UserFromGetMe {
  return tg.botInfo as UserFromGetMe;
}

export async function startTestDesk(o: TestDeskOptions): Promise<Desk> {
  const { config, problems } = loadConfig({
    PORT: "0",
    TELEGRAM_BOT_TOKEN: TG_TOKEN,
    TELEGRAM_API_ROOT: o.tg.apiRoot,
    DESK_KB_DIR: "./kb",
    // fast pacing keeps tests quick; pacing itself is tested separately
    TELEGRAM_RATE_PER_CHAT: "50",
    TELEGRAM_RATE_GLOBAL: "1000",
    // the out-of-hours notice depends on the time of day: off unless a test turns it on
    DESK_OUT_OF_HOURS_NOTICE: "0",
    // visit windows on claim add a message: off unless a test turns them on
    DESK_APPOINTMENT_CHOICES: "0",
    ...(o.webhook ? { TELEGRAM_WEBHOOK_URL: "http://127.0.0.1:1/telegram/webhook", TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
    ...(o.env ?? {}),
  });
  if (problems.length) throw new Error(problems.join("\n"));
  const desk = await Desk.create({
    config,
    store: o.store,
    clock: o.clock,
    log: process.env.DESK_TEST_LOG ? createLogger("debug") : silentLogger,
    telegramPollTimeout: 1,
    inboxPollMs: 200,
    outboxPollMs: 100,
    jobsPollMs: 100,
    assistant: o.assistant,
  });
  if (o.start === false) return desk;
  let port: number;
  try {
    port = await desk.start();
  } catch (e) {
    // a desk that could not listen (its port was taken) leaves nothing running
    await desk.stop().catch(() => {});
    throw e;
  }
  if (o.webhook) {
    // the real URL is only known after listening
    (desk.telegram as any).o.webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
  }
  await desk.telegramReady();
  await desk.slackReady();
  return desk;
}

/**
 * A desk in webhook mode on a free port of its own: the webhook URL names the port, so it is
 * chosen first, and another one is tried when another test took it meanwhile.
 *
 * @example
 * ```ts
 * const { desk, port } = await startWebhookDesk({ store, tg, env: { DESK_KB_DIR: "./kb" } });
 * await fetch(`http://127.0.0.1:${port}/telegram/webhook`, { method: "POST", body });
 * ```
 */
export async function startWebhookDesk(o: Omit<TestDeskOptions, "webhook">): Promise<{ desk: Desk; port: number }> {
  const { value: desk, port } = await onFreePort((port) =>
    startTestDesk({
      ...o,
      webhook: true,
      env: { PORT: String(port), TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`, ...o.env },
    }),
  );
  return { desk, port };
}

/**
 * How long {@link settle} waits at most: a budget for a busy machine, not an assertion (a test
 * that needs the desk quick says so with a manual clock or its own check).
 */
export const SETTLE_BUDGET_MS = 60_000;

/** Waits until every accepted update is processed and the outbox has nothing left to send. */
export async function settle(desk: Desk, timeoutMs = SETTLE_BUDGET_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await desk.inbox.idle();
    await desk.jobs.runDue();
    const st = await desk.store.outbox.stats(desk.clock.now());
    if (st.pending === 0 && st.sending === 0 && desk.sender.busy === 0) {
      await desk.inbox.idle();
      const ran = await desk.jobs.runDue();
      const again = await desk.store.outbox.stats(desk.clock.now());
      if (ran === 0 && again.pending === 0 && again.sending === 0) return;
    }
    if (Date.now() > deadline) throw new Error(`desk did not settle: ${JSON.stringify(st)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
