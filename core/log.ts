/**
 * A small leveled logger writing one JSON line per record to stderr (stdout stays free for
 * CLI output).
 *
 * @example
 * ```ts
 * const log = createLogger("info");
 * log.info("outbox.sent", { id: "12", chat: "42" });
 * ```
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  level: LogLevel = "info",
  fields: Record<string, unknown> = {},
  write: (line: string) => void = (l) => process.stderr.write(l + "\n"),
): Logger {
  const min = ORDER[level];
  const emit = (lvl: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    write(
      JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...fields, ...serialize(data) }, (_k, v) =>
        typeof v === "bigint" ? v.toString() : v,
      ),
    );
  };
  return {
    debug: (m, d) => emit("debug", m, d),
    info: (m, d) => emit("info", m, d),
    warn: (m, d) => emit("warn", m, d),
    error: (m, d) => emit("error", m, d),
    child: (f) => createLogger(level, { ...fields, ...f }, write),
  };
}

function serialize(data?: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!data) return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = v instanceof Error ? { name: v.name, message: v.message, code: (v as any).code } : v;
  return out;
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger("error", {}, () => {});
