/**
 * Every environment variable the desk reads, as zod schemas: {@link ENV_VARS} reads each on its
 * own (blank counts as unset; an invalid value is reported and replaced by its default) and
 * {@link REQUIRED_TOGETHER} checks the ones that only make sense together. The loader and the
 * resulting {@link DeskConfig} are in config.ts.
 */
import { z } from "zod";
import { CatalogueError, loadCatalogue } from "./catalogue/index.ts";
import { parseHours } from "./sla/calendar.ts";

export type Env = Record<string, string | undefined>;

/*
 * A problem's line may contain {name} and {value}: they are filled in with the variable's
 * name and its (trimmed) value, so one rule can serve several variables.
 */

/** A variable's text, trimmed; blank counts as unset. */
const text = z
  .string()
  .optional()
  .transform((v) => v?.trim() || undefined);

/** A number from `min` to `max` (an integer when `int`), `def` when unset. */
function numberVar(def: number, range: { min: number; max: number; int?: boolean }) {
  const problem = `{name}="{value}" is not valid: expected ${range.int ? "an integer" : "a number"} ≥ ${range.min} and ≤ ${range.max}`;
  let n = z.coerce.number<string>({ error: problem }).min(range.min, { error: problem }).max(range.max, { error: problem });
  if (range.int) n = n.int({ error: problem });
  return text.pipe(n.default(def));
}

/** An http:// or https:// URL. */
const httpUrl = (problem: string) => z.url({ protocol: /^https?$/, error: problem });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
const STAFF_LANGS = ["zh-CN", "en"] as const;
export const HOUR_MS = 3_600_000;
/** Tier names that mean VIP when DESK_VIP_TIERS is unset. */
const DEFAULT_VIP_TIERS = "VIP,SVIP,贵宾";

/** Every variable the desk reads (besides the SLA_* ones, see {@link slaFromEnv}), each on its own. */
export const ENV_VARS = z.object({
  PORT: numberVar(3000, { min: 0, max: 65535, int: true }),
  DESK_TIMEZONE: text.pipe(
    z
      .string()
      .refine(isTimeZone, { error: `DESK_TIMEZONE="{value}" is not a known IANA time zone (e.g. Asia/Shanghai)` })
      .default("Asia/Shanghai"),
  ),
  DESK_DATA_DIR: text.pipe(z.string().default("./data")),
  DATABASE_URL: text.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, {
        error: `DATABASE_URL must be a postgresql://… URL (unset it to use the embedded database in DESK_DATA_DIR)`,
      })
      .optional(),
  ),
  DESK_KB_DIR: text.pipe(z.string().default("./kb")),
  DESK_CATALOGUE: text.transform((path, ctx) => {
    if (!path) return undefined;
    try {
      loadCatalogue(path);
    } catch (e) {
      if (!(e instanceof CatalogueError)) throw e;
      ctx.addIssue({ code: "custom", message: `DESK_CATALOGUE: ${e.message}`, input: path });
    }
    return path;
  }),
  /** read against the catalogue in {@link loadConfig} (its categories and groups) */
  DESK_WARRANTY_MONTHS: text,
  DESK_VIP_TIERS: text.transform((list) =>
    (list ?? DEFAULT_VIP_TIERS)
      .split(/[,，;\s]+/)
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  ),
  TELEGRAM_BOT_TOKEN: text.pipe(
    z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, { error: `TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC…) from @BotFather` })
      .optional(),
  ),
  TELEGRAM_API_ROOT: text.pipe(httpUrl(`TELEGRAM_API_ROOT="{value}" is not an http(s) URL`).default("https://api.telegram.org")),
  TELEGRAM_WEBHOOK_URL: text.pipe(
    httpUrl(`TELEGRAM_WEBHOOK_URL="{value}" is not a URL (Telegram needs https://…/telegram/webhook)`).optional(),
  ),
  TELEGRAM_WEBHOOK_SECRET: text.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: `TELEGRAM_WEBHOOK_SECRET may only contain A–Z, a–z, 0–9, _ and - (1–256 characters)` })
      .optional(),
  ),
  TELEGRAM_PROXY: text.pipe(
    z
      .url({
        protocol: /^(https?|socks[45]?a?h?)$/,
        error: `TELEGRAM_PROXY must be a proxy URL: http://host:port, https://host:port or socks5://[user:pass@]host:port`,
      })
      .optional(),
  ),
  TELEGRAM_RATE_PER_CHAT: numberVar(1, { min: 0.01, max: 100 }),
  TELEGRAM_RATE_PER_GROUP_MIN: numberVar(20, { min: 1, max: 10000 }),
  TELEGRAM_RATE_GLOBAL: numberVar(30, { min: 0.1, max: 10000 }),
  SLACK_BOT_TOKEN: text.pipe(
    z.string().startsWith("xoxb-", { error: `SLACK_BOT_TOKEN should start with xoxb- (the Bot User OAuth Token)` }).optional(),
  ),
  SLACK_SIGNING_SECRET: text,
  SLACK_APP_TOKEN: text.pipe(
    z
      .string()
      .startsWith("xapp-", { error: `SLACK_APP_TOKEN should start with xapp- (an app-level token with connections:write)` })
      .optional(),
  ),
  SLACK_API_URL: text.pipe(
    httpUrl(`SLACK_API_URL="{value}" is not an http(s) URL`)
      .default("https://slack.com/api/")
      .transform((u) => (u.endsWith("/") ? u : u + "/")),
  ),
  SLACK_TRIAGE_CHANNEL: text,
  SLACK_ESCALATION_CHANNEL: text,
  SLACK_COMPLAINTS_CHANNEL: text,
  SLACK_ADMIN_USER_IDS: text.transform((ids) => (ids ?? "").split(/[,\s]+/).filter(Boolean)),
  SLACK_RATE_PER_CHANNEL: numberVar(1, { min: 0.01, max: 100 }),
  OUTBOX_MAX_ATTEMPTS: numberVar(10, { min: 1, max: 100, int: true }),
  REDIS_URL: text.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, { error: `REDIS_URL="{value}" must be a redis://… or rediss://… URL` })
      .optional(),
  ),
  DESK_INSTANCES: numberVar(1, { min: 1, max: 64, int: true }),
  METRICS_TOKEN: text.pipe(z.string().min(16, { error: "METRICS_TOKEN must be at least 16 characters" }).optional()),
  METRICS_PORT: text.pipe(
    z.coerce.number<string>({ error: `METRICS_PORT="{value}" is not a port (1–65535)` }).int().min(1).max(65535).optional(),
  ),
  DESK_STAFF_LANG: text.pipe(z.enum(STAFF_LANGS, { error: `DESK_STAFF_LANG must be zh-CN or en` }).default("zh-CN")),
  DESK_APPOINTMENT_SLOT_HOURS: numberVar(2, { min: 0.5, max: 12 }),
  DESK_APPOINTMENT_CHOICES: numberVar(4, { min: 0, max: 8, int: true }),
  DESK_RESCHEDULE_CUTOFF_HOURS: numberVar(2, { min: 0, max: 72 }),
  DESK_REPEAT_DAYS: numberVar(90, { min: 1, max: 3650, int: true }),
  SURVEY_REMIND_HOURS: numberVar(24, { min: 0.01, max: 720 }),
  SURVEY_EXPIRE_HOURS: numberVar(72, { min: 0.01, max: 2160 }),
  OPENAI_API_KEY: text,
  OPENAI_BASE_URL: text.pipe(
    httpUrl(`OPENAI_BASE_URL="{value}" is not an http(s) URL (e.g. http://localhost:11434/v1 for Ollama)`).optional(),
  ),
  OPENAI_MODEL: text.pipe(z.string().default("gpt-4o-mini")),
  OPENAI_EMBEDDING_MODEL: text,
  OPENAI_TIMEOUT_MS: numberVar(15_000, { min: 500, max: 300_000, int: true }),
  LLM_RATE_PER_CUSTOMER: numberVar(6, { min: 1, max: 1000, int: true }),
  DESK_SANDBOX: text.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const t = v.toLowerCase();
    if (["1", "true", "yes", "on"].includes(t)) return true;
    if (["0", "false", "no", "off"].includes(t)) return false;
    ctx.addIssue({
      code: "custom",
      message: `DESK_SANDBOX="{value}" must be 1 (on) or 0 (off); unset, it is on when no platform token is set`,
      input: v,
    });
    return undefined;
  }),
  DESK_OUT_OF_HOURS_NOTICE: text.transform((v, ctx) => {
    if (v === undefined) return true;
    const t = v.toLowerCase();
    if (["1", "true", "yes", "on"].includes(t)) return true;
    if (["0", "false", "no", "off"].includes(t)) return false;
    ctx.addIssue({ code: "custom", message: `DESK_OUT_OF_HOURS_NOTICE="{value}" must be 1 (on, the default) or 0 (off)`, input: v });
    return true;
  }),
  DESK_SANDBOX_HOST: text.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9.:_-]+$|^\[[0-9A-Fa-f:.]+\]$/, {
        error: `DESK_SANDBOX_HOST="{value}" is not a host name or IP address (e.g. 127.0.0.1)`,
      })
      .default("127.0.0.1"),
  ),
  DESK_REMINDER_HOURS: text.transform((spec, ctx) => {
    try {
      return parseHours(spec ?? "09:00-20:00");
    } catch (e) {
      ctx.addIssue({ code: "custom", message: `DESK_REMINDER_HOURS="{value}": ${(e as Error).message}`, input: spec });
      return parseHours("09:00-20:00");
    }
  }),
  DESK_CONTRACT_NOTICE_DAYS: numberVar(30, { min: 1, max: 365, int: true }),
  DESK_NOTIFY_WARRANTY: text.pipe(z.enum(["0", "1"], { error: `DESK_NOTIFY_WARRANTY must be 1 (on) or 0 (off)` }).default("0")),
  DESK_WARRANTY_NOTICE_DAYS: numberVar(30, { min: 1, max: 365, int: true }),
  DESK_CHECKIN_DAYS: text.pipe(
    z.coerce
      .number<string>({ error: `DESK_CHECKIN_DAYS="{value}" must be a whole number of days from 1 to 365 (unset: no check-in)` })
      .int({ error: `DESK_CHECKIN_DAYS="{value}" must be a whole number of days from 1 to 365 (unset: no check-in)` })
      .min(1, { error: `DESK_CHECKIN_DAYS="{value}" must be a whole number of days from 1 to 365 (unset: no check-in)` })
      .max(365, { error: `DESK_CHECKIN_DAYS="{value}" must be a whole number of days from 1 to 365 (unset: no check-in)` })
      .optional(),
  ),
  LOG_LEVEL: text.pipe(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` }).default("info")),
});

/**
 * Variables that need another one: checked on what is set, even when a value is itself
 * invalid (that is reported on its own), so one start shows every missing setting.
 */
export const REQUIRED_TOGETHER = z
  .object({
    TELEGRAM_WEBHOOK_URL: text,
    TELEGRAM_WEBHOOK_SECRET: text,
    SLACK_BOT_TOKEN: text,
    SLACK_SIGNING_SECRET: text,
    SLACK_APP_TOKEN: text,
    SLACK_TRIAGE_CHANNEL: text,
  })
  .refine((v) => !v.TELEGRAM_WEBHOOK_URL || v.TELEGRAM_WEBHOOK_SECRET, {
    path: ["TELEGRAM_WEBHOOK_SECRET"],
    error: `TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is set (1–256 characters of A–Z, a–z, 0–9, _ and -)`,
  })
  .refine((v) => !v.SLACK_BOT_TOKEN || v.SLACK_SIGNING_SECRET || v.SLACK_APP_TOKEN, {
    path: ["SLACK_SIGNING_SECRET"],
    error: `SLACK_SIGNING_SECRET must be set with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)`,
  })
  .refine((v) => !v.SLACK_BOT_TOKEN || v.SLACK_TRIAGE_CHANNEL, {
    path: ["SLACK_TRIAGE_CHANNEL"],
    error: `SLACK_TRIAGE_CHANNEL must be set with SLACK_BOT_TOKEN (the channel id new tickets are posted to, e.g. C0123456789)`,
  });
