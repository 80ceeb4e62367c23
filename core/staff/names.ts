/**
 * Staff names as people read them: from the platform's profile (Slack: the display name, else
 * the real name, from `users.info`), fetched after the acknowledgement as a durable job when a
 * member is added or acts with no name, a handle or a name read long ago, and refreshed when
 * the profile changes (Slack's `user_change` event). A handle such as `wang.shifu` is never
 * stored as a name; until the profile is read, customers see "工程师" (our engineer).
 */
import type { JobContext } from "../jobs/index.ts";
import type { JobRow, StaffRow, Store } from "../store/index.ts";

/** The job that fetches one member's name from the platform. */
export const STAFF_NAME_JOB = "staff.name";
/** How long a name read from the profile is trusted before it is read again (profile changes also arrive as events). */
export const NAME_REFRESH_MS = 7 * 86_400_000;

/** Where names come from (Slack: users.info). */
export interface StaffNameSource {
  /** The member's display name, else real name; null when the profile has neither. */
  nameOf(userId: string): Promise<string | null>;
}

/** A platform profile, as far as names go. */
export interface ProfileNames {
  displayName?: string | null;
  realName?: string | null;
}

/**
 * The readable name of a profile: its display name, else its real name.
 *
 * @example
 * ```ts
 * profileName({ displayName: "", realName: "王建国" }); // "王建国"
 * ```
 */
export function profileName(profile: ProfileNames): string | null {
  const display = profile.displayName?.trim();
  if (display) return display;
  const real = profile.realName?.trim();
  return real || null;
}

/** A platform handle (wang.shifu), not a name a person would write. */
const HANDLE_RE = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Whether a member's name follows the profile: it was read from it, or there is none yet, or
 * it is only a handle. A name set by hand (e.g. `desk seed`) is kept until the profile changes.
 *
 * @example
 * ```ts
 * followsProfile({ name: "wang.shifu", nameSyncedAt: null, ... }); // true
 * ```
 */
export function followsProfile(row: Pick<StaffRow, "name" | "nameSyncedAt">): boolean {
  return !!row.nameSyncedAt || !row.name || HANDLE_RE.test(row.name);
}

/**
 * Queues fetching a member's name when it was never read from the profile, or long ago (at
 * most one job per member and day).
 *
 * @example
 * ```ts
 * await refreshNameIfStale(tx, staffRow, now);
 * ```
 */
export async function refreshNameIfStale(tx: Store, row: StaffRow, now: Date): Promise<void> {
  if (!followsProfile(row)) return;
  if (row.nameSyncedAt && now.getTime() - row.nameSyncedAt.getTime() < NAME_REFRESH_MS) return;
  const day = Math.floor(now.getTime() / 86_400_000);
  await tx.jobs.schedule(
    { kind: STAFF_NAME_JOB, key: `staff:${row.slackUserId}:name:${day}`, runAt: now, data: { userId: row.slackUserId } },
    now,
  );
}

/**
 * Saves a name from the profile, when the member is on the team (and marks it checked).
 *
 * @example
 * ```ts
 * await saveProfileName(tx, "U0ENG1", { displayName: "王师傅", realName: "王建国" }, now);
 * ```
 */
export async function saveProfileName(tx: Store, userId: string, profile: ProfileNames, now: Date): Promise<StaffRow | null> {
  const name = profileName(profile);
  const row = await tx.staff.byUser(userId);
  if (!row) return null;
  if (!name) {
    await tx.staff.nameChecked(userId, now);
    return row;
  }
  return tx.staff.rename(userId, name, true, now);
}

/**
 * The job: asks the platform for the member's name and saves it.
 *
 * @example
 * ```ts
 * jobs.handle(STAFF_NAME_JOB, (job, ctx) => refreshStaffName(job, ctx, slackNames, clock));
 * ```
 */
export async function refreshStaffName(job: JobRow, ctx: JobContext, source: StaffNameSource, now: () => Date): Promise<void> {
  const userId = String((job.data as { userId?: string }).userId ?? "");
  const name = userId ? await source.nameOf(userId) : null;
  await ctx.complete(async (tx) => {
    const row = userId ? await tx.staff.byUser(userId) : null;
    if (row && followsProfile(row)) await saveProfileName(tx, userId, { displayName: name }, now());
  });
}
