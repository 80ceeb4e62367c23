/**
 * The scan for due reminders: at start-up, right after each import, after a customer links
 * their file, and every hour (a durable job, one per hour whichever desk process runs it).
 * Each enabled kind says what is due today; the reminders not known yet are stored (unique
 * per subject and period) together with their send jobs, a chunk per transaction, so two
 * desk processes scanning at once create each reminder, and its job, once.
 */
import { localDate } from "../domain/date.ts";
import type { JobContext } from "../jobs/index.ts";
import type { JobInput, Store } from "../store/index.ts";
import { sendSlot, slotOnDay } from "./hours.ts";
import { REMINDER_SEND_JOB, type Found, type ProactiveEnv, type ScanScope } from "./kinds.ts";
import { scannedKinds } from "./registry.ts";

/** The hourly scan (and the one an import asks for). */
export const REMINDER_SCAN_JOB = "reminder.scan";
/** Reminders stored (with their jobs) per transaction. */
const CHUNK = 1000;
const HOUR_MS = 3_600_000;

export interface ScanResult {
  /** reminders due today (known before or not) */
  due: number;
  /** reminders stored and scheduled by this scan */
  created: number;
}

/**
 * @example
 * ```ts
 * const { due, created } = await scanReminders(env, store); // at start-up
 * await scanReminders(env, store, { customerId }); // after they linked their file
 * ```
 */
export async function scanReminders(env: ProactiveEnv, store: Store, scope: ScanScope = {}): Promise<ScanResult> {
  const now = env.now();
  const today = localDate(now, env.hours.timeZone);
  const found: Found[] = [];
  for (const kind of scannedKinds(env)) found.push(...(await kind.find(env, store, today, scope)));
  let created = 0;
  for (let i = 0; i < found.length; i += CHUNK) {
    const chunk = found.slice(i, i + CHUNK);
    created += await store.tx(async (s) => {
      const keys = await s.reminders.insertMissing(
        chunk.map((f) => f.input),
        now,
      );
      if (!keys.length) return 0;
      const ids = await s.reminders.idsOf(keys);
      const sendOn = new Map(chunk.map((f) => [f.input.key, f.sendOn]));
      const jobs: JobInput[] = keys.map((key) => ({
        kind: REMINDER_SEND_JOB,
        key: `reminder:${key}`,
        runAt: slotOnDay(env.hours, sendOn.get(key)!, key, now),
        data: { reminderId: ids.get(key)! },
      }));
      await s.jobs.scheduleMany(jobs, now);
      return keys.length;
    });
  }
  if (scope.customerId) await resumeWaiting(env, store, scope.customerId, now);
  env.options.log.info("reminders.scanned", { due: found.length, created, ...(scope.customerId ? { customerId: scope.customerId } : {}) });
  return { due: found.length, created };
}

/** A customer just linked: reminders that were stored before and never went out get a job again. */
async function resumeWaiting(env: ProactiveEnv, store: Store, customerId: number, now: Date): Promise<void> {
  const waiting = (await store.reminders.ofCustomer(customerId, 100)).filter((r) => r.status === "scheduled");
  if (!waiting.length) return;
  const jobs = waiting.map((r) => {
    const key = `reminder:${r.key}:linked:${now.getTime()}`;
    return { kind: REMINDER_SEND_JOB, key, runAt: sendSlot(env.hours, now, key), data: { reminderId: r.id } };
  });
  await store.jobs.scheduleMany(jobs, now);
}

/** The next hourly scan's job (key per hour: one scan an hour across desk processes). */
export function hourlyScanJob(now: Date): JobInput {
  const next = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
  return { kind: REMINDER_SCAN_JOB, key: `reminders:scan:${next.toISOString().slice(0, 13)}`, runAt: next, data: { hourly: true } };
}

/**
 * The scan job: an hourly one schedules the next hour's first (so a failing scan never stops
 * the chain); one asked for by an import just scans.
 */
export async function runScanJob(env: ProactiveEnv, job: { data: unknown }, ctx: JobContext): Promise<void> {
  const now = env.now();
  if ((job.data as { hourly?: boolean }).hourly) await ctx.store.jobs.schedule(hourlyScanJob(now), now);
  await scanReminders(env, ctx.store);
}

/**
 * Asks the desk for a scan now (after an import; the CLI may run while no desk does: the job
 * waits for the next desk to start).
 *
 * @example
 * ```ts
 * await requestScan(store, new Date()); // `desk import products …` just finished
 * ```
 */
export async function requestScan(store: Store, now: Date): Promise<void> {
  await store.jobs.schedule({ kind: REMINDER_SCAN_JOB, key: `reminders:scan:import:${now.getTime()}`, runAt: now, data: {} }, now);
}
