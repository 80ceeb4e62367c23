/**
 * Ticket (工单) vocabulary: kinds of work, statuses, and which statuses are open.
 */

/**
 * Kinds of work: repair, installation and setup, maintenance, usage consultation, return or
 * exchange under the "three guarantees" (三包), and complaint.
 */
export const TICKET_KINDS = ["repair", "install", "maintenance", "consult", "return", "complaint"] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
/** The kinds a customer can pick when reporting (complaints have their own command). */
export const REPORT_KINDS = ["repair", "install", "maintenance", "consult", "return"] as const satisfies readonly TicketKind[];

/**
 * Ticket statuses.
 * - `self_help`: first-line help (FAQ) was offered; waiting for the customer's answer
 * - `queued`: waiting for staff (unclaimed)
 * - `claimed` … `waiting_parts`: staff work in progress
 * - `resolved`: work done, callback survey pending
 * - `callback_needed`: the customer was not satisfied at callback
 * - `closed`, `cancelled`: finished
 */
export const TICKET_STATUSES = [
  "self_help",
  "queued",
  "claimed",
  "scheduled",
  "on_site",
  "in_repair",
  "waiting_parts",
  "resolved",
  "callback_needed",
  "closed",
  "cancelled",
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which the customer's new messages belong to the ticket. */
export const OPEN_STATUSES: readonly TicketStatus[] = [
  "self_help",
  "queued",
  "claimed",
  "scheduled",
  "on_site",
  "in_repair",
  "waiting_parts",
  "callback_needed",
];

/** Statuses a customer may still cancel from (before anyone is on site). */
export const CANCELLABLE_STATUSES: readonly TicketStatus[] = ["self_help", "queued", "claimed", "scheduled"];

export function isOpenStatus(s: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(s);
}

/**
 * Parses a ticket reference as customers type it: `#1024`, `1024`, `＃1024`, ` # 1024 `.
 *
 * @example
 * ```ts
 * parseTicketRef("#1024"); // 1024
 * parseTicketRef("abc");   // null
 * ```
 */
export function parseTicketRef(input: string | undefined | null): number | null {
  if (!input) return null;
  const m = /^\s*[#＃]?\s*(\d{1,9})\s*$/.exec(input.normalize("NFKC"));
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Formats a ticket reference for display: `#1024`. */
export function formatRef(ref: number): string {
  return `#${ref}`;
}
