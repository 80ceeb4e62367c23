/**
 * Exporting the shop's records in the format they import in: the same columns, Chinese
 * headers (or English), dates as `YYYY-MM-DD`, product categories by their catalogue names,
 * every cell guarded against spreadsheet formulas. Read a page at a time, so a large file
 * never sits in one query.
 */
import type { Catalogue } from "../catalogue/index.ts";
import { tierLabel } from "../domain/customer.ts";
import type { CustomerRow, Store } from "../store/index.ts";
import { COLUMNS, type ColumnLang, type RecordKind } from "./columns.ts";
import { toCsv } from "./csv.ts";

const AREA_NAMES: Record<ColumnLang, Record<string, string>> = {
  zh: { city: "市区", suburb: "郊区" },
  en: { city: "city", suburb: "suburb" },
};

const day = (d: Date | null | undefined): string => (d ? d.toISOString().slice(0, 10) : "");
const phoneOf = (c: CustomerRow): string => c.recordPhone ?? c.phone ?? "";

/**
 * The records of one kind as a CSV file (UTF-8 with a byte order mark, CRLF).
 *
 * @example
 * ```ts
 * writeFileSync("customers.csv", await exportRecords(store, "customers", { lang: "zh", catalogue }));
 * ```
 */
export async function exportRecords(store: Store, kind: RecordKind, opts: { lang: ColumnLang; catalogue: Catalogue }): Promise<string> {
  const { lang, catalogue } = opts;
  const header = COLUMNS[kind].map((c) => c[lang]);
  const rows: string[][] = [header];
  const category = (id: string) => catalogue.name(id, lang);
  let after = 0;
  if (kind === "customers") {
    // a customer who only typed a number that is also a file's is not a second record of it
    const files = new Set<string>();
    for (let page = await store.records.customersPage(0); page.length; page = await store.records.customersPage(page.at(-1)!.id))
      for (const c of page) if (c.recordPhone) files.add(c.recordPhone);
    for (let page = await store.records.customersPage(after); page.length; page = await store.records.customersPage(after)) {
      for (const c of page) {
        if (!c.recordPhone && c.phone && files.has(c.phone)) continue;
        rows.push([c.name ?? "", phoneOf(c), c.address ?? "", c.area ? (AREA_NAMES[lang][c.area] ?? c.area) : "", tierLabel(c.tier)]);
      }
      after = page.at(-1)!.id;
    }
  } else if (kind === "products") {
    for (let page = await store.records.productsPage(after); page.length; page = await store.records.productsPage(after)) {
      for (const p of page)
        rows.push([
          phoneOf(p.customer),
          category(p.category),
          p.model ?? "",
          p.serialNo ?? "",
          day(p.purchaseDate),
          day(p.installDate),
          day(p.filterChangedAt),
        ]);
      after = page.at(-1)!.id;
    }
  } else {
    for (let page = await store.records.contractsPage(after); page.length; page = await store.records.contractsPage(after)) {
      for (const c of page)
        rows.push([c.number ?? "", phoneOf(c.customer), category(c.category), c.model ?? "", day(c.startsOn), day(c.endsOn)]);
      after = page.at(-1)!.id;
    }
  }
  return toCsv(rows);
}
