/**
 * Proactive service (事前控制, prevention beats repair): reminders the desk sends by itself —
 * contract ends (`contract-ends.ts`), consumables due (`consumable-due.ts`), warranty ends
 * (`warranty-ends.ts`, optional), the check-in after a repair (`checkin.ts`, optional) — found by the
 * scan (`scan.ts`), sent by a durable job within reminder hours (`send.ts`, `hours.ts`),
 * answered by the customer's buttons (`answer.ts`), never to a customer who opted out
 * (`opt-out.ts`); `/products` (`my-products.ts`) and adding one (`add-product.ts`); replacements from repair records
 * (`repair-parts.ts`). This facade only hands over to those files.
 *
 * @example
 * ```ts
 * const proactive = new ProactiveService({ clock, timeZone, reminders: config.reminders, catalogue, warrantyMonths, events, log });
 * jobs.handle(REMINDER_SEND_JOB, (job, ctx) => proactive.send(job, ctx));
 * await proactive.startUp(store); // the start-up scan, and the hourly one
 * ```
 */
import type { ButtonTap, TurnContext } from "../customer/context.ts";
import type { JobContext } from "../jobs/index.ts";
import type { JobRow, Store, TicketRow } from "../store/index.ts";
import { addProductPhoto, addProductTap, addProductText } from "./add-product.ts";
import { answerReminder } from "./answer.ts";
import { scheduleCheckin } from "./checkin.ts";
import { ProactiveEnv, type ProactiveOptions, type ScanScope } from "./kinds.ts";
import { listProducts } from "./my-products.ts";
import { notificationsCommand } from "./opt-out.ts";
import { consumablesFromRepair } from "./repair-parts.ts";
import { hourlyScanJob, requestScan, runScanJob, scanReminders, type ScanResult } from "./scan.ts";
import { sendReminder } from "./send.ts";

export { REMINDER_KINDS, REMINDER_SEND_JOB, optedOut, type ProactiveOptions, type ReminderKind } from "./kinds.ts";
export { REMINDER_SCAN_JOB, requestScan, type ScanResult } from "./scan.ts";
export { inReminderHours, sendSlot, slotOnDay, type ReminderHours } from "./hours.ts";
export { consumableDue, warrantyEnd } from "./due.ts";

export class ProactiveService {
  readonly env: ProactiveEnv;

  constructor(options: ProactiveOptions) {
    this.env = new ProactiveEnv(options);
  }

  /** The start-up scan, and the first hourly one scheduled. */
  async startUp(store: Store): Promise<ScanResult> {
    const now = this.env.now();
    await store.jobs.schedule(hourlyScanJob(now), now);
    return scanReminders(this.env, store);
  }

  scan(store: Store, scope: ScanScope = {}): Promise<ScanResult> {
    return scanReminders(this.env, store, scope);
  }

  /** An import finished: a scan job now (any desk process runs it). */
  afterImport(store: Store): Promise<void> {
    return requestScan(store, this.env.now());
  }

  send(job: JobRow, ctx: JobContext): Promise<void> {
    return sendReminder(this.env, job, ctx);
  }

  scanJob(job: JobRow, ctx: JobContext): Promise<void> {
    return runScanJob(this.env, job, ctx);
  }

  answer(turn: TurnContext, tap: ButtonTap): Promise<void> {
    return answerReminder(this.env, turn, tap);
  }

  notifications(turn: TurnContext, args: string): Promise<void> {
    return notificationsCommand(turn, args);
  }

  products(turn: TurnContext): Promise<void> {
    return listProducts(turn);
  }

  addProductTap(turn: TurnContext, tap: ButtonTap): Promise<void> {
    return addProductTap(turn, tap);
  }
  addProductText(turn: TurnContext, step: string, text: string, data: unknown): Promise<void> {
    return addProductText(turn, step, text, data);
  }
  addProductPhoto(turn: TurnContext, step: string, fileId: string, data: unknown): Promise<void> {
    return addProductPhoto(turn, step, fileId, data);
  }

  /** A ticket was resolved: consumables its repair record names are replaced; the check-in is scheduled (if on). */
  async resolved(tx: Store, ticket: TicketRow): Promise<void> {
    await consumablesFromRepair(this.env, tx, ticket, this.env.now());
    await scheduleCheckin(this.env, tx, ticket, this.env.now());
  }
}
