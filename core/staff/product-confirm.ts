/**
 * Products customers add themselves (`/products` → "添加产品"): a card in the triage channel
 * with the customer, the product and the nameplate photo (uploaded after it), and a Confirm
 * button for those who keep the customer files. Confirmed, the product counts as the shop's
 * record (source "staff") and the customer is told.
 */
import type { MessageCard } from "../card.ts";
import { enqueueReplies } from "../customer/outbound.ts";
import { proactiveStaffText, proactiveText } from "../i18n/proactive.ts";
import type { ProductRow, Store } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { recordsKeeper } from "./records.ts";

/** The card's button (value: the product id). */
export const PRODUCT_CONFIRM = "pr_ok";

/** `product.added`: the card to confirm, and the nameplate photo under it. */
export async function productAdded(env: StaffEnv, tx: Store, product: ProductRow, photo: string | null): Promise<void> {
  const channel = env.channels.triage;
  if (!channel) return;
  const t = proactiveStaffText(env.options.staffLang);
  const customer = await tx.customers.get(product.customerId);
  const card: MessageCard = {
    title: t.productAddedTitle,
    fields: [
      { label: t.customer, value: customer?.name ?? customer?.displayName ?? "–" },
      { label: t.phone, value: customer?.recordPhone ?? customer?.phone ?? "–" },
      {
        label: t.product,
        value: `${env.channelText.products[product.category] ?? product.category}${product.model ? ` ${product.model}` : ""}`,
      },
      { label: t.purchase, value: product.purchaseDate ? product.purchaseDate.toISOString().slice(0, 10) : "–" },
    ],
    buttons: [[{ label: t.confirmProduct, action: PRODUCT_CONFIRM, value: String(product.id), style: "primary" }]],
  };
  await env.out(tx, [
    { kind: "post", channel, card },
    ...(photo ? [{ kind: "file" as const, channel, source: { platform: "telegram", fileId: photo }, title: t.productAddedTitle }] : []),
  ]);
}

/** The card's Confirm. */
export async function confirmProduct(env: StaffEnv, tx: Store, ctx: StaffContext, id: number | null): Promise<void> {
  const keeper = await recordsKeeper(env, tx, ctx);
  if (!keeper) return;
  const t = proactiveStaffText(keeper.staff.lang);
  const product = id ? await tx.reminders.confirmProduct(id) : null;
  if (!product) return env.tell(tx, ctx, t.productGone);
  await env.tell(tx, ctx, t.productConfirmed(env.mention(ctx.userId)));
  const customer = await tx.customers.get(product.customerId);
  if (!customer) return;
  const name = env.options.catalogue?.name(product.category, customer.lang === "en" ? "en" : "zh") ?? product.category;
  await enqueueReplies(
    tx,
    customer.telegramChatId,
    [{ kind: "send", card: { body: proactiveText(customer.lang).add.confirmed(name) } }],
    env.now(),
  );
}
