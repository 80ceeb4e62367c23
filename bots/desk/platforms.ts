/**
 * Connecting the platforms: the Slack adapter with its outbox transport (Bolt and the Slack
 * Web API are loaded only for a desk with a Slack app), and bringing Telegram and Slack up at
 * start, retrying while they are unreachable and carrying on without one whose token is
 * refused.
 */
import type { Agent } from "node:http";
import type { Logger } from "../../core/log.ts";
import { DeliveryError } from "../../core/outbox/index.ts";
import type { StaffDesk } from "../../core/staff/index.ts";
import { STAFF_NAME_JOB, refreshStaffName } from "../../core/staff/names.ts";
import type { Store } from "../../core/store/index.ts";
import type { Sandbox } from "../sandbox/index.ts";
import type { Scale } from "../scale.ts";
import type { SlackAdapter } from "../slack/app.ts";
import { slackNameSource } from "../slack/profile-names.ts";
import type { TelegramAdapter } from "../telegram/adapter.ts";
import { downloadTelegramFile, TelegramFileError } from "../telegram/files.ts";
import type { CoreServices, DeskContext } from "./services.ts";

// until core/customer emits DeskEvents itself
export type SlackModules = {
  SlackAdapter: typeof import("../slack/app.ts").SlackAdapter;
  SlackTransport: typeof import("../slack/transport.ts").SlackTransport;
};

/** Bolt and the Slack Web API: loaded only for a desk with a Slack app. */
export async function loadSlackModules(): Promise<SlackModules> {
  const [{ SlackAdapter }, { SlackTransport }] = await Promise.all([import("../slack/app.ts"), import("../slack/transport.ts")]);
  return { SlackAdapter, SlackTransport };
}

/** What connecting Slack needs beyond the core: its modules, and where customers' files are. */
export interface SlackLinks {
  /** the Slack adapter's modules, loaded by `Desk.create` only when Slack is configured */
  modules: SlackModules;
  telegram?: TelegramAdapter;
  /** TELEGRAM_PROXY's agent: every Bot API call and file download goes through it */
  telegramAgent?: Agent;
  /** the sandbox, once built (it is built after Slack) */
  sandbox: () => Sandbox | undefined;
}

/** The Slack adapter for the staff side, with its outbox transport registered. */
export function connectSlack(desk: DeskContext, core: CoreServices, staff: StaffDesk, links: SlackLinks): SlackAdapter {
  const { o, store, clock, log } = desk;
  const { config } = o;
  const slackConfig = config.slack;
  const { SlackAdapter, SlackTransport } = links.modules;
  const slack = new SlackAdapter({
    botToken: slackConfig.botToken!,
    signingSecret: slackConfig.signingSecret,
    appToken: slackConfig.appToken,
    apiUrl: slackConfig.apiUrl,
    store,
    staff,
    inbox: core.inbox,
    wake: () => desk.wake(),
    clock,
    log: log.child({ c: "slack" }),
    timeZone: config.timeZone,
    overdue: (tx) => core.sla.overdue(tx),
  });
  const names = slackNameSource(slack.client);
  core.jobs.handle(STAFF_NAME_JOB, (job, ctx) => refreshStaffName(job, ctx, names, () => clock.now()));
  const tg = links.telegram;
  core.sender.register(
    new SlackTransport({
      client: slack.client,
      log: log.child({ c: "slack.transport" }),
      tickets: async (id) => {
        const ticket = await store.tickets.byId(id);
        return ticket?.slackChannel && ticket.slackTs ? { channel: ticket.slackChannel, ts: ticket.slackTs } : null;
      },
      fetchFile: async (src) => {
        // a sandbox customer's photo (the sandbox beside a real Slack app)
        const own = links.sandbox()?.files.read(src.fileId);
        if (own) return { data: own.data, filename: src.fileId };
        if (src.platform !== "telegram" || !tg) throw new DeliveryError("PERMANENT", `cannot fetch files from ${src.platform}`);
        try {
          return await downloadTelegramFile(tg.bot.api, config.telegram.token!, config.telegram.apiRoot, src.fileId, links.telegramAgent);
        } catch (err) {
          if (err instanceof TelegramFileError)
            throw new DeliveryError(err.permanent ? "PERMANENT" : "TEMPORARY", err.message, { cause: err });
          throw err;
        }
      },
    }),
    core.scale.pacer("slack", { perChatPerSec: slackConfig.perChannelPerSec }),
  );
  return slack;
}

/** What bringing a platform up needs from the desk. */
export interface ConnectDeps {
  log: Logger;
  /** true once the desk is stopping: no more attempts */
  stopping: () => boolean;
}

/**
 * Connects a platform, retrying with backoff while it is unreachable; a refused token is
 * logged once and the desk carries on without that platform.
 */
export async function connect(
  name: string,
  init: () => Promise<void>,
  refused: RegExp,
  hint: string,
  ready: () => void,
  { log, stopping }: ConnectDeps,
): Promise<void> {
  for (let attempt = 1; !stopping(); attempt++) {
    try {
      await init();
      ready();
      return;
    } catch (err) {
      const msg = (err as Error).message;
      if (refused.test(msg)) {
        log.error(`${name}.token_refused`, { hint, error: msg });
        return;
      }
      const wait = Math.min(60_000, 2000 * attempt);
      log.warn(`${name}.unreachable`, { attempt, retryInMs: wait, error: msg });
      await new Promise((r) => setTimeout(r, wait).unref());
    }
  }
}

export function initSlack(slack: SlackAdapter, deps: ConnectDeps): Promise<void> {
  return connect(
    "slack",
    () => slack.init(),
    /invalid_auth|not_authed|account_inactive|token_revoked/,
    "Slack refused SLACK_BOT_TOKEN; the desk keeps running without Slack.",
    () => deps.log.info("slack.ready", { mode: slack.mode }),
    deps,
  );
}

export function initTelegram(tg: TelegramAdapter, deps: ConnectDeps & { scale: Scale; store: Store }): Promise<void> {
  return connect(
    "telegram",
    () => tg.init(),
    /401|Unauthorized|404: Not Found/,
    "Telegram refused TELEGRAM_BOT_TOKEN; check it with @BotFather. The desk keeps running without Telegram.",
    () => {
      deps.log.info("telegram.ready", { mode: tg.mode, bot: tg.bot.botInfo.username });
      // one process polls at a time (the others send and serve webhooks)
      if (tg.mode === "polling")
        deps.scale.pollWhenLeader(
          deps.store,
          () => tg.startPolling(),
          () => tg.stop(),
        );
    },
    deps,
  );
}
