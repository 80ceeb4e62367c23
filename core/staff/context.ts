/**
 * What every staff flow shares: the desk's settings, the clock, and the few ways the staff
 * side speaks (a private answer to the acting person, a queued Slack message, a message to
 * the customer). Built once by the {@link StaffDesk} facade and handed to each flow; it holds
 * no flow logic of its own.
 */
import type { Catalogue } from "../catalogue/index.ts";
import type { MessageCard } from "../card.ts";
import type { Clock } from "../clock.ts";
import type { AppointmentSettings } from "../customer/appointment-choice.ts";
import { enqueueReplies } from "../customer/outbound.ts";
import type { EventSink } from "../events.ts";
import { messages, type Messages } from "../i18n/index.ts";
import { staffMessages, type StaffMessages } from "../i18n/staff.ts";
import type { Logger } from "../log.ts";
import type { SettlementRates } from "../reports/settlement-split.ts";
import type { WorkingCalendar } from "../sla/calendar.ts";
import type { Actor, JsonValue, StaffRow, Store, TicketRow } from "../store/index.ts";
import { toOutbox, type StaffOutbound, type ThreadRef } from "./outbound.ts";

export interface StaffDeskOptions {
  clock: Clock;
  timeZone: string;
  log: Logger;
  channels: { triage?: string; escalation?: string; complaints?: string };
  /** Slack users who are managers from the start (SLACK_ADMIN_USER_IDS) */
  adminUserIds: string[];
  /** language of channel posts */
  staffLang: string;
  /** how to mention a staff member in the platform's text (Slack: <@U123>) */
  mention?: (userId: string) => string;
  /** how to mention a channel (Slack: <#C123>) */
  channelMention?: (channelId: string) => string;
  /** visit windows offered to the customer when a ticket is claimed (预约) */
  appointments?: AppointmentSettings;
  /** staff names are read from the platform's profile (a `staff.name` job handler is registered) */
  profileNames?: boolean;
  /** post a generated summary of the conversation in the thread when a ticket is claimed (needs an LLM) */
  summarizeOnClaim?: boolean;
  /** where the staff side says what happened (`ticket.resolved` starts the callback survey) */
  events?: EventSink;
  /** the working calendar (reports measure in working hours) */
  calendar?: WorkingCalendar;
  /** the settlement rates and default fees (`/desk report settlement`) */
  settlement?: { rates: SettlementRates; defaultFen: (category: string | null) => number | null };
  /** complaint reply promise (clock hours) and repeat window (days), for the complaint review */
  complaintReplyHours?: number;
  repeatDays?: number;
  /** the shop's catalogue and warranty months (`/desk due`, `/desk customer`) */
  catalogue?: Catalogue;
  warrantyMonths?: Record<string, number>;
  /** tier names that are VIP, lower case (`/desk tier`) */
  vipTiers?: readonly string[];
}

/** Where a private answer to the acting person goes. */
export type PrivateReply = { responseUrl: string } | { channel: string; thread?: ThreadRef } | null;

/** Who is acting. */
export interface StaffContext {
  userId: string;
  name?: string;
  reply: PrivateReply;
}

/**
 * The shared settings and voice of the staff flows.
 *
 * @example
 * ```ts
 * const env = new StaffEnv({ clock, timeZone, log, channels: { triage: "C1" }, adminUserIds: [], staffLang: "zh-CN" });
 * await env.tell(tx, { userId: "U1", reply: { responseUrl } }, env.channelText.notStaff);
 * ```
 */
export class StaffEnv {
  /** Text of channel posts (the desk's staff language). */
  readonly channelText: StaffMessages;

  constructor(readonly options: StaffDeskOptions) {
    this.channelText = staffMessages(options.staffLang);
  }

  get timeZone(): string {
    return this.options.timeZone;
  }

  get channels(): StaffDeskOptions["channels"] {
    return this.options.channels;
  }

  now(): Date {
    return this.options.clock.now();
  }

  mention(userId: string): string {
    return this.options.mention ? this.options.mention(userId) : `@${userId}`;
  }

  channelMention(channelId: string): string {
    return this.options.channelMention ? this.options.channelMention(channelId) : `#${channelId}`;
  }

  /** The text for one person: their language if they are staff, else the channel language. */
  textFor(staff: StaffRow | null): StaffMessages {
    return staffMessages(staff?.lang ?? this.options.staffLang);
  }

  /** How a staff member appears in the audit log. */
  actor(staff: StaffRow): Actor {
    return { type: "staff", id: staff.slackUserId };
  }

  /** Sends a private answer to the acting person. */
  async tell(tx: Store, ctx: StaffContext, body: string | MessageCard): Promise<void> {
    const card: MessageCard = typeof body === "string" ? { body } : body;
    const reply = ctx.reply;
    if (!reply) return;
    const message: StaffOutbound =
      "responseUrl" in reply
        ? { kind: "respond", responseUrl: reply.responseUrl, user: ctx.userId, card }
        : { kind: "ephemeral", channel: reply.channel, user: ctx.userId, card, thread: reply.thread };
    await tx.outbox.enqueue([toOutbox(message)], this.now());
  }

  /** Queues staff-side messages (with an optional purpose the sender reports back). */
  async out(tx: Store, items: StaffOutbound[], purpose?: JsonValue): Promise<void> {
    await tx.outbox.enqueue(
      items.map((item) => toOutbox(item, purpose)),
      this.now(),
    );
  }

  /** Tells the ticket's customer something, in their language. */
  async notifyCustomer(tx: Store, ticket: TicketRow, text: (customerText: Messages) => string): Promise<void> {
    const customer = await tx.customers.get(ticket.customerId);
    if (!customer) return;
    const customerText = messages(customer.lang);
    await enqueueReplies(tx, customer.telegramChatId, [{ kind: "send", card: { body: text(customerText) } }], this.now());
  }
}
