/**
 * Configuration from environment variables, validated at start with one clear line per
 * problem. Nothing here throws: the caller decides what a problem means.
 */
import { parseWarrantyMonths } from "./domain/fee.ts";
import { PRODUCT_CATEGORIES } from "./domain/product.ts";
import { slaFromEnv, type SlaConfig } from "./sla/policy.ts";

export interface DeskConfig {
  port: number;
  timeZone: string;
  dataDir: string;
  databaseUrl?: string;
  kbDir: string;
  warrantyMonths: Record<string, number>;
  telegram: {
    token?: string;
    apiRoot: string;
    webhookUrl?: string;
    webhookSecret?: string;
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
  /** working calendar and service-level targets */
  sla: SlaConfig;
  /** days within which a new ticket for the same customer and product counts as a repeat repair */
  repeatDays: number;
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
}

export interface ConfigResult {
  config: DeskConfig;
  /** Invalid values: the desk should not start with these. One line each. */
  problems: string[];
}

type Env = Record<string, string | undefined>;

function num(env: Env, key: string, def: number, problems: string[], opts: { min?: number; max?: number; int?: boolean } = {}): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === "") return def;
  const n = Number(raw);
  if (
    !Number.isFinite(n) ||
    (opts.int && !Number.isInteger(n)) ||
    (opts.min !== undefined && n < opts.min) ||
    (opts.max !== undefined && n > opts.max)
  ) {
    const range = [opts.min !== undefined ? `≥ ${opts.min}` : "", opts.max !== undefined ? `≤ ${opts.max}` : ""]
      .filter(Boolean)
      .join(" and ");
    problems.push(`${key}="${raw}" is not valid: expected ${opts.int ? "an integer" : "a number"}${range ? " " + range : ""}`);
    return def;
  }
  return n;
}

function str(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

function isUrl(v: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(v).protocol);
  } catch {
    return false;
  }
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
  const timeZone = str(env, "DESK_TIMEZONE") ?? "Asia/Shanghai";
  let zoneOk = true;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    zoneOk = false;
    problems.push(`DESK_TIMEZONE="${timeZone}" is not a known IANA time zone (e.g. Asia/Shanghai)`);
  }
  const databaseUrl = str(env, "DATABASE_URL");
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must be a postgresql://… URL (unset it to use the embedded database in DESK_DATA_DIR)`);
  }
  const apiRoot = str(env, "TELEGRAM_API_ROOT") ?? "https://api.telegram.org";
  if (!isUrl(apiRoot, ["http:", "https:"])) problems.push(`TELEGRAM_API_ROOT="${apiRoot}" is not an http(s) URL`);
  const token = str(env, "TELEGRAM_BOT_TOKEN");
  if (token && !/^\d+:[\w-]{20,}$/.test(token))
    problems.push(`TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC…) from @BotFather`);
  const webhookUrl = str(env, "TELEGRAM_WEBHOOK_URL");
  const webhookSecret = str(env, "TELEGRAM_WEBHOOK_SECRET");
  if (webhookUrl) {
    if (!isUrl(webhookUrl, ["https:", "http:"]))
      problems.push(`TELEGRAM_WEBHOOK_URL="${webhookUrl}" is not a URL (Telegram needs https://…/telegram/webhook)`);
    if (!webhookSecret)
      problems.push(`TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is set (1–256 characters of A–Z, a–z, 0–9, _ and -)`);
  }
  if (webhookSecret && !/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret)) {
    problems.push(`TELEGRAM_WEBHOOK_SECRET may only contain A–Z, a–z, 0–9, _ and - (1–256 characters)`);
  }
  const slackApiUrl = str(env, "SLACK_API_URL") ?? "https://slack.com/api/";
  if (!isUrl(slackApiUrl, ["http:", "https:"])) problems.push(`SLACK_API_URL="${slackApiUrl}" is not an http(s) URL`);
  const slackBotToken = str(env, "SLACK_BOT_TOKEN");
  const slackSigningSecret = str(env, "SLACK_SIGNING_SECRET");
  const slackAppToken = str(env, "SLACK_APP_TOKEN");
  if (slackBotToken && !slackBotToken.startsWith("xoxb-"))
    problems.push(`SLACK_BOT_TOKEN should start with xoxb- (the Bot User OAuth Token)`);
  if (slackAppToken && !slackAppToken.startsWith("xapp-"))
    problems.push(`SLACK_APP_TOKEN should start with xapp- (an app-level token with connections:write)`);
  if (slackBotToken && !slackSigningSecret && !slackAppToken)
    problems.push(`SLACK_SIGNING_SECRET must be set with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)`);
  const { months, problems: wp } = parseWarrantyMonths(str(env, "DESK_WARRANTY_MONTHS"), PRODUCT_CATEGORIES);
  problems.push(...wp);
  const staffLang = str(env, "DESK_STAFF_LANG");
  if (staffLang && staffLang !== "zh-CN" && staffLang !== "en") problems.push(`DESK_STAFF_LANG must be zh-CN or en`);
  if (slackBotToken && !str(env, "SLACK_TRIAGE_CHANNEL"))
    problems.push(`SLACK_TRIAGE_CHANNEL must be set with SLACK_BOT_TOKEN (the channel id new tickets are posted to, e.g. C0123456789)`);
  const openaiBase = str(env, "OPENAI_BASE_URL");
  if (openaiBase && !isUrl(openaiBase, ["http:", "https:"]))
    problems.push(`OPENAI_BASE_URL="${openaiBase}" is not an http(s) URL (e.g. http://localhost:11434/v1 for Ollama)`);
  // (a bad zone is reported once, above)
  const { sla, problems: slaProblems } = slaFromEnv(env, zoneOk ? timeZone : "Asia/Shanghai");
  problems.push(...slaProblems);
  const logLevel = (str(env, "LOG_LEVEL") ?? "info") as DeskConfig["logLevel"];
  if (!["debug", "info", "warn", "error"].includes(logLevel)) problems.push(`LOG_LEVEL must be one of debug, info, warn, error`);

  const config: DeskConfig = {
    port: num(env, "PORT", 3000, problems, { min: 0, max: 65535, int: true }),
    timeZone,
    dataDir: str(env, "DESK_DATA_DIR") ?? "./data",
    databaseUrl,
    kbDir: str(env, "DESK_KB_DIR") ?? "./kb",
    warrantyMonths: months,
    telegram: {
      token,
      apiRoot,
      webhookUrl,
      webhookSecret,
      perChatPerSec: num(env, "TELEGRAM_RATE_PER_CHAT", 1, problems, { min: 0.01, max: 100 }),
      perGroupPerMin: num(env, "TELEGRAM_RATE_PER_GROUP_MIN", 20, problems, { min: 1, max: 10000 }),
      globalPerSec: num(env, "TELEGRAM_RATE_GLOBAL", 30, problems, { min: 0.1, max: 10000 }),
    },
    slack: {
      botToken: slackBotToken,
      signingSecret: slackSigningSecret,
      appToken: slackAppToken,
      apiUrl: slackApiUrl.endsWith("/") ? slackApiUrl : slackApiUrl + "/",
      triageChannel: str(env, "SLACK_TRIAGE_CHANNEL"),
      escalationChannel: str(env, "SLACK_ESCALATION_CHANNEL"),
      complaintsChannel: str(env, "SLACK_COMPLAINTS_CHANNEL"),
      adminUserIds: (str(env, "SLACK_ADMIN_USER_IDS") ?? "").split(/[,\s]+/).filter(Boolean),
      perChannelPerSec: num(env, "SLACK_RATE_PER_CHANNEL", 1, problems, { min: 0.01, max: 100 }),
    },
    outbox: { maxAttempts: num(env, "OUTBOX_MAX_ATTEMPTS", 10, problems, { min: 1, max: 100, int: true }) },
    staffLang: str(env, "DESK_STAFF_LANG") === "en" ? "en" : "zh-CN",
    sla,
    repeatDays: num(env, "DESK_REPEAT_DAYS", 90, problems, { min: 1, max: 3650, int: true }),
    survey: {
      remindAfterMs: num(env, "SURVEY_REMIND_HOURS", 24, problems, { min: 0.01, max: 720 }) * 3600_000,
      expireAfterMs: num(env, "SURVEY_EXPIRE_HOURS", 72, problems, { min: 0.01, max: 2160 }) * 3600_000,
    },
    llm: {
      enabled: !!(str(env, "OPENAI_API_KEY") || str(env, "OPENAI_BASE_URL")),
      apiKey: str(env, "OPENAI_API_KEY"),
      baseUrl: str(env, "OPENAI_BASE_URL"),
      model: str(env, "OPENAI_MODEL") ?? "gpt-4o-mini",
      embeddingModel: str(env, "OPENAI_EMBEDDING_MODEL"),
      timeoutMs: num(env, "OPENAI_TIMEOUT_MS", 15_000, problems, { min: 500, max: 300_000, int: true }),
      perCustomerPerMin: num(env, "LLM_RATE_PER_CUSTOMER", 6, problems, { min: 1, max: 1000, int: true }),
    },
    logLevel: ["debug", "info", "warn", "error"].includes(logLevel) ? logLevel : "info",
  };
  return { config, problems };
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
