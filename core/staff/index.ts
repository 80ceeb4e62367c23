export { StaffDesk } from "./staff-desk.ts";
export type { PrivateReply, StaffContext, StaffDeskOptions } from "./context.ts";
export { recordCardPosted, TICKET_CARD_PURPOSE } from "./card.ts";
export { SUMMARY_JOB, runStaffSummary } from "./conversation-summary.ts";
export { WORK_STATUSES } from "./guard.ts";
export { validateRepair, type RepairInput } from "./resolve.ts";
export { parseWindow } from "./work-states.ts";
export { STAFF_PLATFORM, staffChatKey, toOutbox, type StaffOutbound, type ThreadRef } from "./outbound.ts";
export { STAFF_ROLES, can, isStaffRole, parseRole, type Capability, type StaffRole } from "./roles.ts";
