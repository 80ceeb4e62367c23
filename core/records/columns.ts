/**
 * The three record files a shop brings (customers, products, contracts): their columns,
 * named in Chinese or English (in any order; other columns are ignored), and how one row is
 * read into a record, with a reason per refused cell. Pure: no database.
 */
import type { Catalogue } from "../catalogue/index.ts";
import { normalizePhone, normalizeTier } from "../domain/customer.ts";
import { normalizeText } from "../text/normalize.ts";
import { unguardCell, type CsvRecord } from "./csv.ts";

export const RECORD_KINDS = ["customers", "products", "contracts"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type ColumnLang = "zh" | "en";

/** One column: its key, its name in each language (used by export), and the names accepted on import. */
interface Column {
  key: string;
  zh: string;
  en: string;
  aliases: string[];
  required?: boolean;
}

/** The longest name, address, model, serial number and tier kept. */
export const RECORD_LIMITS = { name: 50, address: 200, model: 60, serial: 60, tier: 20, contractNo: 60 } as const;

const PHONE: Column = {
  key: "phone",
  zh: "电话",
  en: "phone",
  aliases: ["手机", "手机号", "手机号码", "联系电话", "电话号码", "mobile", "tel", "telephone", "phone number", "phone no"],
  required: true,
};
const CATEGORY: Column = {
  key: "category",
  zh: "品类",
  en: "category",
  aliases: ["产品", "产品类别", "产品品类", "类别", "品种", "product", "product type", "type"],
  required: true,
};
const MODEL: Column = { key: "model", zh: "型号", en: "model", aliases: ["产品型号", "机型", "model no", "model number"] };

/** The columns of each file, in export order. */
export const COLUMNS: Record<RecordKind, readonly Column[]> = {
  customers: [
    { key: "name", zh: "姓名", en: "name", aliases: ["名字", "客户", "客户姓名", "客户名称", "customer", "customer name", "full name"] },
    PHONE,
    { key: "address", zh: "地址", en: "address", aliases: ["住址", "服务地址", "安装地址", "联系地址"] },
    { key: "area", zh: "区域", en: "area", aliases: ["地区", "片区", "市区/郊区", "zone", "region"] },
    { key: "tier", zh: "等级", en: "tier", aliases: ["客户等级", "级别", "会员等级", "level", "grade", "class"] },
  ],
  products: [
    PHONE,
    CATEGORY,
    MODEL,
    { key: "serial", zh: "序列号", en: "serial", aliases: ["机身号", "机身编码", "sn", "s/n", "serial no", "serial number"] },
    { key: "purchase_date", zh: "购买日期", en: "purchase_date", aliases: ["购机日期", "购买时间", "购买日", "purchased", "purchase"] },
    { key: "install_date", zh: "安装日期", en: "install_date", aliases: ["安装时间", "installed", "installation date"] },
    {
      key: "last_consumable_change",
      zh: "上次换芯",
      en: "last_consumable_change",
      aliases: ["上次换芯日期", "换芯日期", "上次更换", "上次更换耗材", "last filter change", "last replaced"],
    },
  ],
  contracts: [
    {
      key: "contract_no",
      zh: "合同编号",
      en: "contract_no",
      aliases: ["合同号", "合同", "contract", "contract number", "contract id"],
      required: true,
    },
    PHONE,
    CATEGORY,
    MODEL,
    {
      key: "start_date",
      zh: "开始日期",
      en: "start_date",
      aliases: ["起始日期", "生效日期", "开始", "start", "starts", "valid from"],
      required: true,
    },
    {
      key: "end_date",
      zh: "结束日期",
      en: "end_date",
      aliases: ["到期日期", "截止日期", "终止日期", "结束", "end", "ends", "expiry", "expires", "valid to"],
      required: true,
    },
  ],
};

/** A column name as compared: NFKC, lower case, without spaces, `_`, `-`, `*` or a trailing "(…)". */
function headerKey(name: string): string {
  return normalizeText(unguardCell(name))
    .replace(/[(（][^)）]*[)）]\s*$/, "")
    .replace(/[\s_\-*·.]+/g, "");
}

/** How the header of a file maps to the columns, and what it lacks or does not know. */
export interface HeaderMap {
  /** column key → cell index */
  index: Record<string, number>;
  /** columns of the file the desk does not know (ignored) */
  ignored: string[];
  /** required columns the file lacks, by their names in both languages */
  missing: string[];
}

/**
 * Reads a header line: every known column by any of its names in either language.
 *
 * @example
 * ```ts
 * mapHeader("customers", ["Phone", "备注", "姓名"]); // { index: { phone: 0, name: 2 }, ignored: ["备注"], missing: [] }
 * ```
 */
export function mapHeader(kind: RecordKind, header: readonly string[]): HeaderMap {
  const index: Record<string, number> = {};
  const ignored: string[] = [];
  const names = new Map<string, string>();
  for (const c of COLUMNS[kind]) for (const n of [c.key, c.zh, c.en, ...c.aliases]) names.set(headerKey(n), c.key);
  header.forEach((raw, i) => {
    const key = names.get(headerKey(raw));
    if (key && index[key] === undefined) index[key] = i;
    else if (raw.trim()) ignored.push(raw.trim());
  });
  const missing = COLUMNS[kind].filter((c) => c.required && index[c.key] === undefined).map((c) => `${c.zh}/${c.en}`);
  return { index, ignored, missing };
}

/** One refused cell (or row): the file's line, the column as the file names it, and why. */
export interface RowError {
  line: number;
  column: string;
  reason: string;
}

/** `YYYY-MM-DD`, a day. */
export type IsoDay = string;

export interface CustomerRecord {
  phone: string;
  name?: string;
  address?: string;
  area?: "city" | "suburb";
  tier?: string;
}
export interface ProductRecord {
  phone: string;
  category: string;
  model?: string;
  serial?: string;
  purchaseDate?: IsoDay;
  installDate?: IsoDay;
  lastConsumableChange?: IsoDay;
}
export interface ContractRecord {
  number: string;
  phone: string;
  category: string;
  model?: string;
  startsOn: IsoDay;
  endsOn: IsoDay;
}
export type AnyRecord = CustomerRecord | ProductRecord | ContractRecord;

/** A row read into a record (JSON-safe: dates are `YYYY-MM-DD`). */
export interface ParsedRow<R = AnyRecord> {
  line: number;
  record: R;
}

/**
 * Reads a date as shops write it: `2026-03-01`, `2026/3/1`, `2026.3.1`, `2026年3月1日`,
 * `20260301`. Null when it is not a real calendar day.
 *
 * @example
 * ```ts
 * parseRecordDate("2026年3月1日"); // "2026-03-01"
 * parseRecordDate("2026/2/30");    // null
 * ```
 */
export function parseRecordDate(text: string): IsoDay | null {
  const s = text.normalize("NFKC").trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || y < 1900) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const CITY = /^(市区|城区|市内|城市|市|city|urban|downtown)$/i;
const SUBURB = /^(郊区|近郊|远郊|县|乡镇|农村|suburb|suburbs|suburban|rural|outskirts)$/i;

/** What reading one row needs beyond the row itself. */
export interface RowContext {
  catalogue: Catalogue;
  /** tier names that mean VIP, lower case */
  vipTiers: readonly string[];
  /** today in the desk's time zone: purchase, install and replacement dates may not be later */
  today: IsoDay;
  /** the column names of the file (for error messages) */
  header: readonly string[];
}

/** Messages of refused cells, in the language of the command's output. */
const REASONS = {
  required: "is empty (required)",
  phone: (v: string) =>
    /e\+?\d/i.test(v)
      ? `"${v}" is not a phone number (the spreadsheet turned it into a number like 1.38E+10; format the column as text)`
      : `"${v}" is not a phone number (11-digit mobile, landline with area code, or +country number)`,
  area: (v: string) => `"${v}" is not an area: use 市区/郊区 or city/suburb`,
  tooLong: (max: number) => `is longer than ${max} characters`,
  date: (v: string) => `"${v}" is not a date: use 2026-03-01, 2026/3/1 or 2026年3月1日`,
  future: (v: string) => `${v} is in the future`,
  unknownCategory: (v: string) => `"${v}" is not in the product catalogue (add it to DESK_CATALOGUE, or use 其他/other)`,
  groupCategory: (v: string, members: string) => `"${v}" names a group of products; use one of: ${members}`,
  endBeforeStart: (start: string, end: string) => `ends (${end}) before it starts (${start})`,
};

/**
 * Reads the records of a file's rows (the header already mapped). Good rows become records;
 * each problem becomes a {@link RowError} and its row is refused, the others go on.
 *
 * @example
 * ```ts
 * const { rows, errors } = readRows("customers", csv.slice(1), mapHeader("customers", csv[0].cells), ctx);
 * ```
 */
export function readRows(
  kind: RecordKind,
  records: readonly CsvRecord[],
  map: HeaderMap,
  ctx: RowContext,
): { rows: ParsedRow[]; errors: RowError[] } {
  const rows: ParsedRow[] = [];
  const errors: RowError[] = [];
  for (const rec of records) {
    const problems: RowError[] = [];
    const colName = (key: string) => ctx.header[map.index[key]!]?.trim() || key;
    const cell = (key: string): string | undefined => {
      const i = map.index[key];
      const v = i === undefined ? "" : unguardCell((rec.cells[i] ?? "").trim());
      return v === "" ? undefined : v;
    };
    const fail = (key: string, reason: string): undefined => {
      problems.push({ line: rec.line, column: map.index[key] === undefined ? key : colName(key), reason });
      return undefined;
    };
    const need = (key: string): string | undefined => cell(key) ?? fail(key, REASONS.required);
    const limited = (key: string, max: number): string | undefined => {
      const v = cell(key);
      return v !== undefined && v.length > max ? fail(key, REASONS.tooLong(max)) : v;
    };
    const phone = (): string | undefined => {
      const v = need("phone");
      if (v === undefined) return undefined;
      return normalizePhone(v) ?? fail("phone", REASONS.phone(v));
    };
    const date = (key: string, opts: { required?: boolean; past?: boolean } = {}): string | undefined => {
      const v = opts.required ? need(key) : cell(key);
      if (v === undefined) return undefined;
      const d = parseRecordDate(v);
      if (!d) return fail(key, REASONS.date(v));
      if (opts.past && d > ctx.today) return fail(key, REASONS.future(d));
      return d;
    };
    const category = (): string | undefined => {
      const v = need("category");
      if (v === undefined) return undefined;
      const ids = ctx.catalogue.resolve(v);
      if (ids.length === 1) return ids[0];
      const group = ctx.catalogue.groups.find((g) => [g.id, g.name.zh, g.name.en].some((n) => normalizeText(n) === normalizeText(v)));
      const members = group?.members ?? (ids.length > 1 ? ids : undefined);
      if (members) return fail("category", REASONS.groupCategory(v, members.map((id) => ctx.catalogue.name(id, "zh")).join("、")));
      return fail("category", REASONS.unknownCategory(v));
    };
    let record: AnyRecord | undefined;
    if (kind === "customers") {
      const areaText = cell("area");
      const area =
        areaText === undefined
          ? undefined
          : CITY.test(areaText)
            ? "city"
            : SUBURB.test(areaText)
              ? "suburb"
              : fail("area", REASONS.area(areaText));
      const tier = limited("tier", RECORD_LIMITS.tier);
      record = strip<CustomerRecord>({
        phone: phone()!,
        name: limited("name", RECORD_LIMITS.name),
        address: limited("address", RECORD_LIMITS.address),
        area: area as CustomerRecord["area"],
        tier: tier === undefined ? undefined : normalizeTier(tier, ctx.vipTiers),
      });
    } else if (kind === "products") {
      record = strip<ProductRecord>({
        phone: phone()!,
        category: category()!,
        model: upper(limited("model", RECORD_LIMITS.model)),
        serial: limited("serial", RECORD_LIMITS.serial),
        purchaseDate: date("purchase_date", { past: true }),
        installDate: date("install_date", { past: true }),
        lastConsumableChange: date("last_consumable_change", { past: true }),
      });
    } else {
      const startsOn = date("start_date", { required: true });
      const endsOn = date("end_date", { required: true });
      if (startsOn && endsOn && endsOn < startsOn) fail("end_date", REASONS.endBeforeStart(startsOn, endsOn));
      record = strip<ContractRecord>({
        number: limited("contract_no", RECORD_LIMITS.contractNo) ?? need("contract_no")!,
        phone: phone()!,
        category: category()!,
        model: upper(limited("model", RECORD_LIMITS.model)),
        startsOn: startsOn!,
        endsOn: endsOn!,
      });
    }
    if (problems.length) errors.push(...problems);
    else rows.push({ line: rec.line, record: record! });
  }
  return { rows, errors };
}

/** Model numbers are kept as the desk keeps them everywhere: NFKC, upper case. */
function upper(v: string | undefined): string | undefined {
  return v?.normalize("NFKC").toUpperCase();
}

/** The record without its undefined fields (so it travels as JSON unchanged). */
function strip<R extends object>(r: R): R {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as R;
}
