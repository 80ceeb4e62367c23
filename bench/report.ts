/**
 * Report benchmark: a PostgreSQL database of its own filled with 1,000,000 tickets over one
 * year (about 83,000 a month) with their callback surveys, complaint records and repair
 * cards, generated inside PostgreSQL (INSERT … SELECT over generate_series, seeded, so every
 * run makes the same data), then the CLI run as a user runs it — `npx desk report summary
 * --from … --to … --json` with DATABASE_URL — for a month, a quarter and a year, each timed
 * with its peak RSS (GNU time's "Maximum resident set size"). Also the streamed CSV of a
 * month, the year's settlement and a month's complaint review.
 *
 * Targets: each summary under 2 s, the CLI's peak RSS under 200 MB.
 *
 * Run: `npx tsx bench/report.ts [--tickets N] [--refill] [--keep] [--json]`
 * (`TEST_DATABASE_URL`, else `DATABASE_URL`, else postgresql://postgres@127.0.0.1:5432/test
 * is the server; the data goes into the database `desk_bench_report`, which is kept between
 * runs unless `--drop` is given, and refilled when its ticket count differs or with `--refill`).
 *
 * The CLI connects with DATABASE_URL alone, which has no schema option, so the data lives in
 * a database of its own rather than a schema.
 *
 * @example
 * ```sh
 * npx tsx bench/report.ts                 # 1,000,000 tickets; fills once (a few minutes), then times
 * npx tsx bench/report.ts --tickets 100000
 * ```
 */
import { execFile } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { Store } from "../core/store/index.ts";

const { values: args } = parseArgs({
  options: {
    tickets: { type: "string", default: "1000000" },
    refill: { type: "boolean", default: false },
    drop: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    runs: { type: "string", default: "2" },
    "fill-only": { type: "boolean", default: false },
    explain: { type: "boolean", default: false },
  },
});

const N = Number(args.tickets);
const DB = "desk_bench_report";
const ENGINEERS = 200;
const CUSTOMERS = 200_000;
/** The year of data: local days 2025-12-01 .. 2026-11-30 in Asia/Shanghai. */
const YEAR_START = "2025-11-30T16:00:00Z";
const YEAR_DAYS = 365;
const TARGET_MS = 2000;
const TARGET_RSS_MB = 200;

const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${DB}`;
  return u.toString();
})();

const log = (s: string) => process.stderr.write(s + "\n");

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The generator: one statement per table, all random draws from a seeded random(). */
const FILL_SQL = (n: number) => `
SELECT setseed(0.4242);
INSERT INTO "Staff" ("slackUserId", name, role, "updatedAt")
  SELECT 'UENG' || g, '工程师' || g, 'engineer', now() FROM generate_series(1, ${ENGINEERS}) g;
INSERT INTO "Staff" ("slackUserId", name, role, "updatedAt")
  SELECT 'USUP' || g, '主任' || g, CASE WHEN g <= 3 THEN 'manager' ELSE 'supervisor' END, now() FROM generate_series(1, 10) g;
INSERT INTO "Customer" ("telegramUserId", "telegramChatId", "updatedAt")
  SELECT 'b' || g, 'b' || g, now() FROM generate_series(1, ${CUSTOMERS}) g;

CREATE TEMP TABLE gen AS
SELECT g AS id, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6, random() AS r7,
  '${YEAR_START}'::timestamp + (random() * ${YEAR_DAYS} * 86400) * interval '1 second' AS created
FROM generate_series(1, ${n}) g;

INSERT INTO "Ticket" (id, ref, "customerId", kind, category, description, "feeType", status, resolution, lang, area,
  "assigneeId", "claimedAt", "dispatchDueAt", "replyDueAt", "arrivedAt", "slaMet", "firstResponseAt", "resolvedAt", "closedAt",
  "repeatOfId", "parentId", "createdAt", "updatedAt")
SELECT id, id, 1 + (r7 * ${CUSTOMERS - 1})::int, kind, category, 'bench', fee, status, resolution, 'zh-CN', area,
  assignee, first_resp, created + interval '6 hours',
  CASE WHEN kind = 'complaint' THEN created + interval '24 hours' END,
  arrived, CASE WHEN arrived IS NOT NULL THEN arrived <= created + interval '6 hours' END,
  first_resp, resolved, closed,
  CASE WHEN kind <> 'complaint' AND r6 < 0.03 AND id > 5000 THEN id - 1 - (r5 * 4000)::int END,
  CASE WHEN kind = 'complaint' AND id > 5000 THEN id - 1 - (r5 * 4000)::int END,
  created, created
FROM (
  SELECT *,
    CASE WHEN fate = 'cancelled' THEN created + (r4 * 48) * interval '1 hour'
         WHEN resolved IS NOT NULL AND r6 < 0.9 THEN resolved + (1 + r5 * 72) * interval '1 hour' END AS closed,
    CASE WHEN fate IN ('cancelled', 'open') AND r6 < 0.3 THEN 'queued' WHEN fate = 'open' THEN 'claimed'
         WHEN fate = 'cancelled' THEN 'cancelled' WHEN r6 < 0.9 THEN 'closed' WHEN r6 < 0.95 THEN 'resolved' ELSE 'callback_needed' END AS status,
    CASE WHEN fate = 'self' THEN 'self_service' WHEN fate = 'cancelled' THEN 'cancelled' WHEN fate = 'done' AND kind = 'complaint' THEN 'handled'
         WHEN fate = 'done' THEN 'repaired' END AS resolution
  FROM (
    SELECT *,
      CASE WHEN fate IN ('self', 'cancelled') OR (fate = 'open' AND r6 < 0.3) THEN NULL ELSE 1 + (r4 * ${ENGINEERS - 1})::int END AS assignee,
      CASE WHEN fate <> 'self' AND r3 < 0.95 THEN created + (0.1 + r3 * 10) * interval '1 hour' END AS first_resp,
      CASE WHEN fate = 'done' AND kind IN ('repair', 'install', 'maintenance', 'return') AND r5 < 0.9 THEN created + (1 + r5 * 12) * interval '1 hour' END AS arrived,
      CASE WHEN fate = 'self' THEN created + interval '5 minutes' WHEN fate = 'done' THEN created + (0.5 + r4 * 96) * interval '1 hour' END AS resolved
    FROM (
      SELECT *,
        CASE WHEN r1 < 0.55 THEN 'repair' WHEN r1 < 0.70 THEN 'install' WHEN r1 < 0.80 THEN 'maintenance' WHEN r1 < 0.90 THEN 'consult'
             WHEN r1 < 0.94 THEN 'return' ELSE 'complaint' END AS kind,
        (ARRAY['tv','fridge','washer','ac','small','purifier','phone','other'])[1 + floor(r2 * 8)::int] AS category,
        CASE WHEN r3 < 0.55 THEN 'C' WHEN r3 < 0.85 THEN 'A' ELSE 'B' END AS fee,
        CASE WHEN r4 < 0.7 THEN 'city' ELSE 'suburb' END AS area,
        CASE WHEN r2 * 100 - floor(r2 * 100) < 0.05 THEN 'self' WHEN r5 < 0.04 THEN 'cancelled' WHEN r6 < 0.92 THEN 'done' ELSE 'open' END AS fate
      FROM gen
    ) a
  ) b
) c;
SELECT setval(pg_get_serial_sequence('"Ticket"', 'id'), ${n}), setval(pg_get_serial_sequence('"Ticket"', 'ref'), ${n});

INSERT INTO "Survey" ("ticketId", form, status, attitude, skill, arrival, promise, satisfied, outcome, "sentAt", "answeredAt", "expiresAt")
SELECT id, form, st, CASE WHEN st = 'answered' AND form = 'full' THEN 1 + floor(q1 * 4)::int END,
  CASE WHEN st = 'answered' AND form = 'full' THEN 1 + floor(q2 * 4)::int END,
  CASE WHEN st = 'answered' AND form = 'full' THEN 1 + floor(q3 * 4)::int END,
  CASE WHEN st = 'answered' AND form = 'full' THEN 2 + floor(q4 * 3)::int END,
  CASE WHEN st = 'answered' THEN q1 > 0.12 END,
  CASE WHEN st = 'expired' THEN 'no_response' WHEN st = 'pending' THEN NULL
       WHEN q1 <= 0.12 THEN (ARRAY['unsatisfied','attitude','not_fixed_first','repeat_visits','complaint'])[1 + floor(q2 * 5)::int]
       ELSE 'satisfied' END,
  "resolvedAt", CASE WHEN st = 'answered' THEN "resolvedAt" + (q3 * 30) * interval '1 hour' END, "resolvedAt" + interval '72 hours'
FROM (
  SELECT id, "resolvedAt", CASE WHEN resolution = 'self_service' THEN 'self_service' ELSE 'full' END AS form,
    CASE WHEN x < 0.7 THEN 'answered' WHEN x < 0.9 THEN 'expired' ELSE 'pending' END AS st,
    random() AS q1, random() AS q2, random() AS q3, random() AS q4
  FROM (SELECT id, "resolvedAt", resolution, random() AS x FROM "Ticket" WHERE "resolvedAt" IS NOT NULL AND kind <> 'complaint') t
) s;

INSERT INTO "Complaint" ("ticketId", kind, routing, severity, "repliedAt", responsibility, result, reaction, "createdAt", "updatedAt")
SELECT id, k, CASE k WHEN 'product' THEN (ARRAY['quality','logistics'])[1 + floor(q2 * 2)::int] WHEN 'service' THEN 'supervisors' ELSE 'safety' END,
  CASE WHEN q3 < 0.2 THEN 'major' ELSE 'ordinary' END,
  CASE WHEN q4 < 0.95 THEN "createdAt" + (0.5 + q4 * 40) * interval '1 hour' END,
  CASE WHEN "closedAt" IS NOT NULL THEN (ARRAY['工程师','厂家质量','物流破损','客服态度','客户误解','配件延误'])[1 + floor(q2 * 6)::int] END,
  CASE WHEN "closedAt" IS NOT NULL THEN (ARRAY['已上门维修','换新','退款','道歉并回访','补偿'])[1 + floor(q3 * 5)::int] END,
  CASE WHEN "closedAt" IS NOT NULL THEN (ARRAY['满意','基本满意','不满意'])[1 + floor(q1 * 3)::int] END,
  "createdAt", "createdAt"
FROM (SELECT id, "createdAt", "closedAt", (ARRAY['product','service','environment'])[1 + floor(random() * 3)::int] AS k,
        random() AS q1, random() AS q2, random() AS q3, random() AS q4
      FROM "Ticket" WHERE kind = 'complaint') c;

INSERT INTO "RepairRecord" ("ticketId", "workDone", hours, parts, "feeAmount", "feeType", "settlementFen", "recordedBy", "createdAt", "updatedAt")
SELECT id, '维修', round((0.5 + q1 * 5.5)::numeric, 2),
  (ARRAY['[]', '[{"name":"滤芯","qty":1}]', '[{"name":"温控器","qty":1},{"name":"密封圈","qty":2}]', '[{"name":"主板","qty":1}]'])[1 + floor(q2 * 4)::int]::jsonb,
  CASE WHEN "feeType" = 'A' THEN round((50 + q3 * 450)::numeric, 2) ELSE 0 END, "feeType",
  CASE WHEN "feeType" = 'C' AND q4 < 0.6 THEN (ARRAY[3000, 4500, 8000, 12001])[1 + floor(q4 / 0.6 * 4)::int] END,
  'UENG1', "resolvedAt", "resolvedAt"
FROM (SELECT id, "feeType", "resolvedAt", random() AS q1, random() AS q2, random() AS q3, random() AS q4
      FROM "Ticket" WHERE "resolvedAt" IS NOT NULL AND resolution = 'repaired') r;
DROP TABLE gen;
`;

async function fill(): Promise<void> {
  const exists = await admin(async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB])).rowCount);
  if (exists && (args.refill || args.drop)) await admin((c) => c.query(`DROP DATABASE "${DB}" WITH (FORCE)`));
  if (!exists || args.refill || args.drop) await admin((c) => c.query(`CREATE DATABASE "${DB}"`));
  const store = await Store.open({ kind: "postgres", url: dbUrl }); // applies the migrations
  await store.close();
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const have = Number((await c.query(`SELECT count(*) AS n FROM "Ticket"`)).rows[0].n);
    if (have === N) {
      log(`reusing ${DB}: ${have.toLocaleString("en")} tickets already there (--refill to regenerate)`);
      return;
    }
    if (have > 0)
      await c.query(
        `TRUNCATE "Ticket", "Survey", "Complaint", "RepairRecord", "Staff", "Customer", "WorkCalendarDay" RESTART IDENTITY CASCADE`,
      );
    const t0 = performance.now();
    log(`filling ${DB} with ${N.toLocaleString("en")} tickets …`);
    await c.query(FILL_SQL(N));
    await c.query(`VACUUM ANALYZE`);
    const counts = (
      await c.query(
        `SELECT (SELECT count(*) FROM "Ticket") t, (SELECT count(*) FROM "Survey") s, (SELECT count(*) FROM "Complaint") c, (SELECT count(*) FROM "RepairRecord") r`,
      )
    ).rows[0];
    log(`filled in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
  } finally {
    await c.end();
  }
}

interface Run {
  what: string;
  /** the machine's 1-minute load average when the run started (2 cores: above 2 means waiting for a CPU) */
  load: number;
  args: string[];
  wallMs: number;
  rssMb: number;
  outBytes: number;
  code: number;
}

/** Runs `npx desk …` under GNU time; wall time and peak RSS of the largest process of the run. */
function cli(what: string, cliArgs: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const load = loadavg()[0]!;
    const t0 = performance.now();
    const child = execFile(
      "/usr/bin/time",
      ["-v", "npx", "--no-install", "desk", ...cliArgs],
      { env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: "error" }, maxBuffer: 1 << 30, encoding: "buffer" },
      (err, stdout, stderr) => {
        const wallMs = performance.now() - t0;
        const text = stderr.toString("utf8");
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        if (code) log(text.slice(-2000));
        resolve({ what, load, args: cliArgs, wallMs, rssMb: rss ? Number(rss[1]) / 1024 : NaN, outBytes: stdout.length, code });
      },
    );
    child.stdin?.end();
  });
}

function availableCores(): number {
  return availableParallelism();
}

/** PostgreSQL's own execution time of each summary query for the year (EXPLAIN ANALYZE), with the report settings. */
async function explain(): Promise<void> {
  const sql = await import("../core/store/report-sql.ts");
  const { calendarArrays } = await import("../core/store/work-calendar.ts");
  const { WorkingCalendar } = await import("../core/sla/calendar.ts");
  const { REPORT_SESSION_SQL } = await import("../core/store/reports.ts");
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    for (const [label, from] of [
      ["month", "2026-10-31T16:00:00Z"],
      ["year", "2025-11-30T16:00:00Z"],
    ] as const) {
      const p = [from, "2026-11-30T16:00:00Z"];
      const cal = calendarArrays(new WorkingCalendar(), new Date(Date.parse(from) - 92 * 86_400_000), new Date());
      const queries: [string, string, unknown[]][] = [
        ["dims", sql.DIMS_SQL, p],
        ["jobs", sql.jobsSql(false), p],
        ["surveys", sql.surveysSql(false), p],
        ["durations", sql.durationsSql(cal), [...p, cal.cum, cal.start, cal.len]],
        ["complaints", sql.COMPLAINTS_SQL, [...p, p[1]]],
      ];
      for (const [name, text, params] of queries) {
        await c.query(`BEGIN; ${REPORT_SESSION_SQL}`);
        const r = await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params);
        await c.query("COMMIT");
        log(
          `explain ${label} ${name}: ${r.rows[0]["QUERY PLAN"][0]["Execution Time"].toFixed(0)} ms in PostgreSQL (load ${loadavg()[0]!.toFixed(1)})`,
        );
      }
    }
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  await fill();
  if (args["fill-only"]) return;
  if (args.explain) await explain();
  const runs = Number(args.runs);
  const plan: [string, string[]][] = [
    ["summary month (2026-11)", ["report", "summary", "--from", "2026-11-01", "--to", "2026-11-30", "--json"]],
    ["summary quarter (2026-09..11)", ["report", "summary", "--from", "2026-09-01", "--to", "2026-11-30", "--json"]],
    ["summary year (2025-12..2026-11)", ["report", "summary", "--from", "2025-12-01", "--to", "2026-11-30", "--json"]],
    ["summary CSV month, streamed", ["report", "summary", "--from", "2026-11-01", "--to", "2026-11-30", "--csv"]],
    ["settlement year", ["report", "settlement", "--from", "2025-12-01", "--to", "2026-11-30", "--json"]],
    ["complaint review month", ["report", "complaints", "--from", "2026-11-01", "--to", "2026-11-30", "--json"]],
  ];
  const results: Run[] = [];
  for (const [what, a] of plan) {
    for (let i = 0; i < runs; i++) {
      const r = await cli(`${what}${runs > 1 ? ` #${i + 1}` : ""}`, a);
      results.push(r);
      log(
        `${r.what}: ${r.wallMs.toFixed(0)} ms, peak RSS ${r.rssMb.toFixed(0)} MB, ${r.outBytes} bytes out${r.code ? `, EXIT ${r.code}` : ""}`,
      );
    }
  }
  if (args.json) {
    process.stdout.write(JSON.stringify({ tickets: N, database: DB, results }) + "\n");
  } else {
    const pad = (s: string, n: number) => s.padEnd(n);
    process.stdout.write(`\n${N.toLocaleString("en")} tickets in PostgreSQL (${DB}); each run is a fresh \`npx desk …\` process\n\n`);
    process.stdout.write(
      `${pad("run", 40)} ${"wall ms".padStart(8)} ${"peak RSS MB".padStart(12)} ${"out bytes".padStart(11)} ${"load".padStart(5)}  target\n`,
    );
    for (const r of results) {
      const isSummary = r.what.startsWith("summary") && !r.what.includes("CSV");
      const ok = r.code === 0 && (!isSummary || r.wallMs < TARGET_MS) && r.rssMb < TARGET_RSS_MB;
      process.stdout.write(
        `${pad(r.what, 40)} ${r.wallMs.toFixed(0).padStart(8)} ${r.rssMb.toFixed(0).padStart(12)} ${String(r.outBytes).padStart(11)} ${r.load.toFixed(1).padStart(5)}  ${ok ? "ok" : "MISSED"}\n`,
      );
    }
    process.stdout.write(
      `\ntargets: summaries < ${TARGET_MS} ms wall; every run's peak RSS < ${TARGET_RSS_MB} MB; load = 1-min load average at the start (${availableCores()} cores)\n`,
    );
  }
  if (args.drop) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`));
}

await main();
