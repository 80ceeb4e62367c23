/**
 * Staff roles and what each may do (DOMAIN.md "Who uses the desk").
 * - agent (信息员/调度): triages, dispatches, calls back
 * - engineer (工程师): claims or is assigned tickets, visits, repairs
 * - supervisor (服务主任): everything on anyone's ticket, reopens, reports
 * - manager (经理): all of that, plus the staff directory and the settlement
 */
export const STAFF_ROLES = ["agent", "engineer", "supervisor", "manager"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type Capability =
  /** take an unclaimed ticket */
  | "claim"
  /** give a ticket to someone (dispatch, 派工) */
  | "assign"
  /** close a ticket as invalid or duplicate */
  | "close"
  /** work one's own tickets: appointment, on site, repair, resolve, reply, notes */
  | "work"
  /** work anyone's tickets */
  | "work_any"
  /** reopen a resolved or closed ticket that is not one's own */
  | "reopen_any"
  /** summaries and reports */
  | "reports"
  /** add and remove staff */
  | "staff_admin"
  /** the settlement (结算): money per engineer, store and service lead */
  | "settlement"
  /** the shop's customer files: link a Telegram customer to a file, set tiers, confirm products */
  | "records";

const CAPS: Record<StaffRole, readonly Capability[]> = {
  engineer: ["claim", "work"],
  agent: ["claim", "assign", "close", "work", "records"],
  supervisor: ["claim", "assign", "close", "work", "work_any", "reopen_any", "reports", "records"],
  manager: ["claim", "assign", "close", "work", "work_any", "reopen_any", "reports", "staff_admin", "records", "settlement"],
};

/**
 * @example
 * ```ts
 * can("engineer", "assign"); // false
 * can("supervisor", "work_any"); // true
 * ```
 */
export function can(role: string, cap: Capability): boolean {
  return (CAPS[role as StaffRole] ?? []).includes(cap);
}

export function isStaffRole(v: unknown): v is StaffRole {
  return typeof v === "string" && (STAFF_ROLES as readonly string[]).includes(v);
}

/** Role names as staff type them, in both languages. */
export function parseRole(input: string): StaffRole | null {
  const t = input.trim().toLowerCase();
  const map: Record<string, StaffRole> = {
    agent: "agent",
    dispatcher: "agent",
    信息员: "agent",
    调度: "agent",
    调度员: "agent",
    客服: "agent",
    engineer: "engineer",
    technician: "engineer",
    工程师: "engineer",
    技术员: "engineer",
    师傅: "engineer",
    supervisor: "supervisor",
    服务主任: "supervisor",
    主管: "supervisor",
    主任: "supervisor",
    manager: "manager",
    经理: "manager",
  };
  return map[t] ?? null;
}
