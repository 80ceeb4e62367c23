/**
 * What happens in the desk, as one typed list of events. Flows say what happened
 * (`events.emit`); the parts that react subscribe once, at construction, in one place
 * (`core/wiring.ts`, called by the composition in `bots/desk.ts`). Subscribers run in registration order inside the
 * emitter's transaction, so whatever they write or enqueue commits together with the change
 * that caused it, or not at all.
 *
 * A subscriber that needs the latest state of a row re-reads it: an earlier subscriber may
 * have changed it (the service-level watch gives a queued ticket its deadline before the
 * staff side posts its card).
 *
 * @example
 * ```ts
 * const events = new DeskEvents();
 * events.on("ticket.queued", async (s, { ticket }) => sla.onQueued(s, ticket));
 * await store.tx((s) => events.emit(s, "ticket.queued", { ticket }, clock.now()));
 * ```
 */
import type { ComplaintRow, CustomerRow, JsonValue, ProductRow, ReminderRow, Store, SurveyRow, TicketRow } from "./store/index.ts";

export interface CustomerMessageEvent {
  text: string;
  photos: { fileId: string; caption?: string }[];
}

export type SlaClockName = "dispatch" | "reply";

/** Every event the desk knows, by name, with what it carries. */
export interface DeskEventMap {
  /** A ticket needs staff: new, or first-line help did not solve it. */
  "ticket.queued": { ticket: TicketRow };
  /** A ticket changed from the customer's side (cancelled, solved by self-service, closed after the survey). */
  "ticket.changed": { ticket: TicketRow };
  /** Staff recorded the repair and resolved the ticket: the callback survey is due. */
  "ticket.resolved": { ticket: TicketRow };
  /** The customer wrote on an open ticket. */
  "customer.message": { ticket: TicketRow; message: CustomerMessageEvent };
  /** The customer was not satisfied at callback: the supervisors must act. */
  "callback.needed": { ticket: TicketRow; survey: SurveyRow };
  /** An unsatisfied customer added a comment to the survey. */
  "callback.comment": { ticket: TicketRow; text: string };
  /** A complaint was registered; staff must hear at once. */
  "complaint.opened": { ticket: TicketRow; complaint: ComplaintRow };
  /** A deadline reached its warning point. */
  "sla.warned": { ticket: TicketRow; clock: SlaClockName; dueAt: Date; leftMs: number };
  /** A deadline passed (repeated every few working hours until the work is done). */
  "sla.breached": { ticket: TicketRow; clock: SlaClockName; lateMs: number; round: number };
  /** A Telegram customer was linked to the shop's file (their products and contracts are now theirs). */
  "customer.linked": { customer: CustomerRow };
  /** A customer tapped Renew under a contract-end notice (or asked about a contract): a renewal task for staff. */
  "renewal.requested": { reminder: ReminderRow };
  /** A customer added a product to their file (with a photo of its nameplate, perhaps): staff confirm it. */
  "product.added": { product: ProductRow; photo: string | null };
  /** The morning list of tickets left undispatched overnight. */
  "sla.morning": { tickets: TicketRow[] };
  /**
   * The platform accepted an outbox message that carried a purpose (for example the staff
   * card of a ticket, whose platform id must be recorded).
   */
  "outbox.sent": {
    purpose: { type: string } & Record<string, JsonValue>;
    platformMessageId: string | null;
    meta: Record<string, string> | null;
  };
}

export type DeskEventName = keyof DeskEventMap;

/** A subscriber: runs inside the emitter's transaction. */
export type DeskSubscriber<K extends DeskEventName> = (s: Store, event: DeskEventMap[K], now: Date) => Promise<void>;

/**
 * The emitting side, as flows see it. Flows take this narrow type, so they can say what
 * happened but cannot subscribe.
 */
export interface EventSink {
  emit<K extends DeskEventName>(s: Store, name: K, event: DeskEventMap[K], now: Date): Promise<void>;
}

/**
 * An event sink that can also say whether anything listens to an event: for a flow whose
 * work only makes sense while someone hears it (the service-level watch repeats a breach
 * reminder only while staff are told).
 */
export interface ObservedEventSink extends EventSink {
  has(name: DeskEventName): boolean;
}

export class DeskEvents implements ObservedEventSink {
  private readonly subscribers = new Map<DeskEventName, DeskSubscriber<any>[]>();

  /** Registers a subscriber; call it while composing the desk, never later. */
  on<K extends DeskEventName>(name: K, subscriber: DeskSubscriber<K>): this {
    const list = this.subscribers.get(name) ?? [];
    list.push(subscriber);
    this.subscribers.set(name, list);
    return this;
  }

  /** Runs every subscriber of `name` in order, in the caller's transaction. */
  async emit<K extends DeskEventName>(s: Store, name: K, event: DeskEventMap[K], now: Date): Promise<void> {
    for (const subscriber of this.subscribers.get(name) ?? []) await subscriber(s, event, now);
  }

  /** Whether anything listens to `name`. */
  has(name: DeskEventName): boolean {
    return (this.subscribers.get(name)?.length ?? 0) > 0;
  }
}

/** An event sink that drops everything (unit tests of a single flow). */
export const noEvents: EventSink = { emit: async () => {} };
