/**
 * What the desk needs of Slack without loading Bolt (tens of MB a desk without Slack does
 * not pay): the events path and the mention syntax. The adapter itself (app.ts) is loaded
 * only when SLACK_BOT_TOKEN is set.
 */

/** Where Slack posts events, actions, commands and form submissions. */
export const SLACK_EVENTS_PATH = "/slack/events";
/** Largest request body accepted on {@link SLACK_EVENTS_PATH} (Slack's payloads are a few KB; a big modal stays far below). */
export const SLACK_MAX_REQUEST_BYTES = 1024 * 1024;

/** A Slack mention of a user. */
export const slackMention = (userId: string) => `<@${userId}>`;
/** A Slack mention of a channel. */
export const slackChannelMention = (channelId: string) => `<#${channelId}>`;

/**
 * `<@U123|name>` or `<@U123>` → the user id (and name).
 *
 * @example
 * ```ts
 * parseMention("<@U0ABC|wang>"); // { userId: "U0ABC", name: "wang" }
 * ```
 */
export function parseMention(s: string | undefined): { userId: string; name?: string } | null {
  const m = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(s ?? "");
  return m ? { userId: m[1]!, name: m[2] || undefined } : null;
}
