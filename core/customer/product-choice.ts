/**
 * The product step of a report: which product the problem is about. The customer's own
 * products on file come first (one tap fills category, model and purchase date), then the
 * shop's catalogue: its top-level categories, with each group (small appliances) as one
 * button that opens a second step with the group's members. Typed answers are read through
 * the catalogue's names and synonyms in both languages.
 */
import type { CardButton, MessageCard } from "../card.ts";
import { normalizeText } from "../text/normalize.ts";
import { recordsText } from "../i18n/records.ts";
import type { ProductRow } from "../store/index.ts";
import { BUTTON } from "./codes.ts";
import type { TurnContext } from "./context.ts";
import { detectCategory } from "./detect.ts";
import { chunk } from "./format.ts";
import type { Draft } from "./intake.ts";
import { categoryOf } from "./prefill.ts";
import { RECORD_BUTTON } from "./record-codes.ts";

const PRODUCTS_PER_ROW = 4;
/** Own products offered as buttons, most recent first. */
const MAX_OWN_PRODUCTS = 6;
/** The value of the button that goes back from a group to every category. */
const ALL_CATEGORIES = "*";

/**
 * The catalogue's buttons: its top-level categories and groups in file order, or the
 * members of one group (with a way back).
 *
 * @example
 * ```ts
 * categoryButtons(turn);          // [[电视, 冰箱, 洗衣机, 空调], …, [小家电, …]]
 * categoryButtons(turn, "small"); // [[电饭煲, 微波炉, …], [← 全部品类]]
 * ```
 */
export function categoryButtons(turn: TurnContext, group?: string): CardButton[][] {
  const catalogue = turn.catalogue;
  const lang = turn.customer.lang;
  const button = (id: string): CardButton => ({
    label: catalogue.name(id, lang === "en" ? "en" : "zh"),
    action: BUTTON.product,
    value: id,
  });
  const members = group ? catalogue.groups.find((g) => g.id === group)?.members : undefined;
  if (members) {
    return [
      ...chunk(members.map(button), PRODUCTS_PER_ROW),
      [{ label: recordsText(lang).productBack, action: BUTTON.product, value: ALL_CATEGORIES }],
    ];
  }
  const top: string[] = [];
  for (const c of catalogue.categories) {
    const id = c.group ?? c.id;
    if (!top.includes(id)) top.push(id);
  }
  return chunk(top.map(button), PRODUCTS_PER_ROW);
}

/** A button label for one of the customer's products: "我的净水器 RO-400". */
function ownLabel(turn: TurnContext, product: ProductRow): string {
  const lang = turn.customer.lang;
  return recordsText(lang).productMine(turn.catalogue.name(product.category, lang === "en" ? "en" : "zh"), product.model);
}

/**
 * The product question: the customer's own products, then the catalogue (or the members of
 * the group they picked).
 *
 * @example
 * ```ts
 * turn.send(await productQuestion(turn, draft));
 * ```
 */
export async function productQuestion(turn: TurnContext, draft: Draft, note?: string): Promise<MessageCard> {
  const ui = turn.ui;
  if (draft.group && turn.catalogue.groups.some((g) => g.id === draft.group)) {
    const name = turn.catalogue.name(draft.group, turn.customer.lang === "en" ? "en" : "zh");
    return {
      body: (note ? note + "\n\n" : "") + recordsText(turn.customer.lang).askInGroup(name),
      buttons: categoryButtons(turn, draft.group),
    };
  }
  const own = (await turn.tx.records.productsOf(turn.customer.id)).slice(-MAX_OWN_PRODUCTS).reverse();
  const mine: CardButton[][] = own.map((p) => [{ label: ownLabel(turn, p), action: RECORD_BUTTON.myProduct, value: String(p.id) }]);
  return { body: (note ? note + "\n\n" : "") + ui.ask.product, buttons: [...mine, ...categoryButtons(turn)] };
}

/** Fills the draft from one of the customer's own products (never someone else's). */
async function useOwnProduct(turn: TurnContext, draft: Draft, productId: number): Promise<boolean> {
  const product = Number.isSafeInteger(productId) ? await turn.tx.records.productOf(turn.customer.id, productId) : null;
  if (!product) return false;
  draft.productId = product.id;
  draft.category = product.category;
  delete draft.group;
  if (product.model) draft.model = product.model;
  const bought = product.purchaseDate ?? product.installDate;
  if (bought) draft.purchase = bought.toISOString().slice(0, 10);
  return true;
}

/** A category or group id picked: a category fills the draft, a group asks for its member next. */
function useCatalogueChoice(turn: TurnContext, draft: Draft, value: string): boolean {
  if (value === ALL_CATEGORIES) {
    delete draft.group;
    return true;
  }
  if (turn.catalogue.has(value)) {
    draft.category = value;
    delete draft.group;
    return true;
  }
  if (turn.catalogue.groups.some((g) => g.id === value)) {
    draft.group = value;
    return true;
  }
  return false;
}

/**
 * A tap on a product button (a category, a group, or one of the customer's products).
 * Returns false when the tap names nothing the desk knows (an old button).
 */
export async function chooseProductButton(turn: TurnContext, draft: Draft, action: string, value: string | undefined): Promise<boolean> {
  if (!value) return false;
  if (action === RECORD_BUTTON.myProduct) return useOwnProduct(turn, draft, Number(value));
  return useCatalogueChoice(turn, draft, value);
}

/**
 * A typed answer to the product question: a category or group by any of its names, one of
 * the customer's products by its model, else a product the text mentions. Returns false
 * when none is recognised.
 */
export async function chooseProductText(turn: TurnContext, draft: Draft, text: string): Promise<boolean> {
  const catalogue = turn.catalogue;
  const typed = normalizeText(text).trim();
  const group = catalogue.groups.find((g) => [g.id, g.name.zh, g.name.en].some((n) => normalizeText(n).trim() === typed));
  if (group) return useCatalogueChoice(turn, draft, group.id);
  const own = (await turn.tx.records.productsOf(turn.customer.id)).find((p) => p.model && normalizeText(p.model).trim() === typed);
  if (own) return useOwnProduct(turn, draft, own.id);
  const resolved = catalogue.resolve(text);
  const inGroup = draft.group ? catalogue.groups.find((g) => g.id === draft.group)?.members : undefined;
  const category =
    (resolved.length === 1 ? resolved[0] : undefined) ??
    detectCategory(text, catalogue) ??
    categoryOf(turn.prepared.understanding, catalogue, inGroup);
  return category ? useCatalogueChoice(turn, draft, category) : false;
}
