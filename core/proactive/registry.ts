/**
 * Every reminder kind, by its stored name. The scan asks each enabled one what is due; the
 * send job and the answers find a reminder's kind here.
 */
import { checkin } from "./checkin.ts";
import { consumableDueKind } from "./consumable-due.ts";
import { contractEnds } from "./contract-ends.ts";
import { warrantyEnds } from "./warranty-ends.ts";
import type { ProactiveEnv, ReminderKind, ReminderKindDef } from "./kinds.ts";

export const KIND_DEFS: Partial<Record<ReminderKind, ReminderKindDef>> = {
  contract: contractEnds,
  consumable: consumableDueKind,
  warranty: warrantyEnds,
  checkin,
};

/** The kinds the scan looks for (warranty notices only with DESK_NOTIFY_WARRANTY=1). */
export function scannedKinds(env: ProactiveEnv): ReminderKindDef[] {
  return Object.values(KIND_DEFS).filter((k) => k.kind !== "warranty" || env.config.warranty);
}
