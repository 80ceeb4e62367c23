/**
 * Composition: the store, the core services and the platform adapters, wired together
 * behind one HTTP server. `bots/main.ts` runs it; tests build it with fakes on the other
 * side of the network.
 */
import { existsSync } from "node:fs";
import type { UserFromGetMe } from "grammy/types";
import { systemClock, type Clock } from "../core/clock.ts";
import { catalogueOf, type DeskConfig } from "../core/config.ts";
import type { Catalogue } from "../core/catalogue/index.ts";
import { useProductCatalogue } from "../core/i18n/products.ts";
import { CustomerDesk } from "../core/customer/index.ts";
import { importKb } from "../core/faq-import.ts";
import { FaqService } from "../core/faq.ts";
import { DeskEvents } from "../core/events.ts";
import { DbHealth } from "../core/db-health.ts";
import { InboxProcessor } from "../core/inbox/index.ts";
import { JobRunner } from "../core/jobs/index.ts";
import { FIRST_LINE_JOB, FirstLineHelp } from "../core/customer/first-line.ts";
import { SURVEY_EXPIRE_JOB, SURVEY_REMIND_JOB, SurveyService } from "../core/customer/survey.ts";
import { createLogger, type Logger } from "../core/log.ts";
import { DeliveryError, OutboxSender, createPacer } from "../core/outbox/index.ts";
import { Store, type DbTarget } from "../core/store/index.ts";
import { Scale } from "./scale.ts";
import { DeskMetrics, METRICS_PATH } from "./metrics.ts";
import { HttpServer, isLoopback, type HttpRequest, type HttpResponse } from "./http.ts";
import { TELEGRAM_MAX_UPDATE_BYTES, TelegramAdapter } from "./telegram/adapter.ts";
import { TelegramTransport } from "./telegram/transport.ts";
import { downloadTelegramFile, TelegramFileError } from "./telegram/files.ts";
import { proxyAgent } from "./telegram/proxy.ts";
import type { Agent } from "node:http";
import type { SlackAdapter } from "./slack/app.ts";
import { SLACK_EVENTS_PATH, SLACK_MAX_REQUEST_BYTES, slackChannelMention, slackMention } from "./slack/names.ts";
import { slackNameSource } from "./slack/profile-names.ts";
import { downloadSlackFile } from "./slack/files.ts";
import { DEFAULT_WINDOW_OPTIONS } from "../core/sla/windows.ts";
import { STAFF_NAME_JOB, refreshStaffName } from "../core/staff/names.ts";
import { REPORT_ADMIN_PATH, reportAdmin } from "./cli/report.ts";
import { RECORDS_EXPORT_PATH, RECORDS_IMPORT_PATH, recordsAdmin } from "./cli/records.ts";
import { BACKUP_ADMIN_PATH } from "./cli/backup.ts";
import { StaffDesk, SUMMARY_JOB, runStaffSummary } from "../core/staff/index.ts";
import { REPORT_CHART_JOB, runReportChart } from "../core/staff/report-charts.ts";
import type { Assistant } from "../core/assistant/port.ts";
import { SLA_BREACH_JOB, SLA_MORNING_JOB, SLA_WARN_JOB, SlaWatch } from "../core/sla/watch.ts";
import { subscribe } from "../core/wiring.ts";
import { ProactiveService, REMINDER_SCAN_JOB, REMINDER_SEND_JOB } from "../core/proactive/index.ts";
import { complaintReviewPng, outboxPoster, reportJobHandlers, scheduleReportJobs, type ReportJobDeps } from "../core/reports/index.ts";
import { RoutedTransport, SANDBOX_CHANNELS, SANDBOX_MANAGER, Sandbox, isSandboxChat } from "./sandbox/index.ts";

export interface DeskOptions {
  config: DeskConfig;
  clock?: Clock;
  log?: Logger;
  /** an already-open store (tests); otherwise opened from the config */
  store?: Store;
  /** the admin token the CLI presents (from the data-dir lock) */
  adminToken?: string;
  /** skip getMe (tests) */
  telegramBotInfo?: UserFromGetMe;
  /** the LLM assistant (bots/llm builds one from the OPENAI_* settings) */
  assistant?: Assistant | null;
  /** tuning for tests and benches */
  inboxPollMs?: number;
  outboxPollMs?: number;
  jobsPollMs?: number;
  telegramPollTimeout?: number;
  /** import the sample KB into an empty store at start (default true) */
  seedKb?: boolean;
  /** the shop's catalogue, already loaded (default: DESK_CATALOGUE's, or the shipped one) */
  catalogue?: Catalogue;
}

// until core/customer emits DeskEvents itself
type SlackModules = {
  SlackAdapter: typeof import("./slack/app.ts").SlackAdapter;
  SlackTransport: typeof import("./slack/transport.ts").SlackTransport;
};

/** Bolt and the Slack Web API: loaded only for a desk with a Slack app. */
async function loadSlackModules(): Promise<SlackModules> {
  const [{ SlackAdapter }, { SlackTransport }] = await Promise.all([import("./slack/app.ts"), import("./slack/transport.ts")]);
  return { SlackAdapter, SlackTransport };
}

/** The database the configuration points at. */
export function dbTarget(config: DeskConfig): DbTarget {
  return config.databaseUrl ? { kind: "postgres", url: config.databaseUrl } : { kind: "pglite", dataDir: `${config.dataDir}/pglite` };
}

/**
 * @example
 * ```ts
 * const desk = await Desk.create({ config });
 * const port = await desk.start();
 * // … later
 * await desk.stop();
 * ```
 */
export class Desk {
  readonly http: HttpServer;
  readonly inbox: InboxProcessor;
  readonly sender: OutboxSender;
  /** whether the database is reachable, as this process sees it (backpressure) */
  readonly health: DbHealth;
  /** several desks on one database: shared pacing (Redis), the one poller */
  readonly scale: Scale;
  /** GET /metrics (METRICS_TOKEN or METRICS_PORT), else undefined */
  readonly metrics?: DeskMetrics;
  private metricsHttp?: HttpServer;
  readonly jobs: JobRunner;
  readonly sla: SlaWatch;
  readonly surveys: SurveyService;
  readonly customers: CustomerDesk;
  /** proactive reminders (contract ends, consumables due) */
  readonly proactive: ProactiveService;
  readonly telegram?: TelegramAdapter;
  readonly slack?: SlackAdapter;
  readonly staff?: StaffDesk;
  /** the browser sandbox at /sandbox (DESK_SANDBOX) */
  readonly sandbox?: Sandbox;
  /** What happens in the desk; every subscriber is registered once, in `subscribe` (core/wiring.ts). */
  private readonly events = new DeskEvents();
  /** the reports the desk posts by itself (daily, monthly), when there is a staff side */
  private readonly reportJobs?: ReportJobDeps;
  private kbVersion?: string;
  private kbTimer?: NodeJS.Timeout;
  private telegramInit?: Promise<void>;
  private slackInit?: Promise<void>;
  private stopping = false;
  /** TELEGRAM_PROXY's agent: every Bot API call and file download goes through it */
  private readonly telegramAgent?: Agent;

  private constructor(
    readonly o: DeskOptions,
    readonly store: Store,
    readonly faq: FaqService,
    readonly catalogue: Catalogue,
    readonly clock: Clock,
    readonly log: Logger,
    private readonly ownsStore: boolean,
    /** the Slack adapter's modules, loaded by {@link Desk.create} only when Slack is configured */
    private readonly slackModules?: SlackModules,
  ) {
    const { config } = o;
    const events = this.events;
    if (config.telegram.proxy) this.telegramAgent = proxyAgent(config.telegram.proxy);
    this.http = new HttpServer(log);
    const health = (this.health = new DbHealth({ ping: () => store.ping(), log: log.child({ c: "db" }) }));
    this.scale = new Scale(config, log.child({ c: "scale" }));
    this.inbox = new InboxProcessor({ store, clock, log: log.child({ c: "inbox" }), pollMs: o.inboxPollMs, health });
    this.sender = new OutboxSender({
      store,
      clock,
      health,
      log: log.child({ c: "outbox" }),
      maxAttempts: config.outbox.maxAttempts,
      pollMs: o.outboxPollMs,
      events,
    });
    if (config.scale.metricsToken || config.scale.metricsPort) {
      this.metrics = new DeskMetrics({ store, sender: this.sender, clock, dbDown: () => health.down });
      this.metrics.watch(events);
    }
    const assistant = o.assistant && this.metrics ? this.metrics.countLlm(o.assistant) : (o.assistant ?? null);
    this.surveys = new SurveyService({
      clock,
      remindAfterMs: config.survey.remindAfterMs,
      expireAfterMs: config.survey.expireAfterMs,
      events,
    });
    this.proactive = new ProactiveService({
      clock,
      timeZone: config.timeZone,
      reminders: config.reminders,
      catalogue,
      warrantyMonths: config.warrantyMonths,
      events,
      log: log.child({ c: "reminders" }),
    });
    const appointments = config.appointments.choices
      ? {
          calendar: config.sla.calendar,
          timeZone: config.timeZone,
          slotHours: config.appointments.slotHours,
          count: config.appointments.choices,
          leadMs: DEFAULT_WINDOW_OPTIONS.leadMs,
          cutoffMs: config.appointments.cutoffHours * 3_600_000,
        }
      : undefined;
    this.customers = new CustomerDesk({
      clock,
      timeZone: config.timeZone,
      warrantyMonths: config.warrantyMonths,
      catalogue,
      vipTiers: config.vipTiers,
      faq,
      events,
      log,
      assistant,
      surveys: this.surveys,
      proactive: this.proactive,
      repeatDays: config.repeatDays,
      complaintReplyHours: config.sla.targets.complaintReplyHours,
      majorComplaintReplyHours: config.sla.targets.majorComplaintReplyHours,
      calendar: config.outOfHoursNotice ? config.sla.calendar : undefined,
      appointments,
    });
    this.jobs = new JobRunner({ store, clock, log: log.child({ c: "jobs" }), pollMs: o.jobsPollMs });
    const firstLine = new FirstLineHelp({ faq, assistant, events, clock, log });
    this.jobs.handle(FIRST_LINE_JOB, (job, ctx) => firstLine.run(job, ctx));
    this.sla = new SlaWatch({ sla: config.sla, clock, log: log.child({ c: "sla" }), events });
    this.jobs.handle(SLA_WARN_JOB, (job, ctx) => this.sla.warn(job, ctx));
    this.jobs.handle(SLA_BREACH_JOB, (job, ctx) => this.sla.breach(job, ctx));
    this.jobs.handle(SLA_MORNING_JOB, (job, ctx) => this.sla.morning(job, ctx));
    this.jobs.handle(SURVEY_REMIND_JOB, (job, ctx) => this.surveys.remind(job, ctx));
    this.jobs.handle(SURVEY_EXPIRE_JOB, (job, ctx) => this.surveys.expire(job, ctx));
    this.jobs.handle(REMINDER_SEND_JOB, (job, ctx) => this.proactive.send(job, ctx));
    this.jobs.handle(REMINDER_SCAN_JOB, (job, ctx) => this.proactive.scanJob(job, ctx));
    const telegramPacer = () =>
      this.scale.pacer("telegram", {
        perChatPerSec: config.telegram.perChatPerSec,
        perGroupPerMin: config.telegram.perGroupPerMin,
        globalPerSec: config.telegram.globalPerSec,
      });
    // the sandbox plays the staff side only while Slack is not connected
    const sandboxStaff = config.sandbox.enabled && !config.slack.botToken;
    if (config.telegram.token) {
      this.telegram = new TelegramAdapter({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        webhookUrl: config.telegram.webhookUrl,
        webhookSecret: config.telegram.webhookSecret,
        botInfo: o.telegramBotInfo,
        store,
        customers: this.customers,
        inbox: this.inbox,
        wake: () => this.wake(),
        clock,
        log: log.child({ c: "telegram" }),
        pollTimeout: o.telegramPollTimeout,
        agent: this.telegramAgent,
      });
    }
    if (config.slack.botToken || sandboxStaff) {
      const slackConfig = config.slack;
      this.staff = new StaffDesk({
        clock,
        timeZone: config.timeZone,
        log: log.child({ c: "staff" }),
        channels: sandboxStaff
          ? SANDBOX_CHANNELS
          : {
              triage: slackConfig.triageChannel,
              escalation: slackConfig.escalationChannel,
              complaints: slackConfig.complaintsChannel,
            },
        adminUserIds: sandboxStaff ? [SANDBOX_MANAGER] : slackConfig.adminUserIds,
        staffLang: config.staffLang,
        mention: slackMention,
        appointments,
        channelMention: sandboxStaff ? undefined : slackChannelMention,
        profileNames: !!config.slack.botToken,
        summarizeOnClaim: !!assistant,
        events,
        calendar: config.sla.calendar,
        settlement: config.settlement,
        complaintReplyHours: config.sla.targets.complaintReplyHours,
        repeatDays: config.repeatDays,
        catalogue,
        warrantyMonths: config.warrantyMonths,
        vipTiers: config.vipTiers,
      });
      const staff = this.staff;
      this.jobs.handle(REPORT_CHART_JOB, (job, ctx) =>
        runReportChart(job, ctx, {
          calendar: config.sla.calendar,
          timeZone: config.timeZone,
          now: () => clock.now(),
          log: log.child({ c: "reports" }),
          complaintReplyHours: config.sla.targets.complaintReplyHours,
          repeatDays: config.repeatDays,
        }),
      );
      this.jobs.handle(SUMMARY_JOB, (job, ctx) => runStaffSummary(job, ctx, assistant, staff));
      const channels = sandboxStaff ? SANDBOX_CHANNELS : { triage: slackConfig.triageChannel, complaints: slackConfig.complaintsChannel };
      this.reportJobs = {
        calendar: config.sla.calendar,
        schedule: config.reports,
        defaultDailyChannel: channels.triage ?? null,
        defaultMonthlyChannel: channels.complaints ?? channels.triage ?? null,
        staffLang: config.staffLang,
        poster: outboxPoster(() => clock.now()),
        now: () => clock.now(),
        promiseHours: config.sla.targets.complaintReplyHours,
        repeatDays: config.repeatDays,
        reviewChart: complaintReviewPng,
      };
      for (const [kind, handler] of Object.entries(reportJobHandlers(this.reportJobs))) this.jobs.handle(kind, handler);
      if (config.slack.botToken) this.slack = this.connectSlack(staff);
    }
    if (config.sandbox.enabled) {
      const tg = this.telegram;
      this.sandbox = new Sandbox({
        store,
        inbox: this.inbox,
        customers: this.customers,
        staff: sandboxStaff ? this.staff : undefined,
        clock,
        log: log.child({ c: "sandbox" }),
        wake: () => this.wake(),
        timeZone: config.timeZone,
        staffLang: config.staffLang,
        dataDir: config.dataDir,
        host: config.sandbox.host,
        overdue: (tx) => this.sla.overdue(tx),
        foreignFile: tg
          ? (src) => downloadTelegramFile(tg.bot.api, config.telegram.token!, config.telegram.apiRoot, src.fileId, this.telegramAgent)
          : undefined,
      });
      if (this.sandbox.staffTransport)
        this.sender.register(this.sandbox.staffTransport, createPacer({ perChatPerSec: config.slack.perChannelPerSec }));
      this.sandbox.register(this.http);
    }
    // customers' messages: to Telegram, to the sandbox, or each to the one its chat is on
    // staff files shared in a ticket's Slack thread reach the customer from Slack
    const slackToken = config.slack.botToken;
    const tgTransport = this.telegram
      ? new TelegramTransport(this.telegram.bot.api, {
          fetchFile: async (src) => {
            if (src.platform !== "slack" || !this.slack || !slackToken)
              throw new DeliveryError("PERMANENT", `cannot fetch files from ${src.platform}`);
            return downloadSlackFile(this.slack.client, slackToken, src.fileId);
          },
        })
      : undefined;
    const customerTransport =
      tgTransport && this.sandbox
        ? new RoutedTransport(tgTransport, this.sandbox.customerTransport, isSandboxChat)
        : (tgTransport ?? this.sandbox?.customerTransport);
    if (customerTransport) this.sender.register(customerTransport, telegramPacer());
    // every subscriber, in one place: ticket → deadline → staff card, and the rest
    subscribe(events, { sla: this.sla, surveys: this.surveys, staff: this.staff, proactive: this.proactive });
    this.routes();
  }

  /** The Slack adapter for the staff side, with its outbox transport registered. */
  private connectSlack(staff: StaffDesk): SlackAdapter {
    const { config } = this.o;
    const slackConfig = config.slack;
    const { SlackAdapter, SlackTransport } = this.slackModules!;
    const slack = new SlackAdapter({
      botToken: slackConfig.botToken!,
      signingSecret: slackConfig.signingSecret,
      appToken: slackConfig.appToken,
      apiUrl: slackConfig.apiUrl,
      store: this.store,
      staff,
      inbox: this.inbox,
      wake: () => this.wake(),
      clock: this.clock,
      log: this.log.child({ c: "slack" }),
      timeZone: config.timeZone,
      overdue: (tx) => this.sla.overdue(tx),
    });
    const names = slackNameSource(slack.client);
    this.jobs.handle(STAFF_NAME_JOB, (job, ctx) => refreshStaffName(job, ctx, names, () => this.clock.now()));
    const tg = this.telegram;
    this.sender.register(
      new SlackTransport({
        client: slack.client,
        log: this.log.child({ c: "slack.transport" }),
        tickets: async (id) => {
          const ticket = await this.store.tickets.byId(id);
          return ticket?.slackChannel && ticket.slackTs ? { channel: ticket.slackChannel, ts: ticket.slackTs } : null;
        },
        fetchFile: async (src) => {
          // a sandbox customer's photo (the sandbox beside a real Slack app)
          const own = this.sandbox?.files.read(src.fileId);
          if (own) return { data: own.data, filename: src.fileId };
          if (src.platform !== "telegram" || !tg) throw new DeliveryError("PERMANENT", `cannot fetch files from ${src.platform}`);
          try {
            return await downloadTelegramFile(tg.bot.api, config.telegram.token!, config.telegram.apiRoot, src.fileId, this.telegramAgent);
          } catch (err) {
            if (err instanceof TelegramFileError)
              throw new DeliveryError(err.permanent ? "PERMANENT" : "TEMPORARY", err.message, { cause: err });
            throw err;
          }
        },
      }),
      this.scale.pacer("slack", { perChatPerSec: slackConfig.perChannelPerSec }),
    );
    return slack;
  }

  static async create(o: DeskOptions): Promise<Desk> {
    const log = o.log ?? createLogger(o.config.logLevel);
    const clock = o.clock ?? systemClock;
    const catalogue = o.catalogue ?? catalogueOf(o.config);
    // product names in every text are the catalogue's
    useProductCatalogue(catalogue);
    const store = o.store ?? (await Store.open(dbTarget(o.config)));
    try {
      if ((o.seedKb ?? true) && (await store.kb.count()) === 0 && existsSync(o.config.kbDir)) {
        const r = await importKb(store, o.config.kbDir, { catalogue });
        log.info("kb.seeded", { dir: r.dir, created: r.created, errors: r.errors.length });
        for (const e of r.errors) log.warn("kb.malformed", e);
      }
      const faq = await FaqService.fromStore(store, { catalogue });
      const slackModules = o.config.slack.botToken ? await loadSlackModules() : undefined;
      return new Desk(o, store, faq, catalogue, clock, log, !o.store, slackModules);
    } catch (err) {
      if (!o.store) await store.close();
      throw err;
    }
  }

  /** Starts serving; returns the HTTP port. */
  async start(): Promise<number> {
    const port = await this.http.listen(this.o.config.port, this.bindHost);
    for (const w of this.scale.warnings()) this.log.warn("desk.scale", { hint: w });
    const metrics = this.metrics;
    if (metrics && this.o.config.scale.metricsPort) {
      this.metricsHttp = new HttpServer(this.log).route("GET", METRICS_PATH, (req) => metrics.handle(req));
      await this.metricsHttp.listen(this.o.config.scale.metricsPort);
    }
    this.inbox.start();
    this.sender.start();
    await this.store.tx((s) => this.sla.scheduleMorning(s));
    if (this.reportJobs) await scheduleReportJobs(this.store, this.reportJobs);
    await this.proactive.startUp(this.store);
    this.jobs.start();
    this.kbVersion = await this.store.settings.get<string>("kb.version");
    this.kbTimer = setInterval(() => void this.checkKb(), 15_000);
    this.kbTimer.unref();
    await this.sandbox?.init();
    if (this.telegram) this.telegramInit = this.initTelegram();
    if (this.slack) this.slackInit = this.initSlack();
    return port;
  }

  /**
   * Where the server listens: with the sandbox on and no platform to receive webhooks from,
   * only on DESK_SANDBOX_HOST (loopback by default); otherwise on every interface, and the
   * sandbox's routes refuse requests from other machines themselves.
   */
  get bindHost(): string | undefined {
    const { config } = this.o;
    return config.sandbox.enabled && !config.telegram.token && !config.slack.botToken ? config.sandbox.host : undefined;
  }

  /** A change was committed: deliver and run what it queued now. */
  wake(): void {
    this.sender.poke();
    this.jobs.poke();
  }

  /** Resolves once Slack is initialised (tests). */
  async slackReady(): Promise<void> {
    await this.slackInit;
  }

  private initSlack(): Promise<void> {
    const slack = this.slack!;
    return this.connect(
      "slack",
      () => slack.init(),
      /invalid_auth|not_authed|account_inactive|token_revoked/,
      "Slack refused SLACK_BOT_TOKEN; the desk keeps running without Slack.",
      () => this.log.info("slack.ready", { mode: slack.mode }),
    );
  }

  /**
   * Connects a platform, retrying with backoff while it is unreachable; a refused token is
   * logged once and the desk carries on without that platform.
   */
  private async connect(name: string, init: () => Promise<void>, refused: RegExp, hint: string, ready: () => void): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await init();
        ready();
        return;
      } catch (err) {
        const msg = (err as Error).message;
        if (refused.test(msg)) {
          this.log.error(`${name}.token_refused`, { hint, error: msg });
          return;
        }
        const wait = Math.min(60_000, 2000 * attempt);
        this.log.warn(`${name}.unreachable`, { attempt, retryInMs: wait, error: msg });
        await new Promise((r) => setTimeout(r, wait).unref());
      }
    }
  }

  /** Resolves once Telegram is initialised (tests). */
  async telegramReady(): Promise<void> {
    await this.telegramInit;
  }

  private initTelegram(): Promise<void> {
    const tg = this.telegram!;
    return this.connect(
      "telegram",
      () => tg.init(),
      /401|Unauthorized|404: Not Found/,
      "Telegram refused TELEGRAM_BOT_TOKEN; check it with @BotFather. The desk keeps running without Telegram.",
      () => {
        this.log.info("telegram.ready", { mode: tg.mode, bot: tg.bot.botInfo.username });
        // one process polls at a time (the others send and serve webhooks)
        if (tg.mode === "polling")
          this.scale.pollWhenLeader(
            this.store,
            () => tg.startPolling(),
            () => tg.stop(),
          );
      },
    );
  }

  private async checkKb(): Promise<void> {
    try {
      const v = await this.store.settings.get<string>("kb.version");
      if (v !== this.kbVersion) {
        this.kbVersion = v;
        await this.faq.reload(this.store);
        this.log.info("kb.reloaded", { entries: this.faq.size });
      }
    } catch (err) {
      this.log.warn("kb.reload_failed", { err });
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.kbTimer) clearInterval(this.kbTimer);
    await this.telegram?.stop();
    await this.slack?.stop();
    this.sandbox?.stop();
    await this.http.close();
    await this.metricsHttp?.close();
    await this.inbox.stop();
    await this.jobs.stop();
    await this.sender.stop();
    await this.scale.stop();
    this.health.stop();
    if (this.ownsStore) await this.store.close();
  }

  // ── HTTP routes ─────────────────────────────────────────────────────────────────────────

  private routes(): void {
    this.http.route("GET", "/healthz", () => this.healthz());
    const metrics = this.metrics;
    const metricsToken = this.o.config.scale.metricsToken;
    if (metrics && metricsToken) this.http.route("GET", METRICS_PATH, (req) => metrics.handle(req, metricsToken));
    if (this.telegram) {
      const tg = this.telegram;
      this.http.route(
        "POST",
        "/telegram/webhook",
        async (req) => {
          if (tg.mode !== "webhook") return { status: 404, body: { error: "webhook mode is off (TELEGRAM_WEBHOOK_URL is not set)" } };
          const r = await tg.webhook(req.headers, req.body);
          return { status: r.status, body: r.body, headers: r.headers };
        },
        TELEGRAM_MAX_UPDATE_BYTES,
      );
    }
    if (this.slack) {
      const slack = this.slack;
      this.http.route("POST", SLACK_EVENTS_PATH, (req) => slack.handle(req), SLACK_MAX_REQUEST_BYTES);
    }
    this.http.route("POST", "/admin/faq/import", (req) =>
      this.admin(req, async (body) => {
        const r = await importKb(this.store, String(body.dir), { replace: Boolean(body.replace), catalogue: this.catalogue });
        await this.faq.reload(this.store);
        this.kbVersion = await this.store.settings.get<string>("kb.version");
        return r;
      }),
    );
    this.http.route("POST", REPORT_ADMIN_PATH, (req) =>
      this.admin(req, (body) =>
        reportAdmin(this.store, body, { calendar: this.o.config.sla.calendar, timeZone: this.o.config.timeZone, now: this.clock.now() }),
      ),
    );
    this.http.route("POST", RECORDS_IMPORT_PATH, (req) =>
      this.admin(req, (body) =>
        recordsAdmin(this.store, "import", body, { catalogue: this.catalogue, afterImport: (store) => this.proactive.afterImport(store) }),
      ),
    );
    this.http.route("POST", RECORDS_EXPORT_PATH, (req) =>
      this.admin(req, (body) => recordsAdmin(this.store, "export", body, { catalogue: this.catalogue })),
    );
    // a consistent copy of the embedded database, for `desk backup` (bots/cli/backup.ts)
    this.http.route("POST", BACKUP_ADMIN_PATH, (req) => this.admin(req, async () => Buffer.from(await this.store.backup())));
    this.http.route("POST", "/admin/faq/search", (req) =>
      this.admin(req, async (body) =>
        this.faq.search(String(body.query ?? ""), {
          lang: body.lang as any,
          product: (body.product as string) ?? null,
        }),
      ),
    );
  }

  private async admin(req: HttpRequest, fn: (body: Record<string, unknown>) => Promise<unknown>): Promise<HttpResponse> {
    if (!isLoopback(req.remoteAddress)) return { status: 403, body: { error: "admin API is local only" } };
    const token = this.o.adminToken;
    if (!token || req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: "bad admin token" } };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString("utf8") || "{}");
    } catch {
      return { status: 400, body: { error: "invalid JSON" } };
    }
    return { status: 200, body: (await fn(body)) as object };
  }

  private async healthz(): Promise<HttpResponse> {
    const db = !this.health.down && (await this.store.ping());
    let outbox = null;
    let inbox = null;
    if (db) {
      [outbox, inbox] = await Promise.all([this.store.outbox.stats(this.clock.now()), this.store.inbox.counts()]);
    }
    const redis = this.scale.redisState;
    return {
      status: db ? 200 : 503,
      body: {
        ok: db,
        // degraded: the database is away (webhooks answer 503, polling and sending pause),
        // or Redis is (each process paces on its share of the limits)
        status: db && redis !== "down" ? "ok" : "degraded",
        redis,
        pacing: this.scale.pacing,
        poller: this.telegram?.mode === "polling" ? this.scale.polling : undefined,
        database: { reachable: db, kind: this.store.target.kind },
        outbox,
        inbox,
        kb: { entries: this.faq.size },
        telegram: this.telegram ? { mode: this.telegram.mode, ready: this.telegram.ready } : { connected: false },
        slack: this.slack ? { mode: this.slack.mode, ready: this.slack.ready } : { connected: false },
        sandbox: this.sandbox ? { on: true, staff: !!this.sandbox.staffTransport } : { on: false },
      },
    };
  }
}
