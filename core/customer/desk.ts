/**
 * The customer side of the desk: greeting, the customer file, fault-report intake,
 * first-line help from the FAQ, complaints, and the customer's own tickets. Platform-neutral:
 * an adapter turns platform updates into {@link CustomerInput} and delivers the {@link Reply}s.
 * Each flow lives in its own file; `router.ts` sends an input to its flow.
 */
import type { Intent } from "../assistant/port.ts";
import { langFromCode } from "../domain/customer.ts";
import type { CustomerRow, Store } from "../store/index.ts";
import { FLOW } from "./codes.ts";
import { TurnContext, type CustomerDeskOptions, type Prepared } from "./context.ts";
import { looksLikeComplaint } from "../domain/complaint.ts";
import { OPEN_STATUSES } from "../domain/ticket.ts";
import { prepareFirstLine } from "./first-line-match.ts";
import { clip } from "./format.ts";
import { DESCRIBING_STEPS, type Draft, type Step } from "./intake.ts";
import { prefill } from "./prefill.ts";
import { outOfHoursNotice } from "./out-of-hours.ts";
import { routeInput } from "./router.ts";
import { MAX_DESCRIPTION, MAX_INPUT_TEXT, type CustomerInput, type CustomerRef, type Reply } from "./types.ts";

export type { CustomerDeskOptions, Prepared } from "./context.ts";

/** What the LLM must have read a message as before it writes first-line steps for it. */
const ANSWERED_INTENTS: readonly Intent[] = ["fault_report", "usage_question"];

/** Result of handling one input: what to send back. */
export interface Handled {
  replies: Reply[];
  customer: CustomerRow;
}

/**
 * @example
 * ```ts
 * const desk = new CustomerDesk({ clock, timeZone: "Asia/Shanghai", warrantyMonths, faq, events, log });
 * const { replies } = await store.tx((tx) => desk.handle(tx, who, { type: "text", text: "冰箱不制冷了" }));
 * ```
 */
export class CustomerDesk {
  constructor(private readonly options: CustomerDeskOptions) {}

  /**
   * The slow part, run before the transaction: with an LLM, free text that may describe a
   * fault is read for intent, product, model and symptom. Returns {} without an LLM or when
   * the text is not a description (answers to a specific question are not sent to the model).
   */
  async prepare(store: Store, who: CustomerRef, input: CustomerInput): Promise<Prepared> {
    const assistant = this.options.assistant;
    if (!assistant || input.type !== "text" || !who.privateChat || input.text.length > MAX_INPUT_TEXT) return {};
    const customer = await store.customers.byTelegramUser(who.userId);
    let draft: Draft | undefined;
    let complaint = false;
    if (customer) {
      const conversation = await store.customers.conversation(customer.id);
      const describing =
        (conversation?.flow === FLOW.report && DESCRIBING_STEPS.includes(conversation.step as Step)) ||
        (conversation?.flow === FLOW.complaint && conversation.step === "text");
      if (conversation && !describing) return {};
      if (conversation?.flow === FLOW.report) draft = conversation.data as unknown as Draft;
      complaint = conversation?.flow === FLOW.complaint;
    }
    const customerKey = `customer:${customer?.id ?? "tg:" + who.userId}`;
    const lang = customer?.lang ?? langFromCode(who.languageCode);
    const text = input.text.trim();
    const understanding = await assistant.understand({ customerKey, text: input.text, lang });
    // the text becomes a report's description: its first-line answer is written now, before
    // the transaction (a text on an open ticket, or a complaint, gets none)
    const becomesDescription = draft ? !draft.description : !complaint;
    const open = customer && !draft ? await store.tickets.latestForCustomer(customer.id, OPEN_STATUSES) : null;
    // the model failed (its answer would too, and the customer is waiting), or read no fault
    if (!understanding || !ANSWERED_INTENTS.includes(understanding.intent)) return { understanding };
    if (!becomesDescription || open || (!draft && looksLikeComplaint(text))) return { understanding };
    const guess: Draft = { ...(draft ?? { photos: [] }) };
    prefill(guess, text, understanding, this.options.catalogue);
    const firstLine = await prepareFirstLine(assistant, this.options.faq, {
      customerKey,
      question: clip(text, MAX_DESCRIPTION),
      lang,
      category: guess.category,
      kind: guess.kind,
      model: guess.model,
    });
    return { understanding, firstLine };
  }

  /** Handles one customer input inside the caller's transaction. */
  async handle(tx: Store, who: CustomerRef, input: CustomerInput, prepared: Prepared = {}): Promise<Handled> {
    const customer = await tx.customers.upsertTelegram({
      userId: who.userId,
      chatId: who.chatId,
      displayName: who.displayName,
      lang: langFromCode(who.languageCode),
    });
    const turn = new TurnContext(this.options, tx, customer, prepared);
    await routeInput(turn, who, input);
    if (who.privateChat) await outOfHoursNotice(turn);
    return { replies: turn.replies, customer: turn.customer };
  }
}
