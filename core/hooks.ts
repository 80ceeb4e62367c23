/**
 * What the customer side tells the staff side. Hooks run inside the customer's transaction,
 * so whatever they enqueue (a Slack card, a thread message) is committed together with the
 * ticket change, or not at all.
 */
import type { ComplaintRow, Store, SurveyRow, TicketRow } from "./store/index.ts";

export interface CustomerMessageEvent {
  text: string;
  photos: { fileId: string; caption?: string }[];
}

export interface StaffHooks {
  /** A ticket needs staff (new, or first-line help did not solve it). */
  ticketQueued?(s: Store, ticket: TicketRow, now: Date): Promise<void>;
  /** The customer wrote on an open ticket. */
  customerMessage?(s: Store, ticket: TicketRow, msg: CustomerMessageEvent, now: Date): Promise<void>;
  /** A ticket changed from the customer's side (cancelled, solved by self-service, closed after the survey). */
  ticketChanged?(s: Store, ticket: TicketRow, now: Date): Promise<void>;
  /** The customer was not satisfied at callback: the supervisors must act. */
  callbackNeeded?(s: Store, ticket: TicketRow, survey: SurveyRow, now: Date): Promise<void>;
  /** An unsatisfied customer added a comment to the survey. */
  callbackComment?(s: Store, ticket: TicketRow, text: string, now: Date): Promise<void>;
  /** A complaint was registered (its deadline is set; staff must hear at once). */
  complaintOpened?(s: Store, ticket: TicketRow, complaint: ComplaintRow, now: Date): Promise<void>;
}
