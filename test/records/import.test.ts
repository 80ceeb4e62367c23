/**
 * `npx desk import|export customers|products|contracts` end to end: files in Chinese and
 * English headers, UTF-8 and GB18030, refused rows with line, column and reason, exit codes,
 * idempotent re-imports, dry runs, and exports that import back unchanged, with cells
 * guarded against formulas. On each database, with no desk running (the CLI opens the
 * database itself) and, for the embedded database, through a running desk's admin API.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CliError, run } from "../../bots/cli/main.ts";
import { Desk } from "../../bots/desk.ts";
import { loadConfig } from "../../core/config.ts";
import { silentLogger } from "../../core/log.ts";
import { Store } from "../../core/store/index.ts";
import { lockPath, readLock } from "../../core/store/lock.ts";
import { describeEachDb } from "../support/db.ts";
import { tempDir, toGb18030, writeTemp } from "../support/records.ts";

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

const CUSTOMERS_ZH =
  "\uFEFF姓名,电话,地址,区域,等级\r\n王小明,13800138000,北京市朝阳区建国路1号,市区,VIP\r\n李四,139-0013-9000,河北省三河市燕郊镇,郊区,B\r\n";
const CUSTOMERS_EN =
  "notes,Phone,Name,Area,Address\nnew,13700137000,Alice Smith,city,1 Main Street\n,13800138000,王小明,city,北京市朝阳区建国路1号\n";

describeEachDb("records import and export", (db) => {
  const saved = { ...process.env };
  const dir = tempDir();
  let dataDir = "";
  let dbName = "";
  let adminUrl = "";
  let openStore: () => Promise<Store>;
  const file = (name: string, content: string | Buffer) => writeTemp(dir, name, content);
  const withStore = async <T>(fn: (s: Store) => Promise<T>): Promise<T> => {
    const s = await openStore();
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  };

  beforeAll(async () => {
    for (const k of ["DATABASE_URL", "DESK_DATA_DIR", "DESK_CATALOGUE", "DESK_VIP_TIERS"]) delete process.env[k];
    process.env.DESK_TIMEZONE = "Asia/Shanghai";
    process.env.LOG_LEVEL = "error";
    if (db.name === "pglite") {
      dataDir = join(dir, "data");
      process.env.DESK_DATA_DIR = dataDir;
      openStore = () => Store.open({ kind: "pglite", dataDir: `${dataDir}/pglite` });
    } else {
      adminUrl = process.env.TEST_DATABASE_URL!;
      dbName = `desk_records_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${dbName}"`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      process.env.DATABASE_URL = url.toString();
      openStore = () => Store.open({ kind: "postgres", url: url.toString() });
    }
    // a new database is created and migrated once, before the timed tests
    await withStore(async () => {});
  }, 180_000);

  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it("imports customers with Chinese headers, then the same again changes nothing (exit 0 both times)", async () => {
    const path = file("客户.csv", CUSTOMERS_ZH);
    const first = await cli(["import", "customers", path]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ rows: 2, created: 2, updated: 0, unchanged: 0, refused: 0, encoding: "utf-8" });
    const again = await cli(["import", "customers", path]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const wang = await withStore((s) => s.records.fileByPhone("13800138000"));
    expect(wang).toMatchObject({ name: "王小明", area: "city", tier: "vip", telegramUserId: null, source: "import" });
    expect((await withStore((s) => s.records.fileByPhone("13900139000")))?.tier).toBe("B");
    if (dataDir) expect(readLock(dataDir)).toBeNull();
  });

  it("reads English headers in another order, ignoring unknown columns, and upserts by phone", async () => {
    const r = await cli(["import", "customers", file("customers.csv", CUSTOMERS_EN)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ created: 1, updated: 0, unchanged: 1, ignoredColumns: ["notes"] });
    expect(r.err).toContain("columns ignored: notes");
  });

  it("reads a GB18030 file as Excel in China saves it", async () => {
    const r = await cli([
      "import",
      "customers",
      file("gb.csv", toGb18030("姓名,电话,地址,区域\r\n赵六,13600136000,上海市浦东新区世纪大道100号,市区\r\n")),
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ encoding: "gb18030", created: 1 });
    expect((await withStore((s) => s.records.fileByPhone("13600136000")))?.address).toBe("上海市浦东新区世纪大道100号");
  });

  it("refuses bad rows with line, column and reason, imports the rest, and exits 1", async () => {
    const r = await cli([
      "import",
      "customers",
      file("bad.csv", "姓名,电话,区域\n钱七,13500135000,市区\n孙八,12345,市区\n周九,13400134000,火星\n"),
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('✖ line 3, 电话: "12345" is not a phone number');
    expect(r.err).toContain('✖ line 4, 区域: "火星" is not an area');
    expect(JSON.parse(r.out)).toMatchObject({ rows: 3, created: 1, refused: 2 });
    expect(await withStore((s) => s.records.fileByPhone("13500135000"))).not.toBeNull();
  });

  it("imports products by serial number or phone + category + model, refusing rows of unknown customers", async () => {
    const csv = [
      "电话,品类,型号,序列号,购买日期,安装日期,上次换芯",
      "13800138000,净水器,RO-400,SN001,2025/3/1,2025年3月2日,2026-03-02",
      "13800138000,空调,KFR-35GW,,2024-06-01,,",
      "13900139000,电饭锅,,,2026-01-15,,",
      "13100131000,fridge,BCD-215,,,,",
    ].join("\r\n");
    const path = file("产品.csv", csv);
    const r = await cli(["import", "products", path]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("✖ line 5, 电话/phone: no customer file has the phone 13100131000");
    expect(JSON.parse(r.out)).toMatchObject({ created: 3, refused: 1 });
    const again = await cli(["import", "products", path]);
    expect(JSON.parse(again.out)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    // the same serial number with a new model updates that product
    const moved = await cli([
      "import",
      "products",
      file("p2.csv", "phone,category,model,serial\n13800138000,water purifier,RO-500,SN001\n"),
    ]);
    expect(JSON.parse(moved.out)).toMatchObject({ created: 0, updated: 1 });
    const products = await withStore(async (s) => s.records.productsOf((await s.records.fileByPhone("13800138000"))!.id));
    expect(products.map((p) => [p.category, p.model, p.serialNo])).toEqual([
      ["purifier", "RO-500", "SN001"],
      ["ac", "KFR-35GW", null],
    ]);
    expect(products[0]!.installDate?.toISOString().slice(0, 10)).toBe("2025-03-02");
  });

  it("imports contracts by number; a new end date is a new period", async () => {
    const path = file(
      "合同.csv",
      "合同编号,电话,品类,型号,开始日期,结束日期\nHT-2026-001,13800138000,空调,KFR-35GW,2026-01-01,2026-12-31\n",
    );
    expect(JSON.parse((await cli(["import", "contracts", path])).out)).toMatchObject({ created: 1 });
    expect(JSON.parse((await cli(["import", "contracts", path])).out)).toMatchObject({ unchanged: 1 });
    const renewed = file(
      "c2.csv",
      "contract_no,phone,category,start_date,end_date,model\nHT-2026-001,13800138000,ac,2026-01-01,2027-12-31,KFR-35GW\n",
    );
    expect(JSON.parse((await cli(["import", "contracts", renewed])).out)).toMatchObject({ updated: 1 });
    const contracts = await withStore(async (s) => s.records.contractsOf((await s.records.fileByPhone("13800138000"))!.id));
    expect(contracts).toHaveLength(1);
    expect(contracts[0]).toMatchObject({ number: "HT-2026-001", category: "ac" });
    expect(contracts[0]!.endsOn.toISOString().slice(0, 10)).toBe("2027-12-31");
    expect(contracts[0]!.productId).not.toBeNull();
  });

  it("--dry-run checks and counts but saves nothing", async () => {
    const r = await cli(["import", "customers", file("dry.csv", "姓名,电话\n吴十,13300133000\n"), "--dry-run"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ dryRun: true, created: 1 });
    expect(r.err).toContain("nothing saved");
    expect(await withStore((s) => s.records.fileByPhone("13300133000"))).toBeNull();
  });

  it("usage errors exit 2: unknown kind, missing file, missing required column", async () => {
    await expect(cli(["import", "widgets", "x.csv"])).rejects.toMatchObject({ exitCode: 2 });
    await expect(cli(["import", "customers", join(dir, "nope.csv")])).rejects.toMatchObject({ exitCode: 2 });
    const noPhone = file("nophone.csv", "姓名,地址\n王,北京\n");
    await expect(cli(["import", "customers", noPhone])).rejects.toThrow(CliError);
    await expect(cli(["import", "customers", noPhone])).rejects.toThrow(/电话\/phone/);
    await expect(cli(["export", "customers", "--lang", "fr"])).rejects.toMatchObject({ exitCode: 2 });
  });

  it("exports in the import format with formulas guarded; the export imports back unchanged", async () => {
    await cli(["import", "customers", file("evil.csv", 'name,phone,address\n"=HYPERLINK(""http://x"",""y"")",13200132000,@SUM(1)\n')]);
    const zh = await cli(["export", "customers"]);
    expect(zh.code).toBe(0);
    const lines = zh.out.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("姓名,电话,地址,区域,等级");
    expect(lines).toContain("王小明,13800138000,北京市朝阳区建国路1号,市区,VIP");
    expect(lines).toContain(`"'=HYPERLINK(""http://x"",""y"")",13200132000,'@SUM(1),,`);
    const en = await cli(["export", "products", "--lang", "en", "--out", join(dir, "out.csv")]);
    expect(en.out).toBe("");
    const exported = readFileSync(join(dir, "out.csv"), "utf8");
    expect(exported.split("\r\n")[0]).toBe("\uFEFFphone,category,model,serial,purchase_date,install_date,last_consumable_change");
    expect(exported).toContain("13800138000,Water purifier,RO-500,SN001,2025-03-01,2025-03-02,2026-03-02");
    for (const kind of ["customers", "products", "contracts"]) {
      const out = join(dir, `round-${kind}.csv`);
      await cli(["export", kind, "--out", out]);
      const back = await cli(["import", kind, out]);
      expect(back.code).toBe(0);
      expect(JSON.parse(back.out)).toMatchObject({ created: 0, updated: 0 });
    }
  });

  it("shows a progress bar on stderr for long files (when stderr is a terminal)", async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `客户${i},1370000${String(i).padStart(4, "0")}`);
    const path = file("long.csv", ["姓名,电话", ...rows].join("\n"));
    const tty = process.stderr.isTTY;
    const writes: string[] = [];
    const write = process.stderr.write;
    (process.stderr as { isTTY: boolean }).isTTY = true;
    process.stderr.write = ((s: string) => (writes.push(String(s)), true)) as typeof process.stderr.write;
    try {
      const code = await run(["import", "customers", path], () => {});
      expect(code).toBe(0);
    } finally {
      process.stderr.write = write;
      (process.stderr as { isTTY: boolean | undefined }).isTTY = tty;
    }
    expect(writes.some((w) => /\r\[█+░*\] \d+% 1000\/1200 rows/.test(w))).toBe(true);
    expect(writes.some((w) => w.includes("100% 1200/1200 rows"))).toBe(true);
  });

  if (db.name === "pglite") {
    it("goes through the running desk's admin API while a desk holds the embedded database", async () => {
      const store = await openStore();
      const token = randomBytes(8).toString("hex");
      const { config } = loadConfig({ PORT: "0", DESK_DATA_DIR: dataDir, LOG_LEVEL: "error" });
      const desk = await Desk.create({ config, store, log: silentLogger, adminToken: token, seedKb: false });
      const port = await desk.start();
      writeFileSync(
        lockPath(dataDir),
        JSON.stringify({ pid: process.pid, owner: "desk", port, token, startedAt: new Date().toISOString() }),
      );
      try {
        const r = await cli(["import", "customers", file("remote.csv", "姓名,电话\n郑十一,13000130000\n钱七,13500135000\n")]);
        expect(r.code).toBe(0);
        expect(JSON.parse(r.out)).toMatchObject({ created: 1, unchanged: 1 });
        expect(await store.records.fileByPhone("13000130000")).toMatchObject({ name: "郑十一" });
        const dry = await cli(["import", "customers", file("remote-dry.csv", "姓名,电话\n新人,13000130001\n"), "--dry-run"]);
        expect(JSON.parse(dry.out)).toMatchObject({ created: 1, dryRun: true });
        expect(await store.records.fileByPhone("13000130001")).toBeNull();
        const exported = await cli(["export", "customers", "--lang", "en"]);
        expect(exported.out).toContain("郑十一,13000130000,,,");
      } finally {
        rmSync(lockPath(dataDir), { force: true });
        await desk.stop();
        await store.close();
      }
    });
  }
});
