export {
  StaffDesk,
  SUMMARY_JOB,
  WORK_STATUSES,
  parseWindow,
  validateRepair,
  type PrivateReply,
  type RepairInput,
  type StaffContext,
  type StaffDeskOptions,
} from "./desk.ts";
export { STAFF_PLATFORM, staffChatKey, toOutbox, type StaffOutbound, type ThreadRef } from "./outbound.ts";
export { STAFF_ROLES, can, isStaffRole, parseRole, type Capability, type StaffRole } from "./roles.ts";
export { runStaffSummary } from "./summary.ts";
