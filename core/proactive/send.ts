/**
 * Sending one reminder, as a durable job (`reminder.send`): inside the reminder hours only
 * (a job that runs late, at night, moves itself to the next morning); to linked customers
 * only (an unlinked customer's reminder waits, and the scan after they link sends it); never
 * to a customer who turned that kind off; and only if it is still relevant (a renewed
 * contract, a consumable replaced meanwhile: dropped). The message goes through the outbox,
 * in the customer's language, in the same transaction that marks the reminder sent and the
 * job done, so it is sent once even with several desk processes.
 */
import { enqueueReplies } from "../customer/outbound.ts";
import { localDate } from "../domain/date.ts";
import type { JobContext } from "../jobs/index.ts";
import type { JobRow } from "../store/index.ts";
import { inReminderHours, sendSlot } from "./hours.ts";
import { KIND_DEFS } from "./registry.ts";
import { REMINDER_SEND_JOB, SENDABLE_STATUSES, optedOut, type ProactiveEnv, type ReminderKind } from "./kinds.ts";

/**
 * @example
 * ```ts
 * jobs.handle(REMINDER_SEND_JOB, (job, ctx) => sendReminder(env, job, ctx));
 * ```
 */
export async function sendReminder(env: ProactiveEnv, job: JobRow, ctx: JobContext): Promise<void> {
  const reminderId = Number((job.data as { reminderId?: number }).reminderId);
  await ctx.complete(async (s) => {
    const now = env.now();
    if (!inReminderHours(env.hours, now)) {
      const key = `${job.key}:next:${localDate(now, env.hours.timeZone)}`;
      await s.jobs.schedule({ kind: REMINDER_SEND_JOB, key, runAt: sendSlot(env.hours, now, key), data: { reminderId } }, now);
      return;
    }
    const reminder = await s.reminders.byId(reminderId);
    if (!reminder || !SENDABLE_STATUSES.includes(reminder.status)) return;
    const customer = await s.customers.get(reminder.customerId);
    if (!customer?.telegramChatId) return; // waits for the customer to link (see scan.ts)
    if (optedOut(customer, reminder.kind)) {
      await s.reminders.update(reminder.id, { status: "optedout" });
      return;
    }
    const def = KIND_DEFS[reminder.kind as ReminderKind];
    const today = localDate(now, env.hours.timeZone);
    const card = def ? await def.card(env, s, reminder, customer, today) : null;
    if (!card) {
      await s.reminders.update(reminder.id, { status: "dropped" });
      return;
    }
    await enqueueReplies(s, customer.telegramChatId, [{ kind: "send", card }], now);
    await s.reminders.update(reminder.id, { status: "sent", sentAt: now });
    if (reminder.kind === "contract" && reminder.contractId) await s.reminders.contractNoticed(reminder.contractId, now);
  });
}
