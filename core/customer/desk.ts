/**
 * The customer side of the desk: greeting, the customer file, fault-report intake,
 * first-line help from the FAQ, complaints, and the customer's own tickets. Platform-neutral:
 * an adapter turns platform updates into {@link CustomerInput} and delivers the {@link Reply}s.
 * Each flow lives in its own file; `router.ts` sends an input to its flow.
 */
import { langFromCode } from "../domain/customer.ts";
import type { CustomerRow, Store } from "../store/index.ts";
import { FLOW } from "./codes.ts";
import { TurnContext, type CustomerDeskOptions, type Prepared } from "./context.ts";
import { DESCRIBING_STEPS, type Step } from "./intake.ts";
import { routeInput } from "./router.ts";
import { MAX_INPUT_TEXT, type CustomerInput, type CustomerRef, type Reply } from "./types.ts";

export type { CustomerDeskOptions, Prepared } from "./context.ts";

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
    if (customer) {
      const conversation = await store.customers.conversation(customer.id);
      const describing =
        (conversation?.flow === FLOW.report && DESCRIBING_STEPS.includes(conversation.step as Step)) ||
        (conversation?.flow === FLOW.complaint && conversation.step === "text");
      if (conversation && !describing) return {};
    }
    const understanding = await assistant.understand({
      customerKey: `customer:${customer?.id ?? "tg:" + who.userId}`,
      text: input.text,
      lang: customer?.lang ?? langFromCode(who.languageCode),
    });
    return { understanding };
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
    return { replies: turn.replies, customer: turn.customer };
  }
}
