/**
 * A customer adds a product to their file ("➕ 添加产品" under `/products`): the category
 * (buttons from the shop's catalogue), the model, the purchase date, and optionally a photo
 * of the nameplate. The product is on file at once (source "customer": reminders and warranty
 * count from it) and staff get a card to confirm it (`core/staff/product-confirm.ts`).
 */
import type { CardButton, MessageCard } from "../card.ts";
import type { ButtonTap, TurnContext } from "../customer/context.ts";
import { chunk } from "../customer/format.ts";
import { RECORD_BUTTON, RECORD_FLOW } from "../customer/record-codes.ts";
import { MAX_FIELD } from "../customer/types.ts";
import { parsePurchaseDate } from "../domain/date.ts";
import { proactiveText } from "../i18n/proactive.ts";
import type { JsonValue } from "../store/index.ts";

/** What has been answered so far. */
interface NewProduct {
  category?: string;
  /** null: not known */
  model?: string | null;
  /** "YYYY-MM-DD"; null: not known */
  purchase?: string | null;
}

type Step = "category" | "model" | "purchase" | "photo";
const PER_ROW = 3;

const button = (label: string, value: string): CardButton => ({ label, action: RECORD_BUTTON.addProduct, value });

/** The "add product" button under /products. */
export function addProductButton(lang: string): CardButton {
  return button(proactiveText(lang).add.button, "start");
}

async function ask(turn: TurnContext, step: Step, data: NewProduct): Promise<void> {
  const t = proactiveText(turn.customer.lang).add;
  await turn.tx.customers.setConversation(turn.customer.id, RECORD_FLOW.addProduct, step, data as unknown as JsonValue);
  const lang = turn.customer.lang === "en" ? "en" : "zh";
  const cards: Record<Step, MessageCard> = {
    category: {
      body: t.category,
      buttons: chunk(
        turn.catalogue.categories.map((c) => button(c.name[lang], `c:${c.id}`)),
        PER_ROW,
      ),
    },
    model: { body: t.model, buttons: [[button(t.modelUnknown, "m:?")]] },
    purchase: { body: t.purchase, buttons: [[button(t.purchaseUnknown, "p:?")]] },
    photo: { body: t.photo, buttons: [[button(t.skipPhoto, "ph:skip")]] },
  };
  turn.send(cards[step]);
}

async function finish(turn: TurnContext, data: NewProduct, photo: string | null): Promise<void> {
  const { tx, now } = turn;
  await tx.customers.clearConversation(turn.customer.id);
  const product = await tx.reminders.createProduct({
    customerId: turn.customer.id,
    category: data.category!,
    model: data.model ?? null,
    purchaseDate: data.purchase ? new Date(`${data.purchase}T00:00:00Z`) : null,
  });
  await turn.options.events.emit(tx, "product.added", { product, photo }, now);
  const name = turn.catalogue.name(product.category, turn.customer.lang === "en" ? "en" : "zh");
  turn.send(proactiveText(turn.customer.lang).add.added(name));
}

/**
 * A tap of the flow's buttons (the first one starts it).
 *
 * @example
 * ```ts
 * await addProductTap(turn, tap); // tap.value "c:purifier"
 * ```
 */
export async function addProductTap(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const value = tap.value ?? "";
  const conversation = await turn.conversation();
  const data = (conversation?.flow === RECORD_FLOW.addProduct ? conversation.data : {}) as NewProduct;
  const step = conversation?.flow === RECORD_FLOW.addProduct ? (conversation.step as Step) : null;
  if (value === "start") {
    tap.answer();
    return ask(turn, "category", {});
  }
  const [kind, arg = ""] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
  if (kind === "c" && step === "category" && turn.catalogue.has(arg)) {
    tap.answer();
    tap.removeButtons();
    return ask(turn, "model", { category: arg });
  }
  if (kind === "m" && step === "model") {
    tap.answer();
    tap.removeButtons();
    return ask(turn, "purchase", { ...data, model: null });
  }
  if (kind === "p" && step === "purchase") {
    tap.answer();
    tap.removeButtons();
    return ask(turn, "photo", { ...data, purchase: null });
  }
  if (kind === "ph" && step === "photo") {
    tap.answer();
    tap.removeButtons();
    return finish(turn, data, null);
  }
  tap.answer(turn.ui.stale);
}

/** Typed answers: the model, the purchase date. */
export async function addProductText(turn: TurnContext, step: string, text: string, saved: unknown): Promise<void> {
  const data = (saved ?? {}) as NewProduct;
  const t = proactiveText(turn.customer.lang).add;
  if (step === "model") return ask(turn, "purchase", { ...data, model: text.slice(0, MAX_FIELD.model) });
  if (step === "purchase") {
    const date = parsePurchaseDate(text, turn.now, turn.options.timeZone);
    if (!date.ok) return turn.send({ body: t.badDate, buttons: [[button(t.purchaseUnknown, "p:?")]] });
    return ask(turn, "photo", { ...data, purchase: date.iso });
  }
  return turn.send(turn.ui.invalid.pickButton);
}

/** A photo while adding a product: the nameplate (then the product is added). */
export async function addProductPhoto(turn: TurnContext, step: string, fileId: string, saved: unknown): Promise<void> {
  if (step !== "photo") return turn.send(turn.ui.invalid.pickButton);
  return finish(turn, (saved ?? {}) as NewProduct, fileId);
}
