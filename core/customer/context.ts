/**
 * What every customer flow shares while one input is handled: the transaction, the customer,
 * the clock reading, the slow work done before the transaction, and the replies collected so
 * far. Flows are plain functions that take this context.
 */
import type { Assistant, Understanding } from "../assistant/port.ts";
import { defaultCatalogue, type Catalogue } from "../catalogue/index.ts";
import type { MessageCard } from "../card.ts";
import type { Clock } from "../clock.ts";
import type { EventSink } from "../events.ts";
import type { FaqService } from "../faq.ts";
import { messages, type Messages } from "../i18n/index.ts";
import type { Logger } from "../log.ts";
import type { WorkingCalendar } from "../sla/calendar.ts";
import type { Actor, ConversationRow, CustomerRow, Store } from "../store/index.ts";
import type { ProactiveService } from "../proactive/index.ts";
import type { AppointmentSettings } from "./appointment-choice.ts";
import type { PreparedFirstLine } from "./first-line-match.ts";
import type { SurveyService } from "./survey.ts";
import type { Reply } from "./types.ts";

/** Days within which a new ticket for the same product (or a new complaint) counts as a repeat. */
export const DEFAULT_REPEAT_DAYS = 90;
/** Clock hours within which complaints are answered, when the configuration does not say. */
export const DEFAULT_COMPLAINT_REPLY_HOURS = 24;
/** Clock hours within which major complaints are answered, when the configuration does not say. */
export const DEFAULT_MAJOR_COMPLAINT_REPLY_HOURS = 4;
export const DAY_MS = 86_400_000;

export interface CustomerDeskOptions {
  clock: Clock;
  timeZone: string;
  warrantyMonths: Record<string, number>;
  /** the shop's product catalogue (the shipped one when not given) */
  catalogue?: Catalogue;
  /** tier names that get the VIP dispatch target, lower case (default: vip) */
  vipTiers?: readonly string[];
  faq: FaqService;
  /** where the customer side says what happened (queued tickets, messages, complaints) */
  events: EventSink;
  log: Logger;
  /** the LLM assistant, when one is configured */
  assistant?: Assistant | null;
  /** the callback survey (回访) */
  surveys?: SurveyService;
  /** proactive reminders: their buttons, /notifications, /products */
  proactive?: ProactiveService;
  /** days within which a new ticket for the same product is a repeat repair (default 90) */
  repeatDays?: number;
  /** clock hours within which complaints are answered (the acknowledgement promises it) */
  complaintReplyHours?: number;
  /** appointment windows customers pick from (预约), when offered */
  appointments?: AppointmentSettings;
  /** the working calendar: outside its hours customers are told when the team is back */
  calendar?: WorkingCalendar;
  /** clock hours within which major complaints are answered (the acknowledgement promises it) */
  majorComplaintReplyHours?: number;
}

/** Slow work done before the transaction (never inside the platform's ack path). */
export interface Prepared {
  understanding?: Understanding | null;
  /** with an LLM: its first-line answer to the description this input gives */
  firstLine?: PreparedFirstLine;
}

/** A button tap, with the two ways of responding to the tap itself. */
export interface ButtonTap {
  action: string;
  value?: string;
  callbackId: string;
  messageId?: number;
  /** acknowledges the tap, with a short notice if given */
  answer(notice?: string): void;
  /** removes the buttons from the tapped message */
  removeButtons(): void;
}

/** One customer input being handled. */
export class TurnContext {
  readonly replies: Reply[] = [];
  readonly now: Date;

  constructor(
    readonly options: CustomerDeskOptions,
    readonly tx: Store,
    public customer: CustomerRow,
    readonly prepared: Prepared = {},
  ) {
    this.now = options.clock.now();
  }

  /** The shop's product catalogue. */
  get catalogue(): Catalogue {
    return this.options.catalogue ?? defaultCatalogue();
  }

  /** The customer's language strings (a language change applies at once). */
  get ui(): Messages {
    return messages(this.customer.lang);
  }

  /** The customer, as the actor in a ticket's history. */
  get actor(): Actor {
    return { type: "customer", id: this.customer.telegramUserId ?? undefined };
  }

  send(card: MessageCard | string): void {
    this.replies.push({ kind: "send", card: typeof card === "string" ? { body: card } : card });
  }

  /** The customer's conversation in progress, if any. */
  conversation(): Promise<ConversationRow | null> {
    return this.tx.customers.conversation(this.customer.id);
  }

  /** Builds the tap of a button input; its answers go into this turn's replies. */
  tap(action: string, value: string | undefined, callbackId: string, messageId?: number): ButtonTap {
    return {
      action,
      value,
      callbackId,
      messageId,
      answer: (notice) => {
        this.replies.push({ kind: "answer", callbackId, text: notice });
      },
      removeButtons: () => {
        if (messageId) this.replies.push({ kind: "markup", messageId, card: {} });
      },
    };
  }
}
