/**
 * The shop's customer files as staff handle them: `/desk link <Telegram user id | #ticket>
 * <phone>` links a Telegram customer to the file of that number by hand (after staff have
 * checked who they are, e.g. on the phone). Dispatchers, supervisors and managers only.
 */
import { maskPhone, normalizePhone } from "../domain/customer.ts";
import { parseTicketRef } from "../domain/ticket.ts";
import { enqueueReplies } from "../customer/outbound.ts";
import { recordsStaffText, recordsText, type RecordsStaffText } from "../i18n/records.ts";
import type { CustomerRow, StaffRow, Store } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { member } from "./directory.ts";
import { can } from "./roles.ts";

/** The acting staff member if they may handle customer files, else null after telling them why not. */
export async function recordsKeeper(env: StaffEnv, tx: Store, ctx: StaffContext): Promise<{ staff: StaffRow; t: RecordsStaffText } | null> {
  const staff = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(staff);
  if (!staff) {
    await env.tell(tx, ctx, text.notStaff);
    return null;
  }
  if (!can(staff.role, "records")) {
    await env.tell(tx, ctx, text.noPermission(text.roles[staff.role] ?? staff.role));
    return null;
  }
  return { staff, t: recordsStaffText(staff.lang) };
}

/** The Telegram customer a staff member means: `#1024` (one of their tickets) or a Telegram user id. */
export async function customerNamed(tx: Store, who: string): Promise<CustomerRow | null> {
  if (who.startsWith("#")) {
    const ref = parseTicketRef(who);
    const ticket = ref ? await tx.tickets.byRef(ref) : null;
    return ticket ? tx.customers.get(ticket.customerId) : null;
  }
  return /^\d{1,20}$/.test(who) ? tx.customers.byTelegramUser(who) : null;
}

/**
 * `/desk link <Telegram user id | #ticket> <phone>`: the customer's file becomes the one the
 * shop keeps for that number (its products and contracts become theirs); with no file for
 * the number yet, the number becomes their file's. A file already linked to another Telegram
 * account is left alone.
 *
 * @example
 * ```ts
 * await linkByStaff(env, tx, { userId: "U1", reply }, "#1024", "13800138000");
 * ```
 */
export async function linkByStaff(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  who: string | undefined,
  phoneText: string | undefined,
): Promise<void> {
  const keeper = await recordsKeeper(env, tx, ctx);
  if (!keeper) return;
  const { t } = keeper;
  if (!who || !phoneText) return env.tell(tx, ctx, t.linkUsage);
  const customer = await customerNamed(tx, who);
  if (!customer?.telegramUserId) return env.tell(tx, ctx, t.noSuchCustomer(who));
  const phone = normalizePhone(phoneText);
  if (!phone) return env.tell(tx, ctx, t.badPhone(phoneText));
  const now = env.now();
  const label = customer.name ?? customer.displayName ?? customer.telegramUserId;
  const file = await tx.records.fileByPhone(phone);
  if (file?.id === customer.id) return env.tell(tx, ctx, t.alreadyLinked(label, maskPhone(phone)));
  if (file?.telegramUserId) return env.tell(tx, ctx, t.fileTaken(maskPhone(phone)));
  if (!file) {
    await tx.records.setRecordPhone(customer.id, phone, now);
    return env.tell(tx, ctx, t.phoneRecorded(label, maskPhone(phone)));
  }
  const linked = await tx.records.linkFile(file.id, customer.id, now);
  const products = (await tx.records.productsOf(linked.id)).length;
  await env.tell(tx, ctx, t.linked(label, maskPhone(phone), products));
  await enqueueReplies(tx, linked.telegramChatId, [{ kind: "send", card: { body: recordsText(linked.lang).linkedByStaff } }], now);
  await env.options.events?.emit(tx, "customer.linked", { customer: linked }, now);
}
