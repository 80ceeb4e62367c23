/**
 * The desk's parts, composed from the config: the HTTP server, the core services, then the
 * platforms (the Telegram adapter, the staff side and its Slack app, the browser sandbox),
 * the outbox transports that reach them, and every event subscriber. `Desk` (bots/desk.ts)
 * holds the result.
 */
import { DeskEvents } from "../../core/events.ts";
import { DeliveryError, createPacer } from "../../core/outbox/index.ts";
import type { ReportJobDeps } from "../../core/reports/index.ts";
import type { StaffDesk } from "../../core/staff/index.ts";
import { subscribe } from "../../core/wiring.ts";
import { HttpServer } from "../http.ts";
import { RoutedTransport, Sandbox, isSandboxChat } from "../sandbox/index.ts";
import type { SlackAdapter } from "../slack/app.ts";
import { downloadSlackFile } from "../slack/files.ts";
import { TelegramAdapter } from "../telegram/adapter.ts";
import { downloadTelegramFile } from "../telegram/files.ts";
import { proxyAgent } from "../telegram/proxy.ts";
import { TelegramTransport } from "../telegram/transport.ts";
import { connectSlack, type SlackModules } from "./platforms.ts";
import { coreServices, type CoreServices, type DeskContext } from "./services.ts";
import { staffSide } from "./staff-side.ts";

export interface DeskParts extends CoreServices {
  http: HttpServer;
  /** What happens in the desk; every subscriber is registered once, in `subscribe` (core/wiring.ts). */
  events: DeskEvents;
  telegram?: TelegramAdapter;
  slack?: SlackAdapter;
  staff?: StaffDesk;
  /** the browser sandbox at /sandbox (DESK_SANDBOX) */
  sandbox?: Sandbox;
  /** the reports the desk posts by itself (daily, monthly), when there is a staff side */
  reportJobs?: ReportJobDeps;
}

/**
 * @example
 * ```ts
 * const parts = composeDesk({ o, store, faq, catalogue, clock, log, wake: () => desk.wake() }, slackModules);
 * parts.http.route("GET", "/healthz", healthz);
 * ```
 */
export function composeDesk(desk: DeskContext, slackModules?: SlackModules): DeskParts {
  const { o, store, clock, log } = desk;
  const { config } = o;
  const events = new DeskEvents();
  /** TELEGRAM_PROXY's agent: every Bot API call and file download goes through it */
  const telegramAgent = config.telegram.proxy ? proxyAgent(config.telegram.proxy) : undefined;
  const http = new HttpServer(log);
  const core = coreServices(desk, events);
  const { inbox, sender, scale, sla } = core;
  const telegramPacer = () =>
    scale.pacer("telegram", {
      perChatPerSec: config.telegram.perChatPerSec,
      perGroupPerMin: config.telegram.perGroupPerMin,
      globalPerSec: config.telegram.globalPerSec,
    });
  // the sandbox plays the staff side only while Slack is not connected
  const sandboxStaff = config.sandbox.enabled && !config.slack.botToken;
  let telegram: TelegramAdapter | undefined;
  if (config.telegram.token) {
    telegram = new TelegramAdapter({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      webhookUrl: config.telegram.webhookUrl,
      webhookSecret: config.telegram.webhookSecret,
      botInfo: o.telegramBotInfo,
      store,
      customers: core.customers,
      inbox,
      wake: () => desk.wake(),
      clock,
      log: log.child({ c: "telegram" }),
      pollTimeout: o.telegramPollTimeout,
      agent: telegramAgent,
    });
  }
  let staff: StaffDesk | undefined;
  let reportJobs: ReportJobDeps | undefined;
  let slack: SlackAdapter | undefined;
  let sandbox: Sandbox | undefined;
  if (config.slack.botToken || sandboxStaff) {
    ({ staff, reportJobs } = staffSide(desk, core, events, sandboxStaff));
    if (config.slack.botToken)
      slack = connectSlack(desk, core, staff, { modules: slackModules!, telegram, telegramAgent, sandbox: () => sandbox });
  }
  if (config.sandbox.enabled) {
    const tg = telegram;
    sandbox = new Sandbox({
      store,
      inbox,
      customers: core.customers,
      staff: sandboxStaff ? staff : undefined,
      clock,
      log: log.child({ c: "sandbox" }),
      wake: () => desk.wake(),
      timeZone: config.timeZone,
      staffLang: config.staffLang,
      dataDir: config.dataDir,
      host: config.sandbox.host,
      overdue: (tx) => sla.overdue(tx),
      foreignFile: tg
        ? (src) => downloadTelegramFile(tg.bot.api, config.telegram.token!, config.telegram.apiRoot, src.fileId, telegramAgent)
        : undefined,
    });
    if (sandbox.staffTransport) sender.register(sandbox.staffTransport, createPacer({ perChatPerSec: config.slack.perChannelPerSec }));
    sandbox.register(http);
  }
  // customers' messages: to Telegram, to the sandbox, or each to the one its chat is on
  // staff files shared in a ticket's Slack thread reach the customer from Slack
  const slackToken = config.slack.botToken;
  const tgTransport = telegram
    ? new TelegramTransport(telegram.bot.api, {
        fetchFile: async (src) => {
          if (src.platform !== "slack" || !slack || !slackToken)
            throw new DeliveryError("PERMANENT", `cannot fetch files from ${src.platform}`);
          return downloadSlackFile(slack.client, slackToken, src.fileId);
        },
      })
    : undefined;
  const customerTransport =
    tgTransport && sandbox
      ? new RoutedTransport(tgTransport, sandbox.customerTransport, isSandboxChat)
      : (tgTransport ?? sandbox?.customerTransport);
  if (customerTransport) sender.register(customerTransport, telegramPacer());
  // every subscriber, in one place: ticket → deadline → staff card, and the rest
  subscribe(events, { sla, surveys: core.surveys, staff, proactive: core.proactive });
  return { ...core, http, events, telegram, slack, staff, sandbox, reportJobs };
}
