/**
 * What happens on Resolve: the owner fills in the repair record (修护卡: work done, hours,
 * parts, fee and fee type), the ticket becomes resolved, the customer hears what was done
 * and what it costs, and `ticket.resolved` starts the callback survey.
 */
import { parseYuanToFen } from "../reports/settlement-split.ts";
import { FEE_TYPES } from "../domain/fee.ts";
import { formatRef } from "../domain/ticket.ts";
import { staffMessages } from "../i18n/staff.ts";
import type { JsonValue, Store, TicketRow } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { WORK_STATUSES, guard, tellWrongState } from "./guard.ts";
import { move } from "./transition.ts";

/** The longest work description kept. */
const WORK_DONE_MAX_CHARS = 2000;
/** The longest part name kept. */
const PART_NAME_MAX_CHARS = 100;
/** Hours worked: up to three digits and two decimals. */
const HOURS_PATTERN = /^\d{1,3}(\.\d{1,2})?$/;
const MAX_HOURS = 999;
/** A fee: up to seven digits and two decimals. */
const FEE_PATTERN = /^\d{1,7}(\.\d{1,2})?$/;
/** One part per line (or `;`): a name, optionally `× quantity`. */
const PART_PATTERN = /^(.+?)\s*(?:[x×X*＊]\s*(\d{1,4}))?$/;
const PART_SEPARATORS = /\n|;|；/;

export interface RepairInput {
  workDone: string;
  hours: number;
  parts: { name: string; qty: number }[];
  feeAmount: number;
  feeType: string;
  /** the warranty settlement fee the maker pays for this job, in fen (null: the category's default applies) */
  settlementFen?: number | null;
}

/**
 * Validation of the resolve form; returns errors by field, or the clean value.
 *
 * @example
 * ```ts
 * validateRepair({ work: "换主板", hours: "1.5", parts: "主板 x1", fee: "0", feeType: "C" }, "zh-CN"); // { ok: true, value }
 * ```
 */
export function validateRepair(
  raw: { work?: string; hours?: string; parts?: string; fee?: string; feeType?: string; settlement?: string },
  lang: string,
): { ok: true; value: RepairInput } | { ok: false; errors: Record<string, string> } {
  const text = staffMessages(lang);
  const errors: Record<string, string> = {};
  const workDone = (raw.work ?? "").trim();
  if (!workDone) errors.work = text.needText;
  const hoursText = (raw.hours ?? "").trim();
  const hours = Number(hoursText);
  if (!HOURS_PATTERN.test(hoursText) || !(hours >= 0 && hours <= MAX_HOURS)) errors.hours = text.badHours;
  const feeText = (raw.fee ?? "0").trim() || "0";
  if (!FEE_PATTERN.test(feeText)) errors.fee = text.badAmount;
  const parts: { name: string; qty: number }[] = [];
  const lines = (raw.parts ?? "")
    .split(PART_SEPARATORS)
    .map((line) => line.trim())
    .filter(Boolean);
  for (const line of lines) {
    const part = PART_PATTERN.exec(line);
    const name = part?.[1]?.trim();
    if (!name) {
      errors.parts = text.badParts;
      break;
    }
    const quantity = part?.[2];
    parts.push({ name: name.slice(0, PART_NAME_MAX_CHARS), qty: quantity ? Number(quantity) : 1 });
  }
  const feeType = raw.feeType ?? "";
  if (!(FEE_TYPES as readonly string[]).includes(feeType)) errors.feeType = text.badAmount;
  const settlementText = (raw.settlement ?? "").trim();
  const settlementFen = settlementText ? parseYuanToFen(settlementText) : null;
  if (settlementText && (settlementFen === null || settlementFen < 0)) errors.settlement = text.badSettlement;
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { workDone: workDone.slice(0, WORK_DONE_MAX_CHARS), hours, parts, feeAmount: Number(feeText), feeType, settlementFen },
  };
}

/** Checks that the actor may resolve the ticket (before opening the form). */
export async function mayResolve(env: StaffEnv, tx: Store, ctx: StaffContext, ref: number | null): Promise<TicketRow | null> {
  const allowed = await guard(env, tx, ctx, ref, "work", { ownOnly: true });
  if (!allowed) return null;
  if (!(WORK_STATUSES as readonly string[]).includes(allowed.ticket.status)) {
    await tellWrongState(env, tx, ctx, allowed.text, allowed.ticket);
    return null;
  }
  return allowed.ticket;
}

/** Records the repair (修护卡) and resolves the ticket; `ticket.resolved` starts the callback survey. */
export async function resolve(env: StaffEnv, tx: Store, ctx: StaffContext, ref: number | null, repair: RepairInput): Promise<boolean> {
  const allowed = await guard(env, tx, ctx, ref, "work", { ownOnly: true });
  if (!allowed) return false;
  const { staff, ticket } = allowed;
  const now = env.now();
  const channelText = env.channelText;
  const parts = repair.parts.length ? repair.parts.map((part) => `${part.name}×${part.qty}`).join("、") : channelText.noParts;
  const moved = await move(env, tx, ctx, allowed, WORK_STATUSES, "resolved", {
    type: "resolved",
    data: { ...repair, feeTypeBefore: ticket.feeType } as unknown as JsonValue,
    patch: {
      resolution: "repaired",
      resolvedAt: now,
      feeType: repair.feeType,
      ...(repair.feeType !== ticket.feeType ? { feeReason: "corrected" } : {}),
      ...(ticket.assigneeId ? {} : { assigneeId: staff.id }),
    },
    threadLine: channelText.resolvedSummary(
      repair.workDone,
      String(repair.hours),
      parts,
      channelText.feeLine(repair.feeAmount.toFixed(2), channelText.fees[repair.feeType] ?? repair.feeType),
    ),
  });
  if (!moved) return false;
  await tx.tickets.saveRepair(moved.id, { ...repair, recordedBy: staff.slackUserId }, now);
  await env.notifyCustomer(tx, moved, (customerText) =>
    customerText.notify.resolved(
      formatRef(moved.ref),
      repair.workDone,
      repair.feeAmount > 0
        ? customerText.notify.feeAmount(repair.feeAmount.toFixed(2), customerText.fees[repair.feeType] ?? repair.feeType)
        : customerText.notify.feeFree,
    ),
  );
  await env.options.events?.emit(tx, "ticket.resolved", { ticket: moved }, now);
  return true;
}
