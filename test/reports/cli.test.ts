/**
 * `npx desk report …` prints exactly what the core computes (the same object Slack renders):
 * on a database filled with the fixture, with no desk running (the CLI opens the database
 * itself) and, for the embedded database, through a running desk's admin API.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CliError, run } from "../../bots/cli/main.ts";
import { REPORT_ADMIN_PATH, reportAdmin } from "../../bots/cli/report.ts";
import { calendarFromEnv } from "../../core/sla/calendar-config.ts";
import { computeEngineerReport } from "../../core/reports/engineer.ts";
import { fromToDates } from "../../core/reports/period.ts";
import { summaryCsv } from "../../core/reports/csv.ts";
import { summaryRows } from "../../core/reports/rows.ts";
import { computeSummary, type Summary } from "../../core/reports/summary.ts";
import { computeSettlement } from "../../core/reports/settlement.ts";
import { settlementDefaultsFromEnv, settlementRatesFromEnv } from "../../core/reports/settlement-split.ts";
import { computeComplaintReview } from "../../core/reports/complaints.ts";
import { Store } from "../../core/store/index.ts";
import { lockPath, readLock } from "../../core/store/lock.ts";
import { describeEachDb } from "../support/db.ts";
import { TZ, seedFixture } from "./fixture.ts";

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(
    argv,
    (s) => void (out += s),
    (s) => void (err += s),
  );
  return { code, out, err };
}

const WEEK = ["--from", "2026-11-02", "--to", "2026-11-08"];

describeEachDb("report CLI", (db) => {
  const saved = { ...process.env };
  let dataDir = "";
  let dbName = "";
  let adminUrl = "";
  let expected: { summary: Summary; csvEn: string; engineer: unknown; settlement: unknown; review: unknown };
  let openStore: () => Promise<Store>;

  beforeAll(async () => {
    for (const k of [
      "DATABASE_URL",
      "DESK_DATA_DIR",
      "DESK_WORK_DAYS",
      "DESK_WORK_HOURS",
      "DESK_HOLIDAYS",
      "DESK_MAKEUP_DAYS",
      "DESK_STAFF_LANG",
    ])
      delete process.env[k];
    process.env.DESK_TIMEZONE = TZ;
    process.env.LOG_LEVEL = "error";
    if (db.name === "pglite") {
      dataDir = mkdtempSync(join(tmpdir(), "desk-report-"));
      process.env.DESK_DATA_DIR = dataDir;
      openStore = () => Store.open({ kind: "pglite", dataDir: `${dataDir}/pglite` });
    } else {
      // a database of its own: the CLI connects with DATABASE_URL (no schema option)
      adminUrl = process.env.TEST_DATABASE_URL!;
      dbName = `desk_report_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${dbName}"`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      process.env.DATABASE_URL = url.toString();
      openStore = () => Store.open({ kind: "postgres", url: url.toString() });
    }
    const store = await openStore();
    try {
      const fx = await seedFixture(store);
      // what Slack would show: the same functions, the same calendar (from the same env)
      const calendar = calendarFromEnv(process.env, TZ);
      const p = fromToDates("2026-11-02", "2026-11-08", TZ);
      expected = {
        summary: await computeSummary(store, { from: p.from, to: p.to, calendar, now: new Date() }),
        csvEn: summaryCsv(await summaryRows(store, { from: p.from, to: p.to, calendar }), "en"),
        engineer: await computeEngineerReport(store, { staffId: fx.staff.E1.id, from: p.from, to: p.to, calendar }),
        settlement: await computeSettlement(store, {
          from: p.from,
          to: p.to,
          timeZone: TZ,
          rates: settlementRatesFromEnv({ SETTLEMENT_WARRANTY_SPLIT: "20/60/20" }),
          defaultSettlementFen: settlementDefaultsFromEnv({ SETTLEMENT_DEFAULT_FEN: "fridge=3001" }),
        }),
        review: await computeComplaintReview(store, { from: p.from, to: p.to, timeZone: TZ }),
      };
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    process.env = saved;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it("prints exactly one JSON object: the Summary computeSummary returns", async () => {
    const r = await cli(["report", "summary", ...WEEK, "--json"]);
    expect(r.code).toBe(0);
    expect(r.out.endsWith("\n")).toBe(true);
    expect(r.out.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(r.out)).toEqual(expected.summary);
    expect(r.out).toBe(JSON.stringify(expected.summary) + "\n");
    // a sanity check that the fixture is really there
    expect(expected.summary.ticketsIn.total).toBe(11);
    if (dataDir) expect(readLock(dataDir)).toBeNull(); // the CLI released the embedded database
  });

  it("takes the period as a word or range too, and prints the CSV and the card text", async () => {
    const csv = await cli(["report", "summary", "2026-11-02..2026-11-08", "--csv", "--lang", "en"]);
    expect(csv.code).toBe(0);
    expect(csv.out).toBe(expected.csvEn);
    const text = await cli(["report", "summary", ...WEEK]);
    expect(text.out).toContain("📊 服务汇总 2026-11-02 – 2026-11-08");
    expect(text.out).toContain("派工准时率: 75.0%（3/4）");
    expect(text.out).toContain("• 张工：完成 3");
  });

  it("prints the technician report of a Slack user", async () => {
    const r = await cli(["report", "engineer", "U0E1", ...WEEK, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(expected.engineer);
    const text = await cli(["report", "engineer", "<@U0E1>", ...WEEK, "--lang", "en"]);
    expect(text.out).toContain("🛠 Technician report · 张工 · 2026-11-02 – 2026-11-08");
    expect(text.out).toContain("Hours: 5.00 h");
  });

  it("prints the settlement, the complaint review and the daily report, and writes chart PNGs", async () => {
    process.env.SETTLEMENT_WARRANTY_SPLIT = "20/60/20";
    process.env.SETTLEMENT_DEFAULT_FEN = "fridge=3001";
    try {
      const json = await cli(["report", "settlement", ...WEEK, "--json"]);
      expect(JSON.parse(json.out)).toEqual(expected.settlement);
      const card = await cli(["report", "settlement", ...WEEK]);
      expect(card.out).toContain("💰 结算 2026-11-02 – 2026-11-08");
      expect(card.out).toContain("门店 20% / 工程师 60% / 服务主管 20%");
      const csv = await cli(["report", "settlement", ...WEEK, "--csv", "--lang", "en"]);
      expect(csv.out.startsWith("\uFEFFengineer,jobs,settled_jobs,")).toBe(true);
      expect(csv.out.trimEnd().split("\r\n").at(-1)).toMatch(/^Total,/);
      const detail = await cli(["report", "settlement", ...WEEK, "--csv", "--detail", "--lang", "en"]);
      // one line per job resolved in the week (T1 T2 T8 T9 T13; not the complaint, not self-service) + the header
      expect(detail.out.trimEnd().split("\r\n")).toHaveLength(1 + 5);
      process.env.SETTLEMENT_PAID_ENGINEER = "150";
      await expect(cli(["report", "settlement", ...WEEK])).rejects.toThrow(/SETTLEMENT_PAID_ENGINEER: "150" is not a percentage/);
    } finally {
      delete process.env.SETTLEMENT_WARRANTY_SPLIT;
      delete process.env.SETTLEMENT_DEFAULT_FEN;
      delete process.env.SETTLEMENT_PAID_ENGINEER;
    }
    const review = await cli(["report", "complaints", ...WEEK, "--json"]);
    expect(JSON.parse(review.out)).toEqual(expected.review);
    const daily = await cli(["report", "daily", "2026-11-02", "--json"]);
    expect(JSON.parse(daily.out)).toMatchObject({ ticketsIn: 2, done: 2, hours: 3.5 });
    const dir = mkdtempSync(join(tmpdir(), "desk-png-"));
    try {
      const r = await cli(["report", "summary", ...WEEK, "--png", join(dir, "s.png"), "--json"]);
      expect(JSON.parse(r.out)).toEqual(expected.summary);
      expect(r.err).toMatch(/wrote .*s\.png \(\d+×\d+ px, \d+ bytes\)/);
      const png = readFileSync(join(dir, "s.png"));
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect(png.readUInt32BE(16)).toBeGreaterThan(1280); // width: 2 × a 640 px panel and more
      expect(png.length).toBeGreaterThan(20_000);
      await cli(["report", "complaints", ...WEEK, "--png", join(dir, "c.png")]);
      expect(readFileSync(join(dir, "c.png")).subarray(1, 4).toString()).toBe("PNG");
      await expect(cli(["report", "summary", ...WEEK, "--png"])).rejects.toThrow(/--png needs a file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("refuses bad periods and unknown staff with the error's code", async () => {
    await expect(cli(["report", "summary", "--from", "2026-11-08", "--to", "2026-11-02", "--json"])).rejects.toThrow(/PERIOD_REVERSED/);
    await expect(cli(["report", "summary", "--from", "2026-11-02", "--json"])).rejects.toThrow(/PERIOD_MISSING/);
    await expect(cli(["report", "summary", "lastweek"])).rejects.toThrow(CliError);
    await expect(cli(["report", "engineer", "U0NOBODY", ...WEEK])).rejects.toThrow(/REPORT_UNKNOWN_STAFF/);
    await expect(cli(["report", "engineer"])).rejects.toThrow(/missing/);
    await expect(cli(["report", "bogus"])).rejects.toThrow(/unknown report/);
    process.env.DESK_WORK_HOURS = "late";
    try {
      await expect(cli(["report", "summary", ...WEEK])).rejects.toThrow(/DESK_WORK_HOURS/);
    } finally {
      delete process.env.DESK_WORK_HOURS;
    }
  });

  if (db.name === "pglite") {
    it("goes through the running desk's admin API while a desk holds the embedded database", async () => {
      // a stand-in for the desk: it holds the database and serves reportAdmin on POST /admin/report
      const store = await openStore();
      const token = randomBytes(8).toString("hex");
      const server: Server = createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", async () => {
          if (req.url !== REPORT_ADMIN_PATH || req.headers.authorization !== `Bearer ${token}`) {
            res.writeHead(404).end("{}");
            return;
          }
          try {
            const answer = await reportAdmin(store, JSON.parse(body), { timeZone: TZ, env: process.env });
            res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
          } catch (err) {
            res.writeHead(400).end(JSON.stringify({ error: (err as Error).message }));
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as { port: number }).port;
      writeFileSync(
        lockPath(dataDir),
        JSON.stringify({ pid: process.pid, owner: "desk", port, token, startedAt: new Date().toISOString() }),
      );
      try {
        const r = await cli(["report", "summary", ...WEEK, "--json"]);
        expect(JSON.parse(r.out)).toEqual(expected.summary);
        const csv = await cli(["report", "summary", ...WEEK, "--csv", "--lang", "en"]);
        expect(csv.out).toBe(expected.csvEn);
        const eng = await cli(["report", "engineer", "U0E1", ...WEEK, "--json"]);
        expect(JSON.parse(eng.out)).toEqual(expected.engineer);
        const rev = await cli(["report", "complaints", ...WEEK, "--json"]);
        expect(JSON.parse(rev.out)).toEqual(expected.review);
        const local = await cli(["report", "settlement", ...WEEK, "--csv", "--detail"]);
        expect(local.out.split("\r\n").length).toBeGreaterThan(3);
        const png = await cli(["report", "summary", ...WEEK, "--png", join(dataDir, "remote.png")]);
        expect(png.err).toMatch(/wrote/);
        await expect(cli(["report", "engineer", "U0NOBODY", ...WEEK])).rejects.toThrow(/REPORT_UNKNOWN_STAFF|refused/);
      } finally {
        rmSync(lockPath(dataDir), { force: true });
        await new Promise((resolve) => server.close(resolve));
        await store.close();
      }
    });
  }
});
