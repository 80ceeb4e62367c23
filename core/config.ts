/**
 * Configuration from environment variables, validated at start by a zod schema with one
 * clear line per problem. Nothing here throws: the caller decides what a problem means.
 *
 * Two schemas: {@link ENV_VARS} reads each variable on its own (a blank value counts as
 * unset; an invalid value is reported and replaced by its default), and {@link REQUIRED_TOGETHER}
 * checks the variables that only make sense together.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";
import { CatalogueError, defaultCatalogue, loadCatalogue, type Catalogue } from "./catalogue/index.ts";
import { parseWarrantyMonths } from "./domain/fee.ts";
import { ReportError } from "./reports/errors.ts";
import { reportScheduleFromEnv, type ReportSchedule } from "./reports/schedule.ts";
import {
  DEFAULT_SETTLEMENT_RATES,
  settlementDefaultsFromEnv,
  settlementRatesFromEnv,
  type SettlementRates,
} from "./reports/settlement-split.ts";
import { slaFromEnv, type SlaConfig } from "./sla/policy.ts";
import { ENV_VARS, HOUR_MS, REQUIRED_TOGETHER, type Env } from "./config-vars.ts";

export { ENV_VARS, REQUIRED_TOGETHER } from "./config-vars.ts";

export interface DeskConfig {
  port: number;
  timeZone: string;
  dataDir: string;
  databaseUrl?: string;
  kbDir: string;
  /** the shop's catalogue file (DESK_CATALOGUE); the shipped one when unset */
  cataloguePath?: string;
  /** warranty months per catalogue category: the catalogue's, overridden by DESK_WARRANTY_MONTHS */
  warrantyMonths: Record<string, number>;
  /** tier names (from the shop's records or staff) that get the VIP dispatch target, lower case */
  vipTiers: string[];
  telegram: {
    token?: string;
    apiRoot: string;
    webhookUrl?: string;
    webhookSecret?: string;
    /** HTTPS or SOCKS proxy for every Bot API call (TELEGRAM_PROXY), where api.telegram.org is blocked */
    proxy?: string;
    /** messages per second to one chat */
    perChatPerSec: number;
    /** messages per minute to one group chat */
    perGroupPerMin: number;
    /** messages per second overall */
    globalPerSec: number;
  };
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    triageChannel?: string;
    escalationChannel?: string;
    complaintsChannel?: string;
    adminUserIds: string[];
    perChannelPerSec: number;
  };
  outbox: { maxAttempts: number };
  /** several desk processes on one database (README "Running several desks") */
  scale: {
    /** REDIS_URL: one rate budget across processes, and the poller's lease */
    redisUrl?: string;
    /** DESK_INSTANCES: how many desk processes to assume at least when Redis is away (each keeps 1/N of every limit) */
    instances: number;
    /** METRICS_TOKEN: GET /metrics on the main port, with `Authorization: Bearer <token>` */
    metricsToken?: string;
    /** METRICS_PORT: GET /metrics on a port of its own (no token) */
    metricsPort?: number;
  };
  /** working calendar and service-level targets */
  sla: SlaConfig;
  /** days within which a new ticket for the same customer and product counts as a repeat repair */
  repeatDays: number;
  /** visit windows offered to the customer on claim (预约): DESK_APPOINTMENT_SLOT_HOURS, DESK_APPOINTMENT_CHOICES (0: none), DESK_RESCHEDULE_CUTOFF_HOURS */
  appointments: { slotHours: number; choices: number; cutoffHours: number };
  /** callback survey: reminder after, and expiry after (ms) */
  survey: { remindAfterMs: number; expireAfterMs: number };
  /** language of staff-facing channel posts in Slack */
  staffLang: "zh-CN" | "en";
  llm: {
    /** on when OPENAI_API_KEY or OPENAI_BASE_URL is set */
    enabled: boolean;
    apiKey?: string;
    baseUrl?: string;
    model: string;
    embeddingModel?: string;
    /** per call */
    timeoutMs: number;
    /** LLM calls per customer per minute */
    perCustomerPerMin: number;
  };
  logLevel: "debug" | "info" | "warn" | "error";
  /** the settlement split (结算): SETTLEMENT_WARRANTY_SPLIT, SETTLEMENT_PAID_ENGINEER, SETTLEMENT_DEFAULT_FEN */
  settlement: {
    rates: SettlementRates;
    /** the warranty settlement fee of a job whose repair card has none: SETTLEMENT_DEFAULT_FEN, else the catalogue's */
    defaultFen: (category: string | null) => number | null;
  };
  /** the reports the desk posts by itself (REPORT_DAILY_AT, REPORT_MONTHLY_AT, …) */
  reports: ReportSchedule;
  /** proactive reminders (事前控制): when they may be sent, and which are on */
  reminders: ReminderConfig;
  /** customers who write outside working hours are told when the team is back (DESK_OUT_OF_HOURS_NOTICE, default on) */
  outOfHoursNotice: boolean;
  /**
   * The browser sandbox (a customer chat and a staff desk at /sandbox): on when no platform
   * token is set, or when DESK_SANDBOX=1; off with DESK_SANDBOX=0.
   */
  sandbox: {
    enabled: boolean;
    /** the address it may be reached on: loopback unless DESK_SANDBOX_HOST says otherwise */
    host: string;
  };
}

/** Proactive reminders: DESK_REMINDER_HOURS, DESK_CONTRACT_NOTICE_DAYS, DESK_NOTIFY_WARRANTY, DESK_CHECKIN_DAYS. */
export interface ReminderConfig {
  /** reminder hours in DESK_TIMEZONE ("HH:MM"): nothing is sent outside them */
  dayStart: string;
  dayEnd: string;
  /** the contract-end notice goes this many days before the end */
  contractNoticeDays: number;
  /** warranty-end notices (off by default), this many days before the end */
  warranty: boolean;
  warrantyNoticeDays: number;
  /** the check-in this many days after a resolved repair; null: off (the default) */
  checkinDays: number | null;
}

export interface ConfigResult {
  config: DeskConfig;
  /** Invalid values: the desk should not start with these. One line each. */
  problems: string[];
}

/** The variables named by `issues`, and one line per distinct problem. */
function problemLines(issues: z.core.$ZodIssue[], env: Env): { names: Set<string>; lines: string[] } {
  const names = new Set<string>();
  const lines: string[] = [];
  for (const issue of issues) {
    const name = String(issue.path[0]);
    names.add(name);
    const line = issue.message.replaceAll("{name}", name).replaceAll("{value}", env[name]?.trim() ?? "");
    if (!lines.includes(line)) lines.push(line);
  }
  return { names, lines };
}

/**
 * Reads and validates the desk's configuration.
 *
 * @example
 * ```ts
 * const { config, problems } = loadConfig(process.env);
 * if (problems.length) { problems.forEach((p) => console.error(p)); process.exit(1); }
 * ```
 */
export function loadConfig(env: Env = process.env): ConfigResult {
  const problems: string[] = [];
  const read = ENV_VARS.safeParse(env);
  let v: z.output<typeof ENV_VARS>;
  if (read.success) v = read.data;
  else {
    const { names, lines } = problemLines(read.error.issues, env);
    problems.push(...lines);
    // each invalid variable falls back to its default (every variable has one, so this parses)
    v = ENV_VARS.parse(Object.fromEntries(Object.entries(env).filter(([k]) => !names.has(k))));
  }
  const together = REQUIRED_TOGETHER.safeParse(env);
  if (!together.success) problems.push(...problemLines(together.error.issues, env).lines);
  // (a bad zone was reported above and replaced by the default)
  const { sla, problems: slaProblems } = slaFromEnv(env, v.DESK_TIMEZONE);
  problems.push(...slaProblems);
  // warranty periods: the catalogue's (a broken catalogue was reported above; the shipped one stands in)
  const catalogue = configuredCatalogue(v.DESK_CATALOGUE);
  const warranty = parseWarrantyMonths(v.DESK_WARRANTY_MONTHS, catalogue);
  problems.push(...warranty.problems);

  const settlement = reportSetting(problems, () => {
    const fromEnv = settlementDefaultsFromEnv(env);
    return {
      rates: settlementRatesFromEnv(env),
      defaultFen: (category: string | null) => fromEnv(category) ?? (category ? (catalogue.warrantyFeeFen(category) ?? null) : null),
    };
  }) ?? { rates: DEFAULT_SETTLEMENT_RATES, defaultFen: () => null };
  const reports = reportSetting(problems, () => reportScheduleFromEnv(env, sla.calendar)) ?? { daily: null, monthly: null };

  const config: DeskConfig = {
    port: v.PORT,
    timeZone: v.DESK_TIMEZONE,
    dataDir: v.DESK_DATA_DIR,
    databaseUrl: v.DATABASE_URL,
    kbDir: v.DESK_KB_DIR,
    cataloguePath: v.DESK_CATALOGUE,
    warrantyMonths: warranty.months,
    vipTiers: v.DESK_VIP_TIERS,
    telegram: {
      token: v.TELEGRAM_BOT_TOKEN,
      apiRoot: v.TELEGRAM_API_ROOT,
      webhookUrl: v.TELEGRAM_WEBHOOK_URL,
      webhookSecret: v.TELEGRAM_WEBHOOK_SECRET,
      proxy: v.TELEGRAM_PROXY,
      perChatPerSec: v.TELEGRAM_RATE_PER_CHAT,
      perGroupPerMin: v.TELEGRAM_RATE_PER_GROUP_MIN,
      globalPerSec: v.TELEGRAM_RATE_GLOBAL,
    },
    slack: {
      botToken: v.SLACK_BOT_TOKEN,
      signingSecret: v.SLACK_SIGNING_SECRET,
      appToken: v.SLACK_APP_TOKEN,
      apiUrl: v.SLACK_API_URL,
      triageChannel: v.SLACK_TRIAGE_CHANNEL,
      escalationChannel: v.SLACK_ESCALATION_CHANNEL,
      complaintsChannel: v.SLACK_COMPLAINTS_CHANNEL,
      adminUserIds: v.SLACK_ADMIN_USER_IDS,
      perChannelPerSec: v.SLACK_RATE_PER_CHANNEL,
    },
    outbox: { maxAttempts: v.OUTBOX_MAX_ATTEMPTS },
    scale: { redisUrl: v.REDIS_URL, instances: v.DESK_INSTANCES, metricsToken: v.METRICS_TOKEN, metricsPort: v.METRICS_PORT },
    staffLang: v.DESK_STAFF_LANG,
    sla,
    repeatDays: v.DESK_REPEAT_DAYS,
    appointments: {
      slotHours: v.DESK_APPOINTMENT_SLOT_HOURS,
      choices: v.DESK_APPOINTMENT_CHOICES,
      cutoffHours: v.DESK_RESCHEDULE_CUTOFF_HOURS,
    },
    survey: { remindAfterMs: v.SURVEY_REMIND_HOURS * HOUR_MS, expireAfterMs: v.SURVEY_EXPIRE_HOURS * HOUR_MS },
    llm: {
      enabled: !!(v.OPENAI_API_KEY || v.OPENAI_BASE_URL),
      apiKey: v.OPENAI_API_KEY,
      baseUrl: v.OPENAI_BASE_URL,
      model: v.OPENAI_MODEL,
      embeddingModel: v.OPENAI_EMBEDDING_MODEL,
      timeoutMs: v.OPENAI_TIMEOUT_MS,
      perCustomerPerMin: v.LLM_RATE_PER_CUSTOMER,
    },
    logLevel: v.LOG_LEVEL,
    outOfHoursNotice: v.DESK_OUT_OF_HOURS_NOTICE,
    sandbox: {
      enabled: v.DESK_SANDBOX ?? (!v.TELEGRAM_BOT_TOKEN && !v.SLACK_BOT_TOKEN),
      host: v.DESK_SANDBOX_HOST.replace(/^\[(.*)\]$/, "$1"),
    },
    settlement,
    reports,
    reminders: {
      ...v.DESK_REMINDER_HOURS,
      contractNoticeDays: v.DESK_CONTRACT_NOTICE_DAYS,
      warranty: v.DESK_NOTIFY_WARRANTY === "1",
      warrantyNoticeDays: v.DESK_WARRANTY_NOTICE_DAYS,
      checkinDays: v.DESK_CHECKIN_DAYS ?? null,
    },
  };
  return { config, problems };
}

/** A report setting read by core/reports; its `REPORT_BAD_CONFIG` becomes a problem line. */
function reportSetting<T>(problems: string[], read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    if (e instanceof ReportError && e.code === "REPORT_BAD_CONFIG") {
      problems.push(e.message);
      return null;
    }
    throw e;
  }
}

/** The catalogue DESK_CATALOGUE names, or the shipped one when unset or unusable. */
function configuredCatalogue(path: string | undefined): Catalogue {
  try {
    return loadCatalogue(path);
  } catch (e) {
    if (e instanceof CatalogueError) return defaultCatalogue();
    throw e;
  }
}

/**
 * The shop's catalogue of a configuration (`DESK_CATALOGUE`, or the shipped one).
 *
 * @example
 * ```ts
 * const catalogue = catalogueOf(config);
 * ```
 */
export function catalogueOf(config: Pick<DeskConfig, "cataloguePath">): Catalogue {
  return configuredCatalogue(config.cataloguePath);
}

/**
 * Loads `.env` from a folder (the working directory by default) into the environment when
 * the file exists, the way Node's `process.loadEnvFile` does: variables already set in the
 * real environment win over the file. Returns the file read, or null.
 *
 * @example
 * ```ts
 * loadDotEnv();                       // before loadConfig(process.env)
 * loadDotEnv("/srv/desk", myEnv);     // another folder, another environment object
 * ```
 */
export function loadDotEnv(dir: string = process.cwd(), env: Env = process.env): string | null {
  const file = join(dir, ".env");
  if (!existsSync(file)) return null;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, "utf8")))) if (env[key] === undefined) env[key] = value;
  return file;
}

/**
 * What is missing to connect each platform, as lines to print at start-up.
 *
 * @example
 * ```ts
 * for (const line of connectionHints(config)) console.log(line);
 * ```
 */
export function connectionHints(c: DeskConfig): string[] {
  const out: string[] = [];
  if (!c.telegram.token) {
    out.push(
      "Telegram is not connected. To connect it, set TELEGRAM_BOT_TOKEN (from @BotFather); optionally TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET for webhook mode (long polling otherwise).",
    );
  }
  if (!c.slack.botToken) {
    out.push(
      "Slack is not connected. To connect it, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) and SLACK_TRIAGE_CHANNEL; see README → Slack.",
    );
  }
  return out;
}
