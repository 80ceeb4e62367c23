/**
 * Staff names from Slack profiles: `users.info` gives the display name (else the real name);
 * the handle (`name`) is never used as a name.
 */
import type { WebClient } from "@slack/web-api";
import { profileName, type StaffNameSource } from "../../core/staff/names.ts";

/** A Slack user object, as far as names go. */
export interface SlackUserNames {
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
}

/**
 * The readable name of a Slack user object (users.info, or a `user_change` event).
 *
 * @example
 * ```ts
 * slackUserName({ name: "wang.shifu", profile: { display_name: "", real_name: "王建国" } }); // "王建国"
 * ```
 */
export function slackUserName(user: SlackUserNames | undefined): string | null {
  if (!user) return null;
  return profileName({ displayName: user.profile?.display_name, realName: user.profile?.real_name ?? user.real_name });
}

/**
 * Reads names with `users.info` (a failure is thrown, so the job is retried).
 *
 * @example
 * ```ts
 * jobs.handle(STAFF_NAME_JOB, (job, ctx) => refreshStaffName(job, ctx, slackNameSource(slack.client), now));
 * ```
 */
export function slackNameSource(client: WebClient): StaffNameSource {
  return {
    async nameOf(userId) {
      const r = await client.users.info({ user: userId });
      return slackUserName(r.user as SlackUserNames | undefined);
    },
  };
}
