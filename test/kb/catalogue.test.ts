import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CatalogueError, defaultCatalogue, loadCatalogue, parseCatalogue } from "../../core/catalogue/index.ts";

const MINI = `
groups:
  - { id: small, name: { zh: 小家电, en: Small appliance } }
categories:
  - id: toaster
    group: small
    name: { zh: 多士炉, en: Toaster }
    synonyms: { zh: [多士炉, 烤面包机], en: [toaster] }
    warranty_months: 6
    warranty_fee_fen: 3000
  - { id: other, name: { zh: 其他, en: Other }, warranty_months: 12 }
`;

describe("the shipped catalogue", () => {
  const c = defaultCatalogue();
  it("covers the seed products and splits small appliances into kinds", () => {
    for (const id of ["tv", "fridge", "washer", "ac", "purifier", "phone", "rice-cooker", "microwave", "kettle", "range-hood", "water-heater", "other"])
      expect(c.has(id), id).toBe(true);
    expect(c.resolve("small")).toEqual(expect.arrayContaining(["rice-cooker", "microwave", "kettle"]));
  });

  it("resolves a shop's own product ids written with hyphens or underscores for words (washer-dryer, washing_machine)", () => {
    expect(c.resolve("washer-dryer")).toEqual(["washer"]);
    expect(c.resolve("Washing_Machine")).toEqual(["washer"]);
    expect(c.resolve("tumble-dryer")).toEqual(["dryer"]);
    expect(c.resolve("air--conditioner")).toEqual(["ac"]);
    expect(c.resolve("rice-cooker")).toEqual(["rice-cooker"]);
    expect(c.resolve("toaster-oven-x")).toEqual([]);
  });

  it("names, warranty and consumables", () => {
    expect(c.name("washer", "zh-CN")).toBe("洗衣机");
    expect(c.name("washer", "en")).toBe("Washer");
    expect(c.name("nope", "en")).toBe("nope");
    expect(c.warrantyMonths("ac")).toBe(12);
    expect(c.consumables("purifier").map((x) => [x.id, x.intervalMonths])).toEqual([
      ["pp-cotton", 3],
      ["carbon-block", 6],
      ["ro-membrane", 24],
    ]);
    expect(c.consumables("tv")).toEqual([]);
  });

  it("detects products in both languages, traditional characters and model numbers; longest match first", () => {
    expect(c.categoriesIn("我家電飯煲煮饭夹生")).toEqual(["rice-cooker"]);
    expect(c.categoriesIn("my hair dryer and washing machine")).toEqual(["hair-dryer", "washer"]);
    expect(c.categoriesIn("空气净化器不工作")).toEqual(["air-purifier"]);
    expect(c.categoriesIn("KFR-35GW 和冰箱都坏了")).toEqual(["ac", "fridge"]);
    expect(c.categoriesIn("accurate cards")).toEqual([]);
    expect(c.categoriesIn("two washing machines and the air conditioners")).toEqual(["washer", "ac"]);
    expect(c.categoriesIn("do you sell laptops")).toEqual(["other"]);
    // water treatment and kitchen kinds a purifier or appliance shop serves besides the seeds
    expect(c.categoriesIn("软水机要加什么盐")).toEqual(["water-softener"]);
    expect(c.categoriesIn("what salt goes in the water softener")).toEqual(["water-softener"]);
    expect(c.categoriesIn("饮水机热水不热")).toEqual(["water-dispenser"]);
    expect(c.categoriesIn("消毒柜不加热")).toEqual(["disinfection-cabinet"]);
    // a fabric softener is no product
    expect(c.categoriesIn("how much fabric softener")).toEqual([]);
    expect(c.categoriesIn("acsent")).toEqual([]);
    const [m] = c.detect("海尔BCD-215");
    expect(m).toMatchObject({ id: "fridge", via: "model" });
  });
});

describe("a shop's own catalogue", () => {
  it("parses, resolves groups and synonyms, keeps the optional fee", () => {
    const c = parseCatalogue(MINI, "shop.yaml");
    expect(c.ids).toEqual(["toaster", "other"]);
    expect(c.resolve("烤面包机")).toEqual(["toaster"]);
    expect(c.resolve("small")).toEqual(["toaster"]);
    expect(c.warrantyFeeFen("toaster")).toBe(3000);
    expect(c.warrantyFeeFen("other")).toBeUndefined();
  });

  it("loads from a path (what DESK_CATALOGUE points to)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cat-"));
    writeFileSync(join(dir, "shop.yaml"), MINI);
    expect(loadCatalogue(join(dir, "shop.yaml")).has("toaster")).toBe(true);
    expect(() => loadCatalogue(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: cannot read/);
  });

  it.each([
    ["categories:\n  - { id: other, name: { zh: 其他, en: Other }, warranty_months: x }", /shop\.yaml: categories\[0\]\.warranty_months: /],
    ["categories:\n  - { id: Other Thing, name: { zh: 其他, en: Other }, warranty_months: 1 }", /categories\[0\]\.id: must be lowercase/],
    ["categories:\n  - { id: tv, name: { zh: 电视, en: TV }, warranty_months: 1 }", /needs a category with id 'other'/],
    ["categories:\n  - { id: other, name: { zh: 其他, en: Other }, warranty_months: 1, colour: red }", /categories\[0\]/],
    ["categories: [", /not valid YAML/],
    ["categories:\n  - { id: other, name: { zh: 其他, en: Other }, warranty_months: 1, group: big }", /group: 'big' is not in groups/],
  ])("a bad file is one clear line with file and path: %s", (text, re) => {
    let err: unknown;
    try {
      parseCatalogue(text, "shop.yaml");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CatalogueError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).not.toContain("\n");
  });
});
