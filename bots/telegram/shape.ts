/**
 * Which Telegram updates have the shape the desk reads. Telegram sends well-formed updates,
 * but anything can reach a webhook with the right secret (a proxy's bug, a replay tool); an
 * update whose fields have the wrong type would make the bot throw on every retry and hold
 * up its chat. Such an update is stored, marked invalid at once, and never processed.
 * Only the fields the desk (and grammY's context) read are checked; unknown fields pass.
 */
import { z } from "zod";

const id = z.number().int().refine(Number.isSafeInteger, "not a safe integer");
const user = z.object({
  id,
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
const chat = z.object({ id, type: z.string() });
const entity = z.object({ type: z.string(), offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() });
const file = z.object({ file_id: z.string() });
const message = z.object({
  message_id: id,
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entity).optional(),
  photo: z.array(file).optional(),
  document: file.extend({ mime_type: z.string().optional() }).optional(),
  contact: z.object({ phone_number: z.string(), user_id: id.optional() }).optional(),
});
const callbackQuery = z.object({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  message: z.object({ message_id: id, chat }).optional(),
});
const chatMember = z.object({ chat, from: user });
const update = z.object({
  update_id: id,
  message: message.optional(),
  edited_message: message.optional(),
  channel_post: message.optional(),
  edited_channel_post: message.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: chatMember.optional(),
  chat_member: chatMember.optional(),
});

/**
 * Why an update cannot be acted on (the first few problems, as `path: message`), or null
 * when its shape is fine.
 *
 * @example
 * ```ts
 * updateProblem({ update_id: 1, message: { message_id: 2, chat: { id: 3, type: "private" }, text: 42 } });
 * // "message.text: Invalid input: expected string, received number"
 * ```
 */
export function updateProblem(u: unknown): string | null {
  const r = update.safeParse(u);
  if (r.success) return null;
  return r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(update)"}: ${i.message}`)
    .join("; ");
}
