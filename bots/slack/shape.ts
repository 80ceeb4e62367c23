/**
 * Which Slack requests have the shape the desk's listeners (and Bolt's routing) read. A
 * signed request with a field of the wrong type (an action without `action_id`, a message
 * whose `text` is a number) would throw on every retry and hold up its channel; it is stored,
 * marked invalid at once, acknowledged, and never processed. Only the fields that are read
 * are checked; unknown fields pass.
 */
import { z } from "zod";

const s = z.string();
const userObj = z.object({ id: s, name: s.optional() });
const message = z.object({ ts: s.optional(), thread_ts: s.optional(), text: s.optional() });
const event = z.object({
  type: s,
  subtype: s.optional(),
  user: z.union([s, userObj]).optional(),
  bot_id: s.optional(),
  channel: z.union([s, z.object({ id: s })]).optional(),
  ts: s.optional(),
  thread_ts: s.optional(),
  text: s.optional(),
});
const action = z.object({
  action_id: s,
  block_id: s.optional(),
  value: s.optional(),
  selected_user: s.optional(),
  action_ts: s.optional(),
});
const view = z.object({
  id: s,
  callback_id: s,
  private_metadata: s.optional(),
  hash: s.optional(),
  state: z.object({ values: z.record(s, z.record(s, z.record(s, z.unknown()))) }).optional(),
});

const BY_TYPE: Record<string, z.ZodType> = {
  event_callback: z.object({ event_id: s.optional(), team_id: s.optional(), event }),
  block_actions: z.object({
    user: userObj,
    actions: z.array(action).min(1),
    trigger_id: s.optional(),
    response_url: s.optional(),
    channel: z.object({ id: s }).optional(),
    container: z.object({ channel_id: s.optional() }).optional(),
    message: message.optional(),
  }),
  view_submission: z.object({ user: userObj, view, trigger_id: s.optional() }),
  view_closed: z.object({ user: userObj, view }),
  shortcut: z.object({ user: userObj, callback_id: s }),
  message_action: z.object({ user: userObj, callback_id: s, channel: z.object({ id: s }).optional(), message: message.optional() }),
  command: z.object({
    command: s,
    // (Slack always sends it, empty when nothing was typed)
    text: s,
    user_id: s,
    user_name: s.optional(),
    channel_id: s.optional(),
    response_url: s.optional(),
    trigger_id: s.optional(),
  }),
};

/**
 * Why a stored Slack request of `type` (as {@link classify} names it) cannot be acted on, or
 * null when its shape is fine (types without a check are fine).
 *
 * @example
 * ```ts
 * slackProblem("block_actions", { user: { id: "U1" }, actions: [{ action_id: 7 }] });
 * // "actions.0.action_id: Invalid input: expected string, received number"
 * ```
 */
export function slackProblem(type: string, body: unknown): string | null {
  const schema = BY_TYPE[type];
  if (!schema) return null;
  const r = schema.safeParse(body);
  if (r.success) return null;
  return r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
    .join("; ");
}
