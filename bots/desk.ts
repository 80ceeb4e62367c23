/**
 * Composition: the store, the core services and the platform adapters, wired together
 * behind one HTTP server. `bots/main.ts` runs it; tests build it with fakes on the other
 * side of the network. The parts are built in bots/desk/ (`compose.ts` and what it calls),
 * the HTTP routes are `routes.ts` there, and connecting the platforms `platforms.ts`; `Desk`
 * holds the parts and starts and stops them.
 */
import { existsSync } from "node:fs";
import type { UserFromGetMe } from "grammy/types";
import { systemClock, type Clock } from "../core/clock.ts";
import { catalogueOf, type DeskConfig } from "../core/config.ts";
import type { Catalogue } from "../core/catalogue/index.ts";
import { useProductCatalogue } from "../core/i18n/products.ts";
import type { CustomerDesk } from "../core/customer/index.ts";
import { importKb } from "../core/faq-import.ts";
import { FaqService } from "../core/faq.ts";
import type { DbHealth } from "../core/db-health.ts";
import type { InboxProcessor } from "../core/inbox/index.ts";
import type { JobRunner } from "../core/jobs/index.ts";
import type { SurveyService } from "../core/customer/survey.ts";
import { createLogger, type Logger } from "../core/log.ts";
import type { OutboxSender } from "../core/outbox/index.ts";
import { Store, type DbTarget } from "../core/store/index.ts";
import type { Scale } from "./scale.ts";
import { type DeskMetrics, METRICS_PATH } from "./metrics.ts";
import { HttpServer } from "./http.ts";
import type { TelegramAdapter } from "./telegram/adapter.ts";
import type { SlackAdapter } from "./slack/app.ts";
import type { StaffDesk } from "../core/staff/index.ts";
import type { Assistant } from "../core/assistant/port.ts";
import type { SlaWatch } from "../core/sla/watch.ts";
import type { ProactiveService } from "../core/proactive/index.ts";
import { scheduleReportJobs, type ReportJobDeps } from "../core/reports/index.ts";
import type { Sandbox } from "./sandbox/index.ts";
import { composeDesk } from "./desk/compose.ts";
import { initSlack, initTelegram, loadSlackModules, type SlackModules } from "./desk/platforms.ts";
import { deskRoutes } from "./desk/routes.ts";

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
  /** the reports the desk posts by itself (daily, monthly), when there is a staff side */
  private readonly reportJobs?: ReportJobDeps;
  private kbVersion?: string;
  private kbTimer?: NodeJS.Timeout;
  private telegramInit?: Promise<void>;
  private slackInit?: Promise<void>;
  private stopping = false;

  private constructor(
    readonly o: DeskOptions,
    readonly store: Store,
    readonly faq: FaqService,
    readonly catalogue: Catalogue,
    readonly clock: Clock,
    readonly log: Logger,
    private readonly ownsStore: boolean,
    /** the Slack adapter's modules, loaded by {@link Desk.create} only when Slack is configured */
    slackModules?: SlackModules,
  ) {
    const parts = composeDesk({ o, store, faq, catalogue, clock, log, wake: () => this.wake() }, slackModules);
    this.http = parts.http;
    this.health = parts.health;
    this.scale = parts.scale;
    this.inbox = parts.inbox;
    this.sender = parts.sender;
    this.metrics = parts.metrics;
    this.surveys = parts.surveys;
    this.proactive = parts.proactive;
    this.customers = parts.customers;
    this.jobs = parts.jobs;
    this.sla = parts.sla;
    this.telegram = parts.telegram;
    this.staff = parts.staff;
    this.reportJobs = parts.reportJobs;
    this.slack = parts.slack;
    this.sandbox = parts.sandbox;
    deskRoutes(this, (version) => (this.kbVersion = version));
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
    const connecting = { log: this.log, stopping: () => this.stopping };
    if (this.telegram) this.telegramInit = initTelegram(this.telegram, { ...connecting, scale: this.scale, store: this.store });
    if (this.slack) this.slackInit = initSlack(this.slack, connecting);
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

  /** Resolves once Telegram is initialised (tests). */
  async telegramReady(): Promise<void> {
    await this.telegramInit;
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
}
