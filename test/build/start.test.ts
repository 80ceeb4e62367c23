/**
 * The production build: `npm run build` compiles the desk to JavaScript, and the compiled desk
 * starts without tsx, answers /healthz, and serves the CLI through its admin API. Built into
 * a folder of its own (not dist/), so other tests that run the CLI are not disturbed.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/records.ts";

const run = promisify(execFile);
const ROOT = resolve(".");
const OUT = join(ROOT, "test-artifacts", `build-${process.pid}`);

/** Waits (generously: the machine may be loaded) until `check` returns a value. */
async function until<T>(check: () => Promise<T | undefined> | T | undefined, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("production build", () => {
  const data = tempDir("desk-build-");
  let desk: ChildProcess | undefined;
  let stdout = "";
  let stderr = "";

  beforeAll(async () => {
    await run(process.execPath, ["bots/build.mjs", "--outdir", OUT], { cwd: ROOT, timeout: 180_000 });
  }, 200_000);

  afterAll(async () => {
    if (desk && desk.exitCode === null) {
      const exited = new Promise((r) => desk!.once("exit", r));
      desk.kill("SIGTERM");
      await exited;
    }
    rmSync(OUT, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  it("compiles the desk, the CLI and the KB worker to JavaScript", () => {
    for (const f of ["main.js", "cli.js", "kb-build-worker.js", "build-info.json"]) expect(existsSync(join(OUT, f)), f).toBe(true);
    // the compiled code imports no TypeScript file
    const main = readFileSync(join(OUT, "main.js"), "utf8");
    expect(main).not.toMatch(/from\s+["'][^"']+\.ts["']/);
    expect(main).not.toContain("tsx");
  });

  it("starts with plain node, answers /healthz, and the compiled CLI goes through it", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DESK_DATA_DIR: data, PORT: "0", LOG_LEVEL: "warn", DESK_SANDBOX: "0" };
    for (const k of ["DATABASE_URL", "TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL", "NODE_OPTIONS"])
      delete env[k];
    desk = spawn(process.execPath, [join(OUT, "main.js")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    desk.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
    desk.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const port = await until(
      () => {
        if (desk!.exitCode !== null) throw new Error(`the desk exited (${desk!.exitCode}): ${stderr}`);
        const m = /up on http:\/\/localhost:(\d+)/.exec(stdout);
        return m ? Number(m[1]) : undefined;
      },
      180_000,
      "the desk to listen",
    );
    const health = await until(
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        return res?.status === 200
          ? ((await res.json()) as { ok: boolean; database: { kind: string }; kb: { entries: number } })
          : undefined;
      },
      60_000,
      "/healthz",
    );
    expect(health).toMatchObject({ ok: true, database: { reachable: true, kind: "pglite" } });
    expect(health.kb.entries).toBeGreaterThan(0);

    const { stdout: out } = await run(process.execPath, [join(OUT, "cli.js"), "faq", "search", "冰箱不制冷了", "--json"], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    });
    expect(JSON.parse(out)).toMatchObject({ answer: "fridge-not-cooling-zh" });
  }, 300_000);
});
