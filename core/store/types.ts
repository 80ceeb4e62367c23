/**
 * Row types of the data layer, re-exported so the rest of core never imports Prisma.
 */
export type {
  Attachment as AttachmentRow,
  Complaint as ComplaintRow,
  Contract as ContractRow,
  Conversation as ConversationRow,
  Customer as CustomerRow,
  InboundEvent as InboundRow,
  Job as JobRow,
  KbEntry as KbEntryRow,
  OutboxMessage as OutboxRow,
  Product as ProductRow,
  RepairRecord as RepairRecordRow,
  Reminder as ReminderRow,
  SavedReply as SavedReplyRow,
  Staff as StaffRow,
  Survey as SurveyRow,
  Ticket as TicketRow,
  TicketEvent as TicketEventRow,
  TicketMessage as TicketMessageRow,
} from "./generated/client.ts";

/** JSON values as stored in Json columns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
