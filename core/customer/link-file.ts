/**
 * Linking a Telegram customer to the shop's file (客户档案 imported from its records). A file
 * is linked only on a phone number Telegram vouches for: the customer shares their own
 * contact (the shared contact's user is the sender). The bot then shows the file's name,
 * masked, and asks "是我 / That's me"; only then do the file's products, contracts, name and
 * address become the customer's. A number that is merely typed links nothing and shows
 * nothing of any file: anyone can type someone else's number. The customer is asked to
 * share their contact instead. Staff can link a file by hand (`core/staff/records.ts`).
 */
import { maskName, maskPhone, normalizePhone } from "../domain/customer.ts";
import { recordsText } from "../i18n/records.ts";
import type { JsonValue } from "../store/index.ts";
import { FLOW } from "./codes.ts";
import type { ButtonTap, TurnContext } from "./context.ts";
import { askNext, type Draft } from "./intake.ts";
import { RECORD_BUTTON, RECORD_FLOW } from "./record-codes.ts";

/** What the confirmation remembers: the file, the number it was found by, and the report it interrupted. */
interface LinkPending {
  fileId: number;
  phone: string;
  resume?: { flow: string; step: string; data: JsonValue };
}

/** A number as Telegram shares it ("8613800138000", "+44…", "447700900123") in the desk's form. */
export function contactPhone(raw: string): string | null {
  return normalizePhone(raw) ?? (/^\d{8,15}$/.test(raw.trim()) ? normalizePhone("+" + raw.trim()) : null);
}

/**
 * `/link`: offers the button that shares the customer's own number.
 *
 * @example
 * ```ts
 * askForContact(turn); // "点下方按钮分享您的 Telegram 号码…" with the contact button
 * ```
 */
export function askForContact(turn: TurnContext): void {
  const t = recordsText(turn.customer.lang);
  turn.send({ body: t.linkPrompt, contactRequest: t.contactButton });
}

/** Goes back to the report the contact interrupted (its next question), if there was one. */
async function resume(turn: TurnContext, saved?: LinkPending["resume"]): Promise<void> {
  if (saved?.flow === FLOW.report) return askNext(turn, saved.data as unknown as Draft, turn.ui.draftContinue);
  await turn.tx.customers.clearConversation(turn.customer.id);
}

/**
 * A shared contact. The customer's own: the number is theirs (Telegram says so); if the
 * shop has an unlinked file for it, they are asked to confirm it is theirs. Someone else's
 * contact is refused.
 *
 * @example
 * ```ts
 * await onContact(turn, { phone: "8613800138000", own: true });
 * ```
 */
export async function onContact(turn: TurnContext, contact: { phone: string; own: boolean }): Promise<void> {
  const t = recordsText(turn.customer.lang);
  if (!contact.own) return turn.send({ body: t.contactNotOwn, contactRequest: t.contactButton });
  const phone = contactPhone(contact.phone);
  if (!phone) return turn.send({ body: t.contactBad, removeKeyboard: true });
  const { tx, now } = turn;
  const conversation = await turn.conversation();
  const saved =
    conversation?.flow === FLOW.report
      ? { flow: conversation.flow, step: conversation.step, data: conversation.data as JsonValue }
      : undefined;
  turn.send({ body: t.contactSaved(maskPhone(phone)), removeKeyboard: true });
  const file = await tx.records.fileByPhone(phone);
  if (!file || file.id === turn.customer.id) {
    // no file yet (or already theirs): this number is now the one their file is known by
    turn.customer = await tx.records.setRecordPhone(turn.customer.id, phone, now);
    return resume(turn, saved);
  }
  if (file.telegramUserId) {
    turn.customer = await tx.customers.update(turn.customer.id, { phone });
    turn.send(t.fileTaken);
    return resume(turn, saved);
  }
  const pending: LinkPending = { fileId: file.id, phone, ...(saved ? { resume: saved } : {}) };
  await tx.customers.setConversation(turn.customer.id, RECORD_FLOW.link, "confirm", pending as unknown as JsonValue);
  turn.send({
    body: t.fileFound(file.name ? maskName(file.name) : "***", maskPhone(phone)),
    buttons: [
      [
        { label: t.thatsMe, action: RECORD_BUTTON.linkFile, value: "yes", style: "primary" },
        { label: t.notMe, action: RECORD_BUTTON.linkFile, value: "no" },
      ],
    ],
  });
}

/**
 * "是我 / That's me" or "不是我 / Not me" under the masked name. The file is linked only if it
 * is still the unlinked file of the number the customer shared (saved server-side, never
 * taken from the button).
 */
export async function linkFileButton(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const conversation = await turn.conversation();
  if (conversation?.flow !== RECORD_FLOW.link) return tap.answer(turn.ui.stale);
  tap.answer();
  tap.removeButtons();
  const pending = conversation.data as unknown as LinkPending;
  const t = recordsText(turn.customer.lang);
  const { tx, now } = turn;
  await tx.customers.clearConversation(turn.customer.id);
  if (tap.value === "yes") {
    const file = await tx.customers.get(pending.fileId);
    if (file && !file.telegramUserId && file.recordPhone === pending.phone) {
      turn.customer = await tx.records.linkFile(file.id, turn.customer.id, now);
      const products = (await tx.records.productsOf(turn.customer.id)).length;
      turn.send(t.linked(products));
      await turn.options.events.emit(tx, "customer.linked", { customer: turn.customer }, now);
      return resume(turn, pending.resume);
    }
    turn.send(t.fileTaken);
  } else turn.send(t.notLinked);
  // their own number all the same (Telegram vouched for it), though not the file's
  turn.customer = await tx.customers.update(turn.customer.id, { phone: pending.phone });
  return resume(turn, pending.resume);
}

/**
 * After a typed phone number was saved: if the shop has a file for it that is not this
 * customer's, nothing of it is shown or linked; the customer is asked to share their own
 * contact instead.
 */
export async function afterTypedPhone(turn: TurnContext, phone: string): Promise<void> {
  if (turn.customer.recordPhone === phone) return;
  const file = await turn.tx.records.fileByPhone(phone);
  if (!file || file.id === turn.customer.id) return;
  const t = recordsText(turn.customer.lang);
  turn.send({ body: t.shareToLink, contactRequest: t.contactButton });
}
