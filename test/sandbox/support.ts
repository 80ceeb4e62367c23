/**
 * A whole desk with the sandbox on (no platform tokens), on a test database and a fresh data
 * folder, for the sandbox's tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Desk } from "../../bots/desk.ts";
import { loadConfig } from "../../core/config.ts";
import { createLogger, silentLogger } from "../../core/log.ts";
import type { Store } from "../../core/store/index.ts";

export interface SandboxDesk {
  desk: Desk;
  port: number;
  base: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts the desk with `env` on top of fast test pacing; the sandbox is on unless `env` says otherwise. */
export async function startSandboxDesk(store: Store, env: Record<string, string> = {}, start = true): Promise<SandboxDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), "desk-sandbox-"));
  const { config, problems } = loadConfig({
    PORT: "0",
    DESK_DATA_DIR: dataDir,
    DESK_KB_DIR: "./kb",
    // fast pacing keeps tests quick; pacing itself is tested separately
    TELEGRAM_RATE_PER_CHAT: "50",
    TELEGRAM_RATE_GLOBAL: "1000",
    SLACK_RATE_PER_CHANNEL: "100",
    ...env,
  });
  if (problems.length) throw new Error(problems.join("\n"));
  const desk = await Desk.create({
    config,
    store,
    log: process.env.DESK_TEST_LOG ? createLogger("debug") : silentLogger,
    inboxPollMs: 200,
    outboxPollMs: 100,
    jobsPollMs: 100,
    telegramPollTimeout: 1,
  });
  const port = start ? await desk.start() : 0;
  return {
    desk,
    port,
    base: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      await desk.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
