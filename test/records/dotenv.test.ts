/**
 * `.env`: the desk and the CLI read it from the working directory when it exists; variables
 * set in the real environment win. The CLI is run as a user runs it (`node bots/cli/bin.mjs`
 * from a folder holding a `.env`).
 */
import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig, loadDotEnv } from "../../core/config.ts";
import { tempDir, writeTemp } from "../support/records.ts";

const run = promisify(execFile);
const BIN = resolve("bots/cli/bin.mjs");

describe(".env", () => {
  const dir = tempDir("desk-dotenv-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fills in what the environment does not set; the real environment wins", () => {
    writeTemp(dir, ".env", "# settings\nDESK_TIMEZONE=Europe/Berlin\nPORT=4100\nDESK_STAFF_LANG='en'\n");
    const env: Record<string, string | undefined> = { PORT: "5000" };
    expect(loadDotEnv(dir, env)).toBe(join(dir, ".env"));
    expect(env).toEqual({ PORT: "5000", DESK_TIMEZONE: "Europe/Berlin", DESK_STAFF_LANG: "en" });
    expect(loadConfig(env).config).toMatchObject({ port: 5000, timeZone: "Europe/Berlin", staffLang: "en" });
    expect(loadDotEnv(join(dir, "missing"), env)).toBeNull();
  });

  it("the CLI reads .env from its working directory", async () => {
    const data = join(dir, "from-dotenv");
    writeTemp(dir, ".env", `DESK_DATA_DIR=${data}\nLOG_LEVEL=error\n`);
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.DESK_DATA_DIR;
    const { stdout, stderr } = await run(process.execPath, [BIN, "export", "customers", "--lang", "en"], {
      cwd: dir,
      env,
      timeout: 120_000,
    });
    expect(stdout.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("name,phone,address,area,tier");
    expect(stderr).toContain("exported 0 customers");
    // the embedded database was made where .env said
    expect(existsSync(join(data, "pglite"))).toBe(true);
  }, 150_000);
});
