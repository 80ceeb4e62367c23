/**
 * The shop's catalogue drives the desk: DESK_CATALOGUE in the configuration, warranty
 * periods (overridden by DESK_WARRANTY_MONTHS, per category or group), detection words,
 * the intake's product buttons (groups as a second step) and product names in every text.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Desk } from "../../bots/desk.ts";
import { defaultCatalogue, loadCatalogue } from "../../core/catalogue/index.ts";
import { loadConfig } from "../../core/config.ts";
import { detectCategory } from "../../core/customer/detect.ts";
import { decideFee } from "../../core/domain/fee.ts";
import { messages } from "../../core/i18n/index.ts";
import { reportMessages } from "../../core/i18n/reports.ts";
import { productCatalogue, useProductCatalogue } from "../../core/i18n/products.ts";
import { staffMessages } from "../../core/i18n/staff.ts";
import type { Store } from "../../core/store/index.ts";
import { FakeTelegramApi } from "../fakes/telegram-api.ts";
import { Chat } from "../support/chat.ts";
import { describeEachDb } from "../support/db.ts";
import { TG_TOKEN, startWebhookDesk } from "../support/desk.ts";
import { tempDir, writeTemp } from "../support/records.ts";
import { rmSync } from "node:fs";

const dir = tempDir("desk-catalogue-");
const SHOP = writeTemp(
  dir,
  "shop.yaml",
  `categories:
  - { id: espresso, name: { zh: 咖啡机, en: Espresso machine }, synonyms: { zh: [咖啡机, 意式咖啡机], en: [coffee machine] }, warranty_months: 24 }
  - { id: ac, name: { zh: 空调, en: Air conditioner }, synonyms: { zh: [空调], en: [aircon] }, warranty_months: 72 }
  - { id: other, name: { zh: 其他, en: Other }, warranty_months: 12 }
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("configuration", () => {
  it("DESK_CATALOGUE names the catalogue; its warranty periods are the defaults, DESK_WARRANTY_MONTHS overrides them", () => {
    const { config, problems } = loadConfig({ DESK_CATALOGUE: SHOP, DESK_WARRANTY_MONTHS: "espresso=36" });
    expect(problems).toEqual([]);
    expect(config.cataloguePath).toBe(SHOP);
    expect(config.warrantyMonths).toEqual({ espresso: 36, ac: 72, other: 12 });
  });
  it("a group sets every category in it; unknown keys and broken catalogues are reported", () => {
    const { config } = loadConfig({ DESK_WARRANTY_MONTHS: "small=24" });
    expect(config.warrantyMonths["rice-cooker"]).toBe(24);
    expect(config.warrantyMonths.microwave).toBe(24);
    expect(config.warrantyMonths.tv).toBe(12);
    expect(loadConfig({ DESK_CATALOGUE: SHOP, DESK_WARRANTY_MONTHS: "tv=12" }).problems[0]).toMatch(
      /DESK_WARRANTY_MONTHS: "tv=12".*espresso/,
    );
    expect(loadConfig({ DESK_CATALOGUE: `${dir}/missing.yaml` }).problems[0]).toMatch(/^DESK_CATALOGUE: .*missing\.yaml: cannot read/);
  });
  it("VIP tier names are configurable", () => {
    expect(loadConfig({}).config.vipTiers).toEqual(["vip", "svip", "贵宾"]);
    expect(loadConfig({ DESK_VIP_TIERS: "金卡, Platinum" }).config.vipTiers).toEqual(["金卡", "platinum"]);
  });
});

describe("rules that read the catalogue", () => {
  const shop = loadCatalogue(SHOP);
  it("the fee rule uses the catalogue's warranty months", () => {
    const at = new Date("2026-11-24T00:00:00Z");
    const base = { category: "ac", purchaseDate: new Date("2022-01-01"), hasActiveContract: false, at };
    expect(decideFee({ ...base, warrantyMonths: loadConfig({ DESK_CATALOGUE: SHOP }).config.warrantyMonths }).feeType).toBe("C");
    expect(decideFee({ ...base, warrantyMonths: loadConfig({}).config.warrantyMonths }).feeType).toBe("A");
  });
  it("detection words are the catalogue's, in both languages", () => {
    expect(detectCategory("意式咖啡机不出水", shop)).toBe("espresso");
    expect(detectCategory("my coffee machine leaks", shop)).toBe("espresso");
    expect(detectCategory("我家电饭锅煮饭夹生")).toBe("rice-cooker");
    expect(detectCategory("微波炉不转")).toBe("microwave");
  });
  it("product names in customer, staff and report text come from the catalogue in use", () => {
    const before = productCatalogue();
    try {
      expect(staffMessages("en").products["rice-cooker"]).toBe("Rice cooker");
      expect(reportMessages("zh-CN").products.none).toBe("未填");
      useProductCatalogue(shop);
      expect(messages("zh-CN").products.espresso).toBe("咖啡机");
      expect(staffMessages("en").products.espresso).toBe("Espresso machine");
      expect(reportMessages("en").products.espresso).toBe("Espresso machine");
      expect(staffMessages("zh-CN").products["rice-cooker"]).toBeUndefined();
    } finally {
      useProductCatalogue(before);
    }
    expect(defaultCatalogue().has("rice-cooker")).toBe(true);
  });
});

describeEachDb("intake product buttons", (db) => {
  let tg: FakeTelegramApi;
  let store: Store;
  let desk: Desk;
  const user = { id: 6101, first_name: "阿珍", language_code: "zh-hans" };
  const start = async (env: Record<string, string> = {}) => {
    ({ desk } = await startWebhookDesk({ store, tg, env }));
  };
  beforeEach(async () => {
    tg = new FakeTelegramApi({ token: TG_TOKEN });
    await tg.start();
    store = await db.open();
  });
  afterEach(async () => {
    await desk.stop();
    await db.dispose(store);
    await tg.stop();
    useProductCatalogue(defaultCatalogue());
  });

  it("offers the catalogue's top-level categories, and a group's members as a second step", async () => {
    await start();
    const c = new Chat(tg, desk, user, tg.factory());
    await c.command("/new");
    let out = await c.tap("kind:repair");
    const top = out[0]!.buttons.map((b) => b.data);
    expect(top).toEqual(expect.arrayContaining(["prod:tv", "prod:purifier", "prod:small", "prod:range-hood", "prod:other"]));
    expect(top).not.toContain("prod:rice-cooker");
    out = await c.tap("prod:small");
    expect(out[0]!.text).toContain("哪种小家电");
    expect(out[0]!.buttons.map((b) => b.data)).toEqual(expect.arrayContaining(["prod:rice-cooker", "prod:microwave", "prod:*"]));
    out = await c.say("电饭锅");
    expect(out[0]!.text).toContain("型号");
    const draft = await store.customers.conversation((await store.customers.byTelegramUser("6101"))!.id);
    expect(draft?.data).toMatchObject({ category: "rice-cooker" });
  });

  it("a shop's own catalogue: its products are the buttons and the names", async () => {
    await start({ DESK_CATALOGUE: SHOP });
    const c = new Chat(tg, desk, user, tg.factory());
    await c.command("/new");
    const out = await c.tap("kind:repair");
    expect(out[0]!.buttons.map((b) => [b.text, b.data])).toEqual([
      ["咖啡机", "prod:espresso"],
      ["空调", "prod:ac"],
      ["其他", "prod:other"],
    ]);
  });
});
