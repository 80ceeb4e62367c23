/**
 * Service-level helpers: working-hours calendar, clock-time targets, warning points.
 *
 * @example
 * ```ts
 * import { WorkingCalendar, addClockTime } from "../core/sla/index.ts";
 * ```
 *
 * @module
 */
export * from "./calendar.ts";
export {
  DEFAULT_TARGETS,
  HOUR,
  dispatchDue,
  dispatchTargetHours,
  replyDue,
  slaFromEnv,
  type SlaConfig,
  type SlaTargets,
} from "./policy.ts";
