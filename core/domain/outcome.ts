/**
 * Outcome classes of a finished job, found at the callback, with their precedence: every
 * finished job gets exactly one. The classes grade engineers and service points.
 */
export const OUTCOMES = ["complaint", "repeat_visits", "not_fixed_first", "attitude", "unsatisfied", "satisfied", "no_response"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface OutcomeFacts {
  /** a complaint was filed about this job */
  complaint: boolean;
  /** times the job was reopened */
  reopenCount: number;
  /** the attitude rating, 1 (不满意) .. 4 (很满意), null if not given */
  attitude: number | null;
  /** the overall answer; null when the customer never answered */
  satisfied: boolean | null;
}

/**
 * 1 complaint → 2 not fixed after several visits (reopened ≥ 2) → 3 not fixed the first time
 * (reopened once) → 4 unhappy with attitude (attitude 不满意) → 5 unsatisfied at callback →
 * 6 satisfied → 7 no response.
 *
 * @example
 * ```ts
 * outcomeClass({ complaint: false, reopenCount: 1, attitude: 4, satisfied: true }); // "not_fixed_first"
 * ```
 */
export function outcomeClass(f: OutcomeFacts): Outcome {
  if (f.complaint) return "complaint";
  if (f.reopenCount >= 2) return "repeat_visits";
  if (f.reopenCount === 1) return "not_fixed_first";
  if (f.attitude === 1) return "attitude";
  if (f.satisfied === false) return "unsatisfied";
  if (f.satisfied === true) return "satisfied";
  return "no_response";
}
