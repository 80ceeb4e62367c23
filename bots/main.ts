/**
 * `npm start`: validates the configuration, takes the embedded database's lock, applies
 * migrations, and serves. Problems are reported as one clear line each, never a stack trace.
 */
import { connectionHints, loadConfig, loadDotEnv } from "../core/config.ts";
import { createLogger } from "../core/log.ts";
import { DbError } from "../core/store/index.ts";
import { DataDirLockedError, acquireLock } from "../core/store/lock.ts";
import { Desk } from "./desk.ts";
import { createAssistantFromConfig, safeBaseUrl } from "./llm/openai.ts";
import { safeProxyUrl } from "./telegram/proxy.ts";

function fail(lines: string[]): never {
  for (const l of lines) process.stderr.write(`✖ ${l}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  // settings from ./.env when it exists; the real environment wins
  const envFile = loadDotEnv();
  const { config, problems } = loadConfig(process.env);
  if (problems.length) fail(["The desk cannot start; fix these settings (see README → Configuration):", ...problems]);
  const log = createLogger(config.logLevel);
  // before the lock: a broken prompt file stops the start with one line
  const assistant = createAssistantFromConfig(config, log);

  let lock: ReturnType<typeof acquireLock> | undefined;
  if (!config.databaseUrl) {
    try {
      lock = acquireLock(config.dataDir, "desk");
    } catch (err) {
      if (err instanceof DataDirLockedError) fail([`${err.message}. Stop it first, or set DESK_DATA_DIR to another folder.`]);
      throw err;
    }
  }

  let desk: Desk;
  try {
    desk = await Desk.create({ config, log, adminToken: lock?.info.token, assistant });
  } catch (err) {
    lock?.release();
    if (err instanceof DbError) fail([err.message]);
    throw err;
  }

  let port: number;
  try {
    port = await desk.start();
  } catch (err) {
    await desk.stop().catch(() => {});
    lock?.release();
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE") fail([`Port ${config.port} is already in use; set PORT to a free port.`]);
    throw err;
  }
  lock?.update({ port });

  const where = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded database in ${config.dataDir}`;
  process.stdout.write(
    `售后 Desk is up on http://localhost:${port} (health: /healthz), using the ${where}; KB entries: ${desk.faq.size}.\n`,
  );
  if (desk.telegram)
    process.stdout.write(
      `Telegram: ${desk.telegram.mode} mode${config.telegram.proxy ? `, through the proxy ${safeProxyUrl(config.telegram.proxy)}` : ""}.\n`,
    );
  process.stdout.write(
    assistant
      ? `LLM assistant: on (model ${config.llm.model} at ${safeBaseUrl(config.llm.baseUrl)}).\n`
      : `LLM assistant: off (retrieval-only FAQ answers); set OPENAI_API_KEY or OPENAI_BASE_URL to turn it on (see docs/llm.md).\n`,
  );
  if (envFile) process.stdout.write(`Settings read from ${envFile} (variables set in the environment win).\n`);
  for (const hint of connectionHints(config)) process.stdout.write(`• ${hint}\n`);
  if (desk.sandbox) {
    const host = desk.sandbox.exposed ? config.sandbox.host : "localhost";
    process.stdout.write(
      `\n▶ Sandbox: http://${host.includes(":") ? `[${host}]` : host}:${port}/sandbox — a customer chat and the staff desk in the browser.\n`,
    );
    process.stdout.write(
      desk.sandbox.exposed
        ? `⚠ The sandbox is reachable from other machines (DESK_SANDBOX_HOST=${config.sandbox.host}): anyone who can reach it can act as any staff member. Set DESK_SANDBOX=0 to turn it off.\n`
        : `⚠ Anyone who can reach the sandbox can act as any staff member; it answers this machine only. Set DESK_SANDBOX=0 to turn it off.\n`,
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("desk.stopping", { signal });
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await desk.stop();
    } finally {
      lock?.release();
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  fail([`unexpected error at start-up: ${(err as Error)?.message ?? String(err)}`]);
});
