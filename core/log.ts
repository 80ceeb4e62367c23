/**
 * The desk's leveled logger: one JSON line per record on stderr (stdout stays free for CLI
 * output), written by pino behind the small {@link Logger} interface the rest of the code uses.
 *
 * A record is `{"level":"info","t":"2026-05-01T02:00:00.000Z","msg":"outbox.sent",…fields}`.
 * Every `Error` in the fields is written with its name, message, `code`, stack and the whole
 * `cause` chain. Before anything is written, secrets and personal data are masked:
 * - fields named like a secret (token, secret, password, authorization, apiKey, cookie) or
 *   like personal data (phone, address), at any depth;
 * - in every string, including messages and stacks: Telegram bot tokens, Slack tokens
 *   (`xoxb-`, `xoxp-`, `xapp-`, …), `sk-…` API keys, `Bearer`/`Basic` credentials, and
 *   phone numbers (see {@link redactText}).
 *
 * @example
 * ```ts
 * const log = createLogger("info");
 * log.info("outbox.sent", { id: "12", chat: "42" });
 * log.child({ job: "survey" }).error("jobs.failed", { err });
 * ```
 */
import pino from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** What a masked value is replaced with. */
export const REDACTED = "[redacted]";

/** How deep nested fields are followed; deeper values are written as a placeholder. */
const MAX_DEPTH = 8;
/** How many links of an error's `cause` chain are written. */
const MAX_CAUSES = 8;
/** Keys the record itself uses; a field with one of these names is written as `data.<key>`. */
const RESERVED_KEYS = new Set(["level", "t", "msg"]);

/**
 * Field names whose values are always masked, compared without case, `_` or `-`: a name that
 * is one of these or ends with one (`botToken`, `signingSecret`, `customerPhone`,
 * `x-api-key`) is masked; so is a name that starts with `phone` or `address` (`phoneNumber`).
 */
const SECRET_NAMES = ["token", "secret", "password", "passwd", "authorization", "apikey", "cookie", "phone", "address"];
const PERSONAL_PREFIXES = ["phone", "address"];

/**
 * Patterns masked in every string. Secrets first, then phone numbers; each keeps a short
 * label so a reader still sees what kind of value was there.
 */
const TEXT_PATTERNS: { re: RegExp; replace: string }[] = [
  // Telegram bot token: <bot id>:<35 characters>, also inside https://api.telegram.org/bot<token>/…
  { re: /\d+:[A-Za-z0-9_-]{30,}/g, replace: "[redacted:telegram-token]" },
  // Slack tokens: bot (xoxb-), user (xoxp-), app-level (xapp-), and the older kinds
  { re: /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+/g, replace: "[redacted:slack-token]" },
  // API keys in the sk-… form (OpenAI and compatible providers)
  { re: /\bsk-[A-Za-z0-9_-]{10,}/g, replace: "[redacted:api-key]" },
  // HTTP credentials in a header value or a message
  { re: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, replace: "$1 [redacted]" },
  // phone in international form: + country code, then 6–14 more digits with optional separators
  { re: /\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)/g, replace: "[redacted:phone]" },
  // mainland mobile: 1[3-9]x xxxx xxxx, with optional 86 prefix and separators
  { re: /(?<![\d.])(?:86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\d.])/g, replace: "[redacted:phone]" },
  // landline with an area code: 0xx(x)-xxxxxxx(x), and (xxx) xxx-xxxx
  { re: /(?<![\d.])(?:0\d{2,3}[\s-]\d{7,8}|\(\d{2,4}\)\s?\d{3,4}[\s-]?\d{4})(?![\d.])/g, replace: "[redacted:phone]" },
];

/**
 * Masks secrets and phone numbers in a string (see the module comment for what is masked).
 *
 * @example
 * ```ts
 * redactText("call 138 0013 8000"); // "call [redacted:phone]"
 * ```
 */
export function redactText(text: string): string {
  let out = text;
  for (const { re, replace } of TEXT_PATTERNS) out = out.replace(re, replace);
  return out;
}

function isSecretName(key: string): boolean {
  const k = key.toLowerCase().replace(/[_-]/g, "");
  return SECRET_NAMES.some((name) => k === name || k.endsWith(name)) || PERSONAL_PREFIXES.some((p) => k.startsWith(p));
}

/**
 * Turns a value into plain JSON data with secrets masked and errors spelled out.
 *
 * @example
 * ```ts
 * toLogData({ err: new Error("boom", { cause: dbErr }), token: "x" });
 * // { err: { type: "Error", message: "boom", stack: "…", cause: { … } }, token: "[redacted]" }
 * ```
 */
export function toLogData(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return typeof value === "function" || typeof value === "symbol" ? String(value) : value;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  seen.add(value);
  try {
    if (value instanceof Error) return errorData(value, depth, seen);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
    if (Array.isArray(value)) return value.map((v) => toLogData(v, depth + 1, seen));
    if (value instanceof Map) return toLogData(Object.fromEntries(value), depth, seen);
    if (value instanceof Set) return toLogData([...value], depth, seen);
    if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = isSecretName(k) && v != null && v !== "" ? REDACTED : toLogData(v, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** name, message, code, stack, the error's own fields, and its cause chain. */
function errorData(err: Error, depth: number, seen: WeakSet<object>, causes = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: redactText(err.message) };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = toLogData(code, depth + 1, seen);
  if (err.stack) out.stack = redactText(err.stack);
  // own fields such as `status`, `retryAfterMs` or a driver's `meta`
  for (const [k, v] of Object.entries(err)) {
    if (k === "name" || k === "code" || k === "cause" || k in out || v === err.cause) continue;
    out[k] = isSecretName(k) && v != null && v !== "" ? REDACTED : toLogData(v, depth + 1, seen);
  }
  if (err instanceof AggregateError) out.errors = err.errors.map((e) => toLogData(e, depth + 1, seen));
  const cause = err.cause;
  if (cause === undefined) return out;
  if (!(cause instanceof Error)) out.cause = toLogData(cause, depth + 1, seen);
  else if (seen.has(cause)) out.cause = "[circular]";
  else if (causes + 1 >= MAX_CAUSES) out.cause = "[more causes]";
  else {
    // a cause chain does not count as nesting: each link is written in full
    seen.add(cause);
    out.cause = errorData(cause, depth, seen, causes + 1);
    seen.delete(cause);
  }
  return out;
}

/** Fields of one record: masked, errors spelled out, record keys not overwritten. */
function recordFields(data: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!data) return {};
  const clean = toLogData(data) as Record<string, unknown>;
  for (const key of RESERVED_KEYS) {
    if (key in clean) {
      clean[`data.${key}`] = clean[key];
      delete clean[key];
    }
  }
  return clean;
}

const stderrLine = (line: string) => void process.stderr.write(line + "\n");

/**
 * A logger at `level` with `fields` on every record. `write` receives each record as one JSON
 * line without the newline; by default it goes to stderr.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const log = createLogger("debug", { app: "desk" }, (l) => lines.push(l));
 * log.warn("kb.malformed", { path: "kb/x.md" });
 * JSON.parse(lines[0]); // { level: "warn", t: "…", app: "desk", path: "kb/x.md", msg: "kb.malformed" }
 * ```
 */
export function createLogger(
  level: LogLevel = "info",
  fields: Record<string, unknown> = {},
  write: (line: string) => void = stderrLine,
): Logger {
  const root = pino(
    {
      level,
      base: null,
      messageKey: "msg",
      timestamp: () => `,"t":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // errors are already plain data (see toLogData); pino's own error serializer stays out
      serializers: { err: (v: unknown) => v },
    },
    { write: (chunk: string) => write(chunk.endsWith("\n") ? chunk.slice(0, -1) : chunk) },
  );
  return wrap(root.child(recordFields(fields)));
}

function wrap(p: pino.Logger): Logger {
  const emit = (lvl: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (!p.isLevelEnabled(lvl)) return;
    p[lvl](recordFields(data), redactText(msg));
  };
  return {
    debug: (m, d) => emit("debug", m, d),
    info: (m, d) => emit("info", m, d),
    warn: (m, d) => emit("warn", m, d),
    error: (m, d) => emit("error", m, d),
    child: (f) => wrap(p.child(recordFields(f))),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
