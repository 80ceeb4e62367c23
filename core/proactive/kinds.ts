/**
 * What every reminder kind shares: the settings it reads (the environment), what the scan
 * gets back from it (the reminders it found due), and the three things each kind knows —
 * how to find what is due, the message when its time comes (or none, if it is no longer
 * relevant), and what the customer's answer does. One file per kind implements them.
 */
import type { Catalogue } from "../catalogue/index.ts";
import type { MessageCard } from "../card.ts";
import type { Clock } from "../clock.ts";
import type { ReminderConfig } from "../config.ts";
import type { TurnContext } from "../customer/context.ts";
import type { EventSink } from "../events.ts";
import type { Logger } from "../log.ts";
import type { CustomerRow, ReminderInput, ReminderRow, Store } from "../store/index.ts";
import type { ReminderHours } from "./hours.ts";

/** The reminder kinds, as stored (and as /notifications names them). */
export const REMINDER_KINDS = ["contract", "consumable", "warranty", "checkin"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** The job that sends one reminder (data: { reminderId }). */
export const REMINDER_SEND_JOB = "reminder.send";

/** Reminders waiting to go out, or out and waiting for an answer. */
export const OPEN_STATUSES = ["scheduled", "sent", "snoozed"];
/** Reminders that may still be sent (a snoozed one goes out again). */
export const SENDABLE_STATUSES = ["scheduled", "snoozed"];

export interface ProactiveOptions {
  clock: Clock;
  timeZone: string;
  reminders: ReminderConfig;
  catalogue: Catalogue;
  warrantyMonths: Record<string, number>;
  /** tells the staff side (a renewal task) */
  events: EventSink;
  log: Logger;
}

/** The settings every kind reads. */
export class ProactiveEnv {
  constructor(readonly options: ProactiveOptions) {}

  get hours(): ReminderHours {
    const { dayStart, dayEnd } = this.options.reminders;
    return { timeZone: this.options.timeZone, dayStart, dayEnd };
  }

  get catalogue(): Catalogue {
    return this.options.catalogue;
  }

  get config(): ReminderConfig {
    return this.options.reminders;
  }

  now(): Date {
    return this.options.clock.now();
  }
}

/** A reminder the scan found due, and the day it should go out (at that day's opening, or now). */
export interface Found {
  input: ReminderInput;
  /** "YYYY-MM-DD" */
  sendOn: string;
}

/** Which customers a scan looks at: everyone linked, or one customer (just linked). */
export interface ScanScope {
  customerId?: number;
}

/** A tap on a reminder's button, for the kind's answer. */
export interface ReminderAnswer {
  turn: TurnContext;
  reminder: ReminderRow;
  choice: string;
  /** "YYYY-MM-DD" in the desk's time zone */
  today: string;
}

export interface ReminderKindDef {
  kind: ReminderKind;
  /** The reminders due today among linked customers (the scan dedupes them by key). */
  find(env: ProactiveEnv, s: Store, today: string, scope: ScanScope): Promise<Found[]>;
  /** The message, if the reminder is still relevant today; null drops it. */
  card(env: ProactiveEnv, s: Store, reminder: ReminderRow, customer: CustomerRow, today: string): Promise<MessageCard | null>;
  /** The customer's answer (a button of the card). */
  answer(env: ProactiveEnv, a: ReminderAnswer): Promise<void>;
}

/** Whether a customer turned off reminders of a kind (or all of them). */
export function optedOut(customer: Pick<CustomerRow, "notifyOff">, kind: string): boolean {
  const off = customer.notifyOff ?? [];
  return off.includes("all") || off.includes(kind);
}

/** Days from `from` to `to` ("YYYY-MM-DD"). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
