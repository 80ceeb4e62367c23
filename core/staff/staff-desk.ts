/**
 * The staff side of the desk as the adapters see it: one object whose methods the Slack
 * listeners and the desk's event subscribers call. It holds no logic; each method hands
 * over to the file of its flow:
 *
 * - who is staff, `/desk staff …`: `directory.ts`; who may do what: `guard.ts`
 * - the card and its buttons: `card.ts`; a ticket reaching triage: `triage.ts`
 * - the ticket's thread, staff replies and notes: `thread.ts`
 * - claim and dispatch: `claim.ts`; appointment, on site, taken in, waiting for parts:
 *   `work-states.ts`; the repair record and Resolve: `resolve.ts`; close and reopen:
 *   `reopen-close.ts`
 * - complaints: `complaint.ts`; the unsatisfied callback: `callback.ts`
 * - service-level notices and `/desk overdue`: `sla-notices.ts`
 * - `/desk <ref>`, `mine`, `queue`: `queries.ts`; `/desk summary`, `report`: `report-commands.ts`
 * - the shop's customer files, `/desk link`: `records.ts`; renewal tasks, `/desk renewed`: `renewal.ts`;
 *   `/desk due`, `/desk customer`, `/desk tier`: `customer-file.ts`; products customers add: `product-confirm.ts`
 *
 * Every change is made in the caller's transaction, and everything it says goes through the outbox.
 */
import * as replies from "./saved-replies.ts";
import type { SharedFile } from "./thread-files.ts";
import type { MessageCard } from "../card.ts";
import type { CustomerMessageEvent, SlaClockName } from "../events.ts";
import type { ProductRow, ReminderRow, StaffRow, Store, SurveyRow, TicketRow } from "../store/index.ts";
import * as callback from "./callback.ts";
import * as card from "./card.ts";
import * as claiming from "./claim.ts";
import * as complaint from "./complaint.ts";
import { StaffEnv, type StaffContext, type StaffDeskOptions } from "./context.ts";
import { postSummary } from "./conversation-summary.ts";
import * as directory from "./directory.ts";
import { may, type GuardOptions } from "./guard.ts";
import * as queries from "./queries.ts";
import * as reopenClose from "./reopen-close.ts";
import * as reports from "./report-commands.ts";
import * as records from "./records.ts";
import * as renewal from "./renewal.ts";
import * as productConfirm from "./product-confirm.ts";
import * as customerFile from "./customer-file.ts";
import * as resolving from "./resolve.ts";
import type { ComplaintRecord } from "./complaint.ts";
import type { RepairInput } from "./resolve.ts";
import type { Capability } from "./roles.ts";
import * as notices from "./sla-notices.ts";
import * as thread from "./thread.ts";
import { ticketQueued } from "./triage.ts";
import * as work from "./work-states.ts";

/**
 * @example
 * ```ts
 * const staff = new StaffDesk({ clock, timeZone, log, channels: { triage: "C_TRIAGE" }, adminUserIds: ["U_BOSS"], staffLang: "zh-CN" });
 * await store.tx((tx) => staff.claim(tx, { userId: "U1", reply: { responseUrl } }, 1001));
 * ```
 */
export class StaffDesk {
  private readonly env: StaffEnv;

  constructor(options: StaffDeskOptions) {
    this.env = new StaffEnv(options);
  }

  get triageChannel(): string | undefined {
    return this.env.channels.triage;
  }

  // ── who, and who may ────────────────────────────────────────────────────────────────────

  member(tx: Store, userId: string, name?: string): Promise<StaffRow | null> {
    return directory.member(this.env, tx, userId, name);
  }
  tell(tx: Store, ctx: StaffContext, body: string | MessageCard): Promise<void> {
    return this.env.tell(tx, ctx, body);
  }
  may(tx: Store, ctx: StaffContext, ref: number | null, capability: Capability, opts: GuardOptions = {}): Promise<boolean> {
    return may(this.env, tx, ctx, ref, capability, opts);
  }
  mayResolve(tx: Store, ctx: StaffContext, ref: number | null): Promise<TicketRow | null> {
    return resolving.mayResolve(this.env, tx, ctx, ref);
  }

  // ── the card and the thread ─────────────────────────────────────────────────────────────

  card(tx: Store, ticket: TicketRow): Promise<MessageCard> {
    return card.ticketCard(this.env, tx, ticket);
  }
  refreshCard(tx: Store, ticket: TicketRow): Promise<void> {
    return card.refreshCard(this.env, tx, ticket);
  }
  thread(tx: Store, ticket: TicketRow, body: MessageCard | string): Promise<void> {
    return thread.postInThread(this.env, tx, ticket, body);
  }
  ticketQueued(tx: Store, ticket: TicketRow): Promise<void> {
    return ticketQueued(this.env, tx, ticket);
  }
  customerMessage(tx: Store, ticket: TicketRow, message: CustomerMessageEvent): Promise<void> {
    return thread.customerMessage(this.env, tx, ticket, message);
  }
  /** `/desk reply #ref keyword` (saved-replies.ts) */
  sendSavedReply(tx: Store, ctx: StaffContext, ref: number | null, keyword: string | undefined): Promise<void> {
    return replies.sendSavedReply(this.env, tx, ctx, ref, keyword);
  }

  /** `/desk replies add|remove|list` (saved-replies.ts) */
  manageReplies(tx: Store, ctx: StaffContext, args: string[]): Promise<void> {
    return replies.manageReplies(this.env, tx, ctx, args);
  }

  threadMessage(
    tx: Store,
    ctx: StaffContext,
    ticket: TicketRow,
    text: string,
    files: SharedFile[] = [],
  ): Promise<thread.ThreadMessageOutcome> {
    return thread.threadMessage(this.env, tx, ctx, ticket, text, files);
  }
  note(tx: Store, ctx: StaffContext, ref: number | null, text: string, opts: { alreadyVisible?: boolean } = {}): Promise<boolean> {
    return thread.note(this.env, tx, ctx, ref, text, opts);
  }
  postSummary(tx: Store, ticketId: number, summary: string): Promise<void> {
    return postSummary(this.env, tx, ticketId, summary);
  }

  // ── actions ─────────────────────────────────────────────────────────────────────────────

  claim(tx: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
    return claiming.claim(this.env, tx, ctx, ref);
  }
  assign(tx: Store, ctx: StaffContext, ref: number | null, targetUserId: string): Promise<boolean> {
    return claiming.assign(this.env, tx, ctx, ref, targetUserId);
  }
  appointment(tx: Store, ctx: StaffContext, ref: number | null, window: { from: Date; to: Date }): Promise<boolean> {
    return work.appointment(this.env, tx, ctx, ref, window);
  }
  onSite(tx: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
    return work.onSite(this.env, tx, ctx, ref);
  }
  takenIn(tx: Store, ctx: StaffContext, ref: number | null, receiptNo: string): Promise<boolean> {
    return work.takenIn(this.env, tx, ctx, ref, receiptNo);
  }
  waitingParts(tx: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
    return work.waitingParts(this.env, tx, ctx, ref);
  }
  resolve(tx: Store, ctx: StaffContext, ref: number | null, repair: RepairInput): Promise<boolean> {
    return resolving.resolve(this.env, tx, ctx, ref, repair);
  }
  close(tx: Store, ctx: StaffContext, ref: number | null, kind: "invalid" | "duplicate", reason: string): Promise<boolean> {
    return reopenClose.close(this.env, tx, ctx, ref, kind, reason);
  }
  reopen(tx: Store, ctx: StaffContext, ref: number | null): Promise<boolean> {
    return reopenClose.reopen(this.env, tx, ctx, ref);
  }

  // ── complaints and the callback ─────────────────────────────────────────────────────────

  complaintOpened(tx: Store, ticket: TicketRow): Promise<void> {
    return complaint.complaintOpened(this.env, tx, ticket);
  }
  setSeverity(tx: Store, ctx: StaffContext, ref: number | null, severity: "major" | "ordinary" | null): Promise<boolean> {
    return complaint.setSeverity(this.env, tx, ctx, ref, severity);
  }
  recordComplaint(tx: Store, ctx: StaffContext, ref: number | null, record: ComplaintRecord): Promise<boolean> {
    return complaint.recordComplaint(this.env, tx, ctx, ref, record);
  }
  callbackNeeded(tx: Store, ticket: TicketRow, survey: SurveyRow): Promise<void> {
    return callback.callbackNeeded(this.env, tx, ticket, survey);
  }
  callbackComment(tx: Store, ticket: TicketRow, comment: string): Promise<void> {
    return callback.callbackComment(this.env, tx, ticket, comment);
  }

  // ── service-level notices ───────────────────────────────────────────────────────────────

  slaWarn(tx: Store, ticket: TicketRow, clock: SlaClockName, dueAt: Date, leftMs: number): Promise<void> {
    return notices.slaWarn(this.env, tx, ticket, clock, dueAt, leftMs);
  }
  slaBreach(tx: Store, ticket: TicketRow, clock: SlaClockName, lateMs: number, round: number): Promise<void> {
    return notices.slaBreach(this.env, tx, ticket, clock, lateMs, round);
  }
  morningDigest(tx: Store, tickets: TicketRow[]): Promise<void> {
    return notices.morningDigest(this.env, tx, tickets);
  }
  overdue(tx: Store, ctx: StaffContext, items: notices.OverdueLine[]): Promise<void> {
    return notices.overdue(this.env, tx, ctx, items);
  }

  // ── views and reports ───────────────────────────────────────────────────────────────────

  history(tx: Store, ctx: StaffContext, ref: number | null): Promise<void> {
    return queries.history(this.env, tx, ctx, ref);
  }
  mine(tx: Store, ctx: StaffContext): Promise<void> {
    return queries.mine(this.env, tx, ctx);
  }
  queue(tx: Store, ctx: StaffContext): Promise<void> {
    return queries.queue(this.env, tx, ctx);
  }
  summary(tx: Store, ctx: StaffContext, spec: string | undefined, opts: { csv?: boolean; channel?: string } = {}): Promise<void> {
    return reports.summary(this.env, tx, ctx, spec, opts);
  }
  engineerReport(tx: Store, ctx: StaffContext, target: { userId: string } | null, spec: string | undefined): Promise<void> {
    return reports.engineerReport(this.env, tx, ctx, target, spec);
  }
  complaintReview(tx: Store, ctx: StaffContext, spec: string | undefined, opts: { channel?: string } = {}): Promise<void> {
    return reports.complaintReview(this.env, tx, ctx, spec, opts);
  }
  settlement(tx: Store, ctx: StaffContext, spec: string | undefined, opts: { csv?: boolean; channel?: string } = {}): Promise<void> {
    return reports.settlement(this.env, tx, ctx, spec, opts);
  }

  // ── the shop's customer files ───────────────────────────────────────────────────────────

  link(tx: Store, ctx: StaffContext, who: string | undefined, phone: string | undefined): Promise<void> {
    return records.linkByStaff(this.env, tx, ctx, who, phone);
  }
  customerFile(tx: Store, ctx: StaffContext, query: string): Promise<void> {
    return customerFile.showCustomer(this.env, tx, ctx, query);
  }
  due(tx: Store, ctx: StaffContext, what: string | undefined, days: string | undefined): Promise<void> {
    return customerFile.dueList(this.env, tx, ctx, what, days);
  }
  setTier(tx: Store, ctx: StaffContext, phone: string | undefined, tier: string | undefined): Promise<void> {
    return customerFile.setTier(this.env, tx, ctx, phone, tier);
  }

  // ── renewal tasks (a customer tapped Renew) ─────────────────────────────────────────────

  renewalRequested(tx: Store, reminder: ReminderRow): Promise<void> {
    return renewal.renewalRequested(this.env, tx, reminder);
  }
  renewalClaim(tx: Store, ctx: StaffContext, id: number | null): Promise<void> {
    return renewal.claimRenewal(this.env, tx, ctx, id);
  }
  renewalDecline(tx: Store, ctx: StaffContext, id: number | null): Promise<void> {
    return renewal.declineRenewal(this.env, tx, ctx, id);
  }
  renewed(tx: Store, ctx: StaffContext, number: string | undefined, ends: string | undefined): Promise<void> {
    return renewal.markRenewed(this.env, tx, ctx, number, ends);
  }

  // ── products customers added ────────────────────────────────────────────────────────────

  productAdded(tx: Store, product: ProductRow, photo: string | null): Promise<void> {
    return productConfirm.productAdded(this.env, tx, product, photo);
  }
  confirmProduct(tx: Store, ctx: StaffContext, id: number | null): Promise<void> {
    return productConfirm.confirmProduct(this.env, tx, ctx, id);
  }

  // ── the directory (managers) ────────────────────────────────────────────────────────────

  staffAdd(tx: Store, ctx: StaffContext, target: { userId: string; name?: string } | null, roleText: string): Promise<void> {
    return directory.staffAdd(this.env, tx, ctx, target, roleText);
  }
  staffRemove(tx: Store, ctx: StaffContext, target: { userId: string } | null): Promise<void> {
    return directory.staffRemove(this.env, tx, ctx, target);
  }
  staffList(tx: Store, ctx: StaffContext): Promise<void> {
    return directory.staffList(this.env, tx, ctx);
  }
}
